import { z } from 'zod';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { PluginRouter } from '@skyportal/sdk';
import { ApiError, badRequest, inputs, unauthorized } from '@skyportal/sdk';
import type { Config } from '../config/schema.js';
import type { Users } from './users.js';
import type { Sessions } from './sessions.js';
import { OidcLogin } from './oidc.js';
import { LoginLimiter } from './login-limiter.js';

const OIDC_COOKIE = 'skyportal.oidc';

interface Deps {
  knex: Knex;
  config: Config;
  users: Users;
  sessions: Sessions;
  logger: Logger;
}

/** An expired or disabled account has no principal (principals.ts): say so rather than sign it in to nothing. */
async function refuseInactive(knex: Knex, userId: number): Promise<void> {
  const { expiration_date: expires, disabled_at: disabled } = await knex('users').where({ id: userId }).first('expiration_date', 'disabled_at');
  if (disabled) throw unauthorized('Unauthorized: this account is disabled');
  if (expires && expires.getTime() <= Date.now()) throw unauthorized('Unauthorized: this account has expired');
}

/** A free username from what the provider tells us (`jdoe`, `jdoe-2`, ...). */
async function freeUsername(knex: Knex, wanted: string): Promise<string> {
  const base = wanted.replace(/[^\w.@-]/g, '').slice(0, 60) || 'user';
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const taken = await knex('users').where({ username: candidate }).first('id');
    const groupTaken = await knex('groups').where({ name: candidate }).first('id');
    if (!taken && !groupTaken) return candidate;
  }
}

export function authRoutes(router: PluginRouter, deps: Deps): void {
  const { knex, config, users, sessions } = deps;
  const limiter = new LoginLimiter(knex);
  const oidcConfig = config.auth.oidc;
  const oidc = oidcConfig.enabled ? new OidcLogin(oidcConfig, new URL('/api/auth/oidc/callback', config.server.publicUrl).href) : undefined;

  router.get('/api/auth/providers', { access: 'public', summary: 'How users may sign in here', tags: ['auth'] }, async () => ({
    local: config.auth.local.enabled,
    oidc: oidc ? { label: oidcConfig.label, loginUrl: '/api/auth/oidc/login' } : null,
  }));

  router.post(
    '/api/auth/login',
    {
      access: { account: 'sign-in' },
      summary: 'Sign in with a local account; sets the session and CSRF cookies',
      tags: ['auth'],
      body: z.object({ username: inputs.text(200).min(1), password: z.string().min(1).max(1024) }),
    },
    async ({ body, ctx }) => {
      if (!config.auth.local.enabled) throw badRequest('username: local accounts are disabled on this site');
      // Counted before the password is checked, so parallel guesses cannot outrun the count.
      try {
        await limiter.attempt(ctx.ip, body.username);
      } catch (error) {
        const retryAfter = error instanceof ApiError ? error.data.retry_after : undefined;
        if (typeof retryAfter === 'number') ctx.set('Retry-After', String(retryAfter));
        throw error;
      }
      const userId = await users.verifyPassword(body.username, body.password);
      if (!userId) throw unauthorized('Wrong username or password');
      await limiter.succeeded(ctx.ip, body.username);
      await refuseInactive(knex, userId);
      await sessions.start(ctx, userId);
      return { id: userId, username: body.username };
    },
  );

  // A session only, with its CSRF header like every cookie-authenticated write.
  router.post('/api/auth/logout', { access: { account: 'session' }, summary: 'End the browser session', tags: ['auth'] }, async ({ ctx }) => {
    await sessions.end(ctx);
    return {};
  });

  if (!oidc) return;

  router.get('/api/auth/oidc/login', { access: 'public', summary: 'Start an OpenID Connect login (redirects)', tags: ['auth'] }, async ({ ctx }) => {
    const start = await oidc.begin();
    ctx.cookies.set(OIDC_COOKIE, JSON.stringify({ state: start.state, verifier: start.verifier, nonce: start.nonce }), {
      httpOnly: true,
      signed: true,
      sameSite: 'lax',
      secure: sessions.secureFor(ctx),
      maxAge: 10 * 60_000,
      path: '/api/auth/oidc',
    });
    ctx.redirect(start.url);
    return undefined;
  });

  router.get('/api/auth/oidc/callback', { access: 'public', summary: 'Return from the OpenID Connect provider', tags: ['auth'] }, async ({ ctx, log }) => {
    const saved = ctx.cookies.get(OIDC_COOKIE, { signed: true });
    if (!saved) throw badRequest('state: the login took too long or began elsewhere; start again');
    ctx.cookies.set(OIDC_COOKIE, null, { path: '/api/auth/oidc', secure: sessions.secureFor(ctx) });
    const current = new URL(ctx.originalUrl, config.server.publicUrl);
    let identity;
    try {
      identity = await oidc.finish(current, JSON.parse(saved));
    } catch (error) {
      log.warn({ err: error }, 'OIDC login failed');
      throw new ApiError(401, `Sign-in with ${oidcConfig.label} failed: ${(error as Error).message}`);
    }
    let user = await knex('users').where({ oidc_identity: identity.identity }).first('id');
    if (!user) {
      const username = await freeUsername(knex, identity.preferredUsername ?? identity.email?.split('@')[0] ?? identity.sub);
      user = await users.create({
        username,
        contact_email: identity.email,
        first_name: identity.givenName,
        last_name: identity.familyName,
        oidc_identity: identity.identity,
        roles: oidcConfig.newUserRoles,
      });
      log.info({ username }, 'account created at first OIDC login');
    }
    await refuseInactive(knex, user.id);
    await sessions.start(ctx, user.id);
    ctx.redirect('/');
    return undefined;
  });
}
