/**
 * What annotations add to the photometry plugin, through the hooks it offers (while it is enabled):
 * `photometry.deleting`: a deleted point's annotations go with it, in the deleting transaction
 * (SkyPortal cascades them).
 */
import type { PluginHooks } from '@skyportal/sdk';
import { photometryHooks, type PhotometryDeletingEvent } from '@skyportal/plugin-photometry/types';

async function deleteAnnotations({ pointIds, trx }: PhotometryDeletingEvent): Promise<void> {
  if (pointIds.length) await trx('annotations').whereIn('photometry_id', pointIds).delete();
}

/** Taps the photometry plugin's hooks (called in `register` when it is enabled). */
export function extendPhotometry(hooks: PluginHooks): void {
  hooks.get(photometryHooks.deleting).tapPromise('annotations', deleteAnnotations);
}
