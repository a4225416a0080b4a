/**
 * Live messages as a browser gets them: a real `ws` client on `/websocket`, authenticated by token.
 * A subscription keeps every message of its channel from the moment it is acknowledged, so a test
 * awaits a message the same way whether it arrived before or after the call.
 */
import WebSocket from 'ws';

export interface LiveMessage {
  channel: string;
  type: string;
  data?: any;
  /** On a resumable channel: the message's position in it. */
  id?: number;
}

export interface Subscription {
  readonly channel: string;
  /** Subscribed with `after` on a resumable channel: how many missed messages the server sent, and whether there were more than it sends. */
  readonly resumed?: { count: number; more: boolean };
  /**
   * The first message of the channel not returned before that `match` accepts (default: any),
   * waiting up to `timeoutMs` (default 5 s) for it. Messages it skips stay for later calls.
   * Rejects on timeout or when the socket closes: `await expect(sub.next(m, { timeoutMs: 500 })).rejects.toThrow()`
   * checks that nothing of the kind arrives.
   */
  next(match?: (message: LiveMessage) => boolean, options?: { timeoutMs?: number }): Promise<LiveMessage>;
  /** Closes the socket; pending `next` calls reject. */
  close(): Promise<void>;
}

/** A WebSocket client authenticated by `token`, resolved once the server welcomed it. */
export function openSocket(url: string, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/websocket`, { headers: { authorization: `token ${token}` } });
    socket.once('message', () => resolve(socket)); // the welcome
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`WebSocket refused: ${response.statusCode}`)));
  });
}

function closeSocket(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once('close', () => resolve());
    socket.close();
  });
}

interface Waiter {
  match: (message: LiveMessage) => boolean;
  resolve(message: LiveMessage): void;
  reject(error: Error): void;
}

/**
 * Subscribes to `channel` on the server at `url` as `token`; rejects if the server refuses. With
 * `after` (a resumable channel), the server first sends the messages after that id, as a page
 * that lost its socket asks for them.
 */
export async function subscribe(options: { url: string; token: string; channel: string; after?: number }): Promise<Subscription> {
  const { channel, after } = options;
  let resumed: Subscription['resumed'];
  const socket = await openSocket(options.url, options.token);
  const inbox: LiveMessage[] = [];
  const waiters = new Set<Waiter>();
  let closedBecause: string | undefined;

  const acknowledged = new Promise<void>((resolve, reject) => {
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw));
      if (message.channel !== channel) return;
      if (message.type === 'subscribed') {
        if (typeof message.resumed === 'number') resumed = { count: message.resumed, more: Boolean(message.more) };
        return resolve();
      }
      if (message.type === 'error') return reject(new Error(`subscribing to ${channel} was refused: ${message.message}`));
      for (const waiter of waiters) {
        if (!waiter.match(message)) continue;
        waiters.delete(waiter);
        return waiter.resolve(message);
      }
      inbox.push(message);
    });
    socket.once('close', (code) => {
      closedBecause = `the socket closed (code ${code})`;
      reject(new Error(`subscribing to ${channel}: ${closedBecause}`));
      for (const waiter of waiters) waiter.reject(new Error(`no message on ${channel}: ${closedBecause}`));
      waiters.clear();
    });
  });
  socket.send(JSON.stringify(after === undefined ? { action: 'subscribe', channel } : { action: 'subscribe', channel, after }));
  try {
    await acknowledged;
  } catch (error) {
    await closeSocket(socket);
    throw error;
  }

  return {
    channel,
    resumed,
    next(match = () => true, { timeoutMs = 5000 } = {}) {
      const index = inbox.findIndex(match);
      if (index >= 0) return Promise.resolve(inbox.splice(index, 1)[0]!);
      if (closedBecause) return Promise.reject(new Error(`no message on ${channel}: ${closedBecause}`));
      return new Promise<LiveMessage>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = inbox.map((m) => m.type).join(', ') || 'none';
          reject(new Error(`no matching message on ${channel} within ${timeoutMs} ms (unclaimed: ${seen})`));
        }, timeoutMs);
        const waiter: Waiter = {
          match,
          resolve: (message) => {
            clearTimeout(timer);
            resolve(message);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        waiters.add(waiter);
      });
    },
    close: () => closeSocket(socket),
  };
}
