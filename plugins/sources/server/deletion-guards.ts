import { badRequest, type PluginHooks } from '@skyportal/sdk';
import { sourcesHooks } from '../types.js';

/** A plugin's table that refers to objs (`obj_id`) and, when `rows` is given, instruments (`instrument_id`). */
export interface HeldRows {
  plugin: string;
  table: string;
  /** As the obj message names them: "Please remove all associated <noun> from object ...". */
  noun: string;
  /** As the instrument message names them: "their <rows> must be deleted first"; absent: the table has no `instrument_id`. */
  rows?: string;
}

/**
 * A plugin's rows are never deleted as a side effect of deleting what they refer to: they may be
 * shared with groups the deleter is not in. An obj (DELETE /api/objs) or an instrument (or its
 * telescope) that `table` refers to is refused with a 400 saying what to remove first, in
 * SkyPortal's words for objs.
 */
export function refuseDeletionsWhileHeld(hooks: PluginHooks, { plugin, table, noun, rows }: HeldRows): void {
  hooks.get(sourcesHooks.objDeleting).tapPromise(plugin, async ({ objId, trx }) => {
    if (await trx(table).where({ obj_id: objId }).first('id')) {
      throw badRequest(`Please remove all associated ${noun} from object with ID ${objId} before removing.`);
    }
  });
  if (rows === undefined) return;
  hooks.get(sourcesHooks.instrumentsDeleting).tapPromise(plugin, async ({ instrumentIds, trx }) => {
    const used = await trx(table).whereIn('instrument_id', instrumentIds).distinct('instrument_id').pluck('instrument_id');
    if (used.length) throw badRequest(`Cannot delete instrument(s) ${used.join(', ')}: their ${rows} must be deleted first.`);
  });
}
