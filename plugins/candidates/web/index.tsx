import { defineFrontendPlugin } from '@skyportal/sdk/web';
import { ScanningPage } from './ScanningPage';
import { addStyles } from './styles';

addStyles();

export default defineFrontendPlugin({
  name: 'candidates',
  routes: [{ path: '/candidates', component: ScanningPage }],
  navItems: [{ label: 'Scanning', to: '/candidates', order: 1 }],
});
