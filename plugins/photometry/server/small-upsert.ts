/**
 * PUT of a few points (an alert's light curve: ~25 rows) in one statement: the rows go in as
 * arrays (`unnest`), and one statement finds the visible stored twins, inserts the rest with ids
 * in input order, and links the groups and streams. The staged path (a temporary table and a COPY
 * per upload, then five statements) costs the same few milliseconds for 25 rows as for 2,000; for
 * a handful its catalog churn and round trips are the whole cost. Same checks and same answer as
 * `storeUpsert`: what it cannot do the same way (a post repeating a row, `ignore_flux`, a large
 * post) goes the staged way (`fitsSmallUpsert`).
 */
import type { Knex, Principal } from '@skyportal/sdk';
import type { ParsedPhotometry } from './parse.js';
import { scopeToVisiblePoints } from './serialize.js';

/** Above this many rows, the staged path (COPY) is the cheaper one. */
export const SMALL_UPSERT_ROWS = 500;

/** The values that make two points the same (the `photometry_dedup` index and DEDUP_MATCH). */
const dedupKey = (rows: ParsedPhotometry, i: number) =>
  JSON.stringify([rows.objId[i], rows.instrumentId[i], rows.origin[i], rows.mjd[i], rows.filter[i], nanToNull(rows.flux[i]!), rows.fluxerr[i]]);

/** A post of at most SMALL_UPSERT_ROWS rows, none repeating another, matched on every value (not `ignore_flux`). */
export function fitsSmallUpsert(rows: ParsedPhotometry, options: { ignoreFlux?: boolean }): boolean {
  if (rows.count > SMALL_UPSERT_ROWS || options.ignoreFlux) return false;
  const seen = new Set<string>();
  for (let i = 0; i < rows.count; i++) {
    const key = dedupKey(rows, i);
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

function nanToNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

const floats = (values: Float64Array) => Array.from(values, nanToNull);

/** The post's rows as a relation `s` (the staging table's columns), from one array per column. */
const ROWS = `SELECT * FROM unnest(?::int[], ?::text[], ?::int[], ?::float8[], ?::text[], ?::float8[], ?::float8[], ?::text[],
    ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::jsonb[], ?::jsonb[], ?::float8[], ?::float8[])
  AS s(idx, obj_id, instrument_id, mjd, filter, flux, fluxerr, origin, ra, dec, ra_unc, dec_unc, altdata, original_user_data, ref_flux, ref_fluxerr)`;

const DATA_COLUMNS = 'obj_id, instrument_id, mjd, filter, flux, fluxerr, origin, ra, dec, ra_unc, dec_unc, altdata, original_user_data, ref_flux, ref_fluxerr';
const DEDUP_MATCH = `p.obj_id = s.obj_id AND p.instrument_id = s.instrument_id AND p.origin = s.origin AND p.mjd = s.mjd
  AND p.filter = s.filter AND p.flux IS NOT DISTINCT FROM s.flux AND p.fluxerr = s.fluxerr`;

function columns(rows: ParsedPhotometry): unknown[] {
  return [
    Array.from({ length: rows.count }, (_, i) => i),
    rows.objId,
    Array.from(rows.instrumentId),
    floats(rows.mjd),
    rows.filter,
    floats(rows.flux),
    floats(rows.fluxerr),
    rows.origin,
    floats(rows.ra),
    floats(rows.dec),
    floats(rows.raUnc),
    floats(rows.decUnc),
    rows.altdata,
    rows.originalUserData,
    floats(rows.refFlux),
    floats(rows.refFluxerr),
  ];
}

export interface SmallStored {
  /** The id of every input row, in input order. */
  ids: number[];
  /** Whether each row was stored by this upload (false: it was stored before). */
  isNew: boolean[];
}

/**
 * In `trx`, under the caller's per-obj turn: each row is its visible stored twin (the uploader's
 * own first, as `visibleTwins`) or a new point; every point gets the groups, the new ones the streams.
 */
export async function storeSmallUpsert(
  trx: Knex.Transaction,
  user: Principal,
  rows: ParsedPhotometry,
  groupIds: number[],
  streamIds: number[],
  uploadId: string,
): Promise<SmallStored> {
  const twins = scopeToVisiblePoints(
    trx
      .select('s.idx', 'p.id')
      .distinctOn('s.idx')
      .from('s')
      .joinRaw(`JOIN photometry p ON ${DEDUP_MATCH}`)
      .orderByRaw('s.idx, (p.owner_id = ?) DESC NULLS LAST, p.id', [user.id]),
    user,
  );
  // `fresh` is materialised once (it is read twice and calls nextval), so the ids inserted are the
  // ids answered; the ORDER BY below the nextval gives them in input order, as the staged path.
  const { rows: answer } = await trx.raw(
    `WITH s AS (${ROWS}),
     twins AS ?,
     fresh AS (SELECT nextval('photometry_id_seq') AS id, f.* FROM (SELECT * FROM s WHERE idx NOT IN (SELECT idx FROM twins) ORDER BY idx) AS f),
     ins AS (
       INSERT INTO photometry (id, ${DATA_COLUMNS}, owner_id, upload_id)
       SELECT id, ${DATA_COLUMNS}, ?, ? FROM fresh ORDER BY idx
       ON CONFLICT DO NOTHING
       RETURNING id),
     linked AS (
       INSERT INTO photometry_groups (photometry_id, group_id)
       SELECT i.id, g FROM (SELECT id FROM ins UNION SELECT id FROM twins) AS i CROSS JOIN unnest(?::int[]) AS g
       ON CONFLICT DO NOTHING),
     streamed AS (
       INSERT INTO photometry_streams (photometry_id, stream_id)
       SELECT i.id, st FROM ins AS i CROSS JOIN unnest(?::int[]) AS st
       ON CONFLICT DO NOTHING)
     SELECT f.idx, f.id, (i.id IS NOT NULL) AS inserted, false AS twin FROM fresh AS f LEFT JOIN ins AS i ON i.id = f.id
     UNION ALL SELECT t.idx, t.id, false, true FROM twins AS t`,
    [...columns(rows), twins, user.id, uploadId, groupIds, streamIds] as Knex.RawBinding[],
  );
  const ids = new Array<number>(rows.count);
  const isNew = new Array<boolean>(rows.count).fill(false);
  const conflicted: number[] = [];
  for (const row of answer as { idx: number; id: string; inserted: boolean; twin: boolean }[]) {
    ids[row.idx] = Number(row.id);
    isNew[row.idx] = row.inserted;
    if (!row.inserted && !row.twin) conflicted.push(row.idx);
  }
  if (conflicted.length) await ownTwins(trx, user, rows, conflicted, groupIds, ids);
  return { ids, isNew };
}

/**
 * Rows the unique index refused although no visible twin was found: a point of the uploader's own
 * stored before that scoping hides from them (as the staged path: it is that point, and gets the groups).
 */
async function ownTwins(trx: Knex.Transaction, user: Principal, rows: ParsedPhotometry, conflicted: number[], groupIds: number[], ids: number[]) {
  const { rows: found } = await trx.raw(
    `WITH s AS (${ROWS}) SELECT s.idx, p.id FROM s JOIN photometry p ON ${DEDUP_MATCH} AND p.owner_id = ? WHERE s.idx = ANY(?::int[])`,
    [...columns(rows), user.id, conflicted] as Knex.RawBinding[],
  );
  for (const row of found as { idx: number; id: string }[]) ids[row.idx] = Number(row.id);
  await trx.raw(
    `INSERT INTO photometry_groups (photometry_id, group_id)
     SELECT p, g FROM unnest(?::bigint[]) AS p CROSS JOIN unnest(?::int[]) AS g ON CONFLICT DO NOTHING`,
    [(found as { id: string }[]).map((row) => Number(row.id)), groupIds],
  );
}
