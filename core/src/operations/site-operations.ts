import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { MigrationState, ProcessSockets, SiteOperations, WebLoadError } from '@skyportal/sdk';
import type { ClusterBus } from '../cluster/bus.js';
import { migrationNames, type MigrationSet } from '../db/migrate.js';
import type { PluginRegistry } from '../plugins/registry.js';
import { hideSecrets } from '../redact.js';
import type { WebSocketHub } from '../ws/hub.js';

const ASK = 'ops.sockets.ask';
const ANSWER = 'ops.sockets.answer';

interface Deps {
  knex: Knex;
  bus: ClusterBus;
  hub: WebSocketHub;
  registry: PluginRegistry;
  migrationSets: () => MigrationSet[];
}

/**
 * What the admin pages show about the running site. Each process answers the socket question for
 * itself over the cluster bus, so one request sees every replica's clients.
 */
export function siteOperations({ knex, bus, hub, registry, migrationSets }: Deps): SiteOperations {
  const waiting = new Map<string, ProcessSockets[]>();
  bus.on(ASK, (payload) => {
    const { requestId } = payload as { requestId: string };
    void bus.publish(ANSWER, { requestId, processId: bus.processId, clients: hub.connectionCount, users: hub.userCount }).catch(() => undefined);
  });
  bus.on(ANSWER, (payload) => {
    const answer = payload as Omit<ProcessSockets, 'self'> & { requestId: string };
    waiting
      .get(answer.requestId)
      ?.push({ processId: answer.processId, self: answer.processId === bus.processId, clients: answer.clients, users: answer.users });
  });

  return {
    plugins: () =>
      registry.list.map((plugin) => ({
        name: plugin.name,
        package: plugin.packageName,
        version: plugin.version,
        description: plugin.description,
        dependsOn: plugin.dependsOn,
        optionalDependsOn: plugin.optionalDependsOn,
        acls: plugin.definition.acls ?? [],
        web: Boolean(plugin.webDir),
        options: hideSecrets(plugin.options, plugin.definition.options),
      })),

    async migrations() {
      const sets = migrationSets();
      const [known, rows] = await Promise.all([migrationNames(sets), knex('knex_migrations').select('name', 'migration_time').orderBy('id')]);
      const applied = new Map(rows.map((row) => [row.name as string, new Date(row.migration_time).toISOString()]));
      const owners = [...new Set([...sets.map((set) => set.owner), ...rows.map((row) => String(row.name).split('/')[0] ?? '')])];
      return owners.map((owner): MigrationState => {
        const mine = (name: string) => name.startsWith(`${owner}/`);
        return {
          owner,
          applied: [...applied].filter(([name]) => mine(name)).map(([name, at]) => ({ name, at })),
          pending: known.filter((name) => mine(name) && !applied.has(name)),
        };
      });
    },

    async sockets(timeoutMs = 500) {
      const requestId = randomUUID();
      const answers: ProcessSockets[] = [];
      waiting.set(requestId, answers);
      try {
        await bus.publish(ASK, { requestId });
        await new Promise((resolve) => setTimeout(resolve, timeoutMs));
      } finally {
        waiting.delete(requestId);
      }
      return answers.sort((a, b) => Number(b.self) - Number(a.self) || a.processId.localeCompare(b.processId));
    },

    async webLoadErrors() {
      const rows = await knex('web_load_errors').select('*').orderBy('last_seen_at', 'desc');
      return rows.map((row): WebLoadError => ({
        ...row,
        first_seen_at: new Date(row.first_seen_at).toISOString(),
        last_seen_at: new Date(row.last_seen_at).toISOString(),
      }));
    },
  };
}
