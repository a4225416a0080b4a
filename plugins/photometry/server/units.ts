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

/** Factor taking a flux at zero point `zp` in a system with AB offset `offset` to AB at 23.9. */
export function fluxFactor(zp: number, offset = 0): number {
  return 10 ** (-0.4 * (zp + offset - PHOT_ZP));
}

export function limitToFluxerr(limitingMag: number, nsigma: number, offset = 0): number {
  return 10 ** (-0.4 * (limitingMag + offset - PHOT_ZP)) / nsigma;
}

export function fluxToMag(flux: number | null, outOffset = 0): number | null {
  return flux !== null && flux > 0 ? -2.5 * Math.log10(flux) + PHOT_ZP - outOffset : null;
}

export function fluxToMagerr(flux: number | null, fluxerr: number): number | null {
  return flux !== null && flux > 0 && fluxerr > 0 ? (MAGERR_FACTOR * fluxerr) / flux : null;
}

export function fluxerrToLimit(fluxerr: number, outOffset = 0, nsigma = OUTPUT_LIMIT_NSIGMA): number | null {
  return fluxerr > 0 ? -2.5 * Math.log10(nsigma * fluxerr) + PHOT_ZP - outOffset : null;
}
