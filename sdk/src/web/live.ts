// One WebSocket per page, shared by the host and every plugin (this module is a federation
// singleton). Components subscribe to channels; the connection re-subscribes after reconnecting.
import { useEffect, useRef } from 'react';

export interface LiveMessage<D = unknown> {
  channel: string;
  type: string;
  data?: D;
  message?: string;
}

export type LiveHandler = (message: LiveMessage) => void;

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

export class LiveConnection {
  private socket: WebSocket | null = null;
  private readonly handlers = new Map<string, Set<LiveHandler>>();
  private readonly observers = new Set<LiveHandler>();
  private attempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly url: () => string) {}

  subscribe(channel: string, handler: LiveHandler): () => void {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      this.send({ action: 'subscribe', channel });
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
      this.send({ action: 'unsubscribe', channel });
    }
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
      for (const channel of this.handlers.keys()) this.send({ action: 'subscribe', channel });
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

/** Calls onMessage for every message on `channel` while the component is mounted (null: no subscription). */
export function useLiveChannel(channel: string | null, onMessage: LiveHandler): void {
  // A ref, so an inline arrow function does not re-subscribe on every render.
  const handlerRef = useRef(onMessage);
  useEffect(() => {
    handlerRef.current = onMessage;
  });
  useEffect(() => {
    if (!channel) return undefined;
    return getLiveConnection().subscribe(channel, (message) => handlerRef.current(message));
  }, [channel]);
}
