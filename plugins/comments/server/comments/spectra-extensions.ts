/**
 * What comments add to the spectra plugin, through the hooks it offers (while it is enabled):
 * - `spectra.serialize`: `comments` on every whole spectrum answered (one, a list, a source's),
 *   newest first, those the caller may read, without attachments' bytes (as SkyPortal);
 * - `spectra.filter`: the `commentsFilter*` parameters narrow `GET /api/spectra`;
 * - `spectra.deleting`: a deleted spectrum's comments go with it, in the deleting transaction.
 */
import type { PluginHooks } from '@skyportal/sdk';
import { spectraHooks, type SpectraDeletingEvent, type SpectraFilterEvent, type SpectraSerializeEvent } from '@skyportal/plugin-spectra/types';
import { matchingComments } from './source-extensions.js';
import { serializeComments, visibleComments, type StoredComment } from './store.js';

async function addComments(event: SpectraSerializeEvent): Promise<void> {
  const { user, db, spectra } = event;
  if (!spectra.length || event.minimal) return;
  const rows: StoredComment[] = await visibleComments(db, user)
    .whereIn(
      'c.spectrum_id',
      spectra.map((spectrum) => spectrum.id),
    )
    .select('c.*')
    .orderBy([
      { column: 'c.created_at', order: 'desc' },
      { column: 'c.id', order: 'desc' },
    ]);
  const comments = await serializeComments(db, user, rows, 'spectra');
  for (const spectrum of spectra) spectrum.comments = comments.filter((comment) => comment.spectrum_id === spectrum.id);
}

async function narrowByComments(event: SpectraFilterEvent): Promise<void> {
  const matching = await matchingComments(event.db, event.user, event.query, { spectrumIdColumn: event.spectrumIdColumn });
  if (matching) event.whereExists(matching.subquery);
}

async function deleteComments({ spectrumIds, trx }: SpectraDeletingEvent): Promise<void> {
  if (spectrumIds.length) await trx('comments').whereIn('spectrum_id', spectrumIds).delete();
}

/** Taps the spectra plugin's hooks (called in `register` when it is enabled). */
export function extendSpectra(hooks: PluginHooks): void {
  hooks.get(spectraHooks.serialize).tapPromise('comments', addComments);
  hooks.get(spectraHooks.filter).tapPromise('comments', narrowByComments);
  hooks.get(spectraHooks.deleting).tapPromise('comments', deleteComments);
}
