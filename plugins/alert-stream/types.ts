// Shapes shared by the alert-stream plugin's server (its ingest path, its Kafka consumer) and the
// plugins and tools built on it.
import { createServiceRef, defineHook } from '@skyportal/sdk/refs';

/** The gzipped FITS cutouts of an alert, by SkyPortal's thumbnail type (science, template, difference). */
export interface AlertCutouts {
  new?: Uint8Array;
  ref?: Uint8Array;
  sub?: Uint8Array;
}

/**
 * One alert as the ingest path needs it, whatever the survey: what a format module makes of a
 * decoded packet (`AlertFormat.toAlert`).
 */
export interface Alert {
  /** The obj it is about (ZTF's `objectId`). */
  objId: string;
  /** Position of this detection, degrees. */
  ra: number;
  dec: number;
  /** The alert's id, as exact decimal digits (ZTF's candid is a long beyond 2^53). */
  candid: string;
  /** When the detection was observed: the candidate's passing time (deterministic, so re-ingesting adds nothing). */
  observedAt: Date;
  /**
   * The points, in the photometry plugin's columnar payload (`mjd`, `filter`, `flux`, `fluxerr`,
   * `zp`, `magsys`, `ra`, `dec`: one entry per point); the ingest path adds obj, instrument, groups
   * and stream.
   */
  photometry: Record<string, unknown[] | string | number>;
  cutouts: AlertCutouts;
  /** Scores and cross-matches of the detection (`rb`, `drb`, `sgscore1`, ...), numbers only. */
  annotations: { origin: string; data: Record<string, number> };
  /**
   * The packet's fields as filter conditions address them (`candidate.rb`, `candidate.ndethist`,
   * `objectId`): plain JSON values (longs as numbers when exact, else digit strings).
   */
  fields: Record<string, unknown>;
}

/**
 * A survey's packet format: one module per survey (`server/formats/ztf.ts`), so another survey's
 * (LSST's, a broker's) is another module of the same shape.
 */
export interface AlertFormat<Packet = unknown> {
  /** `ztf` */
  name: string;
  /** The instrument its photometry is measured with, by name (`ZTF`); it must exist with the format's filters. */
  instrument: string;
  /** The filters its photometry uses (`ztfg`, `ztfr`, `ztfi`). */
  filters: readonly string[];
  /** The packets in one message or file; throws (an `Error` naming what is wrong) on bytes that are not such packets. */
  decode(bytes: Uint8Array): Promise<Packet[]>;
  /** One packet as an alert; throws on a packet that lacks what an alert needs (named in the message). */
  toAlert(packet: Packet): Alert;
}

export interface IngestOptions {
  /** The stream the alerts belong to (created if missing); default: the plugin's `stream` option. */
  streamName?: string;
  /** Where the bytes came from, for the log and `skipped` (a file name, or `topic@partition:offset`). */
  source: string;
}

export interface IngestedAlert {
  candid: string;
  objId: string;
  /** Candidates the alert made (filters of the stream whose conditions it passes); [] when none passed. */
  candidateIds: number[];
  /** False when everything in it was stored before (re-ingesting changes nothing). */
  created: boolean;
}

export interface IngestResult {
  ingested: IngestedAlert[];
  /** Packets that could not be read or used, with where they came from and why; the others went in. */
  skipped: { source: string; reason: string }[];
}

/** What the Kafka consumer, the CLI and `POST /api/alerts` call: `services.get(alertStreamService)`. */
export interface AlertStreamService {
  /**
   * Decodes `bytes` (one Avro container file, one or more packets) and ingests each alert in a
   * transaction of its own: obj, photometry, thumbnails, annotations, candidates. A packet that
   * cannot be read or used is logged with `source` and skipped; the others go in. Resolves once
   * each alert's transaction committed (or was skipped); throws only for what is wrong with the
   * site (no instrument, database down), never for a bad packet.
   */
  ingest(bytes: Uint8Array, options: IngestOptions): Promise<IngestResult>;
  /**
   * As `ingest`, for many files at once (a POST's packets, a Kafka batch): their alerts go in
   * several at a time (the plugin's `concurrency`), each still in its own transaction; `ingested`
   * and `skipped` keep the files' order. Resolves once every alert committed or was skipped; on a
   * site problem, throws after the alerts under way finished (those committed stay, as with `ingest`).
   */
  ingestMany(files: readonly { bytes: Uint8Array; source: string }[], options?: Omit<IngestOptions, 'source'>): Promise<IngestResult>;
}

export const alertStreamService = createServiceRef<AlertStreamService>({ id: 'alert-stream.service' });

/** Event of `alert-stream.ingested`: one alert committed. */
export interface AlertIngestedEvent {
  objId: string;
  candid: string;
  streamId: number;
  candidateIds: number[];
  source: string;
}

export const alertStreamHooks = Object.freeze({
  /** After each alert's transaction committed (not for an alert stored before). */
  ingested: defineHook<AlertIngestedEvent>({ id: 'alert-stream.ingested', kind: 'asyncParallel' }),
});

/** The live message on `alerts:<stream id>` after an alert committed. */
export interface AlertsIngestedMessage {
  type: 'alerts.ingested';
  data: { obj_id: string; candid: string; stream_id: number; candidate_ids: number[] };
}
