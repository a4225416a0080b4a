/**
 * Distances of an obj as SkyPortal gives them (`luminosity_distance` in Mpc, `dm`,
 * `angular_diameter_distance` in Mpc): from a distance measure in `altdata` when there is one,
 * else from the redshift in SkyPortal's default cosmology, Planck 2018 (Planck Collaboration 2020,
 * A&A 641, A6, table 2, TT,TE,EE+lowE+lensing+BAO), as astropy's `Planck18` defines it: flat ΛCDM
 * with photons and neutrinos (two massless species, one of 0.06 eV).
 *
 * Clients compare with astropy to 1e-7 Mpc, so the comoving distance is computed the way astropy
 * does: the same E(z) (the neutrino density from the fitting formula of Komatsu et al. 2011, eq.
 * 26) integrated with the 21-point Gauss–Kronrod rule, bisected until QUADPACK's error estimate
 * meets astropy's tolerance (1.49e-8, relative or absolute). For the redshifts of sources one rule
 * over [0, z] suffices, as in astropy, and the results agree to the last digits.
 */

// CODATA 2018 (exact SI definitions), in cgs as astropy derives its cosmology constants.
const G_CGS = 6.6743e-8;
const STEFAN_BOLTZMANN_CGS = 5.6703744191844314e-5;
const C_CGS = 29_979_245_800;
const C_KM_S = 299_792.458;
const MPC_M = 3.085677581491367e22;
const BOLTZMANN_EV_K = 8.617333262145179e-5;
/** (4/11)^(1/3): the neutrino temperature over the photon one. */
const NEUTRINO_TEMPERATURE_RATIO = 0.7137658555036082;
/** 7/8 (4/11)^(4/3). */
const NEUTRINO_DENSITY_PREFACTOR = 0.22710731766;

export interface Cosmology {
  /** km/s/Mpc */
  H0: number;
  Om0: number;
  /** CMB temperature today, K. */
  Tcmb0: number;
  Neff: number;
  /** Neutrino masses, eV. */
  neutrinoMasses: readonly number[];
}

export const PLANCK18: Cosmology = { H0: 67.66, Om0: 0.30966, Tcmb0: 2.7255, Neff: 3.046, neutrinoMasses: [0, 0, 0.06] };

/** 1/E(z) and the Hubble distance of a flat cosmology. */
function flatUniverse(cosmology: Cosmology): { inverseE: (z: number) => number; hubbleDistance: number } {
  const { H0, Om0, Tcmb0, Neff, neutrinoMasses } = cosmology;
  const H0perSecond = H0 * (1000 / MPC_M);
  const criticalDensity = (3 / (8 * Math.PI * G_CGS)) * H0perSecond ** 2;
  const Ogamma0 = (((4 * STEFAN_BOLTZMANN_CGS) / C_CGS ** 3) * Tcmb0 ** 4) / criticalDensity;
  const massive = neutrinoMasses.filter((mass) => mass > 0);
  const massless = neutrinoMasses.length - massive.length;
  const neffPerSpecies = Neff / neutrinoMasses.length;
  const y0 = massive.map((mass) => mass / (BOLTZMANN_EV_K * NEUTRINO_TEMPERATURE_RATIO * Tcmb0));
  // Neutrino density relative to the photons' (Komatsu et al. 2011, eq. 26, per massive species).
  const neutrinos = (z: number) => {
    let relative = massless;
    for (const y of y0) relative += (1 + (0.3173 * (y / (1 + z))) ** 1.83) ** 0.54644808743;
    return NEUTRINO_DENSITY_PREFACTOR * neffPerSpecies * relative;
  };
  const Ode0 = 1 - (Om0 + Ogamma0 + Ogamma0 * neutrinos(0));
  return {
    inverseE: (z) => {
      const zp1 = z + 1;
      const radiation = Ogamma0 * (1 + neutrinos(z));
      return (zp1 ** 3 * (radiation * zp1 + Om0) + Ode0) ** -0.5;
    },
    hubbleDistance: C_KM_S / H0,
  };
}

// The 21-point Kronrod rule and its embedded 10-point Gauss rule (nodes on [-1, 1], the largest
// first; the last Kronrod node is 0).
const KRONROD_NODES = [
  0.9956571630258081, 0.9739065285171717, 0.9301574913557082, 0.8650633666889845, 0.7808177265864169, 0.6794095682990244, 0.5627571346686047,
  0.4333953941292472, 0.2943928627014602, 0.14887433898163122, 0,
];
const KRONROD_WEIGHTS = [
  0.011694638867371874, 0.032558162307964725, 0.054755896574351995, 0.07503967481091996, 0.0931254545836976, 0.10938715880229764, 0.12349197626206584,
  0.13470921731147334, 0.14277593857706009, 0.14773910490133849, 0.1494455540029169,
];
/** Weights of the Gauss nodes, which are the Kronrod nodes of odd index. */
const GAUSS_WEIGHTS = [0.06667134430868814, 0.1494513491505806, 0.21908636251598204, 0.26926671930999635, 0.29552422471475287];

interface Piece {
  a: number;
  b: number;
  value: number;
  error: number;
}

/** The Kronrod estimate over [a, b] and QUADPACK's (qk21) estimate of its error. */
function kronrod21(f: (x: number) => number, a: number, b: number): Piece {
  const centre = (a + b) / 2;
  const half = (b - a) / 2;
  const atCentre = f(centre);
  let kronrod = KRONROD_WEIGHTS[10]! * atCentre;
  let gauss = 0;
  let absolute = Math.abs(kronrod);
  const pairs: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const offset = half * KRONROD_NODES[i]!;
    const left = f(centre - offset);
    const right = f(centre + offset);
    pairs.push([left, right]);
    kronrod += KRONROD_WEIGHTS[i]! * (left + right);
    absolute += KRONROD_WEIGHTS[i]! * (Math.abs(left) + Math.abs(right));
    if (i % 2 === 1) gauss += GAUSS_WEIGHTS[(i - 1) / 2]! * (left + right);
  }
  const mean = kronrod / 2;
  let spread = KRONROD_WEIGHTS[10]! * Math.abs(atCentre - mean);
  pairs.forEach(([left, right], i) => (spread += KRONROD_WEIGHTS[i]! * (Math.abs(left - mean) + Math.abs(right - mean))));
  const width = Math.abs(half);
  absolute *= width;
  spread *= width;
  let error = Math.abs((kronrod - gauss) * half);
  if (spread !== 0 && error !== 0) error = spread * Math.min(1, ((200 * error) / spread) ** 1.5);
  if (absolute > Number.MIN_VALUE / (50 * Number.EPSILON)) error = Math.max(50 * Number.EPSILON * absolute, error);
  return { a, b, value: kronrod * half, error };
}

const TOLERANCE = 1.49e-8;

/** ∫ f over [a, b], bisecting the piece with the largest error until the total error is within tolerance. */
function integrate(f: (x: number) => number, a: number, b: number): number {
  const pieces = [kronrod21(f, a, b)];
  for (let step = 0; step < 500; step++) {
    let value = 0;
    let error = 0;
    for (const piece of pieces) {
      value += piece.value;
      error += piece.error;
    }
    if (error <= Math.max(TOLERANCE, TOLERANCE * Math.abs(value))) return value;
    pieces.sort((p, q) => q.error - p.error);
    const worst = pieces.shift()!;
    const middle = (worst.a + worst.b) / 2;
    pieces.push(kronrod21(f, worst.a, middle), kronrod21(f, middle, worst.b));
  }
  return pieces.reduce((sum, piece) => sum + piece.value, 0);
}

const universes = new Map<Cosmology, ReturnType<typeof flatUniverse>>();

/** Luminosity distance in Mpc at redshift z in a flat cosmology (Planck 2018 by default). */
export function luminosityDistance(z: number, cosmology: Cosmology = PLANCK18): number {
  let universe = universes.get(cosmology);
  if (!universe) universes.set(cosmology, (universe = flatUniverse(cosmology)));
  return (1 + z) * universe.hubbleDistance * integrate(universe.inverseE, 0, z);
}

/**
 * SkyPortal refuses a distance from a redshift below the Hubble flow: cz < 350 km/s (within ~5
 * Mpc peculiar velocities dominate), with its c of 2.99e5 km/s.
 */
const HUBBLE_FLOW_CZ = 350;
const C_FOR_HUBBLE_FLOW = 2.99e5;

export interface ObjDistances {
  luminosity_distance: number | null;
  dm: number | null;
  angular_diameter_distance: number | null;
}

function finiteNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/**
 * A distance measured otherwise, from `altdata`, in Mpc: `dm` (mag), `parallax` (arcsec), then
 * `dist_kpc`, `dist_Mpc`, `dist_pc`, `dist_cm`, the first present winning (SkyPortal's order).
 */
function measuredDistance(altdata: unknown): number | undefined {
  if (typeof altdata !== 'object' || altdata === null || Array.isArray(altdata)) return undefined;
  const data = altdata as Record<string, unknown>;
  const dm = finiteNumber(data.dm);
  if (dm !== undefined) return 10 ** (dm / 5) * 1e-5;
  const parallax = finiteNumber(data.parallax);
  if (parallax !== undefined && parallax > 0) return 1e-6 / parallax;
  const toMpc: [string, (value: number) => number][] = [
    ['dist_kpc', (kpc) => kpc * 1e-3],
    ['dist_Mpc', (mpc) => mpc],
    ['dist_pc', (pc) => pc * 1e-6],
    ['dist_cm', (cm) => cm / 3.085e18],
  ];
  for (const [key, convert] of toMpc) {
    const value = finiteNumber(data[key]);
    if (value !== undefined) return convert(value);
  }
  return undefined;
}

export function objDistances(obj: { redshift: number | null; altdata?: unknown }): ObjDistances {
  const inHubbleFlow = Boolean(obj.redshift) && obj.redshift! * C_FOR_HUBBLE_FLOW >= HUBBLE_FLOW_CZ;
  let distance = measuredDistance(obj.altdata);
  if (distance === undefined && inHubbleFlow) distance = luminosityDistance(obj.redshift!);
  if (!distance) return { luminosity_distance: distance ?? null, dm: null, angular_diameter_distance: null };
  return {
    luminosity_distance: distance,
    dm: 5 * Math.log10((distance * 1e6) / 10),
    // Eq. 20 of Hogg (1999) where a redshift in the Hubble flow says how far light has come.
    angular_diameter_distance: inHubbleFlow && obj.redshift! * C_FOR_HUBBLE_FLOW > HUBBLE_FLOW_CZ ? distance / (1 + obj.redshift!) ** 2 : distance,
  };
}
