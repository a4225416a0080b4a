export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>).__E2E_PG__ as { stop(): Promise<void> } | undefined;
  await server?.stop();
}
