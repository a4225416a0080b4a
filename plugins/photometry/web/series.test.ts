import { splitByFilter } from './series';
import type { PanelPoint } from './types';

const point = (over: Partial<PanelPoint>): PanelPoint => ({
  id: 1,
  obj_id: 'ZTF1',
  mjd: 59000,
  filter: 'ztfg',
  instrument_id: 1,
  instrument_name: 'ZTF',
  origin: '',
  magsys: 'ab',
  mag: null,
  magerr: null,
  limiting_mag: null,
  flux: null,
  zp: 23.9,
  ra: null,
  dec: null,
  ...over,
});

describe('splitByFilter', () => {
  const points = [
    point({ id: 1, filter: 'ztfr', mag: 19, magerr: 0.1, flux: 91, fluxerr: 8 }),
    point({ id: 2, filter: 'ztfg', mag: null, limiting_mag: 20.5, flux: null, fluxerr: 5 }),
    point({ id: 3, filter: 'ztfg', mag: 19.5, magerr: 0.2, flux: 57, fluxerr: 10 }),
  ];

  it('in mag mode puts non-detections in limits at their limiting magnitude', () => {
    const [g, r] = splitByFilter(points, 'mag');
    expect(g.filter).toBe('ztfg');
    expect(g.detections.y).toEqual([19.5]);
    expect(g.detections.lower[0]).toBeCloseTo(19.3);
    expect(g.limits.y).toEqual([20.5]);
    expect(r.detections.y).toEqual([19]);
  });

  it('in flux mode drops points without flux and draws no limits', () => {
    const [g] = splitByFilter(points, 'flux');
    expect(g.detections.y).toEqual([57]);
    expect(g.limits.mjd).toEqual([]);
  });
});
