import type { Principal } from './access.js';

/**
 * Who may receive a live message. A subscriber gets it when they are in one of `groupIds`, are one
 * of `userIds`, or hold `System admin`. A message with neither reaches system admins only.
 */
export interface Audience {
  groupIds?: readonly number[];
  userIds?: readonly number[];
}

export interface LiveMessage {
  /** What happened, e.g. `photometry.added`; clients switch on it. */
  type: string;
  data?: unknown;
}

export type ChannelAuthorizer = (user: Principal, key: string) => boolean | Promise<boolean>;

export interface LiveHub {
  /**
   * Deliver to every subscriber of `channel` (`user:<id>`, `group:<id>`, `source:<id>` or a plugin's
   * own prefix) in the audience, on every app process.
   */
  publish(channel: string, message: LiveMessage, audience: Audience): Promise<void>;
  /** Deliver on `group:<id>` of each group, to that group's members only. */
  publishToGroups(groupIds: readonly number[], message: LiveMessage): Promise<void>;
  /** Decide who may subscribe to channels `<prefix>:<key>` (core handles `user` and `group`). */
  authorizeChannel(prefix: string, authorizer: ChannelAuthorizer): void;
}
