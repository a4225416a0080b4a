import { coreHooks, coreServices, definePlugin, z } from '@skyportal/sdk';
import { sourcesService } from '@skyportal/plugin-sources/types';
import { refuseDeletionsWhileHeld } from '@skyportal/plugin-sources/deletion-guards';
import { classificationRoutes } from './classification-routes.js';
import { loadDemoClassifications } from './demo.js';
import { ClassificationEvents } from './events.js';
import { SourceExtensions } from './source-extensions.js';
import { ClassificationStore } from './store.js';
import { taxonomyRoutes } from './taxonomy-routes.js';
import { classificationsService } from '../types.js';

export * from '../types.js';

/**
 * Classifications of sources within taxonomies (trees of classes, with a version), as SkyPortal
 * has them: taxonomies and classifications shared with groups, votes, a record of probability
 * edits, live updates of the source page, and the sources list's classification filters.
 */
export default definePlugin({
  name: 'classifications',
  dependsOn: ['sources'],
  options: z.object({}).default({}),
  acls: ['Classify', 'Post taxonomy', 'Delete taxonomy'],
  migrations: new URL('../migrations/', import.meta.url),

  register({ router, hooks, services }) {
    const db = services.get(coreServices.db);
    const sources = services.get(sourcesService);
    const { sitewideGroupId } = services.get(coreServices.site);
    const events = new ClassificationEvents(services.get(coreServices.live), services.get(coreServices.logger));
    const store = new ClassificationStore(db, sources);

    taxonomyRoutes(router, { db, events, sitewideGroupId });
    classificationRoutes(router, { db, store, sources, events, sitewideGroupId });
    new SourceExtensions(store).tap(hooks);
    // As SkyPortal: an obj with classifications is deleted only once they are.
    refuseDeletionsWhileHeld(hooks, { plugin: 'classifications', table: 'classifications', noun: 'classifications' });
    services.provide(classificationsService, {
      visibleOf: (trx, user, objIdColumn) => store.inVisibleGroups(user, trx).whereRaw('c.obj_id = ??', [objIdColumn]),
    });

    hooks.get(coreHooks.loadDemo).tapPromise('classifications', ({ admin }) => loadDemoClassifications(db, admin, sources, sitewideGroupId));
  },
});
