import { splitByFilter } from './series';
import type { LightCurve } from './types';

// Three points as the panel fetches them (layout=columns, format=both).
const curve: LightCurve = {
  count: 3,
  id: [1, 2, 3],
  instrument_name: ['ZTF', 'ZTF', 'ZTF'],
  photometry: {
    obj_id: 'ZTF1',
    magsys: 'ab',
    instrument_id: [1, 1, 1],
    mjd: [59000, 59001, 59002],
    filter: ['ztfr', 'ztfg', 'ztfg'],
    origin: ['', '', ''],
    flux: [91, null, 57],
    fluxerr: [8, 5, 10],
    zp: [23.9, 23.9, 23.9],
  },
  mag: [19, null, 19.5],
  magerr: [0.1, null, 0.2],
  limiting_mag: [21, 20.5, 21],
};

describe('splitByFilter', () => {
  it('in mag mode puts non-detections in limits at their limiting magnitude', () => {
    const [g, r] = splitByFilter(curve, 'mag');
    expect(g.filter).toBe('ztfg');
    expect(g.detections.y).toEqual([19.5]);
    expect(g.detections.mjd).toEqual([59002]);
    expect(g.detections.lower[0]).toBeCloseTo(19.3);
    expect(g.limits.y).toEqual([20.5]);
    expect(g.limits.mjd).toEqual([59001]);
    expect(r.detections.y).toEqual([19]);
    expect(r.detections.instrument).toEqual(['ZTF']);
  });

  it('in flux mode drops points without flux and draws no limits', () => {
    const [g] = splitByFilter(curve, 'flux');
    expect(g.detections.y).toEqual([57]);
    expect(g.detections.err).toEqual([10]);
    expect(g.limits.mjd).toEqual([]);
  });
});
