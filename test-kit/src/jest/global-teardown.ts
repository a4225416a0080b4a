import type { ScratchPostgres } from '../postgres.ts';

export default async function globalTeardown(): Promise<void> {
  await ((globalThis as Record<string, unknown>).__SKYPORTAL_TEST_PG__ as ScratchPostgres | undefined)?.stop();
}
