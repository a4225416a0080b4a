import { defineFrontendPlugin } from '@skyportal/sdk/web';
import { ClassificationChips } from './ClassificationChips';
import { ClassificationListFilter } from './ClassificationListFilter';
import { ClassificationsPanel } from './ClassificationsPanel';
import { addStyles } from './styles';

addStyles();

export default defineFrontendPlugin({
  name: 'classifications',
  // The sources plugin's slots; without that plugin they are simply not shown.
  slots: {
    'source.header': [{ id: 'classifications', order: 5, component: ClassificationChips }],
    'source.panels': [{ id: 'classifications', title: 'Classifications', order: 15, component: ClassificationsPanel }],
    'sources.list.filters': [{ id: 'classification', order: 10, component: ClassificationListFilter }],
  },
});
