/**
 * What spectra add to the sources plugin's answers, through the hooks it offers (it cannot import
 * this plugin, which depends on it):
 * - `sources.serialize`: `spectrum_exists` (`includeSpectrumExists=true`); `spectra` on one source
 *   (`includeSpectra=true`, as `GET /api/sources/{id}/spectra` gives them; SkyPortal's candidate page asks so);
 * - `sources.filter`: `hasSpectrum` / `hasNoSpectrum`, and `hasSpectrumAfter` / `hasSpectrumBefore`
 *   (a spectrum observed at or after / at or before the instant), as SkyPortal's `GET /api/sources`.
 * Only spectra the caller may see count, so a hidden spectrum changes no field and no filter. One
 * query for the page, nothing when not asked for.
 */
import { inputs, z, type PluginHooks } from '@skyportal/sdk';
import { sourcesHooks, type RawQuery, type SourcesFilterEvent, type SourcesSerializeEvent } from '@skyportal/plugin-sources/types';
import { fullSpectra, withFloatPixels } from './serialize.js';
import { scopeToVisibleSpectra, visibleSpectra, type StoredSpectrum } from './store.js';

const flag = inputs.flag().optional();
const optionalDate = (description: string) => z.preprocess((value) => (value === '' ? undefined : value), inputs.isoDate().optional()).describe(description);

const includeFlags = z.object({ includeSpectrumExists: flag, includeSpectra: flag });
const spectrumFilters = z.object({
  hasSpectrum: flag,
  hasNoSpectrum: flag,
  hasSpectrumAfter: optionalDate('Has a spectrum observed at or after this instant'),
  hasSpectrumBefore: optionalDate('Has a spectrum observed at or before this instant'),
});

const asksFor = (schema: z.ZodObject, query: RawQuery) => Object.keys(schema.shape).some((key) => query[key] !== undefined);

export async function addSpectrumExists(event: SourcesSerializeEvent): Promise<void> {
  const { user, db, sources } = event;
  if (!sources.length || !asksFor(includeFlags, event.query)) return;
  const flags = inputs.parseOrBadRequest(
    includeFlags,
    { includeSpectrumExists: event.query.includeSpectrumExists, includeSpectra: event.query.includeSpectra },
    'query parameter',
  );
  if (flags.includeSpectra && event.view === 'single') {
    const rows: StoredSpectrum[] = await visibleSpectra(db, user, { pixels: true, originalFile: false })
      .where('s.obj_id', sources[0]!.id)
      .orderBy(['s.observed_at', 's.id']);
    sources[0]!.spectra = (await fullSpectra(db, user, rows)).map(withFloatPixels);
  }
  if (!flags.includeSpectrumExists) return;
  const rows: { obj_id: string }[] = await scopeToVisibleSpectra(db('spectra as s'), user)
    .whereIn(
      's.obj_id',
      sources.map((source) => source.id),
    )
    .distinct('s.obj_id');
  const found = new Set(rows.map((row) => row.obj_id));
  for (const source of sources) source.spectrum_exists = found.has(source.id);
}

export async function narrowBySpectra(event: SourcesFilterEvent): Promise<void> {
  if (!asksFor(spectrumFilters, event.query)) return;
  const f = inputs.parseOrBadRequest(spectrumFilters, event.query, 'query parameter');
  const { db, user } = event;
  // Its own alias: the list's query calls its tables s and v.
  const spectraOfSource = () => scopeToVisibleSpectra(db('spectra as spx').select(db.raw('1')).whereRaw('spx.obj_id = ??', [event.objIdColumn]), user, 'spx');
  if (f.hasSpectrum) event.whereExists(spectraOfSource());
  // As SkyPortal: the dates only narrow sources that may have spectra.
  if (f.hasNoSpectrum) {
    event.whereNotExists(spectraOfSource());
    return;
  }
  if (f.hasSpectrumAfter) event.whereExists(spectraOfSource().where('spx.observed_at', '>=', f.hasSpectrumAfter));
  if (f.hasSpectrumBefore) event.whereExists(spectraOfSource().where('spx.observed_at', '<=', f.hasSpectrumBefore));
}

/** Taps the sources plugin's hooks (called in `register`). */
export function extendSources(hooks: PluginHooks): void {
  hooks.get(sourcesHooks.serialize).tapPromise('spectra', addSpectrumExists);
  hooks.get(sourcesHooks.filter).tapPromise('spectra', narrowBySpectra);
}
