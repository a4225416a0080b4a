import { badRequest, type PluginHooks } from '@skyportal/sdk';
import { sourcesHooks } from '@skyportal/plugin-sources/types';

/**
 * Spectra are never deleted as a side effect of deleting what they refer to: they may be shared
 * with groups the deleter is not in. An obj (DELETE /api/objs) or an instrument (or its telescope)
 * with spectra is refused with a 400 saying what to remove first.
 */
export function guardDeletions(hooks: PluginHooks): void {
  hooks.get(sourcesHooks.objDeleting).tapPromise('spectra', async ({ objId, trx }) => {
    if (await trx('spectra').where({ obj_id: objId }).first('id')) {
      throw badRequest(`Please remove all associated spectra from object with ID ${objId} before removing.`);
    }
  });
  hooks.get(sourcesHooks.instrumentsDeleting).tapPromise('spectra', async ({ instrumentIds, trx }) => {
    const used = await trx('spectra').whereIn('instrument_id', instrumentIds).distinct('instrument_id').pluck('instrument_id');
    if (used.length) throw badRequest(`Cannot delete instrument(s) ${used.join(', ')}: their spectra must be deleted first.`);
  });
}
