import { LRUCache } from 'lru-cache';
import type { Knex } from 'knex';
import type { Context } from 'koa';
import type { ClusterBus } from '../cluster/bus.js';
import { newSecret, sha256 } from './secrets.js';
import { CREDENTIALS_CHANGED } from './principals.js';

export const SESSION_COOKIE = 'skyportal.sid';
/** Readable by the page's script, which echoes it in the X-CSRF-Token header (double submit). */
export const CSRF_COOKIE = 'skyportal.csrf';
export const CSRF_HEADER = 'x-csrf-token';

interface SessionFacts {
  userId: number;
  csrfToken: string;
  expiresAt: number;
}

const REVOKED = 'auth.session.revoked';

/**
 * Server-side sessions in Postgres behind a signed cookie: any replica can read them, and logout
 * revokes at once everywhere.
 */
export class Sessions {
  private readonly cache = new LRUCache<string, SessionFacts | false>({ max: 20_000, ttl: 30_000 });

  constructor(
    private readonly knex: Knex,
    private readonly bus: ClusterBus,
    private readonly ttlHours: number,
    /** The site is https (`auth.secureCookies`, or an https public URL): every cookie is Secure. */
    private readonly httpsSite: boolean,
  ) {
    bus.on(REVOKED, (payload) => this.cache.delete((payload as { hash: string }).hash));
  }

  async start(ctx: Context, userId: number): Promise<void> {
    const secret = newSecret();
    const csrfToken = newSecret();
    const expiresAt = new Date(Date.now() + this.ttlHours * 3600_000);
    await this.knex('sessions').insert({ id_hash: sha256(secret), user_id: userId, csrf_token: csrfToken, expires_at: expiresAt });
    const common = { expires: expiresAt, sameSite: 'lax' as const, secure: this.secureFor(ctx), path: '/' };
    ctx.cookies.set(SESSION_COOKIE, secret, { ...common, httpOnly: true, signed: true });
    ctx.cookies.set(CSRF_COOKIE, csrfToken, { ...common, httpOnly: false, signed: false });
  }

  /**
   * Whether cookies set on this response are Secure: on an https site, or when this request came
   * over https (directly, or through a proxy trusted to say so in X-Forwarded-Proto). TLS often
   * ends at the proxy, so the app's own hop may be plain http: the cookie library is told the
   * browser's connection is secure, which is what the flag is about.
   */
  secureFor(ctx: Context): boolean {
    const secure = this.httpsSite || ctx.secure;
    if (secure) ctx.cookies.secure = true;
    return secure;
  }

  async read(ctx: Context): Promise<SessionFacts | undefined> {
    const secret = ctx.cookies.get(SESSION_COOKIE, { signed: true });
    if (!secret) return undefined;
    const hash = sha256(secret);
    let facts = this.cache.get(hash);
    if (facts === undefined) {
      const row = await this.knex('sessions').where({ id_hash: hash }).first('user_id', 'csrf_token', 'expires_at');
      facts = row ? { userId: row.user_id, csrfToken: row.csrf_token, expiresAt: new Date(row.expires_at).getTime() } : false;
      this.cache.set(hash, facts);
    }
    if (!facts || facts.expiresAt < Date.now()) return undefined;
    return facts;
  }

  async end(ctx: Context): Promise<void> {
    const secret = ctx.cookies.get(SESSION_COOKIE, { signed: true });
    if (secret) {
      const hash = sha256(secret);
      const [ended] = await this.knex('sessions').where({ id_hash: hash }).delete().returning('user_id');
      await this.bus.publish(REVOKED, { hash });
      // Open sockets of this user re-check their credentials: this session's close.
      if (ended) await this.bus.publish(CREDENTIALS_CHANGED, { userId: ended.user_id });
    }
    const secure = this.secureFor(ctx);
    ctx.cookies.set(SESSION_COOKIE, null, { path: '/', secure });
    ctx.cookies.set(CSRF_COOKIE, null, { path: '/', secure });
  }

  async purgeExpired(): Promise<void> {
    await this.knex('sessions').where('expires_at', '<', new Date()).delete();
  }
}
