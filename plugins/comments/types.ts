// Shapes shared by the comments plugin's server, its web part and the plugins that use it.
import { createServiceRef } from '@skyportal/sdk/refs';

/** What a comment is about, as SkyPortal's paths name it: `/api/<resource>/{id}/comments`. */
export type CommentResource = 'sources' | 'spectra';

/** Longest comment text, in characters (a long classification note fits; a pasted file does not: attach it). */
export const COMMENT_MAX_LENGTH = 20_000;
/** Longest chat message, in characters. */
export const CHAT_MESSAGE_MAX_LENGTH = 4_000;

export interface CommentAuthor {
  id: number;
  username: string;
  first_name: string | null;
  last_name: string | null;
}

export interface CommentGroup {
  id: number;
  name: string;
  nickname: string | null;
  single_user_group: boolean;
}

/** A comment as `GET /api/{sources,spectra}/{id}/comments[/{comment_id}]` gives it (SkyPortal's keys). */
export interface Comment {
  id: number;
  /** Exactly as posted: Markdown, shown without raw HTML. */
  text: string;
  obj_id: string;
  /** Set on a comment about one of the source's spectra. */
  spectrum_id: number | null;
  author_id: number;
  author: CommentAuthor | null;
  /** Posted with a token (a script), not from a browser session. */
  bot: boolean;
  attachment_name: string | null;
  /** Bytes of the attachment, when there is one. */
  attachment_size: number | null;
  /** The comment's groups the caller is in (all of them for system admins). */
  groups: CommentGroup[];
  resourceType: CommentResource;
  created_at: string;
  modified: string;
}

/**
 * On `source:<obj_id>` (to the comment's groups, old and new): a comment on the source or on one of
 * its spectra was added, edited or deleted. Only ids: each page fetches what its user may read.
 */
export interface CommentsChangedMessage {
  type: 'comments.changed';
  data: { obj_id: string; spectrum_id: number | null; comment_id: number; action: 'added' | 'edited' | 'deleted' };
}

/** A notification as `GET /api/internal/notifications` lists it (SkyPortal's UserNotification keys). */
export interface UserNotification {
  id: number;
  user_id: number;
  /** `mention` for now; more kinds (classifications, new sources of a group) later. */
  notification_type: string;
  /** Plain text (shown as text, never as markup). */
  text: string;
  /** Where in the app it points (`/source/ZTF21aaqjmps`). */
  url: string | null;
  viewed: boolean;
  created_at: string;
  modified: string;
}

/** On `user:<id>`, to that user only: a new notification for them. */
export interface NotificationAddedMessage {
  type: 'notifications.added';
  data: UserNotification;
}

export interface NewNotification {
  kind: string;
  text: string;
  url: string | null;
}

/**
 * What plugins that list `comments` in `(optional)dependsOn` call to notify users:
 * `services.get(notificationsService)`. The caller decides who may know (never notify someone about
 * what they may not see).
 */
export interface NotificationsService {
  /** Stores one notification per user and tells their open pages (`user:<id>`). */
  notify(userIds: readonly number[], notification: NewNotification): Promise<void>;
}

export const notificationsService = createServiceRef<NotificationsService>({ id: 'comments.notifications' });

/** A chat room: one per group the caller is in (single-user groups aside); the sitewide group's is everyone's. */
export interface ChatRoom {
  group_id: number;
  name: string;
  nickname: string | null;
  sitewide: boolean;
}

export interface ChatMessage {
  id: number;
  group_id: number;
  text: string;
  author: CommentAuthor | null;
  bot: boolean;
  created_at: string;
}

/** `GET /api/chat/rooms/{group_id}/messages`: a page of history, oldest first. */
export interface ChatHistory {
  messages: ChatMessage[];
  /** Whether older messages exist (ask again with `before` = the first id). */
  has_more: boolean;
}

/** Someone with the room open, as of their last heartbeat. */
export interface ChatPresence {
  user: CommentAuthor;
  seen_at: string;
}

/**
 * Live messages on `chat:<group_id>` (a resumable channel: `chat.message` carries the message id,
 * and a socket that comes back is sent what it missed); typing and presence are not stored.
 */
export type ChatLiveMessage =
  | { type: 'chat.message'; id: number; data: ChatMessage }
  | { type: 'chat.typing'; data: { group_id: number; user: CommentAuthor } }
  | { type: 'chat.presence'; data: { group_id: number; present: ChatPresence[] } };

/** How long a heartbeat keeps someone present in a room, and how often the chat page sends one. */
export const PRESENCE_WINDOW_SECONDS = 45;
export const PRESENCE_HEARTBEAT_SECONDS = 15;
/** How long "… is typing" shows after the last typing signal. */
export const TYPING_SHOWN_SECONDS = 5;

/** Characters that may surround a mention without being part of the name: `(@alice),` names alice. */
const MENTION_EDGE = new Set([...'()[]{}<>,;:!?"\'`*~.']);

/**
 * The usernames `@mentioned` in a text, each once, in order: words that start with `@`, less the
 * punctuation around them (as SkyPortal reads mentions). The server notifies those users; the web
 * part highlights them.
 */
export function mentionedUsernames(text: string): string[] {
  const names = new Set<string>();
  for (const word of text.split(/\s+/)) {
    let start = 0;
    let end = word.length;
    while (start < end && MENTION_EDGE.has(word[start]!)) start++;
    while (end > start && MENTION_EDGE.has(word[end - 1]!)) end--;
    if (word[start] !== '@') continue;
    const name = word.slice(start + 1, end);
    if (name && !name.includes('@')) names.add(name);
  }
  return [...names];
}
