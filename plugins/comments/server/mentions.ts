/**
 * `@username` in a comment or a chat message: each mentioned user who may read it (never anyone
 * else: a notification would tell them the source and the comment exist) gets a notification.
 */
import { usersByUsername, type Knex, type Logger, type Principal, type PrincipalLookup } from '@skyportal/sdk';
import { mentionedUsernames, type NotificationsService } from '../types.js';

/** At most this many people are notified by one text (a pasted member list is not a broadcast). */
const MAX_MENTIONS = 50;

export interface Mention {
  author: Principal;
  text: string;
  /** What was written, for the notification: `a comment on ZTF21aaqjmps`. */
  about: string;
  url: string;
  /** Whether a mentioned user may read what mentions them. */
  mayRead(reader: Principal): Promise<boolean>;
  /** The text before an edit: whoever it mentioned was told already. */
  before?: string;
}

export class Mentions {
  constructor(
    private readonly db: Knex,
    private readonly principals: PrincipalLookup,
    private readonly notifications: NotificationsService,
    private readonly logger: Logger,
  ) {}

  /** Notifies the mentioned readers. Called after the text is committed; a failure is logged, never the writer's error. */
  async notify(mention: Mention): Promise<number[]> {
    try {
      const told = new Set(mention.before === undefined ? [] : mentionedUsernames(mention.before));
      const names = mentionedUsernames(mention.text)
        .slice(0, MAX_MENTIONS)
        .filter((name) => !told.has(name));
      if (!names.length) return [];
      const users = [...(await usersByUsername(this.db, names)).values()].filter((user) => user.id !== mention.author.id);
      const readers: number[] = [];
      for (const user of users) {
        const reader = await this.principals.principalFor(user.id);
        if (reader && (await mention.mayRead(reader))) readers.push(user.id);
      }
      await this.notifications.notify(readers, { kind: 'mention', text: `${mention.author.username} mentioned you in ${mention.about}`, url: mention.url });
      return readers;
    } catch (error) {
      this.logger.error({ err: error }, 'mention notifications failed');
      return [];
    }
  }
}
