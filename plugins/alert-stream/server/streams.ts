/**
 * A stream's id by name, created if missing (the plugin's `stream` option). Streams are core's
 * (an access dimension like groups); on a site without them yet, alerts belong to no stream.
 */
import type { Knex } from '@skyportal/sdk';

export function streamIds(db: Knex): (name: string) => Promise<number | null> {
  const known = new Map<string, number>();
  let hasStreams: Promise<boolean> | undefined;
  return async (name) => {
    const cached = known.get(name);
    if (cached !== undefined) return cached;
    hasStreams ??= db.schema.hasTable('streams');
    if (!(await hasStreams)) return null;
    await db('streams').insert({ name, altdata: null }).onConflict('name').ignore();
    const row = await db('streams').where({ name }).first('id');
    known.set(name, row.id);
    return row.id;
  };
}
