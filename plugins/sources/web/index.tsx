import { defineFrontendPlugin } from '@skyportal/sdk/web';
import { LatestSourcesWidget } from './LatestSourcesWidget';
import { SourceInfoPanel } from './SourceInfoPanel';

export default defineFrontendPlugin({
  name: 'sources',
  slots: {
    'home.widgets': [{ id: 'latest-sources', title: 'Latest sources', order: 0, component: LatestSourcesWidget }],
    'source.panels': [{ id: 'source-info', title: 'Details', order: 0, component: SourceInfoPanel }],
  },
});
