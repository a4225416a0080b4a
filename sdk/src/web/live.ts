// One WebSocket per page, shared by the host and every plugin (this module is a federation
// singleton). Components subscribe to channels; the connection re-subscribes after reconnecting,
// and on resumable channels (messages with an `id`) asks for what it missed while it was away.
import { useEffect, useRef } from 'react';

/**
 * A frame of a channel: a message a plugin published, or the hub's own `subscribed` (sent each
 * time the server confirms the subscription: at first and after every reconnect, the moment to
 * catch up) and `error`.
 */
export interface LiveMessage<D = unknown> {
  channel: string;
  type: string;
  data?: D;
  /** Resumable channels: the message's position in its channel (see `SubscribeOptions.after`). */
  id?: number;
  message?: string;
  /** On `subscribed` after a resume: how many missed messages follow, and whether some could not be sent (reload then). */
  resumed?: number;
  more?: boolean;
}

export type LiveHandler = (message: LiveMessage) => void;

export interface SubscribeOptions {
  /**
   * On a resumable channel, the id of the last message the caller already has (the newest of a
   * history it just loaded): the server first sends every message after it, then live ones, so
   * nothing published between the load and the subscription is lost. Used when the channel is
   * first subscribed on the page; afterwards the connection keeps the last id itself.
   */
  after?: number;
}

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/** Ids remembered per channel to drop a message delivered twice (a resume overlapping what arrived). */
const REMEMBERED_IDS = 1000;

/** Where a resumable channel stands: the newest id delivered and the recent ids, to deliver each once. */
class ChannelCursor {
  last: number | undefined;
  private readonly seen = new Set<number>();

  private readonly floor: number;

  /** `after`: the newest id of the history the subscriber loaded (0: none yet); it has that and everything older. */
  constructor(after?: number) {
    this.floor = after ?? 0;
    this.last = after;
  }

  /** Whether `id` is new (and remembers it). */
  admit(id: number): boolean {
    if (id <= this.floor || this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.seen.size > REMEMBERED_IDS) this.seen.delete(this.seen.values().next().value!);
    this.last = Math.max(this.last ?? 0, id);
    return true;
  }
}

export class LiveConnection {
  private socket: WebSocket | null = null;
  private readonly handlers = new Map<string, Set<LiveHandler>>();
  private readonly observers = new Set<LiveHandler>();
  private readonly cursors = new Map<string, ChannelCursor>();
  private attempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly url: () => string) {}

  subscribe(channel: string, handler: LiveHandler, options: SubscribeOptions = {}): () => void {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      this.cursors.set(channel, new ChannelCursor(options.after));
      this.sendSubscribe(channel);
    }
    set.add(handler);
    this.ensureConnected();
    return () => this.unsubscribe(channel, handler);
  }

  /**
   * Calls `handler` once for every message on any subscribed channel, however many listeners that
   * channel has: the data layer turns each message into one cache invalidation. Subscribes nothing.
   */
  observe(handler: LiveHandler): () => void {
    this.observers.add(handler);
    return () => {
      this.observers.delete(handler);
    };
  }

  /** Channels with at least one listener; exposed for tests and debugging. */
  channels(): string[] {
    return [...this.handlers.keys()];
  }

  private unsubscribe(channel: string, handler: LiveHandler): void {
    const set = this.handlers.get(channel);
    if (!set) return;
    set.delete(handler);
    if (set.size === 0) {
      this.handlers.delete(channel);
      this.cursors.delete(channel);
      this.send({ action: 'unsubscribe', channel });
    }
  }

  /** With the last id seen, if any: on a resumable channel the server then sends what came after it. */
  private sendSubscribe(channel: string): void {
    const after = this.cursors.get(channel)?.last;
    this.send(after === undefined ? { action: 'subscribe', channel } : { action: 'subscribe', channel, after });
  }

  private send(payload: object): void {
    // Before the socket opens nothing is sent: onopen subscribes every known channel.
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(payload));
  }

  private ensureConnected(): void {
    if (this.socket || this.reconnectTimer) return;
    const socket = new WebSocket(this.url());
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      for (const channel of this.handlers.keys()) this.sendSubscribe(channel);
    };
    socket.onmessage = (event) => this.dispatch(event.data);
    socket.onclose = () => {
      this.socket = null;
      if (this.handlers.size > 0) this.scheduleReconnect();
    };
    // onerror is always followed by onclose, which does the reconnecting.
  }

  private scheduleReconnect(): void {
    const delay = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** this.attempts) * (0.75 + Math.random() * 0.5);
    this.attempts += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.handlers.size > 0) this.ensureConnected();
    }, delay);
  }

  private dispatch(raw: unknown): void {
    let message: LiveMessage;
    try {
      message = JSON.parse(String(raw));
    } catch {
      return;
    }
    if (!message || typeof message.channel !== 'string') return;
    // A resumed channel may send again what arrived just before the socket dropped: once is enough.
    if (typeof message.id === 'number' && this.cursors.get(message.channel)?.admit(message.id) === false) return;
    for (const handler of [...this.observers, ...(this.handlers.get(message.channel) ?? [])]) {
      try {
        handler(message);
      } catch (error) {
        // One plugin's faulty handler must not starve the others on the same channel.
        console.error(`live handler for ${message.channel} failed`, error);
      }
    }
  }
}

function pageSocketUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}/websocket`;
}

let pageConnection: LiveConnection | null = null;

export function getLiveConnection(): LiveConnection {
  pageConnection ??= new LiveConnection(pageSocketUrl);
  return pageConnection;
}

/**
 * Calls onMessage for every message on `channel` while the component is mounted (null: no
 * subscription). `options.after` is read when the channel is subscribed: pass it once the
 * history it continues has loaded (keep `channel` null until then).
 */
export function useLiveChannel(channel: string | null, onMessage: LiveHandler, options: SubscribeOptions = {}): void {
  // A ref, so an inline arrow function does not re-subscribe on every render.
  const handlerRef = useRef(onMessage);
  const afterRef = useRef(options.after);
  useEffect(() => {
    handlerRef.current = onMessage;
    afterRef.current = options.after;
  });
  useEffect(() => {
    if (!channel) return undefined;
    return getLiveConnection().subscribe(channel, (message) => handlerRef.current(message), { after: afterRef.current });
  }, [channel]);
}
