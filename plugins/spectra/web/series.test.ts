import type { Spectrum } from '../types';
import { byObservation, fluxRange, medianNormalised, seriesOf, spectrumName } from './series';

const spectrum = (over: Partial<Spectrum>): Spectrum =>
  ({
    id: 1,
    obj_id: 'ZTF21aaqjmps',
    observed_at: '2021-04-03T02:28:19',
    telescope_name: 'Liverpool Telescope',
    instrument_name: 'SPRAT',
    label: null,
    wavelengths: [4000, 4001, 4002],
    fluxes: [1, 2, 3],
    ...over,
  }) as Spectrum;

describe('the series the plot draws', () => {
  it('names a spectrum by telescope/instrument and UTC date, with its label', () => {
    expect(spectrumName(spectrum({}))).toBe('Liverpool Telescope/SPRAT · 2021-04-03');
    expect(spectrumName(spectrum({ label: 'host <b>core</b>' }))).toBe('Liverpool Telescope/SPRAT · 2021-04-03 · host <b>core</b>');
  });

  it('orders spectra by observation so each keeps its colour when a newer one arrives', () => {
    const late = spectrum({ id: 2, observed_at: '2021-09-18T14:48:08' });
    const early = spectrum({ id: 3, observed_at: '2020-01-01T00:00:00' });
    expect(byObservation([late, early]).map((s) => s.id)).toEqual([3, 2]);
    const [first, second] = seriesOf([late, early], { kind: 'none', width: 1 });
    expect([first!.key, second!.key]).toEqual(['3', '2']);
    expect(first!.colour).not.toBe(second!.colour);
  });

  it('normalises a preview by its median |flux|, as the server does', () => {
    expect(medianNormalised([2e-17, -4e-17, 6e-17])).toEqual([0.5, -1, 1.5]);
    expect(medianNormalised([0, 0, 5])).toEqual([0, 0, 5]); // a zero median: falls back, never divides by 0
  });

  it('keeps a spike at the edge from setting the flux axis', () => {
    const flux = Array.from({ length: 500 }, (_, i) => 1 + 0.1 * Math.sin(i));
    flux[0] = 30;
    const [low, high] = fluxRange([{ flux }]);
    expect(low).toBeLessThanOrEqual(0);
    expect(high).toBeLessThan(2);
    expect(high).toBeGreaterThan(1.1);
  });
});
