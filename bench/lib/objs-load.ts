/**
 * Bulk loading of random objs saved to one group, for the benches that grow the tables (cone
 * search, sources list): `INSERT ... SELECT generate_series` on two connections, with the
 * secondary indexes and constraints of `objs` and `sources` dropped during the load and rebuilt
 * after, then VACUUM ANALYZE. Ids are `B` and 9 digits, so a load can continue where the last one
 * stopped (`from`).
 */
import type pg from 'pg';

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  console.log(`  ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}

/** Objs `from..to` (1-based, inclusive), each saved to `groupId` by `userId`, a second apart in saved_at. */
export async function loadObjs(clients: [pg.Client, pg.Client], range: { from: number; to: number }, groupId: number, userId: number): Promise<void> {
  const [db, db2] = clients;
  const constraints = (
    await db.query(`SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'sources'::regclass AND contype IN ('f', 'u')`)
  ).rows as { conname: string; def: string }[];
  const indexes = (
    await db.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('objs', 'sources')
         AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))`,
    )
  ).rows as { indexname: string; indexdef: string }[];
  for (const c of constraints) await db.query(`ALTER TABLE sources DROP CONSTRAINT "${c.conname}"`);
  for (const i of indexes) await db.query(`DROP INDEX "${i.indexname}"`);

  const half = Math.floor((range.from + range.to) / 2);
  const ranges: [number, number][] = [
    [range.from, half],
    [half + 1, range.to],
  ];
  await timed('objs (2 connections, INSERT ... SELECT generate_series)', () =>
    Promise.all(
      ranges.map(([from, to], k) =>
        clients[k]!.query(
          `INSERT INTO objs (id, ra, dec)
           SELECT 'B' || lpad(i::text, 9, '0'), random() * 360, degrees(asin(2 * random() - 1))
           FROM generate_series($1::int, $2::int) AS i`,
          [from, to],
        ),
      ),
    ),
  );
  // Distinct saving times (one a second, the newest last), as a survey's savings would be.
  await timed('sources', () =>
    Promise.all(
      ranges.map(([from, to], k) =>
        clients[k]!.query(
          `INSERT INTO sources (obj_id, group_id, saved_by_id, saved_at)
           SELECT 'B' || lpad(i::text, 9, '0'), $3, $4, timestamptz '2020-01-01' + i * interval '1 second'
           FROM generate_series($1::int, $2::int) AS i`,
          [from, to, groupId, userId],
        ),
      ),
    ),
  );
  await timed('indexes and constraints', async () => {
    const zone = indexes.find((i) => i.indexname === 'objs_zone_ra');
    const rest = indexes.filter((i) => i !== zone);
    await Promise.all([
      zone ? db.query(zone.indexdef) : Promise.resolve(),
      (async () => {
        for (const i of rest) await db2.query(i.indexdef);
        for (const c of constraints) await db2.query(`ALTER TABLE sources ADD CONSTRAINT "${c.conname}" ${c.def}`);
      })(),
    ]);
  });
  await timed('VACUUM ANALYZE', () => Promise.all([db.query('VACUUM (ANALYZE) objs'), db2.query('VACUUM (ANALYZE) sources')]));
}

export function randomPosition(): { ra: number; dec: number } {
  return { ra: Math.random() * 360, dec: (Math.asin(2 * Math.random() - 1) * 180) / Math.PI };
}
