// The smallest useful frontend plugin: one card on the source page.
import { defineFrontendPlugin } from '@skyportal/sdk/web';
import { ExamplePanel } from './ExamplePanel';

export default defineFrontendPlugin({
  name: 'example',
  slots: {
    'source.panels': [{ id: 'example', title: 'Example', order: 100, component: ExamplePanel }],
  },
});
