// The smallest useful frontend plugin: one card on the source page (a slot the sources plugin
// offers), and the way to add a page of your own.
import { defineFrontendPlugin } from '@skyportal/sdk/web';
import { ExamplePanel } from './ExamplePanel';

export default defineFrontendPlugin({
  name: 'example',
  slots: {
    'source.panels': [{ id: 'example', title: 'Example', order: 100, component: ExamplePanel }],
  },
  // A page and its link in the top bar would be:
  //   routes: [{ path: '/example', component: ExamplePage }],
  //   navItems: [{ label: 'Example', to: '/example' }],
});
