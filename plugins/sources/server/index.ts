import { coreHooks, coreServices, definePlugin, inputs, z, type Knex, type Principal } from '@skyportal/sdk';
import { sourcesHooks, sourcesService, type ObjAnswer, type SourcesService } from '../types.js';
import { SourceEvents } from './events.js';
import { instrumentRoutes } from './instrument-routes.js';
import { labelExtensions, labelRoutes, labelSource } from './labels.js';
import { objRoutes } from './obj-routes.js';
import { sourceRoutes } from './source-routes.js';
import { ensureObj, groupsOf, instrumentsById, objsById } from './store.js';
import { ObjVisibility } from './obj-visibility.js';
import { objInput } from './inputs.js';
import { seedInstruments } from './demo.js';

export { coneSearchSql, crossMatchSql } from './cone.js';
export * from '../types.js';

/**
 * Objs and sources (objs saved to groups), telescopes and instruments, cone search on a zones
 * index. Offers the `sources` service and the `sources.saved` hook to plugins that depend on it.
 */
export default definePlugin({
  name: 'sources',
  options: z.object({}).default({}),
  acls: ['Upload data', 'Manage sources', 'Manage telescopes', 'Manage instruments'],
  migrations: new URL('../migrations/', import.meta.url),

  register({ router, hooks, services }) {
    const db = services.get(coreServices.db);
    const live = services.get(coreServices.live);
    const events = new SourceEvents(db, live, hooks.provide(sourcesHooks.saved), services.get(coreServices.principals));
    const extensions = {
      serialize: hooks.provide(sourcesHooks.serialize),
      filter: hooks.provide(sourcesHooks.filter),
      order: hooks.provide(sourcesHooks.order),
    };

    sourceRoutes(router, events, extensions);
    labelRoutes(router);
    labelExtensions(hooks);
    objRoutes(router, { objDeleting: hooks.provide(sourcesHooks.objDeleting) });
    instrumentRoutes(router, { instrumentsDeleting: hooks.provide(sourcesHooks.instrumentsDeleting) });

    const visibility = new ObjVisibility(db);
    const service: SourcesService = {
      visibleObj: async (user, objId) => (await visibility.ids(user, [objId])).has(objId),
      visibleObjIds: (user, objIds, trx = db) => visibility.ids(user, objIds, trx),
      scopeToVisibleObjs: <Q extends Knex.QueryBuilder>(query: Q, user: Principal, objIdColumn: string): Q => visibility.scope(query, user, objIdColumn),
      grantObjVisibility: (grant) => visibility.grant(grant),
      labelSource: (user, objId, groupIds, trx = db) =>
        labelSource(trx, user.id, objId, user.isSystemAdmin ? groupIds : groupIds.filter((id) => user.groupIds.includes(id))),
      saveSource: (user, input, options) => events.save(user, input, options?.trx),
      ensureObj: (trx, input, setBy) => ensureObj(trx, inputs.parseOrBadRequest(objInput, input, 'obj'), setBy?.id ?? null),
      objsById: (ids, trx = db) => objsById(trx, ids) as Promise<Map<string, ObjAnswer>>,
      savedGroups: (user, objIds, trx = db) => groupsOf(trx, user, objIds),
      savingsOf: (trx, objIdColumn) => (objIdColumn ? trx('sources as s').whereRaw('s.obj_id = ??', [objIdColumn]) : trx('sources as s')),
      serializeObjs: (event) => extensions.serialize.promise(event),
      instrumentsById: (ids, trx = db) => instrumentsById(trx, ids),
      instrumentByName: async (name, trx = db) => (await instrumentsById(trx, await trx('instruments').where({ name }).pluck('id'))).values().next().value,
    };
    services.provide(sourcesService, service);

    // Only those who may see a source may follow it live.
    live.authorizeChannel('source', (user, objId) => service.visibleObj(user, objId));

    hooks.get(coreHooks.loadDemo).tapPromise('sources', () => seedInstruments(db));
  },
});
