import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { Audience, ChannelAuthorizer, LiveHub, LiveMessage, Principal } from '@skyportal/sdk';
import type { ClusterBus } from '../cluster/bus.js';
import { CREDENTIALS_CHANGED } from '../auth/principals.js';

export const WEBSOCKET_PATH = '/websocket';
const TOPIC = 'live';
const CHANNEL = /^([a-z][a-z0-9-]*):(.{1,200})$/;

interface Client {
  socket: WebSocket;
  user: Principal;
  /** Re-reads the caller's rights (after a group or token change); undefined means revoked. */
  refresh: () => Promise<Principal | undefined>;
  channels: Set<string>;
  alive: boolean;
}

interface Published {
  channel: string;
  message: LiveMessage;
  audience: Audience;
}

/** Whether a user may receive a message meant for an audience. */
export function inAudience(user: Principal, audience: Audience): boolean {
  if (user.isSystemAdmin) return true;
  if (audience.userIds?.includes(user.id)) return true;
  return audience.groupIds?.some((id) => user.groupIds.includes(id)) ?? false;
}

export type UpgradeAuthenticator = (request: IncomingMessage) => Promise<{ user: Principal; refresh: () => Promise<Principal | undefined> } | null>;

/**
 * The WebSocket hub at /websocket: authenticates the upgrade (session cookie or token header),
 * lets clients subscribe to channels they may see, and delivers each published message only to
 * subscribers in its audience. Messages reach other processes through the cluster bus.
 */
export class WebSocketHub implements LiveHub {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly clients = new Set<Client>();
  private readonly byChannel = new Map<string, Set<Client>>();
  private readonly authorizers = new Map<string, ChannelAuthorizer>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly bus: ClusterBus,
    private readonly logger: Logger,
    private readonly authenticateUpgrade: UpgradeAuthenticator,
  ) {
    this.authorizers.set('user', (user, key) => String(user.id) === key);
    this.authorizers.set('group', (user, key) => user.isSystemAdmin || user.groupIds.includes(Number(key)));
    bus.on(TOPIC, (payload) => this.deliver(payload as Published));
    bus.on(CREDENTIALS_CHANGED, (payload) => void this.refreshUsers((payload as { userId?: number }).userId));
    this.heartbeat = setInterval(() => this.ping(), 30_000);
    this.heartbeat.unref();
  }

  get connectionCount(): number {
    return this.clients.size;
  }

  authorizeChannel(prefix: string, authorizer: ChannelAuthorizer): void {
    if (this.authorizers.has(prefix)) throw new Error(`WebSocket channel prefix "${prefix}" already has an authorizer`);
    this.authorizers.set(prefix, authorizer);
  }

  async publish(channel: string, message: LiveMessage, audience: Audience): Promise<void> {
    if (!CHANNEL.test(channel)) throw new Error(`Invalid channel name: ${channel}`);
    await this.bus.publish(TOPIC, { channel, message, audience } satisfies Published);
  }

  async publishToGroups(groupIds: readonly number[], message: LiveMessage): Promise<void> {
    await Promise.all([...new Set(groupIds)].map((id) => this.publish(`group:${id}`, message, { groupIds: [id] })));
  }

  /** Called for every HTTP upgrade request on the server. */
  async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const path = (request.url ?? '').split('?')[0];
    if (path !== WEBSOCKET_PATH) return this.refuse(socket, 404, 'Not Found');
    let auth;
    try {
      auth = await this.authenticateUpgrade(request);
    } catch {
      auth = null;
    }
    if (!auth) return this.refuse(socket, 401, 'Unauthorized');
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws, auth.user, auth.refresh));
  }

  private refuse(socket: Duplex, status: number, text: string): void {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  private accept(socket: WebSocket, user: Principal, refresh: Client['refresh']): void {
    const client: Client = { socket, user, refresh, channels: new Set(), alive: true };
    this.clients.add(client);
    socket.on('pong', () => (client.alive = true));
    socket.on('message', (data) => void this.onMessage(client, data.toString()));
    socket.on('close', () => this.drop(client));
    socket.on('error', () => this.drop(client));
    this.send(client, { type: 'welcome', user_id: user.id });
  }

  private send(client: Client, value: unknown): void {
    if (client.socket.readyState === WebSocket.OPEN) client.socket.send(JSON.stringify(value));
  }

  private async onMessage(client: Client, text: string): Promise<void> {
    let request: { action?: string; channel?: string };
    try {
      request = JSON.parse(text);
    } catch {
      return this.send(client, { type: 'error', message: 'messages must be JSON' });
    }
    const channel = String(request.channel ?? '');
    if (request.action === 'unsubscribe') {
      client.channels.delete(channel);
      this.byChannel.get(channel)?.delete(client);
      return this.send(client, { type: 'unsubscribed', channel });
    }
    if (request.action !== 'subscribe') return this.send(client, { type: 'error', message: 'action must be subscribe or unsubscribe' });
    const match = CHANNEL.exec(channel);
    const authorizer = match && this.authorizers.get(match[1]!);
    let allowed = false;
    try {
      allowed = Boolean(authorizer && (await authorizer(client.user, match![2]!)));
    } catch (error) {
      this.logger.warn({ err: error, channel }, 'channel authorizer failed');
    }
    // One answer for "does not exist" and "not yours": never reveal what exists.
    if (!allowed) return this.send(client, { type: 'error', channel, message: 'channel not found' });
    client.channels.add(channel);
    let set = this.byChannel.get(channel);
    if (!set) this.byChannel.set(channel, (set = new Set()));
    set.add(client);
    this.send(client, { type: 'subscribed', channel });
  }

  private deliver({ channel, message, audience }: Published): void {
    const subscribers = this.byChannel.get(channel);
    if (!subscribers?.size) return;
    // Serialised once, sent to many.
    const text = JSON.stringify({ channel, type: message.type, data: message.data ?? null });
    for (const client of subscribers) {
      if (client.socket.readyState === WebSocket.OPEN && inAudience(client.user, audience)) client.socket.send(text);
    }
  }

  private async refreshUsers(userId?: number): Promise<void> {
    for (const client of this.clients) {
      if (userId !== undefined && client.user.id !== userId) continue;
      const user = await client.refresh().catch(() => undefined);
      if (!user) client.socket.close(4401, 'credentials revoked');
      else client.user = user;
    }
  }

  private drop(client: Client): void {
    this.clients.delete(client);
    for (const channel of client.channels) {
      const set = this.byChannel.get(channel);
      set?.delete(client);
      if (set?.size === 0) this.byChannel.delete(channel);
    }
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
