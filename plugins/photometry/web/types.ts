// The light-curve panel's view of the plugin's own shapes (../types.ts): what it fetches, how it shows it.
import type { PhotometryColumns, PhotometryFormat } from '../types';

/**
 * A source's light curve as the panel fetches it (`layout=columns&format=both`, AB): lists per
 * field, fluxes in `photometry` and magnitudes beside them. A fifth of the JSON of an object per
 * point, and the columns are what Bokeh's data sources take.
 */
export type LightCurve = PhotometryColumns & Required<Pick<PhotometryColumns, 'mag' | 'magerr' | 'limiting_mag'>>;

/** What the plot and the table show; the light curve carries both (fetched with format=both). */
export type DisplayUnit = Exclude<PhotometryFormat, 'both'>;

/** Point i's value and error in the unit shown (null: none, e.g. a non-detection's magnitude). */
export function valueAt(curve: LightCurve, i: number, format: DisplayUnit): { value: number | null; error: number | null } {
  return format === 'mag'
    ? { value: curve.mag[i] ?? null, error: curve.magerr[i] ?? null }
    : { value: curve.photometry.flux?.[i] ?? null, error: curve.photometry.fluxerr?.[i] ?? null };
}
