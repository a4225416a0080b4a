import type { Knex } from 'knex';
import type { PluginRouter } from '@skyportal/sdk';
import { ApiError } from '@skyportal/sdk';
import type { Config } from '../config/schema.js';
import type { PluginRegistry } from '../plugins/registry.js';
import { CORE_VERSION } from '../version.js';
import type { WebSocketHub } from '../ws/hub.js';

interface Deps {
  knex: Knex;
  registry: PluginRegistry;
  config: Config;
  hub: WebSocketHub;
  openapi: () => unknown;
}

export function systemRoutes(router: PluginRouter, deps: Deps): void {
  router.get('/api/health', { access: 'public', summary: 'Liveness and readiness: the process answers and the database does', tags: ['system'] }, async () => {
    try {
      await deps.knex.raw('SELECT 1');
    } catch {
      throw new ApiError(503, 'database unreachable');
    }
    return { ok: true, version: CORE_VERSION, websockets: deps.hub.connectionCount };
  });

  router.get('/api/sysinfo', { access: 'public', summary: 'Facts about this site that clients probe (as SkyPortal)', tags: ['system'] }, async () => ({
    version: CORE_VERSION,
    invitationsEnabled: false,
    cosmology: 'Planck18',
    cosmoref: 'Planck Collaboration, 2020, A&A, 641, A6',
    plugins: deps.registry.list.map((p) => ({ name: p.name, version: p.version })),
    oidc: deps.config.auth.oidc.enabled,
  }));

  router.get('/api/plugins', { access: 'public', summary: 'Enabled plugins, their versions and web remotes', tags: ['system'] }, async () => ({
    plugins: deps.registry.manifest(),
  }));

  router.get('/api/openapi.json', { access: 'public', summary: 'This OpenAPI 3.1 document', tags: ['system'] }, async ({ ctx }) => {
    ctx.type = 'application/json';
    ctx.body = deps.openapi();
    return undefined;
  });
}
