import { dopplerFactor, LINE_GROUPS, observedWavelengths, restFrameWavelength, shiftFactor, SPEED_OF_LIGHT_KM_S, type LineGroup } from './lines';

const group = (id: string): LineGroup => {
  const found = LINE_GROUPS.find((g) => g.id === id);
  if (!found) throw new Error(`no line group ${id}`);
  return found;
};
const at = (g: LineGroup, label: string, rest: number, z: number, v: number) => {
  const index = g.lines.findIndex((l) => l.label === label && l.rest === rest);
  expect(index).toBeGreaterThanOrEqual(0);
  return observedWavelengths(g, z, v)[index]!;
};

describe('the line table', () => {
  it('has every species the panel offers, with positive rest wavelengths in Å', () => {
    const ids = LINE_GROUPS.map((g) => g.id);
    for (const id of [
      'H',
      'He I',
      'He II',
      'C II',
      'C III',
      'C IV',
      'N',
      'O I',
      'O II',
      'O III',
      'Na I',
      'Mg II',
      'Si II',
      'S II',
      'Ca II',
      'Fe II',
      'Fe III',
      'galaxy',
      'telluric',
      'sky',
    ]) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (const g of LINE_GROUPS) {
      expect(g.lines.length).toBeGreaterThan(0);
      for (const l of g.lines) expect(l.rest).toBeGreaterThan(900);
    }
    // Spot checks against NIST's air wavelengths: Hα, Na I D2, the Si II doublet of SNe Ia.
    expect(group('H').lines.find((l) => l.label === 'Hα')!.rest).toBeCloseTo(6562.79, 2);
    expect(group('Na I').lines.map((l) => l.rest)).toEqual([5889.95, 5895.92]);
    expect(group('Si II').lines.map((l) => l.rest)).toContain(6347.11);
  });
});

describe('redshift and expansion velocity', () => {
  it('puts Hα of a source at z = 0.0246 at 6724.2 Å', () => {
    expect(at(group('H'), 'Hα', 6562.79, 0.0246, 0)).toBeCloseTo(6724.23, 2);
  });

  it('blueshifts ejecta lines by the expansion velocity: Si II 6355 at 11,000 km/s is near 6120 Å', () => {
    const beta = 11_000 / SPEED_OF_LIGHT_KM_S;
    const shifted = at(group('Si II'), 'Si II', 6347.11, 0, 11_000);
    expect(shifted).toBeCloseTo(6347.11 * Math.sqrt((1 - beta) / (1 + beta)), 6);
    expect(shifted).toBeGreaterThan(6110);
    expect(shifted).toBeLessThan(6125);
    // To first order the blueshift is v/c of the rest wavelength.
    expect(6347.11 - shifted).toBeCloseTo(6347.11 * beta, -1);
  });

  it('combines both: (1 + z) times the Doppler factor', () => {
    expect(shiftFactor('ejecta', 0.05, 8000)).toBeCloseTo(1.05 * dopplerFactor(8000), 12);
    expect(dopplerFactor(0)).toBe(1);
    expect(dopplerFactor(-5000)).toBeGreaterThan(1); // material moving away: redshifted
  });

  it('moves galaxy lines with the redshift only, and telluric and sky lines never', () => {
    expect(observedWavelengths(group('galaxy'), 0.1, 10_000)).toEqual(group('galaxy').lines.map((l) => l.rest * 1.1));
    for (const id of ['telluric', 'sky']) {
      expect(observedWavelengths(group(id), 0.3, 12_000)).toEqual(group(id).lines.map((l) => l.rest));
    }
  });

  it('refuses velocities at or beyond c and redshifts at or below -1', () => {
    expect(() => dopplerFactor(SPEED_OF_LIGHT_KM_S)).toThrow(RangeError);
    expect(() => shiftFactor('ejecta', -1, 0)).toThrow(RangeError);
    expect(() => shiftFactor('ejecta', Number.NaN, 0)).toThrow(RangeError);
  });

  it('takes an observed wavelength back to the rest frame', () => {
    expect(restFrameWavelength(6724.23, 0.0246)).toBeCloseTo(6562.79, 1);
  });
});
