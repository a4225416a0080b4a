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
import type { ThumbnailsService } from '@skyportal/plugin-thumbnails/types';
import type { Alert, AlertFormat, alertStreamHooks, AlertsIngestedMessage, IngestedAlert, IngestOptions, IngestResult } from '../types.js';
import type { CandidatesLink } from './candidates.js';
import { cutoutToPng } from './cutouts.js';

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
}

/** The channel of a stream's `alerts.ingested` messages. */
export const alertsChannel = (streamId: number) => `alerts:${streamId}`;

/** Thrown inside an alert's transaction: a packet problem (skip it), not a site problem. */
class PacketError extends Error {}

async function instrumentFor(deps: IngestDeps): Promise<Instrument> {
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

export async function ingestAlerts(deps: IngestDeps, bytes: Uint8Array, options: IngestOptions): Promise<IngestResult> {
  const result: IngestResult = { ingested: [], skipped: [] };
  const skip = (source: string, reason: string) => {
    deps.logger.warn({ source, reason }, 'alert-stream: packet skipped');
    result.skipped.push({ source, reason });
  };
  let packets: unknown[];
  try {
    packets = await deps.format.decode(bytes);
  } catch (error) {
    skip(options.source, (error as Error).message);
    return result;
  }
  if (!packets.length) skip(options.source, 'no packets in it');
  const instrument = packets.length ? await instrumentFor(deps) : undefined;
  const streamName = options.streamName ?? deps.defaultStream;
  const streamId = await deps.streamId(streamName);
  const account = await deps.account();
  for (const [index, packet] of packets.entries()) {
    const source = packets.length > 1 ? `${options.source}#${index}` : options.source;
    let alert: Alert;
    try {
      alert = deps.format.toAlert(packet);
    } catch (error) {
      skip(source, (error as Error).message);
      continue;
    }
    try {
      const ingested = await ingestOne(deps, { alert, instrument: instrument!, streamId, account, source });
      result.ingested.push(ingested);
      if (ingested.created) {
        deps.metrics.ingested('alerts');
        await deps.ingested
          .promise({ objId: alert.objId, candid: alert.candid, streamId, candidateIds: ingested.candidateIds, source })
          .catch((error) => deps.logger.error({ err: error, source }, 'alert-stream.ingested listeners failed'));
      }
    } catch (error) {
      if (!(error instanceof PacketError) && !isBadRequest(error)) throw error;
      skip(source, `${alert.objId} (candid ${alert.candid}): ${(error as Error).message}`);
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
    await deps.sources.ensureObj(trx, { id: alert.objId, ra: alert.ra, dec: alert.dec, origin: deps.format.instrument });
    const claimed = await trx('alert_stream_alerts')
      .insert({ candid: alert.candid, obj_id: alert.objId, stream_id: streamId, format: deps.format.name, observed_at: alert.observedAt, source })
      .onConflict('candid')
      .ignore()
      .returning('candid');
    if (!claimed.length) {
      // Ingested before: nothing changes (and nothing is announced again).
      const before = await trx('alert_stream_alerts').where({ candid: alert.candid }).first('obj_id', 'candidate_ids');
      if (before.obj_id !== alert.objId) throw new PacketError(`candid ${alert.candid} was ingested before as an alert of ${before.obj_id}`);
      return { candid: alert.candid, objId: alert.objId, candidateIds: before.candidate_ids, created: false };
    }
    const others = await trx('alert_stream_alerts')
      .where({ obj_id: alert.objId })
      .whereNot({ candid: alert.candid })
      .select(trx.raw('count(*)::int AS n'), trx.raw('max(observed_at) AS newest'))
      .first();
    const first = others.n === 0;
    const newest = first || new Date(others.newest) <= alert.observedAt;
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
    const candidateIds = await deps.candidates.addPassing(trx, { streamId, alert, uploaderId: account.id });
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
  for (const [type, bytes] of Object.entries(alert.cutouts) as [keyof Alert['cutouts'], Uint8Array][]) {
    let png: Buffer;
    try {
      png = cutoutToPng(bytes);
    } catch (error) {
      logger.warn({ source, type, reason: (error as Error).message }, 'alert-stream: cutout left out');
      continue;
    }
    await thumbnails.add(trx, { objId: alert.objId, type, png, origin: survey, survey, ownerId: account.id, streamId });
  }
}
