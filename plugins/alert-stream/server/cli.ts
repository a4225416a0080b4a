/**
 * `skyportal alerts ingest PATH [--stream NAME]`: every packet of a folder, a tarball or a file
 * through the one ingest path, with a progress bar (on a terminal) and a summary; skipped packets
 * are listed with their file and reason. Exit code 0 when every packet went in, 1 otherwise.
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { CommandEvent } from '@skyportal/sdk';
import type { AlertStreamService } from '../types.js';
import { countPackets, packetFiles } from './files.js';

export const ALERTS_USAGE = `Usage: skyportal alerts ingest PATH [--stream NAME]

  PATH      a folder of .avro packets (searched recursively), a .tar.gz/.tgz/.tar of them, or one .avro file
  --stream  the stream they belong to (default: the alert-stream plugin's "stream" option)`;

export async function alertsCommand(service: AlertStreamService, { args, stdout, stderr }: CommandEvent): Promise<number | undefined> {
  if (args[0] !== 'alerts') return undefined;
  const { values, positionals } = parseArgs({
    args: args.slice(1),
    allowPositionals: true,
    strict: true,
    options: { stream: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals[0] !== 'ingest' || positionals.length !== 2) {
    (values.help ? stdout : stderr).write(`${ALERTS_USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const target = positionals[1]!;
  const total = await countPackets(target);
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr as NodeJS.WriteStream,
      format: 'alerts {bar} {value}/{total} files | {ingested} ingested, {skipped} skipped | {eta_formatted} left',
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    cliProgress.Presets.shades_classic,
  );
  const counts = { ingested: 0, stored: 0, skipped: 0, candidates: 0 };
  const skipped: { source: string; reason: string }[] = [];
  bar.start(total, 0, { ingested: 0, skipped: 0 });
  try {
    for await (const file of packetFiles(target)) {
      const result = await service.ingest(file.bytes, { source: file.name, streamName: values.stream });
      counts.ingested += result.ingested.length;
      counts.stored += result.ingested.filter((alert) => alert.created).length;
      counts.candidates += result.ingested.reduce((n, alert) => n + alert.candidateIds.length, 0);
      counts.skipped += result.skipped.length;
      skipped.push(...result.skipped);
      bar.increment(1, { ingested: counts.ingested, skipped: counts.skipped });
    }
  } finally {
    bar.stop();
  }
  for (const { source, reason } of skipped) stderr.write(`skipped ${source}: ${reason}\n`);
  stdout.write(
    `${counts.ingested} alert(s) ingested (${counts.stored} new, ${counts.ingested - counts.stored} already there), ${counts.candidates} candidate(s), ${counts.skipped} skipped\n`,
  );
  return counts.skipped ? 1 : 0;
}
