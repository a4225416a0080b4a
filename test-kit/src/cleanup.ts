/**
 * Cleaning up by itself, as Backstage's TestBackend does: when the test runner's `afterAll` exists
 * (jest, vitest with globals) at the time a test file imports the kit, every test server the file
 * started and left running is stopped after the file, its database dropped, and a scratch
 * Postgres the kit started is shut down. Elsewhere (node:test, scripts) call `cleanUp()` yourself.
 */
import { releaseDatabases } from './database.js';

interface Stoppable {
  stop(): Promise<void>;
}

const running: Stoppable[] = [];

/** Remembers a started server until it stops; returns what its stop() calls to be forgotten. */
export function track(server: Stoppable): () => void {
  running.push(server);
  return () => {
    const index = running.indexOf(server);
    if (index >= 0) running.splice(index, 1);
  };
}

/** Stops every test server still running (last started first), drops their databases, stops a scratch Postgres. */
export async function cleanUp(): Promise<void> {
  const failures: unknown[] = [];
  for (let server = running.pop(); server; server = running.pop()) await server.stop().catch((error) => failures.push(error));
  await releaseDatabases().catch((error) => failures.push(error));
  if (failures.length) throw new AggregateError(failures, `test kit clean-up: ${failures.length} step(s) failed`);
}

const afterAll = (globalThis as { afterAll?: (fn: () => Promise<void>, timeoutMs?: number) => void }).afterAll;
if (typeof afterAll === 'function') {
  try {
    afterAll(cleanUp, 60_000);
  } catch {
    // Imported from inside a test or hook (a late dynamic import): hooks cannot be added there.
  }
}
