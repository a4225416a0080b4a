import type { Principal } from './access.js';
import type { Knex } from './knex-types.js';

/**
 * Who may receive a live message. A subscriber gets it when they are in one of `groupIds`, are one
 * of `userIds`, or hold `System admin`. A message with neither reaches system admins only.
 */
export interface Audience {
  groupIds?: readonly number[];
  userIds?: readonly number[];
  /**
   * And only those in this audience too: two rules that must both hold (a comment's groups
   * `within` the groups and owner of the spectrum it is about: a member of the comment's groups
   * who may not see the spectrum hears nothing).
   */
  within?: Audience;
}

export interface LiveMessage {
  /** What happened, e.g. `photometry.added`; clients switch on it. */
  type: string;
  data?: unknown;
  /**
   * On a resumable channel (`resumeChannel`): the message's position in its channel, a positive
   * integer that grows with each message (a row id). Sent with the message; a client that comes
   * back subscribes with `after` set to the last id it saw and is sent what it missed.
   */
  id?: number;
}

export type ChannelAuthorizer = (user: Principal, key: string) => boolean | Promise<boolean>;

/** A stored message of a resumable channel, as its owner reads it back: with the audience it was published to. */
export interface ResumedMessage extends LiveMessage {
  id: number;
  audience: Audience;
}

/**
 * The messages of channel `<prefix>:<key>` with an id above `after`, oldest first, at most `limit`
 * (the hub asks for one more than it sends, to tell the client when there were more). Called only
 * for a subscriber the channel's authorizer admitted; the hub still sends each only to a user in
 * its audience.
 */
export type ChannelResumer = (user: Principal, key: string, after: number, limit: number) => Promise<readonly ResumedMessage[]>;

export interface PublishOptions {
  /**
   * Send with this transaction's commit (nothing on a rollback). Messages of transactions that
   * commit one after another reach every process in that order: a resumable channel whose ids are
   * given out one commit at a time (a lock per channel) is then delivered in id order everywhere,
   * and a client's last id seen is a safe place to resume from.
   */
  transaction?: Knex.Transaction;
}

export interface LiveHub {
  /**
   * Deliver to every subscriber of `channel` (`user:<id>`, `group:<id>`, `source:<id>` or a plugin's
   * own prefix) in the audience, on every app process.
   */
  publish(channel: string, message: LiveMessage, audience: Audience, options?: PublishOptions): Promise<void>;
  /** Deliver on `group:<id>` of each group, to that group's members only. */
  publishToGroups(groupIds: readonly number[], message: LiveMessage, options?: PublishOptions): Promise<void>;
  /** Decide who may subscribe to channels `<prefix>:<key>` (core handles `user` and `group`). */
  authorizeChannel(prefix: string, authorizer: ChannelAuthorizer): void;
  /**
   * Make channels `<prefix>:<key>` resumable: a subscribe with `after: <id>` is answered with the
   * stored messages past that id (read by `resumer`), then live ones, none twice, none lost in
   * between. The channel's messages carry `id`s from the same sequence `resumer` reads.
   */
  resumeChannel(prefix: string, resumer: ChannelResumer): void;
}
