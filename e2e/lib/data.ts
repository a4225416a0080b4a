import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lightCurveDir, type Portal } from './portal.js';

/** A flux-mode light curve of the photometry plugin's demo data, as SkyPortal's column format. */
export function fluxModeLightCurve(file: string, objId: string, instrumentId: number) {
  const [header, ...rows] = readFileSync(path.join(lightCurveDir, file), 'utf8').trim().split('\n');
  const columns = header!.split(',');
  const col = (name: string) => columns.indexOf(name);
  const records = rows.map((line) => line.split(','));
  return {
    obj_id: objId,
    instrument_id: instrumentId,
    mjd: records.map((r) => Number(r[col('mjd')])),
    filter: records.map((r) => r[col('filter')]!),
    flux: records.map((r) => (r[col('flux')] === '' ? null : Number(r[col('flux')]))),
    fluxerr: records.map((r) => Number(r[col('fluxerr')])),
    zp: records.map((r) => Number(r[col('zp')])),
    magsys: records.map((r) => r[col('magsys')]!),
  };
}

/**
 * The P48 telescope with ZTF on it, and ZTF18aabcvnq's real light curve on a source saved to the
 * sitewide group as `objId`: the site most specs start from. Returns the instrument's id.
 */
export async function seedZtfLightCurve(portal: Portal, objId: string): Promise<number> {
  const telescope = await portal.api('POST', '/api/telescope', {
    name: 'Palomar 48-inch',
    nickname: 'P48',
    lat: 33.3563,
    lon: -116.8648,
    elevation: 1712,
    diameter: 1.2,
    robotic: true,
  });
  const { id: instrumentId } = await portal.api('POST', '/api/instrument', {
    name: 'ZTF',
    type: 'imager',
    band: 'optical',
    filters: ['ztfg', 'ztfr', 'ztfi'],
    telescope_id: telescope.id,
  });
  const sitewide = await portal.api('GET', '/api/groups/public');
  await portal.api('POST', '/api/sources', { id: objId, ra: 141.5806, dec: 33.0346, redshift: 0.032, group_ids: [sitewide.id] });
  await portal.api('POST', '/api/photometry', { ...fluxModeLightCurve('ZTF18aabcvnq_phot.csv', objId, instrumentId), group_ids: [sitewide.id] });
  return instrumentId;
}
