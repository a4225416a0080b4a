import { defineFrontendPlugin } from '@skyportal/sdk/web';
import { SpectraPanel } from './SpectraPanel';

export default defineFrontendPlugin({
  name: 'spectra',
  // A slot the sources plugin's page offers; without that plugin it is simply not shown.
  slots: {
    'source.panels': [{ id: 'spectra', title: 'Spectra', order: 20, component: SpectraPanel }],
  },
});
