import { coreServices, definePlugin, inputs, z } from '@skyportal/sdk';
import { annotationsService } from '@skyportal/plugin-annotations/types';
import { classificationsService } from '@skyportal/plugin-classifications/types';
import { conditionsSchema } from '../conditions.js';
import { saverRoutes } from './savers-routes.js';
import { sourcesService } from '@skyportal/plugin-sources/types';
import { candidatesService, type CandidatesService, type Conditions } from '../types.js';
import { candidateRoutes } from './candidate-routes.js';
import { CandidateWriter } from './candidate-writer.js';
import { filterRoutes } from './filter-routes.js';
import { visibleFilters } from './filter-store.js';
import { listingRoutes } from './listing-routes.js';
import { guardGroupStreams } from './streams.js';

export * from '../types.js';
export { evaluateConditions, conditionsSchema } from '../conditions.js';

/**
 * Filters (a group's conditions on a stream's alerts), candidates (objs that passed them, waiting
 * to be scanned) and listings (a user's named lists of objs: favorites, rejected candidates).
 * Offers `candidatesService` to alert ingestion.
 */
export default definePlugin({
  name: 'candidates',
  dependsOn: ['sources'],
  // With annotations, the list sorts and filters by them (SkyPortal's sortByAnnotation..., annotationFilterList).
  // With classifications, by classes (classifications, classificationsReject).
  optionalDependsOn: ['annotations', 'classifications'],
  options: z
    .object({
      // How long a list query's snapshot (its queryID) pages the same candidates: a night's scan.
      queryMinutes: z.number().positive().max(10_080).default(60),
    })
    .default({ queryMinutes: 60 }),
  acls: ['Upload data', 'System admin'],
  migrations: new URL('../migrations/', import.meta.url),

  register({ router, hooks, services, options }) {
    const sources = services.get(sourcesService);
    // A scanner sees a candidate's obj, and its photometry, thumbnails and annotations, before
    // anyone saves it: a candidate of a filter of the caller's groups is a reason to see an obj.
    sources.grantObjVisibility((db, user, objIdColumn) =>
      db('candidates as cv').select(db.raw('1')).whereRaw('cv.obj_id = ??', [objIdColumn]).whereIn('cv.filter_id', visibleFilters(db, user).select('f.id')),
    );
    const writer = new CandidateWriter(services.get(coreServices.live));

    filterRoutes(router);
    guardGroupStreams(hooks);
    candidateRoutes(router, {
      sources,
      writer,
      annotations: services.getOptional(annotationsService),
      classifications: services.getOptional(classificationsService),
      queryMinutes: options.queryMinutes,
    });
    listingRoutes(router, sources);
    saverRoutes(router, sources);

    const service: CandidatesService = {
      filtersForStream: async (trx, streamId) => {
        const rows: { id: number; group_id: number; conditions: Conditions | null; autosave: boolean }[] = await trx('filters')
          .where({ stream_id: streamId })
          .orderBy('id')
          .select('id', 'group_id', 'conditions', 'autosave');
        return rows.map((row) => ({ id: row.id, groupId: row.group_id, conditions: row.conditions, autosave: row.autosave }));
      },
      add: (trx, input) => writer.add(trx, input),
      createFilter: async (trx, input) => {
        const { conditions } = inputs.parseOrBadRequest(z.object({ conditions: conditionsSchema.optional() }), { conditions: input.conditions }, 'filter');
        const [row] = await trx('filters')
          .insert({
            name: input.name,
            stream_id: input.streamId,
            group_id: input.groupId,
            altdata: input.altdata ? JSON.stringify(input.altdata) : null,
            conditions: conditions ? JSON.stringify(conditions) : null,
            autosave: input.autosave ?? false,
          })
          .returning('id');
        return { id: row.id as number };
      },
    };
    services.provide(candidatesService, service);
  },
});
