/**
 * `layout=columns`: a source's points as one list per field, in the upload format. An object per
 * point repeats every key 10,000 times (5.9 MB for a ZTF light curve); a list per field is what
 * a plot's data source takes, and `photometry` is a body `POST /api/photometry` accepts as it is.
 */
import type { MagSys, PhotometryColumns, PhotometryFormat, PhotometryUploadColumns } from '../types.js';
import { limitingMag, type StoredPoint } from './serialize.js';
import { OUTPUT_LIMIT_NSIGMA, PHOT_ZP, fluxToMag, fluxToMagerr, requireAbOffset } from './units.js';

/** Optional upload fields: left out of the answer when no point has a value. */
const OPTIONAL = ['ra', 'dec', 'ra_unc', 'dec_unc', 'altdata', 'ref_flux', 'ref_fluxerr', 'ref_zp', 'magref', 'e_magref'] as const;

/**
 * Points (sorted as they should be listed) of one source as columns. `flux` (the stored flux and
 * its error, at the zero point of `magsys`) posts back exactly; `mag` posts back each limit with
 * its significance (`limiting_mag_nsigma`), but a detection of flux ≤ 0 has no magnitude and
 * reads as a non-detection. `both`: the body holds the fluxes and the magnitudes come beside it.
 */
export function toColumns(objId: string, points: readonly StoredPoint[], format: PhotometryFormat, magsys: MagSys): PhotometryColumns {
  const n = points.length;
  const id = new Array<number>(n);
  const instrumentName = new Array<string>(n);
  const body: Record<string, unknown[]> = {};
  const column = (name: string) => (body[name] = new Array(n));
  const instrumentId = column('instrument_id');
  const mjd = column('mjd');
  const filter = column('filter');
  const origin = column('origin');
  const [ra, dec, raUnc, decUnc, altdata] = [column('ra'), column('dec'), column('ra_unc'), column('dec_unc'), column('altdata')];
  const withFlux = format !== 'mag';
  const withMag = format !== 'flux';
  const mags = withMag ? { mag: new Array(n), magerr: new Array(n), limiting_mag: new Array(n), limiting_mag_nsigma: new Array(n) } : undefined;
  const mref = withMag ? { magref: new Array(n), e_magref: new Array(n) } : undefined;
  const [flux, fluxerr, zp, refFlux, refFluxerr, refZp] = withFlux
    ? [column('flux'), column('fluxerr'), column('zp'), column('ref_flux'), column('ref_fluxerr'), column('ref_zp')]
    : [];

  for (let i = 0; i < n; i++) {
    const point = points[i]!;
    const offset = requireAbOffset(magsys, point.filter);
    id[i] = Number(point.id);
    instrumentName[i] = point.instrument_name;
    instrumentId[i] = point.instrument_id;
    mjd[i] = point.mjd;
    filter[i] = point.filter;
    origin[i] = point.origin;
    ra[i] = point.ra;
    dec[i] = point.dec;
    raUnc[i] = point.ra_unc;
    decUnc[i] = point.dec_unc;
    altdata[i] = point.altdata;
    const hasRef = point.ref_flux !== null && point.ref_fluxerr !== null;
    if (flux) {
      flux[i] = point.flux;
      fluxerr![i] = point.fluxerr;
      zp![i] = PHOT_ZP - offset;
      // The reference posts at ref_zp; the stored one is at 23.9 AB, i.e. at `zp` in magsys.
      refFlux![i] = hasRef ? point.ref_flux : null;
      refFluxerr![i] = hasRef ? point.ref_fluxerr : null;
      refZp![i] = hasRef ? PHOT_ZP - offset : null;
    }
    if (mags) {
      mags.mag[i] = fluxToMag(point.flux, offset);
      mags.magerr[i] = fluxToMagerr(point.flux, point.fluxerr);
      mags.limiting_mag[i] = limitingMag(point, offset);
      const uploaded = point.original_user_data;
      mags.limiting_mag_nsigma[i] = uploaded && typeof uploaded.limiting_mag === 'number' ? (uploaded.limiting_mag_nsigma ?? 3) : OUTPUT_LIMIT_NSIGMA;
      mref!.magref[i] = hasRef ? fluxToMag(point.ref_flux, offset) : null;
      mref!.e_magref[i] = hasRef ? fluxToMagerr(point.ref_flux, point.ref_fluxerr!) : null;
    }
  }
  if (mags && !withFlux) Object.assign(body, mags, mref);
  for (const name of OPTIONAL) if (body[name] && body[name].every((value) => value === null)) delete body[name];

  const photometry = { obj_id: objId, magsys, ...body } as unknown as PhotometryUploadColumns;
  const answer: PhotometryColumns = { count: n, id, instrument_name: instrumentName, photometry };
  if (mags && withFlux) Object.assign(answer, { mag: mags.mag, magerr: mags.magerr, limiting_mag: mags.limiting_mag });
  return answer;
}
