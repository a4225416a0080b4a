/**
 * The bulk path, all in one transaction (a bad post stores nothing), never one statement per row.
 * A duplicate is a stored point *the uploader can see* with the same values: a point hidden from
 * them counts as not there (knowing its values must neither reveal it nor open it to them), and
 * theirs is stored as their own copy (the unique index is per owner, migration 003).
 * - POST: ids are drawn from the sequence in one query, the rows go straight into `photometry`
 *   with one `COPY ... FROM STDIN`; the unique index catches the uploader's own duplicates, one
 *   join the visible ones of others; only then (the error path) are the rows staged to name them.
 * - PUT: rows go into a temporary staging table with one COPY; one join finds the visible points
 *   stored before; the rest go into `photometry` with one `INSERT ... SELECT ... ON CONFLICT DO
 *   NOTHING` (set-based upsert).
 * Then the group links, with one `INSERT ... SELECT` from arrays. Uploads to the same obj take
 * turns (an advisory lock), so two uploaders who see each other never both store a point.
 */
import { randomUUID } from 'node:crypto';
import {
  badRequest,
  copyInto,
  copyValue,
  isUniqueViolation,
  resolveStreamIds,
  resolveWritableGroups,
  type HookOf,
  type Knex,
  type LiveHub,
  type Logger,
  type PluginMetrics,
  type Principal,
} from '@skyportal/sdk';
import type { SourcesService } from '@skyportal/plugin-sources/types';
import type { photometryHooks, PhotometryUploadResult } from '../types.js';
import { parsePhotometry, type ParsedPhotometry } from './parse.js';
import { scopeToVisiblePoints } from './serialize.js';
import { fitsSmallUpsert, storeSmallUpsert } from './small-upsert.js';

/** At most this many ids in a `photometry.added` live message (the count is always exact). */
export const LIVE_IDS_CAP = 1000;
const COPY_CHUNK_ROWS = 2000;

export interface IngestDeps {
  db: Knex;
  /** `group_ids: "all"` shares with everyone: the sitewide group (as SkyPortal's public group). */
  sitewideGroupId: number;
  sources: SourcesService;
  live: LiveHub;
  ingested: HookOf<typeof photometryHooks.ingested>;
  maxRows: number;
  logger: Logger;
  /** Counts the points stored (`skyportal_ingested_total{plugin="photometry"}` in /metrics). */
  metrics: PluginMetrics;
}

const DATA_COLUMNS = 'obj_id, instrument_id, mjd, filter, flux, fluxerr, origin, ra, dec, ra_unc, dec_unc, altdata, original_user_data, ref_flux, ref_fluxerr';
const DEDUP_MATCH = `p.obj_id = s.obj_id AND p.instrument_id = s.instrument_id AND p.origin = s.origin AND p.mjd = s.mjd
  AND p.filter = s.filter AND p.flux IS NOT DISTINCT FROM s.flux AND p.fluxerr = s.fluxerr`;
/** `duplicate_ignore_flux`: the same epoch of the same origin, whatever the values (SkyPortal's key without flux). */
const EPOCH_MATCH = 'p.obj_id = s.obj_id AND p.instrument_id = s.instrument_id AND p.origin = s.origin AND p.mjd = s.mjd';
/** What else a row says about its point: two rows of one post with the same key must agree on it. */
const OTHER_VALUES = ['ra', 'dec', 'ra_unc', 'dec_unc', 'altdata', 'original_user_data', 'ref_flux', 'ref_fluxerr'];

/** PUT's options (system admins only): see `storeUpsert`. */
export interface UpsertOptions {
  /**
   * The caller's transaction (alert ingestion: one per alert): the points are stored in it, and the
   * `photometry.ingested` hook and live message go out once it commits (nothing on a rollback).
   */
  trx?: Knex.Transaction;
  /** Match stored points on obj, instrument, origin and MJD only. */
  ignoreFlux?: boolean;
  /** With ignoreFlux: replace the matched point's values with the posted ones, where both have an origin. */
  overwriteFlux?: boolean;
}

/** Rows as COPY text: `first` column (id or input index), the data columns, then `suffix`. */
function* copyLines(rows: ParsedPhotometry, first: (i: number) => number, suffix: string): Generator<string> {
  let chunk = '';
  for (let i = 0; i < rows.count; i++) {
    chunk +=
      `${first(i)}\t${copyValue(rows.objId[i])}\t${rows.instrumentId[i]}\t${copyValue(rows.mjd[i])}\t${copyValue(rows.filter[i])}\t` +
      `${copyValue(rows.flux[i])}\t${copyValue(rows.fluxerr[i])}\t${copyValue(rows.origin[i])}\t${copyValue(rows.ra[i])}\t${copyValue(rows.dec[i])}\t` +
      `${copyValue(rows.raUnc[i])}\t${copyValue(rows.decUnc[i])}\t${copyValue(rows.altdata[i])}\t${copyValue(rows.originalUserData[i])}\t` +
      `${copyValue(rows.refFlux[i])}\t${copyValue(rows.refFluxerr[i])}${suffix}\n`;
    if ((i + 1) % COPY_CHUNK_ROWS === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

async function resolveGroups(deps: IngestDeps, db: Knex, user: Principal, requested: ParsedPhotometry['groupIds']): Promise<number[]> {
  const ids = requested === 'all' ? [deps.sitewideGroupId] : requested === undefined ? [] : await resolveWritableGroups(db, user, requested);
  // As SkyPortal: the uploader's single-user group always holds their points.
  if (!ids.includes(user.singleUserGroupId)) ids.push(user.singleUserGroupId);
  return ids;
}

/** Instruments exist and carry the filters; objs exist and are visible to the caller. */
async function checkReferences(deps: IngestDeps, db: Knex, user: Principal, rows: ParsedPhotometry): Promise<void> {
  const instrumentIds = [...new Set(rows.instrumentId)];
  const instruments = await deps.sources.instrumentsById(instrumentIds, db);
  const objIds = [...new Set(rows.objId)];
  const visible = await deps.sources.visibleObjIds(user, objIds, db);
  for (let i = 0; i < rows.count; i++) {
    const instrument = instruments.get(rows.instrumentId[i]!);
    if (!instrument) throw badRequest(`instrument_id[${i}]: no instrument ${rows.instrumentId[i]}`, { field: 'instrument_id', row: i });
    if ((instrument.type === 'imager' || instrument.filters.length) && !instrument.filters.includes(rows.filter[i]!)) {
      throw badRequest(`filter[${i}]: instrument ${instrument.name} has no filter ${rows.filter[i]} (it has ${instrument.filters.join(', ') || 'none'})`, {
        field: 'filter',
        row: i,
      });
    }
    // One message for "no such obj" and "not yours": never reveal what exists.
    if (!visible.has(rows.objId[i]!))
      throw badRequest(`obj_id[${i}]: no source ${rows.objId[i]} among your sources (save it first: POST /api/sources)`, { field: 'obj_id', row: i });
  }
}

/** The rows of a `trx.raw` SELECT. */
async function select<T>(trx: Knex.Transaction, sql: string, bindings: readonly unknown[] = []): Promise<T[]> {
  return (await trx.raw(sql, bindings as Knex.RawBinding[])).rows;
}

async function stage(trx: Knex.Transaction, rows: ParsedPhotometry): Promise<void> {
  // Ids come from the real sequence as rows are copied, so they follow the input order.
  await trx.raw(`
    CREATE TEMP TABLE photometry_staging (
      id bigint NOT NULL DEFAULT nextval('photometry_id_seq'),
      idx integer NOT NULL, obj_id text NOT NULL, instrument_id integer NOT NULL, mjd double precision NOT NULL,
      filter text NOT NULL, flux double precision, fluxerr double precision NOT NULL, origin text NOT NULL,
      ra double precision, dec double precision, ra_unc double precision, dec_unc double precision,
      altdata jsonb, original_user_data jsonb, ref_flux double precision, ref_fluxerr double precision
    ) ON COMMIT DROP`);
  await copyInto(
    trx,
    `photometry_staging (idx, ${DATA_COLUMNS})`,
    copyLines(rows, (i) => i, ''),
  );
}

/**
 * `"17,18,19"` as numbers, digit by digit: `split(',')` would first make a string of every id (a
 * million of them for a big upload, several times the list's own size).
 */
function idList(value: string | null): number[] {
  const ids: number[] = [];
  if (!value) return ids;
  let id = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 44) {
      ids.push(id);
      id = 0;
    } else id = id * 10 + (code - 48);
  }
  ids.push(id);
  return ids;
}

interface Stored {
  /** The id of every input row, in input order. */
  ids: number[];
  /** Whether each row was stored by this upload (false: it was stored before, PUT only). */
  isNew: boolean[];
}

async function linkGroups(trx: Knex.Transaction, ids: number[], groupIds: number[], onConflict: boolean): Promise<void> {
  if (onConflict) {
    await trx.raw(
      `INSERT INTO photometry_groups (photometry_id, group_id)
       SELECT p, g FROM unnest(?::bigint[]) AS p CROSS JOIN unnest(?::int[]) AS g
       ON CONFLICT DO NOTHING`,
      [ids, groupIds],
    );
    return;
  }
  // New points: nothing to conflict with, so COPY (cheaper than INSERT ... SELECT for 100k links).
  function* lines() {
    for (let start = 0; start < ids.length; start += COPY_CHUNK_ROWS) {
      let chunk = '';
      for (const id of ids.slice(start, start + COPY_CHUNK_ROWS)) for (const g of groupIds) chunk += `${id}\t${g}\n`;
      yield chunk;
    }
  }
  await copyInto(trx, 'photometry_groups (photometry_id, group_id)', lines());
}

/** The stream links of newly stored points (`DISTINCT`: a PUT may name one point in two rows). */
async function linkStreams(trx: Knex.Transaction, ids: number[], streamIds: number[]): Promise<void> {
  if (!ids.length || !streamIds.length) return;
  await trx.raw(
    `INSERT INTO photometry_streams (photometry_id, stream_id)
     SELECT DISTINCT p, s FROM unnest(?::bigint[]) AS p CROSS JOIN unnest(?::int[]) AS s
     ON CONFLICT DO NOTHING`,
    [ids, streamIds],
  );
}

/** Uploads to the same objs queue here, in a fixed order (no deadlock), until commit. */
async function takeTurns(trx: Knex.Transaction, objIds: readonly string[]): Promise<void> {
  await trx.raw(
    `SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended('photometry.obj:' || o, 0) AS k FROM unnest(?::text[]) AS o ORDER BY k) AS t`,
    [[...new Set(objIds)]],
  );
}

interface Duplicate {
  idx: number;
  /** The stored point (one the uploader can see), or null for a row repeating an earlier one. */
  id: number | null;
}

function duplicatesError(found: Duplicate[]) {
  const described = found.slice(0, 10).map((r) => (r.id === null ? `row ${r.idx} (repeats an earlier row)` : `row ${r.idx} (id ${r.id})`));
  return badRequest(
    `duplicates: points already stored: ${described.join(', ')}${found.length > 10 ? ', ...' : ''}. ` +
      'Nothing was stored; PUT /api/photometry stores the new points and returns the ids of the others.',
    { duplicates: found.slice(0, 100).map((r) => ({ row: r.idx, id: r.id })) },
  );
}

/** POST: the rows straight into `photometry` with COPY; an own duplicate aborts it (then: `postDuplicates`). */
async function storeNew(trx: Knex.Transaction, user: Principal, rows: ParsedPhotometry, groupIds: number[], uploadId: string): Promise<Stored> {
  const [drawn] = await select<{ ids: string | null }>(
    trx,
    `SELECT array_to_string(array_agg(nextval('photometry_id_seq')), ',') AS ids FROM generate_series(1, ?::int)`,
    [rows.count],
  );
  const ids = idList(drawn!.ids);
  await copyInto(
    trx,
    `photometry (id, ${DATA_COLUMNS}, owner_id, upload_id)`,
    copyLines(rows, (i) => ids[i]!, `\t${user.id}\t${copyValue(uploadId)}`),
  );
  // Points of other owners the uploader can see are duplicates too (their own: the index).
  const others = await select<{ any: boolean }>(trx, 'SELECT EXISTS (SELECT 1 FROM photometry WHERE obj_id = ANY(?) AND owner_id IS DISTINCT FROM ?) AS any', [
    [...new Set(rows.objId)],
    user.id,
  ]);
  if (others[0]!.any) {
    const twins = scopeToVisiblePoints(
      trx
        .select('s.id as new_id', 'p.id')
        .from('photometry as s')
        .joinRaw(`JOIN photometry p ON ${DEDUP_MATCH} AND p.id <> s.id`)
        .whereRaw('s.id = ANY(?::bigint[])', [ids])
        .orderBy('s.id')
        .limit(101),
      user,
    );
    const found: { new_id: string; id: string }[] = await twins;
    if (found.length) {
      const index = new Map(ids.map((id, i) => [id, i]));
      throw duplicatesError(found.map((r) => ({ idx: index.get(Number(r.new_id))!, id: Number(r.id) })));
    }
  }
  await linkGroups(trx, ids, groupIds, false);
  return { ids, isNew: new Array<boolean>(rows.count).fill(true) };
}

/** Each staged row's stored twin among the points the uploader can see (their own first). */
async function visibleTwins(trx: Knex.Transaction, user: Principal, limit?: number, match = DEDUP_MATCH): Promise<Duplicate[]> {
  const query = scopeToVisiblePoints(
    trx
      .select('s.idx', 'p.id')
      .distinctOn('s.idx')
      .from('photometry_staging as s')
      .joinRaw(`JOIN photometry p ON ${match}`)
      .orderByRaw('s.idx, (p.owner_id = ?) DESC NULLS LAST, p.id', [user.id]),
    user,
  );
  if (limit !== undefined) query.limit(limit);
  return (await query).map((r: { idx: number; id: string }) => ({ idx: r.idx, id: Number(r.id) }));
}

/** The error path of POST: which rows are already stored (or twice in the post)? Always throws. */
async function postDuplicates(trx: Knex.Transaction, user: Principal, rows: ParsedPhotometry): Promise<never> {
  await stage(trx, rows);
  const stored = await visibleTwins(trx, user, 101);
  const repeats = await select<{ idx: number }>(
    trx,
    `SELECT DISTINCT b.idx FROM photometry_staging a JOIN photometry_staging b
       ON a.idx < b.idx AND a.obj_id = b.obj_id AND a.instrument_id = b.instrument_id AND a.origin = b.origin
      AND a.mjd = b.mjd AND a.filter = b.filter AND a.flux IS NOT DISTINCT FROM b.flux AND a.fluxerr = b.fluxerr
     ORDER BY 1 LIMIT 101`,
  );
  const found = [...stored, ...repeats.map((r) => ({ idx: r.idx, id: null }))].sort((a, b) => a.idx - b.idx);
  throw duplicatesError(found);
}

/** An origin that names one (SkyPortal's test for overwriting: not empty, `None`, `nan` or `null`). */
function hasOrigin(origin: string): boolean {
  return !['', 'none', 'nan', 'null'].includes(origin.trim().toLowerCase());
}

/**
 * `overwrite_flux`: the matched stored points take the posted values (one posted row per stored
 * point, and one stored point per epoch, filter and origin, so no two become equal), where the row
 * has an origin: a point of known provenance re-reduced by its pipeline.
 */
async function overwriteTwins(trx: Knex.Transaction, rows: ParsedPhotometry, twins: Duplicate[]): Promise<void> {
  const pairs = new Map<number, number>();
  const epochs = new Set<string>();
  for (const { idx, id } of twins) {
    const epoch = JSON.stringify([rows.mjd[idx], rows.instrumentId[idx], rows.filter[idx], rows.origin[idx]]);
    if (!hasOrigin(rows.origin[idx]!) || pairs.has(id!) || epochs.has(epoch)) continue;
    pairs.set(id!, idx);
    epochs.add(epoch);
  }
  if (!pairs.size) return;
  try {
    await trx.raw(
      `UPDATE photometry p SET flux = s.flux, fluxerr = s.fluxerr, filter = s.filter, ${OTHER_VALUES.map((c) => `${c} = s.${c}`).join(', ')}, modified = now()
       FROM unnest(?::bigint[], ?::int[]) AS u(id, idx) JOIN photometry_staging s ON s.idx = u.idx
       WHERE p.id = u.id`,
      [[...pairs.keys()], [...pairs.values()]],
    );
  } catch (error) {
    if (isUniqueViolation(error, 'photometry_dedup')) throw badRequest('duplicates: overwriting would make two stored points equal; nothing was stored');
    throw error;
  }
}

/** Rows of the post that repeat an earlier row's key but say something else about the point: refused. */
async function contradictingRepeats(trx: Knex.Transaction): Promise<void> {
  const found = await select<{ first: number; idx: number }>(
    trx,
    `SELECT a.idx AS first, b.idx FROM photometry_staging a JOIN photometry_staging b
       ON a.idx < b.idx AND a.obj_id = b.obj_id AND a.instrument_id = b.instrument_id AND a.origin = b.origin
      AND a.mjd = b.mjd AND a.filter = b.filter AND a.flux IS NOT DISTINCT FROM b.flux AND a.fluxerr = b.fluxerr
     WHERE (${OTHER_VALUES.map((c) => `a.${c}`).join(', ')}) IS DISTINCT FROM (${OTHER_VALUES.map((c) => `b.${c}`).join(', ')})
     ORDER BY b.idx LIMIT 10`,
  );
  if (!found.length) return;
  const described = found.map((r) => `row ${r.idx} repeats row ${r.first}`).join(', ');
  throw badRequest(
    `duplicates: ${described} (same obj, instrument, origin, mjd, filter, flux and fluxerr) with other values (${OTHER_VALUES.join(', ')}): ` +
      'one point cannot have two; nothing was stored',
    { duplicates: found.map((r) => ({ row: r.idx, repeats: r.first })) },
  );
}

/**
 * PUT: staged; one join finds the visible points stored before; the rest in one INSERT ... ON
 * CONFLICT DO NOTHING. A row repeating an earlier one is that point (its id twice), unless the two
 * disagree on the rest (position, altdata, ...): then the post is refused.
 */
async function storeUpsert(
  trx: Knex.Transaction,
  user: Principal,
  rows: ParsedPhotometry,
  groupIds: number[],
  uploadId: string,
  options: UpsertOptions,
): Promise<Stored> {
  await stage(trx, rows);
  const [staged] = await select<{ ids: string | null }>(trx, `SELECT array_to_string(array_agg(id ORDER BY idx), ',') AS ids FROM photometry_staging`);
  const ids = idList(staged!.ids);
  const isNew = new Array<boolean>(rows.count).fill(true);
  const twins = await visibleTwins(trx, user, undefined, options.ignoreFlux ? EPOCH_MATCH : DEDUP_MATCH);
  for (const twin of twins) {
    ids[twin.idx] = twin.id!;
    isNew[twin.idx] = false;
  }
  if (options.ignoreFlux && options.overwriteFlux) await overwriteTwins(trx, rows, twins);
  const twinRows = twins.map((twin) => twin.idx);
  const [inserted] = await select<{ n: number }>(
    trx,
    `WITH ins AS (
       INSERT INTO photometry (id, ${DATA_COLUMNS}, owner_id, upload_id)
       SELECT id, ${DATA_COLUMNS}, ?, ? FROM photometry_staging WHERE idx <> ALL(?::int[]) ORDER BY idx
       ON CONFLICT DO NOTHING
       RETURNING id)
     SELECT count(*)::int AS n FROM ins`,
    [user.id, uploadId, twinRows],
  );
  if (inserted!.n + twins.length !== rows.count) {
    await contradictingRepeats(trx);
    // Rows repeated in this post: the uploader's point just stored from the earlier row.
    const repeats = await select<{ idx: number; id: string }>(
      trx,
      `SELECT s.idx, p.id FROM photometry_staging s JOIN photometry p ON ${DEDUP_MATCH} AND p.owner_id = ?
       WHERE s.idx <> ALL(?::int[]) AND NOT EXISTS (SELECT 1 FROM photometry q WHERE q.id = s.id)`,
      [user.id, twinRows],
    );
    for (const row of repeats) {
      ids[row.idx] = Number(row.id);
      isNew[row.idx] = false;
    }
  }
  await linkGroups(trx, [...new Set(ids)], groupIds, true);
  return { ids, isNew };
}

export async function ingestPhotometry(
  deps: IngestDeps,
  user: Principal,
  payload: unknown,
  mode: 'post' | 'put',
  options: UpsertOptions = {},
): Promise<PhotometryUploadResult> {
  const rows = parsePhotometry(payload, deps.maxRows);
  // In the caller's transaction, everything reads what it wrote so far (an obj it just saved).
  const db = options.trx ?? deps.db;
  const groupIds = await resolveGroups(deps, db, user, rows.groupIds);
  const streamIds = await resolveStreamIds(db, user, rows.streamIds);
  await checkReferences(deps, db, user, rows);
  const uploadId = randomUUID();
  // The caller's transaction gets a savepoint: a refused upload leaves it usable.
  const transaction = <T>(work: (trx: Knex.Transaction) => Promise<T>) => (options.trx ? options.trx.transaction(work) : deps.db.transaction(work));
  let result: Stored;
  try {
    result = await transaction(async (trx) => {
      await takeTurns(trx, rows.objId);
      // A few rows (an alert's light curve): one statement, streams linked in it.
      if (mode === 'put' && fitsSmallUpsert(rows, options)) return storeSmallUpsert(trx, user, rows, groupIds, streamIds, uploadId);
      const stored = mode === 'post' ? await storeNew(trx, user, rows, groupIds, uploadId) : await storeUpsert(trx, user, rows, groupIds, uploadId, options);
      // The streams go on the points this upload stores. Not on a point stored before (PUT): a
      // stream hides a point from whoever lacks it, and re-posting a point must not hide it from
      // those who see it now (SkyPortal adds them, but there a stream only widens who sees a point).
      await linkStreams(
        trx,
        stored.ids.filter((_, i) => stored.isNew[i]),
        streamIds,
      );
      return stored;
    });
  } catch (error) {
    // A duplicate aborted the POST's COPY (and its transaction): name the duplicates, store nothing.
    if (mode !== 'post' || !isUniqueViolation(error, 'photometry_dedup')) throw error;
    await transaction((trx) => postDuplicates(trx, user, rows));
    throw error;
  }
  // The points are stored (or will be, when the caller commits): a failing listener is logged,
  // never the upload's failure.
  const announced = () =>
    announce(deps, user, rows, result.ids, result.isNew, groupIds, uploadId).catch((error) =>
      deps.logger.error({ err: error, uploadId }, 'photometry.ingested listeners or live message failed'),
    );
  if (options.trx) {
    // executionPromise settles when the caller's transaction ends: announce only a commit.
    options.trx.executionPromise.then(announced, () => undefined);
  } else {
    await announced();
  }
  return { ids: result.ids, upload_id: uploadId };
}

/** After commit: the `photometry.ingested` hook and a `photometry.added` live message per source. */
async function announce(deps: IngestDeps, user: Principal, rows: ParsedPhotometry, ids: number[], isNew: boolean[], groupIds: number[], uploadId: string) {
  const byObj = new Map<string, number[]>();
  const newIds: number[] = [];
  for (let i = 0; i < rows.count; i++) {
    if (!isNew[i]) continue;
    newIds.push(ids[i]!);
    const list = byObj.get(rows.objId[i]!);
    if (list) list.push(ids[i]!);
    else byObj.set(rows.objId[i]!, [ids[i]!]);
  }
  if (!newIds.length) return;
  deps.metrics.ingested('points', newIds.length);
  await deps.ingested.promise({ objIds: [...byObj.keys()], ids: newIds, uploadId, userId: user.id });
  await Promise.all(
    [...byObj].map(([objId, list]) =>
      deps.live.publish(
        `source:${objId}`,
        { type: 'photometry.added', data: { obj_id: objId, ids: list.slice(0, LIVE_IDS_CAP), count: list.length } },
        { groupIds },
      ),
    ),
  );
}
