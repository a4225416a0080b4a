import { AsyncParallelHook, definePlugin, z, type AsyncSeriesHook, type Principal } from '@skyportal/sdk';
import type { SourceSavedEvent, SourcesService } from '../types.js';
import { SourceEvents } from './events.js';
import { instrumentRoutes } from './instrument-routes.js';
import { sourceRoutes } from './source-routes.js';
import { instrumentsById, visibleObjIds } from './store.js';
import { seedInstruments } from './demo.js';

export * from './cone.js';
export { createInstrument, createTelescope, checkFilters } from './instrument-routes.js';
export { visibleSavings } from './store.js';
export type * from '../types.js';
export { KNOWN_BANDPASSES, INSTRUMENT_TYPES } from '../types.js';

/**
 * Objs and sources (objs saved to groups), telescopes and instruments, cone search on a zones
 * index. Offers the `sources` service and the `sources.saved` hook to plugins that depend on it.
 */
export default definePlugin({
  name: 'sources',
  options: z.object({}).default({}),
  acls: ['Upload data', 'Manage sources'],
  migrations: new URL('../migrations/', import.meta.url),

  register({ router, hooks, services, db, live }) {
    const saved = hooks.define('saved', new AsyncParallelHook<[SourceSavedEvent]>(['event']));
    const events = new SourceEvents(db, live, saved);

    sourceRoutes(router, events);
    instrumentRoutes(router);

    const service: SourcesService = {
      visibleObj: async (user, objId) => (await visibleObjIds(db, user, [objId])).has(objId),
      visibleObjIds: (user, objIds, trx = db) => visibleObjIds(trx, user, objIds),
      saveSource: (user, input) => events.save(user, input),
      instrumentsById: (ids, trx = db) => instrumentsById(trx, ids),
      instrumentByName: async (name, trx = db) => (await instrumentsById(trx, await trx('instruments').where({ name }).pluck('id'))).values().next().value,
    };
    services.provide('sources', service);

    // Only those who may see a source may follow it live.
    live.authorizeChannel('source', (user, objId) => service.visibleObj(user, objId));

    hooks.get<AsyncSeriesHook<[{ admin: Principal }]>>('core.loadDemo').tapPromise('sources', () => seedInstruments(db));
  },
});
