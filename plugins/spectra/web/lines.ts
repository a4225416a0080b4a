// Spectral lines drawn over a source's spectra, and where a redshift and an expansion velocity put
// them. Kept free of Bokeh and React so the numbers are cheap to test (lines.test.ts).
//
// Rest wavelengths (Å) are those of the NIST Atomic Spectra Database (A. Kramida, Yu. Ralchenko,
// J. Reader and NIST ASD Team, NIST Atomic Spectra Database, ver. 5.11, https://physics.nist.gov/asd,
// National Institute of Standards and Technology), rounded to 0.01 Å, following the database's own
// convention: wavelengths in standard air above 2000 Å, in vacuum below (Lyα, C IV 1548/1551, ...).
// Optical spectra of transients are almost always calibrated in air, so lines and pixels agree.
// Forbidden lines ([O III] 5006.84, ...) are NIST's too. The telluric bands are Fraunhofer's A and B
// (O₂; C. E. Moore, M. G. J. Minnaert & J. Houtgast, "The Solar Spectrum 2935 Å to 8770 Å", NBS
// Monograph 61, 1966), given by their band heads and red ends.

/** km/s (exact, by the SI definition of the metre). */
export const SPEED_OF_LIGHT_KM_S = 299_792.458;

/**
 * How a group of lines moves: `ejecta` lines (a transient's own) follow the redshift and are
 * blueshifted by the expansion velocity; `host` lines (a galaxy's) follow the redshift only;
 * `earth` lines (telluric absorption, night-sky emission) are made in our atmosphere and never move.
 */
export type LineMotion = 'ejecta' | 'host' | 'earth';

export interface SpectralLine {
  /** What the plot labels it with (`Hα`, `[O III]`). */
  label: string;
  /** Rest wavelength, Å. */
  rest: number;
}

export interface LineGroup {
  /** Stable id, for the toggles and the plot's data attributes (`H`, `He I`, `telluric`). */
  id: string;
  /** The toggle's text. */
  name: string;
  colour: string;
  motion: LineMotion;
  lines: readonly SpectralLine[];
}

const line = (label: string, rest: number): SpectralLine => ({ label, rest });

export const LINE_GROUPS: readonly LineGroup[] = [
  {
    id: 'H',
    name: 'H',
    colour: '#d62728',
    motion: 'ejecta',
    lines: [
      line('Lyα', 1215.67),
      line('H8', 3889.05),
      line('Hε', 3970.08),
      line('Hδ', 4101.74),
      line('Hγ', 4340.47),
      line('Hβ', 4861.33),
      line('Hα', 6562.79),
      line('Paδ', 10049.37),
      line('Paγ', 10938.09),
      line('Paβ', 12818.07),
    ],
  },
  {
    id: 'He I',
    name: 'He I',
    colour: '#2ca02c',
    motion: 'ejecta',
    lines: [
      line('He I', 3888.65),
      line('He I', 4026.19),
      line('He I', 4471.48),
      line('He I', 4713.15),
      line('He I', 4921.93),
      line('He I', 5015.68),
      line('He I', 5875.62),
      line('He I', 6678.15),
      line('He I', 7065.19),
      line('He I', 7281.35),
      line('He I', 10830.34),
    ],
  },
  {
    id: 'He II',
    name: 'He II',
    colour: '#0b6e4f',
    motion: 'ejecta',
    lines: [line('He II', 1640.42), line('He II', 3203.1), line('He II', 4541.59), line('He II', 4685.7), line('He II', 5411.52)],
  },
  {
    id: 'C II',
    name: 'C II',
    colour: '#8c564b',
    motion: 'ejecta',
    lines: [line('C II', 4267.26), line('C II', 6578.05), line('C II', 6582.88), line('C II', 7231.33), line('C II', 7236.42)],
  },
  {
    id: 'C III',
    name: 'C III',
    colour: '#a0522d',
    motion: 'ejecta',
    lines: [line('C III]', 1908.73), line('C III', 4647.42), line('C III', 4650.25), line('C III', 5695.92)],
  },
  {
    id: 'C IV',
    name: 'C IV',
    colour: '#6b3e26',
    motion: 'ejecta',
    lines: [line('C IV', 1548.19), line('C IV', 1550.77), line('C IV', 4658.3), line('C IV', 5801.33), line('C IV', 5811.98)],
  },
  {
    id: 'N',
    name: 'N II/III',
    colour: '#e377c2',
    motion: 'ejecta',
    lines: [
      line('N III', 4097.33),
      line('N III', 4640.64),
      line('N II', 5666.63),
      line('N II', 5676.02),
      line('N II', 5679.56),
      line('[N II]', 5754.59),
      line('[N II]', 6548.05),
      line('[N II]', 6583.45),
    ],
  },
  {
    id: 'O I',
    name: 'O I',
    colour: '#1f77b4',
    motion: 'ejecta',
    lines: [line('[O I]', 6300.3), line('[O I]', 6363.78), line('O I', 7771.94), line('O I', 7774.17), line('O I', 7775.39), line('O I', 8446.36)],
  },
  {
    id: 'O II',
    name: 'O II',
    colour: '#4a90d9',
    motion: 'ejecta',
    lines: [line('O II', 4349.43), line('O II', 4414.9), line('O II', 4649.13), line('O II', 4661.63), line('[O II]', 7319.99), line('[O II]', 7330.73)],
  },
  {
    id: 'O III',
    name: 'O III',
    colour: '#17becf',
    motion: 'ejecta',
    lines: [line('[O III]', 4363.21), line('[O III]', 4958.91), line('[O III]', 5006.84)],
  },
  { id: 'Na I', name: 'Na I', colour: '#ff7f0e', motion: 'ejecta', lines: [line('Na I D', 5889.95), line('Na I D', 5895.92)] },
  {
    id: 'Mg II',
    name: 'Mg II',
    colour: '#9467bd',
    motion: 'ejecta',
    lines: [
      line('Mg II', 2795.53),
      line('Mg II', 2802.71),
      line('Mg II', 4481.13),
      line('Mg II', 7877.05),
      line('Mg II', 7896.37),
      line('Mg II', 9218.25),
      line('Mg II', 9244.27),
    ],
  },
  {
    id: 'Si II',
    name: 'Si II',
    colour: '#bcbd22',
    motion: 'ejecta',
    lines: [
      line('Si II', 3856.02),
      line('Si II', 3862.6),
      line('Si II', 4128.07),
      line('Si II', 4130.89),
      line('Si II', 5041.03),
      line('Si II', 5055.98),
      line('Si II', 5957.56),
      line('Si II', 5978.93),
      line('Si II', 6347.11),
      line('Si II', 6371.37),
    ],
  },
  {
    id: 'S II',
    name: 'S II',
    colour: '#c7a500',
    motion: 'ejecta',
    lines: [line('S II', 5432.8), line('S II', 5453.86), line('S II', 5473.61), line('S II', 5606.15), line('S II', 5639.98), line('S II', 5647.03)],
  },
  {
    id: 'Ca II',
    name: 'Ca II',
    colour: '#7b2d8b',
    motion: 'ejecta',
    lines: [
      line('Ca II K', 3933.66),
      line('Ca II H', 3968.47),
      line('[Ca II]', 7291.47),
      line('[Ca II]', 7323.89),
      line('Ca II', 8498.02),
      line('Ca II', 8542.09),
      line('Ca II', 8662.14),
    ],
  },
  {
    id: 'Fe II',
    name: 'Fe II',
    colour: '#7f7f7f',
    motion: 'ejecta',
    lines: [
      line('Fe II', 4233.17),
      line('Fe II', 4549.47),
      line('Fe II', 4583.84),
      line('Fe II', 4923.93),
      line('Fe II', 5018.44),
      line('Fe II', 5169.03),
      line('Fe II', 5197.58),
      line('Fe II', 5234.62),
      line('Fe II', 5276.0),
      line('Fe II', 5316.62),
    ],
  },
  { id: 'Fe III', name: 'Fe III', colour: '#4d4d4d', motion: 'ejecta', lines: [line('Fe III', 4419.6), line('Fe III', 5127.39), line('Fe III', 5156.11)] },
  {
    id: 'galaxy',
    name: 'Galaxy',
    colour: '#0f5132',
    motion: 'host',
    lines: [
      line('[O II]', 3726.03),
      line('[O II]', 3728.82),
      line('Ca K', 3933.66),
      line('Ca H', 3968.47),
      line('Hβ', 4861.33),
      line('[O III]', 4958.91),
      line('[O III]', 5006.84),
      line('Mg b', 5167.32),
      line('Mg b', 5172.68),
      line('Mg b', 5183.6),
      line('Na D', 5892.94),
      line('[N II]', 6548.05),
      line('Hα', 6562.79),
      line('[N II]', 6583.45),
      line('[S II]', 6716.44),
      line('[S II]', 6730.82),
    ],
  },
  {
    id: 'telluric',
    name: 'Telluric ⊕',
    colour: '#5c5c5c',
    motion: 'earth',
    lines: [line('⊕ B', 6867.19), line('⊕ B', 6884.0), line('⊕ A', 7593.7), line('⊕ A', 7621.0)],
  },
  {
    // Night-sky emission: oxygen airglow, and the mercury and sodium of street lamps (light pollution).
    id: 'sky',
    name: 'Sky',
    colour: '#2f4f4f',
    motion: 'earth',
    lines: [
      line('Hg I', 4046.56),
      line('Hg I', 4358.33),
      line('Hg I', 5460.74),
      line('[O I]', 5577.34),
      line('Na I', 5889.95),
      line('Na I', 5895.92),
      line('[O I]', 6300.3),
      line('[O I]', 6363.78),
    ],
  },
];

/**
 * The Doppler factor of material coming towards us at `velocityKmS` (an expanding photosphere's
 * absorption forms in front of it, so a positive velocity is a blueshift): the relativistic
 * √((1 − β)/(1 + β)), which is 1 − v/c to first order (a 0.1 Å difference at 10,000 km/s, 6000 Å).
 */
export function dopplerFactor(velocityKmS: number): number {
  const beta = velocityKmS / SPEED_OF_LIGHT_KM_S;
  if (!(beta > -1 && beta < 1)) throw new RangeError(`velocity must be below the speed of light (${velocityKmS} km/s)`);
  return Math.sqrt((1 - beta) / (1 + beta));
}

/** What multiplies a rest wavelength of a group at redshift `z` and expansion velocity `velocityKmS`. */
export function shiftFactor(motion: LineMotion, z: number, velocityKmS: number): number {
  if (motion === 'earth') return 1;
  if (!(z > -1)) throw new RangeError(`redshift must be above -1 (${z})`);
  return motion === 'host' ? 1 + z : (1 + z) * dopplerFactor(velocityKmS);
}

/** Where a group's lines are observed (Å), in the group's order. */
export function observedWavelengths(group: LineGroup, z: number, velocityKmS: number): number[] {
  const factor = shiftFactor(group.motion, z, velocityKmS);
  return group.lines.map((l) => l.rest * factor);
}

/** The rest-frame wavelength of an observed one at redshift `z` (for the cursor readout). */
export function restFrameWavelength(observed: number, z: number): number {
  return observed / (1 + z);
}
