import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>).__SKYPORTAL_PG__ as { stop(): Promise<void> } | undefined;
  await server?.stop();
  if (process.env.SKYPORTAL_TEST_PG_DIR) rmSync(process.env.SKYPORTAL_TEST_PG_DIR, { recursive: true, force: true });
}
