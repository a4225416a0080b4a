/** A stream's id by name, created if missing (the plugin's `stream` option), looked up once per name. */
import { ensureStream, type Knex } from '@skyportal/sdk';

export function streamIds(db: Knex): (name: string) => Promise<number> {
  const known = new Map<string, Promise<number>>();
  return (name) => {
    let id = known.get(name);
    if (!id) {
      id = ensureStream(db, name);
      known.set(name, id);
      id.catch(() => known.delete(name));
    }
    return id;
  };
}
