import path from 'node:path';
import { coreHooks, coreServices, definePlugin, z } from '@skyportal/sdk';
import { sourcesHooks, sourcesService } from '@skyportal/plugin-sources/types';
import { DEFAULT_SURVEY_TYPES, thumbnailsService, type ThumbnailType } from '../types.js';
import { loadDemoThumbnails } from './demo.js';
import { folderRoutes } from './folder-routes.js';
import { thumbnailRoutes } from './routes.js';
import { extendSources } from './source-extensions.js';
import { folderStorage } from './storage.js';
import { addThumbnail, addThumbnails, removeUnreferenced, type Store } from './store.js';
import { surveyRoutes } from './survey-routes.js';
import { POSITION_SURVEYS } from './surveys.js';

export * from '../types.js';

const DEFAULT_FOLDER = '.data/thumbnails';

const options = z
  .object({
    // Relative to the working directory, as the embedded database's dataDir is.
    folder: z.string().min(1).default(DEFAULT_FOLDER),
    // Folder levels of new images (SkyPortal's layout: ab/cd/<file>).
    folderDepth: z.number().int().min(0).max(32).default(2),
    // Survey cutouts every source lists from its position; [] on a site whose users' browsers
    // cannot reach the surveys. SkyPortal's misc.external_thumbnail_types.
    surveys: z
      .array(z.enum(POSITION_SURVEYS as [ThumbnailType, ...ThumbnailType[]]))
      .max(10)
      .default([...DEFAULT_SURVEY_TYPES]),
  })
  .default({ folder: DEFAULT_FOLDER, folderDepth: 2, surveys: [...DEFAULT_SURVEY_TYPES] });

/**
 * Thumbnails of sources: uploaded image cutouts (a survey's new, reference and difference images),
 * checked as PNGs and kept in a storage outside the rows, served group-scoped with caching
 * headers; and survey cutouts (SDSS, Legacy Survey, Pan-STARRS) as URLs built from the position.
 */
export default definePlugin({
  name: 'thumbnails',
  dependsOn: ['sources'],
  options,
  acls: ['Upload data', 'Manage sources', 'System admin'],
  migrations: new URL('../migrations/', import.meta.url),

  register({ router, hooks, services, options }) {
    const db = services.get(coreServices.db);
    const logger = services.get(coreServices.logger);
    const sources = services.get(sourcesService);
    const store: Store = { db, storage: folderStorage(path.resolve(options.folder)), depth: options.folderDepth };

    services.provide(thumbnailsService, {
      add: (trx, input) => addThumbnail(store, trx, input),
      addMany: (trx, inputs) => addThumbnails(store, trx, inputs),
    });
    thumbnailRoutes(router, { store, sources, surveys: options.surveys });
    surveyRoutes(router, { store, sources, surveys: options.surveys });
    folderRoutes(router, store);
    extendSources(hooks, store, options.surveys);

    // Thumbnails go with their obj (the rows by the foreign key's cascade); their files once the
    // deletion committed, so a deletion refused by another plugin loses no image.
    hooks.get(sourcesHooks.objDeleting).tapPromise('thumbnails', async ({ objId, trx }) => {
      const keys: string[] = await trx('thumbnails').where({ obj_id: objId }).whereNotNull('file_key').distinct('file_key').pluck('file_key');
      if (!keys.length) return;
      trx.executionPromise.then(
        () => removeUnreferenced(store, keys).catch((error) => logger.error({ err: error, objId }, 'thumbnails: removing the files of a deleted obj failed')),
        () => undefined,
      );
    });

    // A deleted stream takes its cutouts (the foreign key would too, but leave their files behind).
    hooks.get(coreHooks.streamDeleted).tapPromise('thumbnails', async ({ streamId, trx }) => {
      const keys: string[] = await trx('thumbnails').where({ stream_id: streamId }).whereNotNull('file_key').distinct('file_key').pluck('file_key');
      await trx('thumbnails').where({ stream_id: streamId }).delete();
      if (!keys.length) return;
      trx.executionPromise.then(
        () =>
          removeUnreferenced(store, keys).catch((error) => logger.error({ err: error, streamId }, 'thumbnails: removing the files of a deleted stream failed')),
        () => undefined,
      );
    });

    const { sitewideGroupId } = services.get(coreServices.site);
    hooks.get(coreHooks.loadDemo).tapPromise('thumbnails', ({ admin }) => loadDemoThumbnails(admin, sources, store, sitewideGroupId));
  },
});
