import { coreServices, definePlugin, z } from '@skyportal/sdk';
import { sourcesService } from '@skyportal/plugin-sources/types';
import { spectraService } from '@skyportal/plugin-spectra/types';
import { notificationsService } from '../types.js';
import { CommentEvents } from './comments/events.js';
import { commentRoutes } from './comments/routes.js';
import { extendSources } from './comments/source-extensions.js';
import { extendSpectra } from './comments/spectra-extensions.js';
import { CommentTargets } from './comments/targets.js';
import { Mentions } from './mentions.js';
import { notificationRoutes } from './notifications/routes.js';
import { notificationStore } from './notifications/store.js';
import { resumeRoom } from './chat/messages.js';
import { mayEnter } from './chat/rooms.js';
import { chatRoutes } from './chat/routes.js';
import { TypingSignals } from './chat/typing.js';

export * from '../types.js';

const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/**
 * Discussion: comments on sources (and on spectra, while the spectra plugin is enabled) with
 * attachments and live updates, @mentions and each user's notifications, and a chat room per
 * group with history, presence, typing and loss-free reconnection. One plugin, because mentions,
 * notifications and the Markdown shown are shared by comments and chat; each part is its own module.
 */
export default definePlugin({
  name: 'comments',
  dependsOn: ['sources'],
  optionalDependsOn: ['spectra'],
  options: z
    .object({
      // SkyPortal has no bound; 10 MiB holds a light-curve fit or a finding chart, not a data cube.
      maxAttachmentBytes: z
        .number()
        .int()
        .positive()
        .max(100 * 1024 * 1024)
        .default(DEFAULT_MAX_ATTACHMENT_BYTES),
    })
    .default({ maxAttachmentBytes: DEFAULT_MAX_ATTACHMENT_BYTES }),
  acls: ['Comment', 'Manage sources'],
  migrations: new URL('../migrations/', import.meta.url),

  register({ router, hooks, services, options }) {
    const db = services.get(coreServices.db);
    const live = services.get(coreServices.live);
    const logger = services.get(coreServices.logger);
    const { sitewideGroupId } = services.get(coreServices.site);

    const notifications = notificationStore(db, live);
    services.provide(notificationsService, notifications);
    notificationRoutes(router);
    const mentions = new Mentions(db, services.get(coreServices.principals), notifications, logger);

    // Comments: on sources always; on spectra when that plugin is there.
    const spectra = services.getOptional(spectraService);
    const targets = new CommentTargets(services.get(sourcesService), spectra);
    const deps = { db, targets, events: new CommentEvents(live, mentions, targets), sitewideGroupId, maxAttachmentBytes: options.maxAttachmentBytes, logger };
    commentRoutes(router, 'sources', deps);
    extendSources(hooks);
    if (spectra) {
      commentRoutes(router, 'spectra', deps);
      extendSpectra(hooks);
    }

    // Chat: a resumable channel per room, followed by the room's members.
    live.authorizeChannel('chat', (user, key) => mayEnter(user, Number(key)));
    live.resumeChannel('chat', resumeRoom(db));
    chatRoutes(router, { db, live, mentions, typing: new TypingSignals(live), sitewideGroupId });
  },
});
