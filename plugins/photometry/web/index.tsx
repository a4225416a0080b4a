import { defineFrontendPlugin } from '@skyportal/sdk/web';
import { LightCurvePanel } from './LightCurvePanel';
import { photometrySlice } from './slice';

export default defineFrontendPlugin({
  name: 'photometry',
  slots: {
    'source.panels': [{ id: 'lightcurve', title: 'Photometry', order: 10, component: LightCurvePanel }],
  },
  reducers: { photometry: photometrySlice.reducer },
});
