import { checkStreamAccess, coreHooks, coreServices, definePlugin, z } from '@skyportal/sdk';
import { annotationsService } from '@skyportal/plugin-annotations/types';
import { candidatesService } from '@skyportal/plugin-candidates/types';
import { photometryService } from '@skyportal/plugin-photometry/types';
import { sourcesService } from '@skyportal/plugin-sources/types';
import { thumbnailsService } from '@skyportal/plugin-thumbnails/types';
import { alertStreamHooks, alertStreamService, type AlertStreamService } from '../types.js';
import { ingestAccount } from './account.js';
import { candidatesLink } from './candidates.js';
import { alertsCommand } from './cli.js';
import { loadDemoAlerts } from './demo.js';
import { ztfFormat } from './formats/ztf.js';
import { ingestAlerts, type IngestDeps } from './ingest.js';
import { alertRoutes, type PosterCheck } from './routes.js';
import { streamIds } from './streams.js';
import { alertConsumer, type AlertConsumer } from './kafka.js';
import { kafkaOptions } from './kafka-options.js';

export * from '../types.js';
export { ztfFormat } from './formats/ztf.js';

const options = z
  .object({
    /** The stream alerts belong to (created if missing); their data is visible only to its members. */
    stream: z.string().trim().min(1).max(200).default('ZTF Public'),
    /** The account alerts are stored as (created at startup if missing). */
    user: z.string().trim().min(1).max(200).default('alert-stream'),
    /** Largest `POST /api/alerts` body, in megabytes. */
    maxBodyMB: z.number().positive().max(1024).default(64),
    /**
     * Alerts of one call (a file of many packets, a POST, a Kafka batch) ingested at once, each in
     * its own transaction and database connection: an alert is ~15 round trips one after another,
     * so a few at once keep the database busy. Keep it below the database pool's size.
     */
    concurrency: z.number().int().min(1).max(64).default(4),
    kafka: kafkaOptions,
  })
  .default({
    stream: 'ZTF Public',
    user: 'alert-stream',
    maxBodyMB: 64,
    concurrency: 4,
    kafka: kafkaOptions.parse(undefined),
  });

// The Kafka consumer of each running app (tests run several in one process), from register to destroy.
const consumers = new WeakMap<object, AlertConsumer>();

/**
 * Alert streams: survey alert packets (ZTF's Avro) into objs, stream-scoped photometry, cutout
 * thumbnails, score annotations and candidates of the filters they pass — from files (the CLI),
 * `POST /api/alerts` and a Kafka consumer, all through one ingest path.
 */
export default definePlugin({
  name: 'alert-stream',
  dependsOn: ['sources', 'photometry', 'candidates'],
  // Without them alerts still bring their points; with them, their cutouts and scores too.
  optionalDependsOn: ['thumbnails', 'annotations'],
  options,
  acls: ['Upload data'],
  migrations: new URL('../migrations/', import.meta.url),

  register({ router, hooks, services, options }) {
    const db = services.get(coreServices.db);
    const site = services.get(coreServices.site);
    const candidates = services.get(candidatesService);
    const sources = services.get(sourcesService);
    const streamId = streamIds(db);
    const deps: IngestDeps = {
      db,
      format: ztfFormat,
      sources,
      photometry: services.get(photometryService),
      thumbnails: services.getOptional(thumbnailsService),
      annotations: services.getOptional(annotationsService),
      candidates: candidatesLink(candidates, sources),
      live: services.get(coreServices.live),
      ingested: hooks.provide(alertStreamHooks.ingested),
      logger: services.get(coreServices.logger),
      metrics: services.get(coreServices.metrics),
      account: ingestAccount(db, services.get(coreServices.accounts), services.get(coreServices.principals), options.user),
      streamId,
      defaultStream: options.stream,
      sitewideGroupId: site.sitewideGroupId,
      concurrency: options.concurrency,
    };
    const service: AlertStreamService = {
      ingest: (bytes, ingestOptions) => ingestAlerts(deps, [{ bytes, source: ingestOptions.source }], ingestOptions),
      ingestMany: (files, ingestOptions = {}) => ingestAlerts(deps, files, ingestOptions),
    };
    services.provide(alertStreamService, service);
    if (options.kafka.enabled)
      consumers.set(
        services,
        alertConsumer(options.kafka, {
          handle: ({ value, source }) => service.ingest(value, { source, streamName: options.kafka.streamName }),
          logger: deps.logger,
        }),
      );
    // Posting alerts puts data into the stream: only its members (and system admins) may.
    const checkPoster: PosterCheck = async (user) => void checkStreamAccess(user, [await streamId(options.stream)], 'stream');
    alertRoutes(router, service, { maxBytes: options.maxBodyMB * 1024 * 1024, checkPoster });
    hooks.get(coreHooks.command).tapPromise('alert-stream', (event) => alertsCommand(service, event));

    // A stream's alerts are announced on alerts:<stream id>, to those who may read the stream.
    services.get(coreServices.live).authorizeChannel('alerts', (user, key) => user.isSystemAdmin || user.streamIds.includes(Number(key)));

    hooks
      .get(coreHooks.loadDemo)
      .tapPromise('alert-stream', ({ admin }) =>
        loadDemoAlerts({ db, service, candidates, streamId, stream: options.stream, sitewideGroupId: site.sitewideGroupId }, admin),
      );
  },

  // Not awaited: a broker that is away is retried (and logged) without holding the site's startup.
  async bootstrap({ services }) {
    void consumers.get(services)?.start();
  },

  // After the HTTP drain, before the database closes: the alert in progress is stored and committed.
  async destroy({ services }) {
    await consumers.get(services)?.stop();
  },
});
