import http from 'node:http';
import Provider from 'oidc-provider';
import type { SkyPortalApp } from '@skyportal/core';
import { freePort, startTestServer, type TestServer } from '@skyportal/test-kit';

/** A minimal cookie jar per origin, as a browser keeps. */
class Browser {
  private jars = new Map<string, Map<string, string>>();

  async get(url: string): Promise<Response> {
    const { host } = new URL(url);
    const jar = this.jars.get(host) ?? new Map<string, string>();
    this.jars.set(host, jar);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const [name, ...value] = pair!.split('=');
      jar.set(name!.trim(), value.join('='));
    }
    return res;
  }

  /** Follows redirects across origins; returns the last response. */
  async follow(url: string, limit = 15): Promise<{ res: Response; url: string }> {
    let current = url;
    for (let i = 0; i < limit; i++) {
      const res = await this.get(current);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { res, url: current };
      current = new URL(location, current).href;
    }
    throw new Error('too many redirects');
  }

  cookiesFor(url: string): string {
    return [...(this.jars.get(new URL(url).host) ?? [])].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

let providerServer: http.Server;
let server: TestServer;
let app: SkyPortalApp;
let appUrl: string;

beforeAll(async () => {
  const providerPort = await freePort();
  const appPort = await freePort();
  const issuer = `http://127.0.0.1:${providerPort}`;
  appUrl = `http://127.0.0.1:${appPort}`;

  // A real OpenID Connect provider that signs everyone in as "astro" and consents at once.
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'skyportal',
        client_secret: 'a-test-client-secret',
        redirect_uris: [`${appUrl}/api/auth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    ttl: { Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, Interaction: 600, AuthorizationCode: 60 },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['preferred_username', 'given_name', 'family_name'] },
    async findAccount(_ctx: unknown, id: string) {
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: 'astro@example.org', email_verified: true, preferred_username: 'astro', given_name: 'Vera', family_name: 'Rubin' };
        },
      };
    },
  } as never);
  const callback = provider.callback();
  providerServer = http.createServer(async (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      const details = await provider.interactionDetails(req, res);
      let result;
      if (details.prompt.name === 'login') {
        result = { login: { accountId: 'astro-subject-1' } };
      } else {
        const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id as string });
        grant.addOIDCScope('openid email profile');
        result = { consent: { grantId: await grant.save() } };
      }
      await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      return;
    }
    callback(req, res);
  });
  await new Promise<void>((resolve) => providerServer.listen(providerPort, '127.0.0.1', resolve));

  server = await startTestServer({
    config: {
      server: { port: appPort, publicUrl: appUrl },
      auth: { oidc: { enabled: true, issuer, clientId: 'skyportal', clientSecret: 'a-test-client-secret', allowInsecure: true, label: 'Test IdP' } },
    },
  });
  app = server.app;
});

afterAll(async () => {
  await server.stop();
  providerServer.closeAllConnections();
  await new Promise((resolve) => providerServer.close(resolve));
});

test('the login page learns about the provider', async () => {
  const res = await fetch(`${appUrl}/api/auth/providers`);
  const body = await res.json();
  expect(body.data.oidc).toEqual({ label: 'Test IdP', loginUrl: '/api/auth/oidc/login' });
});

test('signing in through the provider creates the account once and starts a session', async () => {
  const browser = new Browser();
  const { res, url } = await browser.follow(`${appUrl}/api/auth/oidc/login`);
  expect(url).toBe(`${appUrl}/`); // back home after the callback
  expect(res.status).toBeLessThan(500);
  const profile = await fetch(`${appUrl}/api/internal/profile`, { headers: { cookie: browser.cookiesFor(appUrl) } });
  const body = await profile.json();
  expect(profile.status).toBe(200);
  expect(body.data).toMatchObject({ username: 'astro', contact_email: 'astro@example.org', first_name: 'Vera', roles: ['Full user'] });

  // A second login finds the same account rather than making another.
  const again = new Browser();
  await again.follow(`${appUrl}/api/auth/oidc/login`);
  const users = await app.knex('users').where('username', 'like', 'astro%').pluck('username');
  expect(users).toEqual(['astro']);
});

test('a callback without the login cookie is refused', async () => {
  const res = await fetch(`${appUrl}/api/auth/oidc/callback?code=stolen&state=guess`, { redirect: 'manual' });
  expect(res.status).toBe(400);
});
