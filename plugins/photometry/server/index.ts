import { coreHooks, coreServices, definePlugin, z } from '@skyportal/sdk';
import { sourcesService } from '@skyportal/plugin-sources/types';
import { photometryHooks, photometryService, type PhotometryService } from '../types.js';
import { pointIfVisible } from './point-access.js';
import { ingestPhotometry, type IngestDeps } from './ingest.js';
import { photometryRoutes } from './routes.js';
import { validationRoutes } from './validations.js';
import { loadDemoPhotometry } from './demo.js';
import { extendSources } from './source-extensions.js';
import { copyPhotometryRoute } from './copy-photometry.js';
import { refuseDeletionsWhileHeld } from '@skyportal/plugin-sources/deletion-guards';

export * from '../types.js';

/**
 * Light curves: bulk upload in SkyPortal's column format (COPY into a staging table, set-based
 * de-duplication), group-scoped reads in mag or flux, AB or Vega, JSON or CSV.
 */
export default definePlugin({
  name: 'photometry',
  dependsOn: ['sources'],
  // 10,000 rows a post by default, as SkyPortal (its clients split their uploads at it); a site may raise it.
  options: z.object({ maxRowsPerPost: z.number().int().positive().max(1_000_000).default(10_000) }).default({ maxRowsPerPost: 10_000 }),
  acls: ['Upload data', 'Manage sources', 'Delete bulk photometry'],
  migrations: new URL('../migrations/', import.meta.url),

  register({ router, hooks, services, options }) {
    const db = services.get(coreServices.db);
    const site = services.get(coreServices.site);
    const sources = services.get(sourcesService);
    const deps: IngestDeps = {
      db,
      sitewideGroupId: site.sitewideGroupId,
      sources,
      live: services.get(coreServices.live),
      ingested: hooks.provide(photometryHooks.ingested),
      maxRows: options.maxRowsPerPost,
      logger: services.get(coreServices.logger),
      metrics: services.get(coreServices.metrics),
    };

    const deleting = hooks.provide(photometryHooks.deleting);
    photometryRoutes(router, { ...deps, deleting });
    validationRoutes(router);

    const ingest: PhotometryService['ingest'] = (user, payload, mode, options = {}) => ingestPhotometry(deps, user, payload, mode, { trx: options.trx });
    services.provide(photometryService, { ingest, visiblePoint: (user, id) => pointIfVisible(db, user, id) });

    // Photometry's fields and filters on the sources plugin's answers, and copying between sources.
    extendSources(hooks);
    copyPhotometryRoute(router, sources, ingest);

    // Taps run in registration order: sources (a dependency) has seeded the instruments by now.
    // photometry_groups has no foreign key to groups (cheaper bulk links): forget a deleted group here.
    hooks.get(coreHooks.groupDeleted).tapPromise('photometry', async ({ groupId, trx }) => {
      await trx('photometry_groups').where({ group_id: groupId }).delete();
    });

    // A deleted stream takes its points: nobody holds it any more, and they must not fall back to
    // their groups' view. Plugins holding data about the points remove it first (photometry.deleting).
    hooks.get(coreHooks.streamDeleted).tapPromise('photometry', async ({ streamId, trx }) => {
      const pointIds = (await trx('photometry_streams').where({ stream_id: streamId }).pluck('photometry_id')).map(Number);
      if (!pointIds.length) return;
      await deleting.promise({ pointIds, trx });
      await trx('photometry').whereIn('id', pointIds).delete();
    });

    refuseDeletionsWhileHeld(hooks, { plugin: 'photometry', table: 'photometry', noun: 'photometry', rows: 'photometry points' });

    hooks.get(coreHooks.loadDemo).tapPromise('photometry', ({ admin }) => loadDemoPhotometry(admin, sources, site.sitewideGroupId, ingest));
  },
});
