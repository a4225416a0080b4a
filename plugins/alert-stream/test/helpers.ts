// What the alert-stream tests share: the real ZTF packets (public SkyPortal repository, BSD-3-Clause: demo/LICENSE.md), a site with the ZTF instrument.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable, Writable } from 'node:stream';
import avro from 'avsc';
import { coreHooks, definePlugin } from '@skyportal/sdk';
import { uniqueId, type PluginSpec, type TestServer } from '@skyportal/test-kit';
import { alertStreamService, type AlertStreamService } from '../types.js';
import { ztfReaderType, type ZtfPacket } from '../server/formats/ztf.js';

export const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../demo');
export const packet = (candid: string) => readFileSync(path.join(DATA, `${candid}.avro`));

/** ZTF18aaypnsi's alert (25 epochs in g and r: detections, one from the negative subtraction, and upper limits). */
export const LONG = '541385122515015008';
/** ZTF18abajfvr's alert (3 detections in g). */
export const SHORT = '541443293415015009';
/** The 2016 test stream's packet: an older schema (int isdiffpos, negative candid), without an objectId. */
export const OLD = '87704463155000';

export const tempFolder = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));

/** The plugins an alert site needs, thumbnails kept in a fresh folder. */
export function sitePlugins(extra: PluginSpec[] = []): PluginSpec[] {
  return [
    'sources',
    'photometry',
    'candidates',
    { plugin: 'thumbnails', options: { folder: tempFolder('alert-thumbs-') } },
    'annotations',
    new URL('..', import.meta.url),
    ...extra,
  ];
}

/** The ZTF telescope and instrument, as a site ingesting ZTF alerts has them. */
export async function addZtf(server: TestServer): Promise<number> {
  const telescope = await server.request('POST', '/api/telescope', { body: { name: uniqueId('P48'), nickname: uniqueId('P48'), diameter: 1.2 } });
  const instrument = await server.request('POST', '/api/instrument', {
    body: { name: 'ZTF', type: 'imager', filters: ['ztfg', 'ztfr', 'ztfi'], telescope_id: telescope.body.data.id },
  });
  if (instrument.status !== 200) throw new Error(instrument.text);
  return instrument.body.data.id;
}

/** A plugin that only hands the test the alert-stream service (as the Kafka consumer and other plugins get it). */
export function probe() {
  let service: AlertStreamService | undefined;
  const plugin = definePlugin({
    name: 'alert-probe',
    dependsOn: ['alert-stream'],
    register({ services }) {
      service = services.get(alertStreamService);
    },
  });
  return { plugin, service: () => service! };
}

/** Runs `skyportal <args>` in-process, as the CLI does for a plugin's command. */
export async function runCommand(server: TestServer, args: string[]): Promise<{ code: unknown; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  const code = await server.app.hooks.of(coreHooks.command).promise({ args, stdout: sink((t) => (stdout += t)), stderr: sink((t) => (stderr += t)) });
  return { code, stdout, stderr };
}

/** Rows of the tables an alert writes to, to show that something changed nothing. */
export async function counts(server: TestServer): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['objs', 'photometry', 'photometry_groups', 'thumbnails', 'annotations', 'alert_stream_alerts']) {
    out[table] = Number((await server.knex(table).count({ n: '*' }))[0]!.n);
  }
  return out;
}

/**
 * One Avro container of copies of a real packet, made by `change(packet, i)` (new objects: a new
 * candid, a later jd...), written with the packet's own schema: several alerts of one obj.
 */
export async function container(bytes: Buffer, count: number, change: (packet: ZtfPacket, i: number) => ZtfPacket): Promise<Buffer> {
  let type: avro.Type | undefined;
  const records: ZtfPacket[] = [];
  await new Promise<void>((resolve, reject) => {
    const decoder = new avro.streams.BlockDecoder({ parseHook: (schema: unknown) => (type = ztfReaderType(schema)) });
    decoder.on('data', (record: ZtfPacket) => records.push(record));
    decoder.once('end', resolve);
    decoder.once('error', reject);
    Readable.from([bytes]).pipe(decoder);
  });
  const chunks: Buffer[] = [];
  const encoder = new avro.streams.BlockEncoder(type!, { codec: 'null' });
  encoder.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve, reject) => (encoder.once('end', resolve), encoder.once('error', reject)));
  for (let i = 0; i < count; i++) encoder.write(change(records[0]!, i));
  encoder.end();
  await done;
  return Buffer.concat(chunks);
}
