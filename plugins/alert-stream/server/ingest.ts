/**
 * The one ingest path (files, POST /api/alerts and Kafka all come here): decode, then each alert
 * in a transaction of its own — its row in `alert_stream_alerts` first (an alert seen before stops
 * there: re-ingesting changes nothing), the obj (unsaved), the points with the stream, the
 * thumbnails of an obj's first alert, the newest alert's scores as an annotation, and a candidate
 * for each filter of the stream whose conditions the alert passes. Hooks and live messages follow
 * the commit. A packet that cannot be read or used is logged with its source and skipped.
 */
import { ApiError, type HookOf, type Knex, type LiveHub, type Logger, type PluginMetrics, type Principal } from '@skyportal/sdk';
import type { AnnotationsService } from '@skyportal/plugin-annotations/types';
import type { PhotometryService } from '@skyportal/plugin-photometry/types';
import type { Instrument, SourcesService } from '@skyportal/plugin-sources/types';
import type { AddThumbnailInput, ThumbnailsService } from '@skyportal/plugin-thumbnails/types';
import type { Alert, AlertFormat, alertStreamHooks, AlertsIngestedMessage, IngestedAlert, IngestOptions, IngestResult } from '../types.js';
import type { CandidatesLink } from './candidates.js';
import { cutoutToPng } from './cutouts.js';
import { eachConcurrently } from './pool.js';

export interface IngestDeps {
  db: Knex;
  format: AlertFormat;
  sources: SourcesService;
  photometry: PhotometryService;
  /** Absent when the thumbnails plugin is switched off (then no cutouts are stored). */
  thumbnails: ThumbnailsService | undefined;
  /** Absent when the annotations plugin is switched off. */
  annotations: AnnotationsService | undefined;
  candidates: CandidatesLink;
  live: LiveHub;
  ingested: HookOf<typeof alertStreamHooks.ingested>;
  logger: Logger;
  metrics: PluginMetrics;
  /** The account alerts are stored as (created at startup). */
  account(): Promise<Principal>;
  /** The stream's id by name (created if missing). */
  streamId(name: string): Promise<number>;
  defaultStream: string;
  /** Where everyone sees the data, narrowed by the stream: the sitewide group. */
  sitewideGroupId: number;
  /** Alerts of one call ingested at once, each in its own transaction (the plugin's `concurrency`). */
  concurrency: number;
  /** The survey's instrument, looked up again after INSTRUMENT_TTL_MS (see `instrumentFor`). */
  instrument?: { found: Promise<Instrument>; at: number };
}

/** The channel of a stream's `alerts.ingested` messages. */
export const alertsChannel = (streamId: number) => `alerts:${streamId}`;

/** Thrown inside an alert's transaction: a packet problem (skip it), not a site problem. */
class PacketError extends Error {}

/**
 * How long the instrument found is trusted: one look-up per alert was two round trips of ~30. A
 * filter removed meanwhile is still caught by photometry's own check of every point (the packet
 * is then skipped with that reason) until the next look-up says 503.
 */
export const INSTRUMENT_TTL_MS = 10_000;

function instrumentFor(deps: IngestDeps): Promise<Instrument> {
  const now = Date.now();
  if (!deps.instrument || now - deps.instrument.at > INSTRUMENT_TTL_MS) {
    const found = lookUpInstrument(deps);
    deps.instrument = { found, at: now };
    // A failed look-up (no instrument yet) is not remembered: the next alert asks again.
    found.catch(() => deps.instrument?.found === found && (deps.instrument = undefined));
  }
  return deps.instrument.found;
}

async function lookUpInstrument(deps: IngestDeps): Promise<Instrument> {
  const instrument = await deps.sources.instrumentByName(deps.format.instrument);
  const missing = instrument ? deps.format.filters.filter((f) => !instrument.filters.includes(f)) : [];
  if (!instrument || missing.length) {
    // The site's set-up, not the packet's fault: every alert would fail, so none is skipped.
    throw new ApiError(
      503,
      instrument
        ? `instrument ${instrument.name} lacks the filters ${missing.join(', ')} that ${deps.format.name} alerts use (PUT /api/instrument/${instrument.id})`
        : `no instrument named ${deps.format.instrument}: create it (POST /api/instrument) with filters ${deps.format.filters.join(', ')} before ingesting ${deps.format.name} alerts`,
    );
  }
  return instrument;
}

/** Bytes to ingest and where they came from (a file name, `topic@partition:offset`, a request). */
export interface AlertFile {
  bytes: Uint8Array;
  source: string;
}

/**
 * Decodes every file, then ingests its alerts, `concurrency` at once, each in its own transaction.
 * Answers and skips keep the files' and packets' order.
 */
export async function ingestAlerts(deps: IngestDeps, files: readonly AlertFile[], options: Omit<IngestOptions, 'source'>): Promise<IngestResult> {
  const items: ({ source: string; packet: unknown } | { source: string; skipped: string })[] = [];
  for (const file of files) {
    let packets: unknown[];
    try {
      packets = await deps.format.decode(file.bytes);
    } catch (error) {
      items.push({ source: file.source, skipped: (error as Error).message });
      continue;
    }
    if (!packets.length) items.push({ source: file.source, skipped: 'no packets in it' });
    for (const [index, packet] of packets.entries()) items.push({ source: packets.length > 1 ? `${file.source}#${index}` : file.source, packet });
  }
  const anyAlert = items.some((item) => 'packet' in item);
  const instrument = anyAlert ? await instrumentFor(deps) : undefined;
  const streamId = await deps.streamId(options.streamName ?? deps.defaultStream);
  const account = await deps.account();
  const outcomes = await eachConcurrently(items, deps.concurrency, async (item): Promise<{ source: string; ingested?: IngestedAlert; skipped?: string }> => {
    if (!('packet' in item)) return item;
    const { source, packet } = item;
    let alert: Alert;
    try {
      alert = deps.format.toAlert(packet);
    } catch (error) {
      return { source, skipped: (error as Error).message };
    }
    try {
      const ingested = await ingestOne(deps, { alert, instrument: instrument!, streamId, account, source });
      if (ingested.created) {
        deps.metrics.ingested('alerts');
        await deps.ingested
          .promise({ objId: alert.objId, candid: alert.candid, streamId, candidateIds: ingested.candidateIds, source })
          .catch((error) => deps.logger.error({ err: error, source }, 'alert-stream.ingested listeners failed'));
      }
      return { source, ingested };
    } catch (error) {
      if (!(error instanceof PacketError) && !isBadRequest(error)) throw error;
      return { source, skipped: `${alert.objId} (candid ${alert.candid}): ${(error as Error).message}` };
    }
  });
  const result: IngestResult = { ingested: [], skipped: [] };
  for (const { source, ingested, skipped } of outcomes) {
    if (ingested) result.ingested.push(ingested);
    else {
      deps.logger.warn({ source, reason: skipped }, 'alert-stream: packet skipped');
      result.skipped.push({ source, reason: skipped! });
    }
  }
  return result;
}

/** A 400 from another plugin's write path (a bad point, a bad image): the packet's fault. */
function isBadRequest(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: number }).status === 400;
}

interface One {
  alert: Alert;
  instrument: Instrument;
  streamId: number;
  account: Principal;
  source: string;
}

async function ingestOne(deps: IngestDeps, { alert, instrument, streamId, account, source }: One): Promise<IngestedAlert> {
  return deps.db.transaction(async (trx) => {
    const { created } = await deps.sources.ensureObj(trx, { id: alert.objId, ra: alert.ra, dec: alert.dec, origin: deps.format.instrument });
    // Alerts of one obj take turns (alerts are ingested concurrently, by this call, other calls and
    // other processes), so each sees those committed before it: an obj's first alert alone stores
    // thumbnails, and the newest's scores win. An obj this transaction created needs no turn:
    // every other alert of it waits on that row until this one commits.
    if (!created) await trx.raw(`SELECT pg_advisory_xact_lock(hashtextextended('alert-stream.obj:' || ?, 0))`, [alert.objId]);
    // The claim and the obj's other alerts in one statement (its snapshot is taken after the turn).
    const { rows } = await trx.raw(
      `WITH claimed AS (
         INSERT INTO alert_stream_alerts (candid, obj_id, stream_id, format, observed_at, source) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (candid) DO NOTHING RETURNING candid)
       SELECT (SELECT count(*) FROM claimed)::int AS claimed, count(*)::int AS n, max(observed_at) AS newest
       FROM alert_stream_alerts WHERE obj_id = ? AND candid <> ?`,
      [alert.candid, alert.objId, streamId, deps.format.name, alert.observedAt, source, alert.objId, alert.candid],
    );
    const others: { claimed: number; n: number; newest: Date | null } = rows[0];
    if (!others.claimed) {
      // Ingested before: nothing changes (and nothing is announced again).
      const before = await trx('alert_stream_alerts').where({ candid: alert.candid }).first('obj_id', 'candidate_ids');
      if (before.obj_id !== alert.objId) throw new PacketError(`candid ${alert.candid} was ingested before as an alert of ${before.obj_id}`);
      return { candid: alert.candid, objId: alert.objId, candidateIds: before.candidate_ids, created: false };
    }
    const first = others.n === 0;
    const newest = first || new Date(others.newest!) <= alert.observedAt;
    await deps.photometry.ingest(
      account,
      { ...alert.photometry, stream_ids: [streamId], obj_id: alert.objId, instrument_id: instrument.id, group_ids: [deps.sitewideGroupId] },
      'put',
      { trx },
    );
    if (first && deps.thumbnails) await addThumbnails(deps.thumbnails, deps.logger, deps.format.instrument, trx, alert, streamId, account, source);
    if (newest && deps.annotations && Object.keys(alert.annotations.data).length) {
      const annotation = {
        objId: alert.objId,
        origin: alert.annotations.origin,
        data: alert.annotations.data,
        groupIds: [deps.sitewideGroupId],
        authorId: account.id,
      };
      await deps.annotations.upsert(trx, { ...annotation, streamId });
    }
    const candidateIds = await deps.candidates.addPassing(trx, { streamId, alert, uploader: account });
    if (candidateIds.length) await trx('alert_stream_alerts').where({ candid: alert.candid }).update({ candidate_ids: candidateIds });
    const message: AlertsIngestedMessage = {
      type: 'alerts.ingested',
      data: { obj_id: alert.objId, candid: alert.candid, stream_id: streamId, candidate_ids: candidateIds },
    };
    // Everyone may hear it who may subscribe to the stream's channel (checked on subscribing).
    await deps.live.publish(alertsChannel(streamId), message, { groupIds: [deps.sitewideGroupId] }, { transaction: trx });
    return { candid: alert.candid, objId: alert.objId, candidateIds, created: true };
  });
}

/** The cutouts of an obj's first alert as its new/ref/sub thumbnails; a cutout that cannot be read is logged and left out. */
async function addThumbnails(
  thumbnails: ThumbnailsService,
  logger: Logger,
  survey: string,
  trx: Knex.Transaction,
  alert: Alert,
  streamId: number,
  account: Principal,
  source: string,
): Promise<void> {
  const images: AddThumbnailInput[] = [];
  for (const [type, bytes] of Object.entries(alert.cutouts) as [keyof Alert['cutouts'], Uint8Array][]) {
    let png: Buffer;
    try {
      png = cutoutToPng(bytes);
    } catch (error) {
      logger.warn({ source, type, reason: (error as Error).message }, 'alert-stream: cutout left out');
      continue;
    }
    images.push({ objId: alert.objId, type, png, origin: survey, survey, ownerId: account.id, streamId });
  }
  // One lock statement and one INSERT for the three.
  await thumbnails.addMany(trx, images);
}
