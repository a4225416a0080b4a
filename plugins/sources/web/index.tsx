import { defineFrontendPlugin } from '@skyportal/sdk/web';
import { LatestSourcesWidget } from './LatestSourcesWidget';
import { SourceInfoPanel } from './SourceInfoPanel';
import { SourcePage } from './SourcePage';
import { SourcesPage } from './SourcesPage';

export default defineFrontendPlugin({
  name: 'sources',
  routes: [
    { path: '/sources', component: SourcesPage },
    { path: '/source/:id', component: SourcePage },
  ],
  navItems: [{ label: 'Sources', to: '/sources', order: 0 }],
  slots: {
    'home.widgets': [{ id: 'latest-sources', title: 'Latest sources', order: 0, component: LatestSourcesWidget }],
    // The sources plugin fills a slot of its own page like any other plugin would.
    'source.panels': [{ id: 'source-info', title: 'Details', order: 0, component: SourceInfoPanel }],
  },
});
