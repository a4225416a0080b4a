import type http from 'node:http';
import net from 'node:net';
import type { Socket } from 'node:net';

/** A connection that has not sent a request this long after it was accepted is taken as idle. */
const FIRST_REQUEST_GRACE_MS = 1000;

interface State {
  since: number;
  /** `new`: accepted, no request yet; `busy`: answering one; `idle`: between keep-alive requests. */
  phase: 'new' | 'busy' | 'idle';
}

/**
 * A graceful drain that loses no request. Node's `server.close()` resets every connection not
 * answering a request at that moment, and that includes one accepted a moment ago whose request
 * is still on its way (a proxy's fresh connection): that request would be lost. Here the listener
 * stops, answers in progress finish and go out with `Connection: close`, keep-alive connections
 * close as soon as they are idle, and a new connection gets a moment to send its request.
 */
export class Drain {
  private readonly sockets = new Map<Socket, State>();
  private draining = false;

  constructor(private readonly server: http.Server) {
    server.on('connection', (socket: Socket) => {
      this.sockets.set(socket, { since: Date.now(), phase: 'new' });
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      const state = this.sockets.get(request.socket);
      if (state) Object.assign(state, { phase: 'busy', since: Date.now() });
      if (this.draining) response.setHeader('Connection', 'close');
      response.once('finish', () => {
        if (state && state.phase === 'busy') Object.assign(state, { phase: 'idle', since: Date.now() });
      });
    });
    // An upgraded socket (a WebSocket) belongs to the hub from then on, which closes it itself.
    server.on('upgrade', (request: http.IncomingMessage) => this.sockets.delete(request.socket as Socket));
  }

  /** Stops listening (without the reset of `server.close()`); resolves when every connection has ended. */
  close(): Promise<void> {
    this.draining = true;
    return new Promise<void>((resolve) => {
      if (!this.server.listening) return resolve();
      net.Server.prototype.close.call(this.server, () => resolve());
    });
  }

  /** Ends the connections with nothing to answer: idle keep-alive ones, and new ones that sent nothing in time. */
  reapIdle(): void {
    const now = Date.now();
    for (const [socket, state] of this.sockets) {
      if (state.phase === 'idle' || (state.phase === 'new' && now - state.since > FIRST_REQUEST_GRACE_MS)) socket.destroy();
    }
  }
}
