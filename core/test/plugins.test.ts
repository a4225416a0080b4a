import { loadConfig } from '@skyportal/core';
import { coreHooks, definePlugin, type PluginDefinition } from '@skyportal/sdk';
import { startTestServer, uniqueId, type PluginSpec } from '@skyportal/test-kit';
import { orderByDependencies } from '../src/plugins/order.js';

const fixture = (name: string) => `core/test/fixtures/plugins/${name}`;

/** Starting an app with these plugins must fail with a message matching `expected`. */
async function expectStartupFailure(plugins: PluginSpec[], expected: RegExp) {
  await expect(startTestServer({ plugins })).rejects.toThrow(expected);
}

describe('plugin registry', () => {
  test('a dependency cycle stops startup, naming the cycle', async () => {
    await expectStartupFailure([fixture('cycle-a'), fixture('cycle-b')], /cycle: cycle-a -> cycle-b -> cycle-a/);
  });

  test('a missing dependency stops startup, naming both plugins', async () => {
    await expectStartupFailure([fixture('needs-missing')], /"needs-missing" depends on "nowhere", which is not in the config/);
  });

  test('a disabled dependency is named as disabled', async () => {
    const starting = startTestServer({ plugins: [fixture('cycle-a')], config: { plugins: { 'cycle-b': { enabled: false, path: fixture('cycle-b') } } } });
    await expect(starting).rejects.toThrow(/"cycle-a" depends on "cycle-b", which is disabled/);
  });

  test('bad options stop startup, naming the plugin and the key', async () => {
    await expectStartupFailure(
      ['sources', { plugin: 'templates/plugin', options: { greeting: '' } }],
      /Plugin "example": invalid options: plugins\.example\.options\.greeting/,
    );
  });

  test('an incompatible skyportal.engines range stops startup', async () => {
    await expectStartupFailure([fixture('old-engine')], /"old-engine" .* needs SkyPortal core \^9\.0\.0/);
  });

  test('a route without an access declaration stops startup', async () => {
    await expectStartupFailure([fixture('no-access')], /GET \/api\/no-access \(no-access\) declares no access/);
  });

  test('a write route that names no ACL stops startup', async () => {
    await expectStartupFailure([fixture('open-write')], /DELETE \/api\/open-write\/:id \(open-write\) is a write and declares access 'authenticated'/);
  });

  test('a plugin cannot use hooks of a plugin it does not depend on', async () => {
    await expectStartupFailure(
      ['sources', 'templates/plugin', fixture('hooks-reader')],
      /"hooks-reader" uses hook "example.noteSaved" of plugin "example" but does not list "example" in dependsOn/,
    );
  });

  test('a plugin cannot use services of a plugin it does not depend on', async () => {
    await expectStartupFailure(
      ['sources', 'templates/plugin', fixture('services-reader')],
      /"services-reader" uses service "example.service" of plugin "example" but does not list "example" in dependsOn/,
    );
  });

  test("a plugin cannot provide a service under another plugin's name", async () => {
    await expectStartupFailure([fixture('ref-thief')], /"ref-thief" provides service "sources.service", which belongs to "sources"/);
  });

  test("a plugin reaches core's refs and its dependencies' refs, and nothing of core's internals", async () => {
    const server = await startTestServer({ plugins: ['sources', 'templates/plugin', fixture('probe')] });
    try {
      const report = (await server.request('GET', '/api/probe')).body.data;
      expect(report.contextKeys).toEqual(['hooks', 'name', 'options', 'router', 'services']);
      expect(report.config).toMatch(/no service "core.config"/);
      expect(report.registry).toMatch(/no service "core.plugins"/);
      expect(report.principal).toMatch(/"core.principal" exists per request/);
      const sitewide = (await server.request('GET', '/api/groups/public')).body.data.id;
      expect(report.site).toEqual({ version: '0.1.0', publicUrl: expect.any(String), sitewideGroupId: sitewide });

      // Its dependency's service and hook: a note saved through the service fires the hook it tapped.
      await server.request('POST', '/api/sources', { body: { id: 'SN2014J', ra: 148.9256, dec: 69.6739 } });
      const saved = await server.request('POST', '/api/probe/note', { body: { obj_id: 'SN2014J' } });
      expect(saved.status).toBe(200);
      expect((await server.request('GET', '/api/probe')).body.data.notesSeen).toEqual([saved.body.data.id]);

      // Core's principal lookup: a user's rights as if they had signed in.
      const viewer = await server.createUser({ roles: ['View only'] });
      expect((await server.request('GET', `/api/probe/as/${viewer.id}`)).body.data).toEqual({ username: viewer.username, acls: [] });
      expect((await server.request('GET', '/api/probe/as/999999')).body.data).toBeNull();
    } finally {
      await server.stop();
    }
  });

  test('an optional dependency is used when enabled (and registers first), and its absence stops nothing', async () => {
    // Listed before the plugin it optionally uses: the registry still registers example first.
    const withExample = await startTestServer({ plugins: [fixture('optional-reader'), 'sources', 'templates/plugin'] });
    try {
      const order = (await withExample.request('GET', '/api/plugins')).body.data.plugins.map((p: { name: string }) => p.name);
      expect(order.indexOf('example')).toBeLessThan(order.indexOf('optional-reader'));
      await withExample.request('POST', '/api/sources', { body: { id: 'SN2011fe', ra: 210.774, dec: 54.2737 } });
      const sitewide = (await withExample.request('GET', '/api/groups/public')).body.data.id;
      const note = await withExample.request('POST', '/api/example/notes', { body: { obj_id: 'SN2011fe', text: 'bright', group_ids: [sitewide] } });
      expect(note.status).toBe(200);
      expect((await withExample.request('GET', '/api/optional-reader')).body.data).toEqual({ examplePresent: true, notesSeen: [note.body.data.id] });
    } finally {
      await withExample.stop();
    }
    const alone = await startTestServer({ plugins: [fixture('optional-reader')] });
    try {
      expect((await alone.request('GET', '/api/optional-reader')).body.data).toEqual({ examplePresent: false, notesSeen: [] });
    } finally {
      await alone.stop();
    }
  });

  test('a plugin named "core" is refused: it could provide core\'s services in core\'s place', async () => {
    expect(() => definePlugin({ name: 'core', register() {} })).toThrow(/"core" is reserved/);
    // A plain object (not made by definePlugin) is refused by the registry as well.
    const impostor = { name: 'core', register() {} } as unknown as PluginDefinition;
    await expectStartupFailure([impostor], /Plugin "core": the name "core" is reserved/);
  });

  test('a plugin that is not installed is named with the package looked for', async () => {
    await expectStartupFailure(['nosuch'], /Plugin "nosuch": package @skyportal\/plugin-nosuch is not installed/);
  });

  test('dependency order puts each plugin after what it depends on', () => {
    const order = orderByDependencies([
      { name: 'comments', dependsOn: ['sources'] },
      { name: 'photometry', dependsOn: ['sources'] },
      { name: 'alerts', dependsOn: ['photometry', 'sources'] },
      { name: 'sources', dependsOn: [] },
    ]).map((p) => p.name);
    expect(order.indexOf('sources')).toBe(0);
    expect(order.indexOf('alerts')).toBeGreaterThan(order.indexOf('photometry'));
  });

  test('GET /api/plugins lists enabled plugins with versions; disabled ones are absent', async () => {
    const server = await startTestServer({ plugins: ['sources', 'templates/plugin'] });
    try {
      const res = await server.request('GET', '/api/plugins', { token: null });
      expect(res.status).toBe(200);
      const names = res.body.data.plugins.map((p: { name: string }) => p.name);
      expect(names).toEqual(['sources', 'example']);
      expect(res.body.data.plugins[1]).toMatchObject({ version: '0.1.0', dependsOn: ['sources'], remote: { entry: '/plugins/example/remoteEntry.js' } });
    } finally {
      await server.stop();
    }
  });

  test("plugins hear about new users through core's userCreated hook", async () => {
    const server = await startTestServer({ plugins: [fixture('user-watcher')] });
    try {
      const alice = await server.createUser();
      const seen = await server.request('GET', '/api/user-watcher/seen');
      expect(seen.body.data).toEqual([alice.id]);
    } finally {
      await server.stop();
    }
  });

  test('a failing userCreated listener does not fail the creation of the user', async () => {
    const failing = definePlugin({
      name: 'failing-watcher',
      register({ hooks }) {
        hooks.get(coreHooks.userCreated).tapPromise('failing-watcher', async () => {
          throw new Error('listener bug');
        });
      },
    });
    const server = await startTestServer({ plugins: [failing] });
    const made = await server.request('POST', '/api/user', { body: { username: uniqueId('carol') } });
    expect(made.status).toBe(200);
    expect((await server.request('GET', `/api/user/${made.body.data.id}`)).status).toBe(200);
    await server.stop();
  });

  test('an invalid config stops startup with a message naming the key', () => {
    expect(() => loadConfig({ env: 'test', environment: {}, overrides: { server: { port: 'eighty' } } })).toThrow(/server\.port/);
    expect(() => loadConfig({ env: 'test', environment: {}, overrides: { auth: { oidc: { enabled: true } } } })).toThrow(/auth\.oidc\.issuer/);
  });
});
