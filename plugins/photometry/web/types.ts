// The light-curve panel's view of the plugin's own shapes (../types.ts): what it fetches, how it shows it.
import type { PhotometryFormat, PhotometryPoint } from '../types';

/** The keys the panel draws and lists (`fields=`): a fifth of SkyPortal's full payload for a long light curve. */
export const PANEL_FIELDS = [
  'id',
  'obj_id',
  'mjd',
  'filter',
  'instrument_id',
  'instrument_name',
  'origin',
  'magsys',
  'mag',
  'magerr',
  'limiting_mag',
  'flux',
  'fluxerr',
  'zp',
  'ra',
  'dec',
] as const;

export type PanelPoint = Pick<PhotometryPoint, (typeof PANEL_FIELDS)[number]>;

/** What the plot and the table show; the points carry both (fetched with format=both). */
export type DisplayUnit = Exclude<PhotometryFormat, 'both'>;
