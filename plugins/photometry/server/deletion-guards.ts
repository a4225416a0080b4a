import { badRequest, type PluginHooks } from '@skyportal/sdk';
import { sourcesHooks } from '@skyportal/plugin-sources/types';

/**
 * Photometry is never deleted as a side effect of deleting what it refers to: its points may be in
 * groups the deleter does not see. An obj (DELETE /api/objs) or an instrument (or its telescope)
 * with photometry is refused with a 400 saying what to remove first, in SkyPortal's words for objs.
 */
export function guardDeletions(hooks: PluginHooks): void {
  hooks.get(sourcesHooks.objDeleting).tapPromise('photometry', async ({ objId, trx }) => {
    if (await trx('photometry').where({ obj_id: objId }).first('id')) {
      throw badRequest(`Please remove all associated photometry from object with ID ${objId} before removing.`);
    }
  });
  hooks.get(sourcesHooks.instrumentsDeleting).tapPromise('photometry', async ({ instrumentIds, trx }) => {
    const used = await trx('photometry').whereIn('instrument_id', instrumentIds).distinct('instrument_id').pluck('instrument_id');
    if (used.length) throw badRequest(`Cannot delete instrument(s) ${used.join(', ')}: their photometry points must be deleted first.`);
  });
}
