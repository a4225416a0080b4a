import pg from 'pg';
import { definePlugin, z } from '@skyportal/sdk';
import { startTestServer, uniqueId } from '@skyportal/test-kit';

/** An in-code plugin with one option and one public route. */
const echo = definePlugin({
  name: 'echo',
  options: z.object({ word: z.string() }),
  register({ router, options }) {
    router.get('/api/echo', { access: 'public', summary: 'says the configured word' }, () => ({ word: options.word }));
  },
});

async function databaseExists(url: string): Promise<boolean> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: process.env.SKYPORTAL_TEST_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

const enabledPlugins = async (server: { request(method: string, path: string): Promise<{ body: any }> }) =>
  (await server.request('GET', '/api/plugins')).body.data.plugins.map((p: { name: string; package: string }) => `${p.name} ${p.package}`);

describe('plugins under test', () => {
  test('by name, folder, file URL, package name or definition: those and no others are enabled', async () => {
    const server = await startTestServer({
      plugins: ['sources', 'plugins/photometry', new URL('../../templates/plugin', import.meta.url), { plugin: echo, options: { word: 'seeing' } }],
    });
    expect(await enabledPlugins(server)).toEqual([
      'echo echo',
      'sources @skyportal/plugin-sources',
      'example @skyportal/plugin-example',
      'photometry @skyportal/plugin-photometry',
    ]);
    expect((await server.request('GET', '/api/echo', { token: null })).body.data).toEqual({ word: 'seeing' });
    await server.stop();

    const byPackage = await startTestServer({ plugins: ['sources', { plugin: '@skyportal/plugin-example', options: { greeting: 'Clear skies' } }] });
    expect(await enabledPlugins(byPackage)).toEqual(['sources @skyportal/plugin-sources', 'example @skyportal/plugin-example']);
    expect((await byPackage.request('GET', '/api/example/hello', { token: null })).body.data.message).toMatch(/^Clear skies/);
  });

  test("an in-code plugin's options are validated like any other's", async () => {
    await expect(startTestServer({ plugins: [{ plugin: echo, options: { word: 7 } }] })).rejects.toThrow(
      /Plugin "echo": invalid options: plugins\.echo\.options\.word/,
    );
  });

  test('the same plugin twice is refused, naming it', async () => {
    await expect(startTestServer({ plugins: ['sources', '@skyportal/plugin-sources'] })).rejects.toThrow('plugin "sources" is given twice');
  });

  test("the built-in config reads no file: not config/default.yaml's plugins nor its web folder", async () => {
    const server = await startTestServer();
    expect(Object.keys(server.app.config.plugins)).toEqual([]);
    expect(server.app.config.web.hostDir).toBeUndefined();
    expect(server.app.config.server.host).toBe('127.0.0.1');
  });
});

describe('stopping', () => {
  test('stop() drops the database and may be called again', async () => {
    const server = await startTestServer();
    expect(await databaseExists(server.databaseUrl)).toBe(true);
    await server.stop();
    await server.stop();
    expect(await databaseExists(server.databaseUrl)).toBe(false);
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
  });

  test('a replica shares the database and admin token, and stops before its primary drops it', async () => {
    const primary = await startTestServer();
    const replica = await startTestServer({ replicaOf: primary });
    const groupName = uniqueId('shared');
    const made = await primary.request('POST', '/api/groups', { body: { name: groupName } });
    expect((await replica.request('GET', `/api/groups/${made.body.data.id}`)).body.data.name).toBe(groupName);
    await primary.stop();
    await expect(fetch(`${replica.url}/api/health`)).rejects.toThrow();
    expect(await databaseExists(primary.databaseUrl)).toBe(false);
  });
});
