import { AsyncParallelHook, definePlugin, z, type AsyncSeriesHook, type Principal } from '@skyportal/sdk';
import type { SourcesService } from '@skyportal/plugin-sources/types';
import type { PhotometryIngestedEvent, PhotometryService } from '../types.js';
import { ingestPhotometry, type IngestDeps } from './ingest.js';
import { photometryRoutes } from './routes.js';
import { loadDemoPhotometry } from './demo.js';

export * from './units.js';
export { parsePhotometry, type ParsedPhotometry } from './parse.js';
export { csvToColumns } from './demo.js';
export type * from '../types.js';

/**
 * Light curves: bulk upload in SkyPortal's column format (COPY into a staging table, set-based
 * de-duplication), group-scoped reads in mag or flux, AB or Vega, JSON or CSV.
 */
export default definePlugin({
  name: 'photometry',
  dependsOn: ['sources'],
  options: z.object({ maxRowsPerPost: z.number().int().positive().max(1_000_000).default(100_000) }).default({ maxRowsPerPost: 100_000 }),
  acls: ['Upload data', 'Manage sources'],
  migrations: new URL('../migrations/', import.meta.url),

  register({ router, hooks, services, db, live, logger, options, site }) {
    const ingested = hooks.define('ingested', new AsyncParallelHook<[PhotometryIngestedEvent]>(['event']));
    const sources = services.get<SourcesService>('sources', 'sources');
    const deps: IngestDeps = { db, sources, live, ingested, maxRows: options.maxRowsPerPost, logger };

    photometryRoutes(router, deps);

    const ingest = (user: Principal, payload: Record<string, unknown>, mode: 'post' | 'put') => ingestPhotometry(deps, user, payload, mode);
    services.provide<PhotometryService>('photometry', { ingest });

    // Taps run in registration order: sources (a dependency) has seeded the instruments by now.
    hooks
      .get<AsyncSeriesHook<[{ admin: Principal }]>>('core.loadDemo')
      .tapPromise('photometry', ({ admin }) => loadDemoPhotometry(admin, sources, site.sitewideGroupId, ingest));
  },
});
