/**
 * Demo light curves (real data from the public SkyPortal repository, see ../demo/LICENSE.md):
 * their sources are saved to the sitewide group and the points go through the same bulk path as
 * `PUT /api/photometry`, so loading the demo twice adds nothing.
 */
import { readFile } from 'node:fs/promises';
import type { Principal } from '@skyportal/sdk';
import type { SourcesService } from '@skyportal/plugin-sources/types';
import type { PhotometryUploadResult } from '../types.js';

interface DemoSource {
  id: string;
  file: string;
  /** Positions of ZTF18aabcvnq and ZTF21aaqjmps from SkyPortal's data/db_demo.yaml; 14gqr: the mean of its file's ra/dec. */
  ra: number;
  dec: number;
  redshift?: number;
}

export const DEMO_SOURCES: DemoSource[] = [
  { id: 'ZTF18aabcvnq', file: 'ZTF18aabcvnq_phot.csv', ra: 172.0534465, dec: 25.6596908 },
  { id: 'ZTF21aaqjmps', file: 'ZTF21aaqjmps_phot.csv', ra: 202.5050541, dec: 13.4111859, redshift: 0.0246 },
  { id: '14gqr', file: '14gqr_phot.csv', ra: 264.1948, dec: 50.5478 },
  // No position ships with this light curve: a placeholder, not the real one.
  { id: '16fil', file: '16fil_phot.csv', ra: 250.0, dec: 40.0 },
];

/** A CSV without quoting (as these files are) into SkyPortal's column format. */
export function csvToColumns(text: string): Record<string, (string | number | null)[]> {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const names = header!.split(',').map((name) => name.trim());
  const columns: Record<string, (string | number | null)[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (const line of lines) {
    const cells = line.split(',');
    names.forEach((name, i) => {
      const cell = (cells[i] ?? '').trim();
      columns[name]!.push(cell === '' ? null : name === 'filter' || name === 'magsys' ? cell : Number(cell));
    });
  }
  return columns;
}

export async function loadDemoPhotometry(
  admin: Principal,
  sources: SourcesService,
  sitewideGroupId: number,
  ingest: (user: Principal, payload: Record<string, unknown>, mode: 'put') => Promise<PhotometryUploadResult>,
): Promise<void> {
  const ztf = await sources.instrumentByName('ZTF');
  if (!ztf) throw new Error('photometry demo: the ZTF instrument is missing (the sources demo seeds it)');
  for (const source of DEMO_SOURCES) {
    await sources.saveSource(admin, { id: source.id, ra: source.ra, dec: source.dec, redshift: source.redshift ?? null, group_ids: [sitewideGroupId] });
    const columns = csvToColumns(await readFile(new URL(`../demo/${source.file}`, import.meta.url), 'utf8'));
    await ingest(admin, { ...columns, obj_id: source.id, instrument_id: ztf.id, group_ids: [sitewideGroupId] }, 'put');
  }
}
