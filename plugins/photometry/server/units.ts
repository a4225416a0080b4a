/**
 * Photometric units as SkyPortal has them. Stored: flux and fluxerr at the AB zero point 23.9
 * (1 µJy = AB mag 23.9).
 *   mag      = -2.5 log10(flux) + 23.9            (only where flux > 0)
 *   magerr   = 2.5 / ln(10) * fluxerr / flux
 *   input flux at zero point Z:  flux_23.9 = flux * 10^(-0.4 (Z - 23.9))
 *   non-detection input (limiting_mag L, nsigma n): flux NULL, fluxerr = 10^(-0.4 (L - 23.9)) / n
 *   non-detection output: limiting_mag = the uploaded one if any, else -2.5 log10(5 fluxerr) + 23.9
 * Other magnitude systems differ from AB by a per-bandpass offset: m_AB = m_sys + offset.
 */
import { badRequest } from '@skyportal/sdk';
import { exp10 } from './exp10.js';

export const PHOT_ZP = 23.9;
/** SkyPortal computes a limiting magnitude from fluxerr at 5 sigma on output. */
export const OUTPUT_LIMIT_NSIGMA = 5;
const MAGERR_FACTOR = 2.5 / Math.LN10;

/**
 * AB magnitude of Vega (m_AB − m_Vega) per bandpass. Literature values (Blanton & Roweis 2007 for
 * Bessell, SDSS and 2MASS; ZTF and PS1 close to SDSS), not computed from sncosmo's bandpasses and
 * spectrum as SkyPortal does: they may differ from SkyPortal's by a few hundredths of a magnitude.
 */
export const VEGA_AB_OFFSETS: Readonly<Record<string, number>> = {
  bessellux: 0.79,
  bessellb: -0.09,
  bessellv: 0.02,
  bessellr: 0.21,
  besselli: 0.45,
  'standard::u': 0.79,
  'standard::b': -0.09,
  'standard::v': 0.02,
  'standard::r': 0.21,
  'standard::i': 0.45,
  sdssu: 0.91,
  sdssg: -0.08,
  sdssr: 0.16,
  sdssi: 0.37,
  sdssz: 0.54,
  '2massj': 0.91,
  '2massh': 1.39,
  '2massks': 1.85,
  ztfg: -0.08,
  ztfr: 0.17,
  ztfi: 0.4,
  'ps1::g': -0.08,
  'ps1::r': 0.16,
  'ps1::i': 0.37,
  'ps1::z': 0.54,
};

/**
 * What instruments produce, per field of an upload. Within these, every derived value (stored flux
 * and fluxerr, magnitudes and limits read back) is finite; `STORED_FLUX_MAX` also bounds the
 * stored values after conversion, whatever the zero point.
 */
export const RANGES = {
  /**
   * Brighter than the Sun (−26.7) to far fainter than the deepest field (~31): SkyPortal's own
   * tests post 50–55 as "faint"; beyond 100 no flux is left to store (see `STORED_FLUX_MIN`).
   */
  mag: { min: -30, max: 100 },
  /** A magnitude error of more than 10 mag is no measurement. */
  magerr: { min: 0, max: 10 },
  limiting_mag: { min: -30, max: 100 },
  /** A limit at 0.1σ … 100σ. */
  limiting_mag_nsigma: { min: 0.1, max: 100 },
  /**
   * Zero points of every flux unit in use: counts (~20–35), µJy (23.9), nJy (31.4), Jy (8.9),
   * erg/s/cm²/Hz (−48.6), W/m²/Hz (−56.1).
   */
  zp: { min: -60, max: 60 },
  /** Fluxes in the uploader's units; the stored value is bounded again after conversion. */
  flux: { min: -1e30, max: 1e30 },
  fluxerr: { gt: 0, max: 1e30 },
  /** Arcseconds (as SkyPortal), at most 180°. */
  ra_unc: { min: 0, max: 648_000 },
  dec_unc: { min: 0, max: 648_000 },
} as const;

/**
 * Survey placeholders for "no limit" (ZTF and others write 99 or −99). Kept as uploaded beside a
 * detection (SkyPortal does; the web app shows them as absent); never a non-detection's limit.
 */
export const LIMIT_PLACEHOLDERS: readonly number[] = [99, -99];

/** |stored flux| and stored fluxerr (µJy at zp 23.9) at most this: magnitude −35, brighter than anything in the sky. */
export const STORED_FLUX_MAX = 10 ** (-0.4 * (-35 - PHOT_ZP));
/**
 * A stored flux that is not 0, and every stored fluxerr, at least this: magnitude 125, past the
 * faintest magnitude taken (100). Below it the magnitude error (fluxerr / flux) can overflow to
 * Infinity, and limits read back are meaningless.
 */
export const STORED_FLUX_MIN = 10 ** (-0.4 * (125 - PHOT_ZP));

export const MAGSYSTEMS = ['ab', 'vega'] as const;
export type MagSystem = (typeof MAGSYSTEMS)[number];

/** m_AB − m_sys for a bandpass, or undefined when unknown (Vega in an unlisted bandpass). */
export function abOffset(magsys: MagSystem, filter: string): number | undefined {
  return magsys === 'ab' ? 0 : VEGA_AB_OFFSETS[filter];
}

/** Like `abOffset`, but a 400 naming the field when the offset is unknown. */
export function requireAbOffset(magsys: MagSystem, filter: string, field = 'magsys'): number {
  const offset = abOffset(magsys, filter);
  if (offset === undefined) throw badRequest(`${field}: no ${magsys} to AB offset known for bandpass ${filter}`);
  return offset;
}

export function magToFlux(mag: number, offset = 0): number {
  return 10 ** (-0.4 * (mag + offset - PHOT_ZP));
}

export function magerrToFluxerr(magerr: number, flux: number): number {
  return (magerr / MAGERR_FACTOR) * flux;
}

const factors = new Map<number, number>();

/**
 * Factor taking a flux at zero point `zp` in a system with AB offset `offset` to AB at 23.9:
 * `10^(0.4 (23.9 - zp - offset))`, rounded correctly (as SkyPortal's, from C's `pow`), cached per
 * zero point: a post has a few zero points over many rows.
 */
export function fluxFactor(zp: number, offset = 0): number {
  const x = 0.4 * (PHOT_ZP - zp - offset);
  let factor = factors.get(x);
  if (factor === undefined) {
    factor = exp10(x);
    if (factors.size >= 10_000) factors.clear();
    factors.set(x, factor);
  }
  return factor;
}

export function limitToFluxerr(limitingMag: number, nsigma: number, offset = 0): number {
  return 10 ** (-0.4 * (limitingMag + offset - PHOT_ZP)) / nsigma;
}

export function fluxToMag(flux: number | null, outOffset = 0): number | null {
  return flux !== null && flux > 0 ? -2.5 * Math.log10(flux) + PHOT_ZP - outOffset : null;
}

export function fluxToMagerr(flux: number | null, fluxerr: number): number | null {
  return flux !== null && flux > 0 && fluxerr > 0 ? MAGERR_FACTOR * (fluxerr / flux) : null; // fluxerr / flux first, as SkyPortal: the same value to the last bit
}

export function fluxerrToLimit(fluxerr: number, outOffset = 0, nsigma = OUTPUT_LIMIT_NSIGMA): number | null {
  return fluxerr > 0 ? -2.5 * Math.log10(nsigma * fluxerr) + PHOT_ZP - outOffset : null;
}
