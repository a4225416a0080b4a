import { startTestServer, subscribe, uniqueId, type TestServer } from '@skyportal/test-kit';
import { startPortalProcess, type PortalProcess } from '@skyportal/test-kit/process';

// A second app as a real OS process (the CLI), on the same database as the in-test app.
let inTest: TestServer;
let second: PortalProcess;
let childUrl: string;

beforeAll(async () => {
  inTest = await startTestServer({ plugins: ['sources', 'templates/plugin'] });
  second = await startPortalProcess({
    databaseUrl: inTest.databaseUrl,
    config: {
      plugins: {
        sources: { enabled: true },
        photometry: { enabled: false },
        'alert-stream': { enabled: false },
        example: { enabled: true, path: 'templates/plugin' },
      },
    },
  });
  childUrl = second.url;
});

afterAll(async () => {
  await second.stop();
  await inTest.stop();
});

test('a note saved through one process is delivered live by the other, to members only', async () => {
  const member = await inTest.createUser();
  const outsider = await inTest.createUser();
  const groupId = await inTest.createGroup(uniqueId('two-process'), [member.id]);

  // Subscribed on the second process, which serves the same data and tokens.
  const live = await subscribe({ url: childUrl, token: member.token, channel: `group:${groupId}` });
  await expect(subscribe({ url: childUrl, token: outsider.token, channel: `group:${groupId}` })).rejects.toThrow(/refused/);
  const profile = await fetch(`${childUrl}/api/internal/profile`, { headers: { authorization: `token ${member.token}` } });
  expect((await profile.json()).data.username).toBe(member.username);

  const objId = uniqueId('two');
  await inTest.request('POST', '/api/sources', { body: { id: objId, ra: 1, dec: 1, group_ids: [groupId] } });
  const posted = await inTest.request('POST', '/api/example/notes', { body: { obj_id: objId, text: 'across processes', group_ids: [groupId] } });
  expect(posted.status).toBe(200);
  expect(await live.next((m) => m.type === 'example.noteSaved')).toEqual({
    channel: `group:${groupId}`,
    type: 'example.noteSaved',
    data: { id: posted.body.data.id, obj_id: objId },
  });
  await live.close();
});
