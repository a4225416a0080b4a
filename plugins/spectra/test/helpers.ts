// What the spectra tests share: a site with an instrument, the real demo files, and readers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { uniqueId, type TestServer } from '@skyportal/test-kit';

/** The plugin's demo spectra: real data from the public SkyPortal repository, BSD-3-Clause (demo/LICENSE.md). */
const DEMO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../demo');
export const demoText = (file: string) => readFileSync(path.join(DEMO, file), 'utf8');

/** A CSV of the demo (`wavelengths,fluxes` and rows) as the JSON arrays a client posts. */
export function csvSpectrum(file: string): { wavelengths: number[]; fluxes: number[] } {
  const [, ...rows] = demoText(file).trim().split(/\r?\n/);
  const cells = rows.map((row) => row.split(',').map(Number));
  return { wavelengths: cells.map((c) => c[0]!), fluxes: cells.map((c) => c[1]!) };
}

/** The whitespace columns of an ASCII demo file's data rows, as numbers. */
export function asciiColumns(file: string): number[][] {
  return demoText(file)
    .split(/\r?\n/)
    .filter((line) => line.trim() && !line.trimStart().startsWith('#'))
    .map((line) => line.trim().split(/\s+/).map(Number));
}

export async function makeSpectrograph(server: TestServer, name = uniqueId('LRIS')): Promise<number> {
  const telescope = await server.request('POST', '/api/telescope', { body: { name: uniqueId('Keck'), nickname: uniqueId('K'), diameter: 10 } });
  const instrument = await server.request('POST', '/api/instrument', {
    body: { name, type: 'spectrograph', filters: [], telescope_id: telescope.body.data.id },
  });
  if (instrument.status !== 200) throw new Error(`instrument: ${instrument.text}`);
  return instrument.body.data.id;
}

export async function makeSource(server: TestServer, groupIds: number[], token?: string, id = uniqueId('obj')): Promise<string> {
  const res = await server.request('POST', '/api/sources', { token, body: { id, ra: 202.505, dec: 13.411, group_ids: groupIds } });
  if (res.status !== 200) throw new Error(`source: ${res.text}`);
  return id;
}

export const countSpectra = async (server: TestServer, objId: string) => Number((await server.knex('spectra').where({ obj_id: objId }).count('* as n'))[0]!.n);
