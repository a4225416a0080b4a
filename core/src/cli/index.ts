import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../config/load.js';
import { createLogger } from '../logger.js';
import { createApp } from '../app.js';
import { migrateOnly } from './migrate.js';
import { createPlugin } from './create-plugin.js';
import { PluginRegistry } from '../plugins/registry.js';
import { coreHooks } from '@skyportal/sdk';
import { guardProcess } from '../process-guard.js';

const USAGE = `Usage: skyportal <command> [options]

Commands:
  start [--demo]                 run the server (--demo: config/demo.yaml and demo data)
  migrate                        apply database migrations, then exit
  load-demo                      add the demo data to the database, then exit
  create-user <username> [--role R]... [--password P]
  create-token <username> <name> [--acl A]...   print a new API token
  plugins list                   the plugins the config enables, in load order
  create-plugin <name> [--dir D] [--package P]
                                 a new plugin from templates/plugin, in plugins/<name> (or D)
  <plugin command> ...           commands of enabled plugins (alerts ingest PATH: see their READMEs)

Configuration: config/default.yaml, config/$SKYPORTAL_ENV.yaml, $SKYPORTAL_CONFIG, then
PORT, PUBLIC_URL, TRUST_PROXY, DATABASE_URL, SKYPORTAL_ADMIN_TOKEN, SKYPORTAL_ADMIN_PASSWORD,
SKYPORTAL_COOKIE_KEYS, OIDC_CLIENT_SECRET, SKYPORTAL_METRICS_TOKEN, METRICS_PORT, LOG_LEVEL; each
may instead be read from the file named by <NAME>_FILE (mounted secrets).`;

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

const CORE_COMMANDS = new Set(['start', 'migrate', 'load-demo', 'create-user', 'create-token', 'plugins', 'create-plugin']);

/**
 * A plugin's command (`coreHooks.command`), with its words and options as typed (each plugin
 * parses its own): the app without HTTP, stopped afterwards.
 */
async function pluginCommand(argv: string[]): Promise<number> {
  const config = loadConfig({ env: process.env.SKYPORTAL_ENV });
  const app = await createApp(config, { logger: createLogger(config.log.level) });
  try {
    const code = await app.hooks.of(coreHooks.command).promise({ args: argv, stdout: process.stdout, stderr: process.stderr });
    if (typeof code !== 'number') throw new ConfigError(`Unknown command "${argv[0]}"\n\n${USAGE}`);
    return code;
  } finally {
    await app.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] && !argv[0].startsWith('-') && !CORE_COMMANDS.has(argv[0])) return pluginCommand(argv);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean', default: false },
      role: { type: 'string', multiple: true },
      acl: { type: 'string', multiple: true },
      password: { type: 'string' },
      dir: { type: 'string' },
      package: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    say(USAGE);
    return command ? 0 : 1;
  }
  // Writes files only: needs no config, database or running site.
  if (command === 'create-plugin') {
    if (!rest[0]) throw new ConfigError('create-plugin: give the new plugin a name');
    const created = createPlugin({ name: rest[0], dir: values.dir, packageName: values.package });
    say(`Created ${created.packageName} in ${created.dir}`);
    if (created.referencedFrom.length) say(`Added it to the project references of ${created.referencedFrom.join(' and ')}.`);
    say(created.nextSteps);
    return 0;
  }
  const env = values.demo ? 'demo' : undefined;
  const config = loadConfig({ env: process.env.SKYPORTAL_ENV ?? env });
  const logger = createLogger(config.log.level);

  switch (command) {
    case 'start': {
      guardProcess(logger);
      const app = await createApp(config, { logger });
      if (app.initialAdmin) printInitialAdmin(app.initialAdmin);
      if (config.demo) await loadDemo(app);
      const url = await app.start();
      const local = url.replace('127.0.0.1', 'localhost');
      const publicNote = new URL(config.server.publicUrl).origin === new URL(local).origin ? '' : ` (public URL ${config.server.publicUrl})`;
      say(`SkyPortal is running: ${local}${publicNote}`);
      let signals = 0;
      const shutdown = (signal: string) => {
        if (++signals > 1) process.exit(1);
        logger.info({ signal }, 'shutting down');
        app.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      return -1; // keep running
    }
    case 'migrate': {
      const applied = await migrateOnly(config, logger);
      say(applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}` : 'Database is up to date.');
      return 0;
    }
    case 'load-demo': {
      const app = await createApp(config, { logger });
      try {
        if (app.initialAdmin) printInitialAdmin(app.initialAdmin);
        await loadDemo(app);
      } finally {
        await app.stop();
      }
      return 0;
    }
    case 'create-user':
    case 'create-token': {
      const app = await createApp(config, { logger });
      try {
        if (app.initialAdmin) printInitialAdmin(app.initialAdmin);
        const { users } = app;
        const username = rest[0];
        if (!username) throw new ConfigError(`${command}: give a username`);
        if (command === 'create-user') {
          const roles = values.role ?? ['Full user'];
          // Recorded as every admin change is, by no one in particular: the site's operator at a shell.
          const { id } = await app.knex.transaction(async (trx) => {
            const created = await users.create({ username, password: values.password, roles }, trx);
            await app.audit.record(trx, null, {
              action: 'user.create',
              targetType: 'user',
              targetId: created.id,
              targetName: username,
              details: { roles, cli: true },
            });
            return created;
          });
          await users.announceCreated(id);
          say(`Created user ${username} (id ${id}).`);
        } else {
          const user = await app.knex('users').where({ username }).first('id');
          if (!user) throw new ConfigError(`create-token: no user ${username}`);
          const principal = await app.principals.forSession(user.id);
          const acls = values.acl ?? [...principal!.acls];
          const excess = acls.filter((acl) => !principal!.acls.has(acl));
          if (excess.length) throw new ConfigError(`create-token: ${username} does not hold ${excess.join(', ')}`);
          const name = rest[1] ?? 'cli';
          const token = await app.knex.transaction(async (trx) => {
            const created = await users.createToken({ userId: user.id, name, acls, createdById: user.id }, trx);
            const details = { name, acls, owner_id: user.id, cli: true };
            await app.audit.record(trx, null, { action: 'token.create', targetType: 'token', targetId: created.id, targetName: name, details });
            return created;
          });
          say(token.secret);
        }
      } finally {
        await app.stop();
      }
      return 0;
    }
    case 'plugins': {
      if (rest[0] !== 'list') throw new ConfigError('plugins: the only subcommand is "list"');
      const registry = new PluginRegistry();
      await registry.load(config);
      for (const plugin of registry.list) {
        say(`${plugin.name.padEnd(16)} ${plugin.packageName}@${plugin.version}${plugin.dependsOn.length ? `  (after ${plugin.dependsOn.join(', ')})` : ''}`);
      }
      const off = Object.entries(config.plugins)
        .filter(([, e]) => !e.enabled)
        .map(([n]) => n);
      if (off.length) say(`disabled: ${off.join(', ')}`);
      return 0;
    }
    default:
      throw new ConfigError(`Unknown command "${command}"\n\n${USAGE}`);
  }
}

function printInitialAdmin(admin: { username: string; password?: string; token?: string }): void {
  say('');
  say('First start: created the super admin account. This is shown once; keep it safe.');
  say(`  username: ${admin.username}`);
  say(admin.password ? `  password: ${admin.password}` : '  password: as set in the config (auth.admin.password or SKYPORTAL_ADMIN_PASSWORD)');
  if (admin.token) say(`  API token: ${admin.token}`);
  say('');
}

async function loadDemo(app: Awaited<ReturnType<typeof createApp>>): Promise<void> {
  const admin = await app.knex('users').where({ username: app.config.auth.admin.username }).first('id');
  const principal = await app.principals.forSession(admin.id);
  await app.hooks.of(coreHooks.loadDemo).promise({ admin: principal! });
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error) => {
    // Startup errors name their cause (config key, plugin); the stack only helps when debugging.
    const detail = process.env.LOG_LEVEL === 'debug' ? (error as Error).stack : (error as Error).message;
    process.stderr.write(`skyportal: ${detail ?? error}\n`);
    process.exit(1);
  },
);
