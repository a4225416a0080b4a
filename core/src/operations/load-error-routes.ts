import { z } from 'zod';
import type { Knex } from 'knex';
import type { PluginRouter } from '@skyportal/sdk';
import { badRequest, inputs } from '@skyportal/sdk';
import type { PluginRegistry } from '../plugins/registry.js';

/** Distinct messages kept per plugin: a broken remote reports the same few; a flood cannot grow the table. */
const KEPT_PER_PLUGIN = 20;

/**
 * The host app tells the server which plugins' web parts failed to load in a browser, so admins
 * see it (the admin plugin's Plugins page) without asking users for their browser console.
 */
export function loadErrorRoutes(router: PluginRouter, deps: { knex: Knex; registry: PluginRegistry }): void {
  const { knex, registry } = deps;
  router.post(
    '/api/plugins/load-errors',
    {
      // Any signed-in browser reports for itself; a token has nothing to report.
      access: { account: 'session' },
      summary: "Report a plugin's web part that failed to load in this browser (the host app does)",
      tags: ['system'],
      body: z.object({ plugin: inputs.identifier(100), message: inputs.text(1000).min(1) }),
    },
    async ({ body, ctx }) => {
      const plugin = registry.list.find((p) => p.name === body.plugin);
      if (!plugin?.webDir) throw badRequest(`plugin: ${body.plugin} is not an enabled plugin with a web part`);
      const userAgent = ctx.get('user-agent').slice(0, 300) || null;
      await knex.transaction(async (trx) => {
        await trx.raw(
          `INSERT INTO web_load_errors (plugin, message, user_agent) VALUES (?, ?, ?)
           ON CONFLICT (plugin, message) DO UPDATE SET count = web_load_errors.count + 1, last_seen_at = now(), user_agent = EXCLUDED.user_agent`,
          [body.plugin, body.message, userAgent],
        );
        await trx('web_load_errors')
          .where({ plugin: body.plugin })
          .whereNotIn('message', trx('web_load_errors').where({ plugin: body.plugin }).orderBy('last_seen_at', 'desc').limit(KEPT_PER_PLUGIN).select('message'))
          .delete();
      });
      return {};
    },
  );
}
