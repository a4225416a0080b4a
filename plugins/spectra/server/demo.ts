/**
 * Demo spectra: real spectra from the public SkyPortal repository (see ../demo/LICENSE.md), on
 * sources saved to the sitewide group, stored through the same path as the API (the two ASCII files
 * as uploaded files, header keywords and all). Loading the demo twice adds nothing.
 */
import { readFile } from 'node:fs/promises';
import type { Knex, Principal } from '@skyportal/sdk';
import type { SourcesService } from '@skyportal/plugin-sources/types';
import { parseAsciiSpectrum } from './ascii.js';
import { MAX_ALTDATA_BYTES } from './inputs.js';
import type { NewSpectrum } from './writes.js';

interface DemoSpectrum {
  file: string;
  source: { id: string; ra: number; dec: number; redshift?: number };
  instrument: string;
  observed_at: string;
  columns?: { flux_column: number; fluxerr_column: number | null };
  /** Kept as an uploaded file (its text and name), as an ASCII upload keeps it. */
  asFile?: boolean;
}

/**
 * Positions, instruments and dates of the first three from SkyPortal's data/db_demo.yaml; of the
 * ASCII files, from their own headers (ZTF20abpuxna's is the telescope's pointing).
 */
export const DEMO_SPECTRA: DemoSpectrum[] = [
  {
    file: 'ZTF21aaqjmps_spec.csv',
    source: { id: 'ZTF21aaqjmps', ra: 202.5050541, dec: 13.4111859, redshift: 0.0246 },
    instrument: 'SPRAT',
    observed_at: '2021-04-03T02:28:19.921Z',
  },
  { file: 'spec1.csv', source: { id: 'ZTFrlh6cyjh', ra: 342.4596, dec: 51.2634 }, instrument: 'ALFOSC', observed_at: '2019-10-24T05:23:14Z' },
  { file: 'spec2.csv', source: { id: 'ZTFe028h94k', ra: 229.9620403, dec: 34.8442757 }, instrument: 'ALFOSC', observed_at: '2019-08-24T06:18:53Z' },
  {
    file: 'zac_spec.dat',
    source: { id: '2021zac', ra: 125.237875, dec: 58.8569417 },
    instrument: 'SNIFS',
    observed_at: '2021-09-18T14:48:08Z',
    columns: { flux_column: 1, fluxerr_column: 2 },
    asFile: true,
  },
  {
    file: 'ZTF20abpuxna_20200915_Keck1_v1.ascii',
    source: { id: 'ZTF20abpuxna', ra: 44.7730833, dec: 27.1818889 },
    instrument: 'LRIS',
    observed_at: '2020-09-15T09:37:01Z',
    columns: { flux_column: 1, fluxerr_column: 3 },
    asFile: true,
  },
];

/** A demo file's text (for tests too). */
export function demoFile(file: string): Promise<string> {
  return readFile(new URL(`../demo/${file}`, import.meta.url), 'utf8');
}

export async function loadDemoSpectra(
  db: Knex,
  admin: Principal,
  sources: SourcesService,
  sitewideGroupId: number,
  create: (user: Principal, input: NewSpectrum) => Promise<number>,
  maxPixels: number,
): Promise<void> {
  for (const demo of DEMO_SPECTRA) {
    const instrument = await sources.instrumentByName(demo.instrument);
    if (!instrument) throw new Error(`spectra demo: the ${demo.instrument} instrument is missing (the sources demo seeds it)`);
    await sources.saveSource(admin, { ...demo.source, redshift: demo.source.redshift ?? null, group_ids: [sitewideGroupId] });
    const observedAt = new Date(demo.observed_at);
    if (await db('spectra').where({ obj_id: demo.source.id, instrument_id: instrument.id, observed_at: observedAt }).first('id')) continue;
    const text = await demoFile(demo.file);
    const columns = { wave_column: 0, ...(demo.columns ?? { flux_column: 1, fluxerr_column: null }) };
    const parsed = parseAsciiSpectrum(text, columns, { maxPixels, maxHeaderBytes: MAX_ALTDATA_BYTES });
    await create(admin, {
      obj_id: demo.source.id,
      instrument_id: instrument.id,
      observed_at: observedAt,
      wavelengths: parsed.wavelengths,
      fluxes: parsed.fluxes,
      errors: parsed.errors,
      units: 'erg/s/cm/cm/AA',
      altdata: parsed.altdata,
      group_ids: [sitewideGroupId],
      ...(demo.asFile ? { original_file_string: text, original_file_filename: demo.file } : {}),
    });
  }
}
