import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { Logger } from 'pino';
import {
  inputs,
  type Audience,
  type ChannelAuthorizer,
  type ChannelResumer,
  type LiveHub,
  type LiveMessage,
  type Principal,
  type PublishOptions,
} from '@skyportal/sdk';
import type { ClusterBus } from '../cluster/bus.js';
import { CREDENTIALS_CHANGED } from '../auth/principals.js';

export const WEBSOCKET_PATH = '/websocket';
const TOPIC = 'live';
const CHANNEL = /^([a-z][a-z0-9-]*):(.{1,200})$/;

/**
 * What one socket may ask of the hub. A subscribe is a few dozen bytes; a frame over the limit is
 * closed by `ws` itself with 1009. A client re-subscribes every channel it follows at once after a
 * reconnect, so the burst is above the channel limit; a steady flood beyond the rate is closed
 * with 1008 (policy violation) before it turns into a flood of database queries (authorizers).
 */
export const SOCKET_LIMITS = { maxFrameBytes: 16 * 1024, maxChannels: 256, burst: 300, perSecond: 50 } as const;

/**
 * At most this many missed messages are sent on resuming a channel; past it the `subscribed` frame
 * says `more: true`, and the client reloads instead (a page away for an hour is not worth a flood).
 */
export const RESUME_LIMIT = 500;
/** How long a resent id is remembered: far beyond the time a message takes between processes. */
const RESENT_MEMORY_MS = 60_000;

interface Client {
  /** Labels the log lines of this socket, as a request id labels a request's. */
  id: string;
  socket: WebSocket;
  user: Principal;
  /** Re-reads the caller's rights (after a group or token change); undefined means revoked. */
  refresh: () => Promise<Principal | undefined>;
  channels: Set<string>;
  alive: boolean;
  /** Messages are handled one after another, in order, so replies follow requests. */
  queue: Promise<void>;
  /** Token bucket: messages the socket may still send now. */
  allowance: number;
  lastMessageAt: number;
  /**
   * Channels being resumed: their live frames wait here while the missed ones load, so nothing
   * published meanwhile is lost, and none is sent twice.
   */
  holding: Map<string, { text: string; id?: number }[]>;
  /**
   * Ids just resent on resuming a channel. Their live frames may still be on the way (published on
   * another process after the store was read): for a while they are dropped, not sent twice.
   */
  resent: Map<string, { ids: Set<number>; until: number }>;
}

interface Published {
  channel: string;
  message: LiveMessage;
  audience: Audience;
}

type ClientRequest = { action: 'subscribe' | 'unsubscribe'; channel: string; after?: number };

/** A frame as a request, or why it is not one. Never throws, whatever the client sent. */
export function readRequest(data: RawData, isBinary: boolean): ClientRequest | { error: string } {
  if (isBinary) return { error: 'messages must be JSON text frames' };
  let value: unknown;
  try {
    value = JSON.parse(String(data));
  } catch {
    return { error: 'messages must be JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'messages must be JSON objects: {"action": ..., "channel": ...}' };
  const { action, channel, after } = value as Record<string, unknown>;
  if (action !== 'subscribe' && action !== 'unsubscribe') return { error: 'action must be subscribe or unsubscribe' };
  if (typeof channel !== 'string' || !CHANNEL.test(channel) || inputs.textProblem(channel)) {
    return { error: 'channel must be a string <prefix>:<key> (e.g. source:ZTF18aabcvnq), at most 200 characters after the prefix' };
  }
  if (after === undefined) return { action, channel };
  if (typeof after !== 'number' || !Number.isSafeInteger(after) || after < 0)
    return { error: 'after must be the id of the last message seen: an integer >= 0' };
  return { action, channel, after };
}

/** Whether a user may receive a message meant for an audience (and for its `within`, when it has one). */
export function inAudience(user: Principal, audience: Audience): boolean {
  if (user.isSystemAdmin) return true;
  const listed = Boolean(audience.userIds?.includes(user.id) || audience.groupIds?.some((id) => user.groupIds.includes(id)));
  return listed && (audience.within === undefined || inAudience(user, audience.within));
}

export type UpgradeAuthenticator = (request: IncomingMessage) => Promise<{ user: Principal; refresh: () => Promise<Principal | undefined> } | null>;

/**
 * The WebSocket hub at /websocket: authenticates the upgrade (session cookie or token header),
 * lets clients subscribe to channels they may see, and delivers each published message only to
 * subscribers in its audience. Messages reach other processes through the cluster bus.
 */
export class WebSocketHub implements LiveHub {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: SOCKET_LIMITS.maxFrameBytes });
  private readonly clients = new Set<Client>();
  private readonly byChannel = new Map<string, Set<Client>>();
  private readonly authorizers = new Map<string, ChannelAuthorizer>();
  private readonly resumers = new Map<string, ChannelResumer>();
  /** Open sockets per user id on this process. */
  private readonly socketsOf = new Map<number, number>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly bus: ClusterBus,
    private readonly logger: Logger,
    private readonly authenticateUpgrade: UpgradeAuthenticator,
    /** A page shares one socket; a user with this many open on one process is refused more (429). */
    private readonly maxSocketsPerUser = 64,
  ) {
    this.authorizers.set('user', (user, key) => String(user.id) === key);
    this.authorizers.set('group', (user, key) => user.isSystemAdmin || user.groupIds.includes(Number(key)));
    bus.on(TOPIC, (payload) => this.deliver(payload as Published));
    bus.on(CREDENTIALS_CHANGED, (payload) => {
      this.refreshUsers((payload as { userId?: number } | null)?.userId).catch((error) =>
        this.logger.error({ err: error }, 'WebSocket: re-reading rights failed'),
      );
    });
    this.heartbeat = setInterval(() => this.guarded(undefined, 'heartbeat', () => this.ping()), 30_000);
    this.heartbeat.unref();
  }

  get connectionCount(): number {
    return this.clients.size;
  }

  /** Users with at least one socket open on this process. */
  get userCount(): number {
    return this.socketsOf.size;
  }

  authorizeChannel(prefix: string, authorizer: ChannelAuthorizer): void {
    if (this.authorizers.has(prefix)) throw new Error(`WebSocket channel prefix "${prefix}" already has an authorizer`);
    this.authorizers.set(prefix, authorizer);
  }

  resumeChannel(prefix: string, resumer: ChannelResumer): void {
    if (this.resumers.has(prefix)) throw new Error(`WebSocket channel prefix "${prefix}" is already resumable`);
    this.resumers.set(prefix, resumer);
  }

  async publish(channel: string, message: LiveMessage, audience: Audience, options: PublishOptions = {}): Promise<void> {
    if (!CHANNEL.test(channel)) throw new Error(`Invalid channel name: ${channel}`);
    if (message.id !== undefined && !(Number.isSafeInteger(message.id) && message.id > 0)) throw new Error(`Invalid live message id: ${message.id}`);
    await this.bus.publish(TOPIC, { channel, message, audience } satisfies Published, options.transaction);
  }

  async publishToGroups(groupIds: readonly number[], message: LiveMessage, options?: PublishOptions): Promise<void> {
    // One after another: a transaction's statements share its one connection anyway.
    for (const id of new Set(groupIds)) await this.publish(`group:${id}`, message, { groupIds: [id] }, options);
  }

  /** Called for every HTTP upgrade request on the server. Never rejects: a failure closes that socket only. */
  async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // Until `ws` takes the socket, nobody listens for its errors: a client resetting the
    // connection while we authenticate would otherwise be an uncaught 'error' event.
    const onEarlyError = () => socket.destroy();
    socket.on('error', onEarlyError);
    try {
      const path = (request.url ?? '').split('?')[0];
      if (path !== WEBSOCKET_PATH) return this.refuse(socket, 404, 'Not Found');
      let auth;
      try {
        auth = await this.authenticateUpgrade(request);
      } catch (error) {
        this.logger.debug({ err: error }, 'WebSocket upgrade: credentials unreadable');
        auth = null;
      }
      if (!auth) return this.refuse(socket, 401, 'Unauthorized');
      if ((this.socketsOf.get(auth.user.id) ?? 0) >= this.maxSocketsPerUser) return this.refuse(socket, 429, 'Too Many Requests');
      if (socket.destroyed) return;
      socket.off('error', onEarlyError);
      this.server.handleUpgrade(request, socket, head, (ws) => this.guarded(undefined, 'accept', () => this.accept(ws, auth.user, auth.refresh)));
    } catch (error) {
      this.logger.error({ err: error }, 'WebSocket upgrade failed');
      socket.destroy();
    }
  }

  private refuse(socket: Duplex, status: number, text: string): void {
    if (!socket.destroyed) socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  /** Runs `fn`; a throw is logged with the socket's id (a bug to fix), and never leaves the hub. */
  private guarded(client: Client | undefined, what: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.logger.error({ err: error, socketId: client?.id, userId: client?.user.id }, `WebSocket ${what} failed`);
    }
  }

  private accept(socket: WebSocket, user: Principal, refresh: Client['refresh']): void {
    const client: Client = {
      id: randomUUID(),
      socket,
      user,
      refresh,
      channels: new Set(),
      alive: true,
      queue: Promise.resolve(),
      allowance: SOCKET_LIMITS.burst,
      lastMessageAt: performance.now(),
      holding: new Map(),
      resent: new Map(),
    };
    this.clients.add(client);
    this.socketsOf.set(user.id, (this.socketsOf.get(user.id) ?? 0) + 1);
    socket.on('pong', () => (client.alive = true));
    socket.on('message', (data, isBinary) => this.guarded(client, 'message', () => this.receive(client, data, isBinary)));
    socket.on('close', () => this.guarded(client, 'close', () => this.drop(client)));
    // ws closes the socket itself on protocol errors (1009 too big, 1007 bad UTF-8) and then emits this.
    socket.on('error', (error) => {
      this.logger.debug({ err: error, socketId: client.id }, 'WebSocket protocol error');
      this.guarded(client, 'error', () => this.drop(client));
    });
    this.send(client, { type: 'welcome', user_id: user.id });
  }

  private send(client: Client, value: unknown): void {
    this.sendText(client, JSON.stringify(value));
  }

  private sendText(client: Client, text: string): void {
    if (client.socket.readyState === WebSocket.OPEN) client.socket.send(text);
  }

  /** Rate limit on receipt, then the request joins the socket's queue. */
  private receive(client: Client, data: RawData, isBinary: boolean): void {
    if (client.socket.readyState !== WebSocket.OPEN) return;
    const now = performance.now();
    client.allowance = Math.min(SOCKET_LIMITS.burst, client.allowance + ((now - client.lastMessageAt) / 1000) * SOCKET_LIMITS.perSecond);
    client.lastMessageAt = now;
    if (client.allowance < 1) {
      this.logger.warn({ socketId: client.id, userId: client.user.id }, 'WebSocket closed: message flood');
      client.socket.close(1008, 'too many messages');
      this.drop(client);
      return;
    }
    client.allowance -= 1;
    const request = readRequest(data, isBinary);
    client.queue = client.queue
      .then(() => ('error' in request ? this.send(client, { type: 'error', message: request.error }) : this.handle(client, request)))
      .catch((error) => {
        this.logger.error({ err: error, socketId: client.id, userId: client.user.id }, 'WebSocket message failed');
        this.send(client, { type: 'error', message: 'internal error', socket_id: client.id });
      });
  }

  private async handle(client: Client, { action, channel, after }: ClientRequest): Promise<void> {
    if (!this.clients.has(client)) return; // closed while the request waited
    if (action === 'unsubscribe') {
      this.leave(client, channel);
      return this.send(client, { type: 'unsubscribed', channel });
    }
    if (client.channels.has(channel)) return this.send(client, { type: 'subscribed', channel });
    if (client.channels.size >= SOCKET_LIMITS.maxChannels) {
      return this.send(client, { type: 'error', channel, message: `at most ${SOCKET_LIMITS.maxChannels} channels per socket: unsubscribe from one first` });
    }
    const match = CHANNEL.exec(channel)!;
    const authorizer = this.authorizers.get(match[1]!);
    let allowed = false;
    try {
      allowed = Boolean(authorizer && (await authorizer(client.user, match[2]!)));
    } catch (error) {
      this.logger.warn({ err: error, channel, socketId: client.id }, 'channel authorizer failed');
    }
    // One answer for "does not exist" and "not yours": never reveal what exists.
    if (!allowed) return this.send(client, { type: 'error', channel, message: 'channel not found' });
    if (!this.clients.has(client)) return; // closed while the authorizer ran
    const resumer = after === undefined ? undefined : this.resumers.get(match[1]!);
    // Subscribed first, so whatever is published from now on reaches this socket (held back while
    // resuming); what came before is read back from its owner's store.
    if (resumer) client.holding.set(channel, []);
    client.channels.add(channel);
    let set = this.byChannel.get(channel);
    if (!set) this.byChannel.set(channel, (set = new Set()));
    set.add(client);
    if (!resumer) return this.send(client, { type: 'subscribed', channel });
    await this.resume(client, channel, match[2]!, after!, resumer);
  }

  /** Sends what `channel` had after `after`, then the frames held back meanwhile, skipping those already sent. */
  private async resume(client: Client, channel: string, key: string, after: number, resumer: ChannelResumer): Promise<void> {
    let missed: Awaited<ReturnType<ChannelResumer>> = [];
    let failed = false;
    try {
      missed = await resumer(client.user, key, after, RESUME_LIMIT + 1);
    } catch (error) {
      failed = true;
      this.logger.warn({ err: error, channel, socketId: client.id }, 'resuming a channel failed');
    }
    const held = client.holding.get(channel) ?? [];
    client.holding.delete(channel);
    if (!this.clients.has(client) || !client.channels.has(channel)) return;
    const sent = missed.slice(0, RESUME_LIMIT).filter((message) => inAudience(client.user, message.audience));
    // `more`: not everything missed is here (too much, or the store failed): the client reloads.
    this.send(client, { type: 'subscribed', channel, resumed: sent.length, more: failed || missed.length > RESUME_LIMIT });
    const ids = new Set<number>();
    for (const { type, data, id } of sent) {
      ids.add(id);
      this.send(client, { channel, type, data: data ?? null, id });
    }
    for (const frame of held) {
      if (frame.id === undefined || !ids.has(frame.id)) this.sendText(client, frame.text);
    }
    if (ids.size) client.resent.set(channel, { ids, until: Date.now() + RESENT_MEMORY_MS });
  }

  /** Whether a live frame on `channel` was already resent to the client on resuming. */
  private alreadyResent(client: Client, channel: string, id: number | undefined): boolean {
    const resent = client.resent.get(channel);
    if (!resent || id === undefined) return false;
    if (Date.now() > resent.until) {
      client.resent.delete(channel);
      return false;
    }
    return resent.ids.has(id);
  }

  private leave(client: Client, channel: string): void {
    client.channels.delete(channel);
    client.holding.delete(channel);
    client.resent.delete(channel);
    const set = this.byChannel.get(channel);
    set?.delete(client);
    if (set?.size === 0) this.byChannel.delete(channel);
  }

  private deliver({ channel, message, audience }: Published): void {
    const subscribers = this.byChannel.get(channel);
    if (!subscribers?.size) return;
    // Serialised once, sent to many.
    const { id } = message;
    const text = JSON.stringify({ channel, type: message.type, data: message.data ?? null, ...(id === undefined ? {} : { id }) });
    for (const client of subscribers) {
      if (client.socket.readyState !== WebSocket.OPEN || !inAudience(client.user, audience) || this.alreadyResent(client, channel, id)) continue;
      const held = client.holding.get(channel);
      if (held) held.push({ text, id });
      else client.socket.send(text);
    }
  }

  private async refreshUsers(userId?: number): Promise<void> {
    for (const client of this.clients) {
      if (userId !== undefined && client.user.id !== userId) continue;
      const user = await client.refresh().catch((error) => {
        this.logger.warn({ err: error, socketId: client.id }, 'WebSocket: rights could not be re-read; closing');
        return undefined;
      });
      if (!user) client.socket.close(4401, 'credentials revoked');
      else client.user = user;
    }
  }

  private drop(client: Client): void {
    if (!this.clients.delete(client)) return;
    const open = (this.socketsOf.get(client.user.id) ?? 1) - 1;
    if (open > 0) this.socketsOf.set(client.user.id, open);
    else this.socketsOf.delete(client.user.id);
    for (const channel of [...client.channels]) this.leave(client, channel);
  }

  private ping(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.socket.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
