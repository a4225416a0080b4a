/**
 * What annotations add to the spectra plugin, through the hooks it offers (while it is enabled):
 * - `spectra.serialize`: `annotations` on every whole spectrum answered, those the caller may read
 *   (as SkyPortal);
 * - `spectra.deleting`: a deleted spectrum's annotations go with it, in the deleting transaction
 *   (SkyPortal cascades them).
 */
import type { PluginHooks } from '@skyportal/sdk';
import { spectraHooks, type SpectraDeletingEvent, type SpectraSerializeEvent } from '@skyportal/plugin-spectra/types';
import { serializeAnnotations, visibleAnnotations, type StoredAnnotation } from './store.js';

async function addAnnotations(event: SpectraSerializeEvent): Promise<void> {
  const { user, db, spectra } = event;
  if (!spectra.length || event.minimal) return;
  const rows: StoredAnnotation[] = await visibleAnnotations(db, user)
    .whereIn(
      'a.spectrum_id',
      spectra.map((spectrum) => spectrum.id),
    )
    .select('a.*')
    .orderBy([
      { column: 'a.origin', order: 'asc' },
      { column: 'a.id', order: 'asc' },
    ]);
  const annotations = await serializeAnnotations(db, user, rows, 'spectra');
  for (const spectrum of spectra) spectrum.annotations = annotations.filter((annotation) => annotation.spectrum_id === spectrum.id);
}

async function deleteAnnotations({ spectrumIds, trx }: SpectraDeletingEvent): Promise<void> {
  if (spectrumIds.length) await trx('annotations').whereIn('spectrum_id', spectrumIds).delete();
}

/** Taps the spectra plugin's hooks (called in `register` when it is enabled). */
export function extendSpectra(hooks: PluginHooks): void {
  hooks.get(spectraHooks.serialize).tapPromise('annotations', addAnnotations);
  hooks.get(spectraHooks.deleting).tapPromise('annotations', deleteAnnotations);
}
