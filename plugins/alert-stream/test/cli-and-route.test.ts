/**
 * The two other ways in: `skyportal alerts ingest PATH` (a folder or a tarball) and `POST
 * /api/alerts` (raw Avro, a tarball, or JSON with base64 packets), on a real site over real HTTP.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startTestServer, tryBadInput, type TestServer } from '@skyportal/test-kit';
import { addZtf, counts, DATA, LONG, OLD, packet, runCommand, SHORT, sitePlugins, tempFolder } from './helpers.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ plugins: sitePlugins() });
  await addZtf(server);
});

const post = (body: Buffer | string, contentType: string, token?: string) =>
  fetch(`${server.url}/api/alerts`, {
    method: 'POST',
    headers: { authorization: `token ${token ?? server.adminToken}`, 'content-type': contentType },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  }).then(async (res) => ({ status: res.status, body: await res.json() }));

describe('skyportal alerts ingest PATH', () => {
  test('a folder with a corrupt packet among real ones: the others go in, the corrupt one is named; again: nothing new', async () => {
    const folder = tempFolder('alerts-night-');
    copyFileSync(path.join(DATA, `${LONG}.avro`), path.join(folder, 'a.avro'));
    writeFileSync(path.join(folder, 'b.avro'), packet(SHORT).subarray(0, 5000));
    copyFileSync(path.join(DATA, `${SHORT}.avro`), path.join(folder, 'c.avro'));
    writeFileSync(path.join(folder, 'notes.txt'), 'not a packet');
    const run = await runCommand(server, ['alerts', 'ingest', folder]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('2 alert(s) ingested (2 new, 0 already there), 0 candidate(s), 1 skipped');
    expect(run.stderr).toContain(`skipped ${path.join(folder, 'b.avro')}:`);
    expect(await server.knex('objs').whereIn('id', ['ZTF18aaypnsi', 'ZTF18abajfvr']).pluck('id')).toHaveLength(2);

    const before = await counts(server);
    const again = await runCommand(server, ['alerts', 'ingest', folder]);
    expect(again.stdout).toContain('2 alert(s) ingested (0 new, 2 already there)');
    expect(await counts(server)).toEqual(before);
  });

  test('a .tar.gz of packets, with a progress bar', async () => {
    const folder = tempFolder('alerts-tar-');
    copyFileSync(path.join(DATA, `${OLD}.avro`), path.join(folder, `${OLD}.avro`));
    copyFileSync(path.join(DATA, `${SHORT}.avro`), path.join(folder, `${SHORT}.avro`));
    const tarball = path.join(tempFolder('alerts-tgz-'), 'night.tar.gz');
    execFileSync('tar', ['-czf', tarball, '-C', folder, '.']);
    const run = await runCommand(server, ['alerts', 'ingest', tarball]);
    expect(run.stdout).toContain('1 alert(s) ingested (0 new, 1 already there), 0 candidate(s), 1 skipped');
    expect(run.stderr).toMatch(/alerts .* 2\/2 files/);
    expect(run.stderr).toContain(`skipped ${tarball}:./${OLD}.avro: no objectId`);
  });

  test("usage: a wrong command is explained, another plugin's word is not claimed", async () => {
    const wrong = await runCommand(server, ['alerts', 'ingset', 'x']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Usage: skyportal alerts ingest PATH');
    expect((await runCommand(server, ['comets', 'list'])).code).toBeUndefined();
  });
});

describe('POST /api/alerts', () => {
  test('one packet as the raw body', async () => {
    const res = await post(packet(LONG), 'application/avro');
    expect(res.status).toBe(200);
    expect(res.body.data.ingested).toEqual([{ candid: LONG, objId: 'ZTF18aaypnsi', candidateIds: [], created: expect.any(Boolean) }]);
  });

  test('many: JSON with base64 packets, the corrupt one listed in skipped', async () => {
    const res = await post(JSON.stringify({ packets: [packet(SHORT).toString('base64'), Buffer.from('junk').toString('base64')] }), 'application/json');
    expect(res.status).toBe(200);
    expect(res.body.data.ingested).toHaveLength(1);
    expect(res.body.data.skipped).toEqual([{ source: expect.stringContaining('packets[1]'), reason: expect.stringMatching(/Avro/) }]);
  });

  test('needs Upload data', async () => {
    const viewer = await server.createUser({ roles: ['View only'] });
    expect((await post(packet(LONG), 'application/avro', viewer.token)).status).toBe(401);
  });

  test('bad bodies are a 400 naming what was wrong, and store nothing', async () => {
    const before = await counts(server);
    const cases: [Buffer | string, string, RegExp][] = [
      [Buffer.from('hello'), 'application/avro', /^body: no alert could be ingested/],
      [Buffer.alloc(0), 'application/avro', /^body: empty/],
      [packet(SHORT), 'image/png', /^content-type: image\/png/],
      ['{"packets": []}', 'application/json', /^packets:/],
      ['{"packets": ["%%%"]}', 'application/json', /^packets\[0\]/],
      ['{nope', 'application/json', /^body: invalid JSON/],
      [packet(OLD), 'application/avro', /no objectId/],
    ];
    for (const [body, type, message] of cases) {
      const res = await post(body, type);
      expect({ type, status: res.status, message: res.body.message }).toEqual({ type, status: 400, message: expect.stringMatching(message) });
    }
    expect(await counts(server)).toEqual(before);
  });

  test('the table-driven bad-input check finds the field named', async () => {
    const result = await tryBadInput(server, { method: 'POST', path: '/api/alerts', body: { packets: 'x' }, status: 400, field: 'packets' }, [
      'alert_stream_alerts',
    ]);
    expect(result).toMatchObject({ status: 400, namesField: true, changedTables: [] });
  });
});
