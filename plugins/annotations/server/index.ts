import { coreServices, definePlugin, inputs, z } from '@skyportal/sdk';
import { refuseDeletionsWhileHeld } from '@skyportal/plugin-sources/deletion-guards';
import { sourcesService } from '@skyportal/plugin-sources/types';
import { spectraService } from '@skyportal/plugin-spectra/types';
import { photometryService } from '@skyportal/plugin-photometry/types';
import { annotationsService, type AnnotationsService } from '../types.js';
import { annotationData, origin } from './inputs.js';
import { annotationRoutes } from './routes.js';
import { extendSources } from './source-extensions.js';
import { extendSpectra } from './spectra-extensions.js';
import { extendPhotometry } from './photometry-extensions.js';
import { aboutSourceItself, visibleAnnotations } from './store.js';
import { Targets } from './targets.js';
import { AnnotationWriter } from './writer.js';

export * from '../types.js';

// An annotation is sent with every page that lists its source: 64 KiB holds a cross-match's or a
// classifier's worth of keys, not a file.
const DEFAULT_MAX_DATA_BYTES = 65_536;

/**
 * Annotations: typed `{key: value}` data on sources (and on spectra and photometry points while those plugins are enabled),
 * one per origin and subject, read through their groups, changed by their author, announced live.
 * The sources list sorts (`annotation.<origin>.<key>`) and filters (`annotationsFilter...`) by them.
 */
export default definePlugin({
  name: 'annotations',
  dependsOn: ['sources'],
  optionalDependsOn: ['spectra', 'photometry'],
  options: z
    .object({ maxDataBytes: z.number().int().positive().max(10_000_000).default(DEFAULT_MAX_DATA_BYTES) })
    .default({ maxDataBytes: DEFAULT_MAX_DATA_BYTES }),
  acls: ['Annotate'],
  migrations: new URL('../migrations/', import.meta.url),

  register({ router, hooks, services, options }) {
    const db = services.get(coreServices.db);
    const writer = new AnnotationWriter(db, services.get(coreServices.live));
    const spectra = services.getOptional(spectraService);
    const photometry = services.getOptional(photometryService);
    const targets = new Targets(services.get(sourcesService), spectra, photometry);
    const deps = { db, targets, writer, maxDataBytes: options.maxDataBytes };

    annotationRoutes(router, 'sources', deps);
    extendSources(hooks);
    if (spectra) {
      annotationRoutes(router, 'spectra', deps);
      extendSpectra(hooks);
    }
    if (photometry) {
      annotationRoutes(router, 'photometry', deps);
      extendPhotometry(hooks);
    }
    // As SkyPortal: an annotated obj is not deleted until its annotations are.
    refuseDeletionsWhileHeld(hooks, { plugin: 'annotations', table: 'annotations', noun: 'annotations' });

    // The same checks and write as POST /api/sources/{id}/annotations, in the caller's transaction.
    const input = z.object({ origin, data: annotationData(options.maxDataBytes) });
    const service: AnnotationsService = {
      upsert: async (trx, { objId, origin: from, data, groupIds, authorId, streamId }) => {
        const checked = inputs.parseOrBadRequest(input, { origin: from, data });
        const target = { resource: 'sources' as const, objId, spectrumId: null, photometryId: null };
        return writer.write(trx, target, { ...checked, groupIds, authorId, streamId: streamId ?? null }, 'replace');
      },
      visibleOf: (trx, user, objIdColumn, about = 'obj') => {
        const visible = visibleAnnotations(trx, user).whereRaw('a.obj_id = ??', [objIdColumn]);
        return about === 'photometry' ? visible.whereNotNull('a.photometry_id') : aboutSourceItself(visible);
      },
    };
    services.provide(annotationsService, service);
  },
});
