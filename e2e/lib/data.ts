import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lightCurveDir } from './portal.js';

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
