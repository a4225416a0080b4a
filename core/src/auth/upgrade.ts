import { ServerResponse, type IncomingMessage } from 'node:http';
import type Koa from 'koa';
import type { Principals } from './principals.js';
import type { Sessions } from './sessions.js';
import { sha256 } from './secrets.js';
import type { UpgradeAuthenticator } from '../ws/hub.js';
import { tokenFromAuthorization } from './authenticate.js';

/**
 * Authenticates a WebSocket upgrade like an HTTP request: a token header, or the session cookie
 * from a page of this site (the Origin must match, against cross-site WebSocket hijacking).
 */
export function upgradeAuthenticator(app: Koa, principals: Principals, sessions: Sessions): UpgradeAuthenticator {
  return async (request: IncomingMessage) => {
    const token = tokenFromAuthorization(request.headers.authorization);
    if (token) {
      const hash = sha256(token);
      const user = await principals.forTokenHash(hash);
      return user ? { user, refresh: () => principals.forTokenHash(hash) } : null;
    }
    const origin = request.headers.origin;
    if (origin && new URL(origin).host !== request.headers.host) return null;
    const ctx = app.createContext(request, new ServerResponse(request));
    const session = await sessions.read(ctx);
    if (!session) return null;
    const user = await principals.forSession(session.userId);
    return user
      ? {
          user,
          refresh: async () => {
            // The session is read again: once it has ended, the socket ends too.
            const still = await sessions.read(ctx);
            return still ? principals.forSession(still.userId) : undefined;
          },
        }
      : null;
  };
}
