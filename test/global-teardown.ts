import type { ScratchPostgres } from '@skyportal/sdk/testing/postgres';

export default async function globalTeardown(): Promise<void> {
  await ((globalThis as Record<string, unknown>).__SKYPORTAL_PG__ as ScratchPostgres | undefined)?.stop();
}
