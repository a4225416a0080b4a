import { coreHooks, coreServices, definePlugin, inputs, z } from '@skyportal/sdk';
import { sourcesService } from '@skyportal/plugin-sources/types';
import { DEFAULT_SPECTRUM_TYPES, spectraHooks, spectraService, type SpectraService } from '../types.js';
import { withSkyPortalAliases } from './aliases.js';
import { refuseDeletionsWhileHeld } from '@skyportal/plugin-sources/deletion-guards';
import { loadDemoSpectra } from './demo.js';
import { spectraRoutes } from './routes.js';
import { extendSources } from './source-extensions.js';
import { groupLinks, scopeToVisibleSpectra } from './store.js';
import { createSpectrum, type WriteDeps } from './writes.js';

export * from '../types.js';

/**
 * Other plugins pass ids from their own paths and rows: one that no spectrum can have (NaN, 1.5,
 * past int4) is simply not visible, rather than a database error on their request.
 */
const isSpectrumId = (id: number) => Number.isInteger(id) && id >= 1 && id <= inputs.INT4_MAX;

const options = z
  .object({
    // An echelle spectrum has ~10^5 pixels; a JSON post of 200,000 is ~16 MB.
    maxPixels: z.number().int().positive().max(2_000_000).default(200_000),
    // SkyPortal's limit for an uploaded ASCII file.
    maxFileBytes: z.number().int().positive().max(100_000_000).default(10_000_000),
    // SkyPortal's `spectrum_types` config.
    types: z
      .array(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/))
      .min(1)
      .default([...DEFAULT_SPECTRUM_TYPES]),
    defaultType: z.string().default('source'),
  })
  .refine((o) => o.types.includes(o.defaultType), { path: ['defaultType'], message: 'must be one of types' })
  .default({ maxPixels: 200_000, maxFileBytes: 10_000_000, types: [...DEFAULT_SPECTRUM_TYPES], defaultType: 'source' });

/**
 * Spectra: stored one row each (pixels in arrays), shared with groups, read back (normalised on
 * request) by source, by id, or filtered; ASCII files parsed with their header keywords.
 */
export default definePlugin({
  name: 'spectra',
  dependsOn: ['sources'],
  options,
  acls: ['Upload data'],
  migrations: new URL('../migrations/', import.meta.url),

  register({ router, hooks, services, options }) {
    const db = services.get(coreServices.db);
    const site = services.get(coreServices.site);
    const sources = services.get(sourcesService);
    const deps: WriteDeps = {
      db,
      sources,
      live: services.get(coreServices.live),
      added: hooks.provide(spectraHooks.added),
      deleting: hooks.provide(spectraHooks.deleting),
      options,
    };
    spectraRoutes(withSkyPortalAliases(router), {
      ...deps,
      filter: hooks.provide(spectraHooks.filter),
      serialize: hooks.provide(spectraHooks.serialize),
      types: options.types,
    });

    const service: SpectraService = {
      async visibleSpectrum(user, id) {
        if (!isSpectrumId(id)) return undefined;
        const row = await scopeToVisibleSpectra(db('spectra as s'), user)
          .where('s.id', id)
          .first('s.id', 's.obj_id', 's.owner_id', 's.instrument_id', 's.observed_at');
        return row && { ...row, groupIds: (await groupLinks(db, [id])).get(id) ?? [] };
      },
      async visibleSpectrumIds(user, ids) {
        const candidates = ids.filter(isSpectrumId);
        if (!candidates.length) return new Set();
        return new Set(await scopeToVisibleSpectra(db('spectra as s'), user).whereIn('s.id', candidates).pluck('s.id'));
      },
      scopeToVisibleSpectra(query, user, spectrumIdColumn) {
        // Its own alias, so the caller's query may call its tables anything.
        query.whereExists(scopeToVisibleSpectra(db('spectra as spx').select(db.raw('1')).whereRaw('spx.id = ??', [spectrumIdColumn]), user, 'spx'));
        return query;
      },
    };
    services.provide(spectraService, service);

    extendSources(hooks);
    refuseDeletionsWhileHeld(hooks, { plugin: 'spectra', table: 'spectra', noun: 'spectra', rows: 'spectra' });

    // Taps run in plugin order: the sources plugin (a dependency) has seeded the instruments by now.
    hooks
      .get(coreHooks.loadDemo)
      .tapPromise('spectra', ({ admin }) =>
        loadDemoSpectra(db, admin, sources, site.sitewideGroupId, (user, input) => createSpectrum(deps, user, input), options.maxPixels),
      );
  },
});
