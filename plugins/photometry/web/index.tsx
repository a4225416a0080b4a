import { defineFrontendPlugin } from '@skyportal/sdk/web';
import { LightCurvePanel } from './LightCurvePanel';
import { PhotometrySummary } from './PhotometrySummary';
import { photometrySlice } from './slice';

export default defineFrontendPlugin({
  name: 'photometry',
  // Slots the sources plugin's page offers; without that plugin they are simply not shown.
  slots: {
    'source.header': [{ id: 'summary', order: 10, component: PhotometrySummary }],
    'source.panels': [{ id: 'lightcurve', title: 'Photometry', order: 10, component: LightCurvePanel }],
  },
  reducers: { photometry: photometrySlice.reducer },
});
