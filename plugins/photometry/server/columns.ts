/**
 * `layout=columns`: a source's points as one list per field, in the upload format. An object per
 * point repeats every key 10,000 times (5.9 MB for a ZTF light curve); a list per field is what
 * a plot's data source takes, and `photometry` is a body `POST /api/photometry` accepts as it is.
 */
import type { Knex, Principal } from '@skyportal/sdk';
import type { MagSys, PhotometryColumns, PhotometryFormat, PhotometryUploadColumns } from '../types.js';
import { limitingMag, scopeToVisiblePoints, type StoredPoint } from './serialize.js';
import { OUTPUT_LIMIT_NSIGMA, PHOT_ZP, fluxToMag, fluxToMagerr, requireAbOffset } from './units.js';

/** What a columnar answer reads of each point, in this order. */
const TUPLE = [
  'p.id',
  'p.instrument_id',
  'i.name',
  'p.mjd',
  'p.filter',
  'p.flux',
  'p.fluxerr',
  'p.origin',
  'p.ra',
  'p.dec',
  'p.ra_unc',
  'p.dec_unc',
  'p.altdata',
  'p.original_user_data',
  'p.ref_flux',
  'p.ref_fluxerr',
] as const;
type Tuple = [
  id: number,
  instrumentId: number,
  instrumentName: string,
  mjd: number,
  filter: string,
  flux: number | null,
  fluxerr: number,
  origin: string,
  ra: number | null,
  dec: number | null,
  raUnc: number | null,
  decUnc: number | null,
  altdata: Record<string, unknown> | null,
  originalUserData: StoredPoint['original_user_data'],
  refFlux: number | null,
  refFluxerr: number | null,
];

/**
 * The visible points of one source, sorted by MJD, as one JSON array of arrays built by
 * PostgreSQL: node-postgres then parses one value with JSON.parse instead of 10,000 rows of 16
 * text fields (row parsing was the largest share of the route's CPU; bench/lightcurve-read).
 */
export async function visibleTuples(db: Knex, user: Principal, objId: string): Promise<Tuple[]> {
  const query = db('photometry as p')
    .join('instruments as i', 'i.id', 'p.instrument_id')
    .where('p.obj_id', objId)
    .select(db.raw(`coalesce(json_agg(json_build_array(${TUPLE.map(() => '??').join(', ')}) ORDER BY p.mjd, p.id), '[]') AS points`, [...TUPLE]));
  const [row] = await scopeToVisiblePoints(query, user);
  return row.points as Tuple[];
}

/** Optional upload fields: left out of the answer when no point has a value. */
const OPTIONAL = ['ra', 'dec', 'ra_unc', 'dec_unc', 'altdata', 'ref_flux', 'ref_fluxerr', 'ref_zp', 'magref', 'e_magref'] as const;

/**
 * Points (sorted as they should be listed) of one source as columns. `flux` (the stored flux and
 * its error, at the zero point of `magsys`) posts back exactly; `mag` posts back each limit with
 * its significance (`limiting_mag_nsigma`), but a detection of flux ≤ 0 has no magnitude and
 * reads as a non-detection. `both`: the body holds the fluxes and the magnitudes come beside it.
 */
export function toColumns(objId: string, points: readonly Tuple[], format: PhotometryFormat, magsys: MagSys): PhotometryColumns {
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
    const [pointId, instrument, name, time, band, pointFlux, pointFluxerr, label, pRa, pDec, pRaUnc, pDecUnc, extra, uploaded, ref, refErr] = points[i]!;
    const offset = requireAbOffset(magsys, band);
    id[i] = pointId;
    instrumentName[i] = name;
    instrumentId[i] = instrument;
    mjd[i] = time;
    filter[i] = band;
    origin[i] = label;
    ra[i] = pRa;
    dec[i] = pDec;
    raUnc[i] = pRaUnc;
    decUnc[i] = pDecUnc;
    altdata[i] = extra;
    const hasRef = ref !== null && refErr !== null;
    if (flux) {
      flux[i] = pointFlux;
      fluxerr![i] = pointFluxerr;
      zp![i] = PHOT_ZP - offset;
      // The reference posts at ref_zp; the stored one is at 23.9 AB, i.e. at `zp` in magsys.
      refFlux![i] = hasRef ? ref : null;
      refFluxerr![i] = hasRef ? refErr : null;
      refZp![i] = hasRef ? PHOT_ZP - offset : null;
    }
    if (mags) {
      mags.mag[i] = fluxToMag(pointFlux, offset);
      mags.magerr[i] = fluxToMagerr(pointFlux, pointFluxerr);
      mags.limiting_mag[i] = limitingMag({ original_user_data: uploaded, filter: band, fluxerr: pointFluxerr }, offset);
      mags.limiting_mag_nsigma[i] = uploaded && typeof uploaded.limiting_mag === 'number' ? (uploaded.limiting_mag_nsigma ?? 3) : OUTPUT_LIMIT_NSIGMA;
      mref!.magref[i] = hasRef ? fluxToMag(ref, offset) : null;
      mref!.e_magref[i] = hasRef ? fluxToMagerr(ref, refErr) : null;
    }
  }
  if (mags && !withFlux) Object.assign(body, mags, mref);
  for (const name of OPTIONAL) if (body[name] && body[name].every((value) => value === null)) delete body[name];

  const photometry = { obj_id: objId, magsys, ...body } as unknown as PhotometryUploadColumns;
  const answer: PhotometryColumns = { count: n, id, instrument_name: instrumentName, photometry };
  if (mags && withFlux) Object.assign(answer, { mag: mags.mag, magerr: mags.magerr, limiting_mag: mags.limiting_mag });
  return answer;
}
