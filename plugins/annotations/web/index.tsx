import { defineFrontendPlugin } from '@skyportal/sdk/web';
import { AnnotationsPanel } from './AnnotationsPanel';

export default defineFrontendPlugin({
  name: 'annotations',
  slots: {
    // The sources plugin's page; without that plugin it is simply not shown.
    'source.panels': [{ id: 'annotations', title: 'Annotations', order: 15, component: AnnotationsPanel }],
  },
});
