import WebSocket from 'ws';
import { startTestServer, type TestServer } from '@skyportal/test-kit';
import { startPortalProcess, type PortalProcess } from '@skyportal/test-kit/process';

// A second app as a real OS process (the CLI), on the same database as the in-test app.
let inTest: TestServer;
let second: PortalProcess;
let childUrl: string;

beforeAll(async () => {
  inTest = await startTestServer({ plugins: ['templates/plugin'] });
  second = await startPortalProcess({
    databaseUrl: inTest.databaseUrl,
    config: { plugins: { sources: { enabled: false }, photometry: { enabled: false }, example: { enabled: true, path: 'templates/plugin' } } },
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
  const groupId = await inTest.createGroup(`two-process-${Date.now()}`, [member.id]);

  const received: Record<string, unknown[]> = { member: [], outsider: [] };
  const open = (token: string, who: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`${childUrl.replace('http', 'ws')}/websocket`, { headers: { authorization: `token ${token}` } });
      socket.on('message', (data) => {
        const message = JSON.parse(String(data));
        received[who]!.push(message);
        if (message.type === 'welcome') socket.send(JSON.stringify({ action: 'subscribe', channel: `group:${groupId}` }));
        if (message.type === 'subscribed' || message.type === 'error') resolve(socket);
      });
      socket.once('error', reject);
    });
  const memberSocket = await open(member.token, 'member');
  const outsiderSocket = await open(outsider.token, 'outsider');

  // The second process serves the same data and sessions.
  const health = await fetch(`${childUrl}/api/internal/profile`, { headers: { authorization: `token ${member.token}` } });
  expect((await health.json()).data.username).toBe(member.username);

  const posted = await inTest.request('POST', '/api/example/notes', { body: { text: 'across processes', group_ids: [groupId] } });
  expect(posted.status).toBe(200);
  const deadline = Date.now() + 5000;
  while (!received.member!.some((m: any) => m.type === 'example.noteSaved') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
  }
  expect(received.member).toContainEqual({ channel: `group:${groupId}`, type: 'example.noteSaved', data: { id: posted.body.data.id } });
  expect(received.outsider!.some((m: any) => m.type === 'example.noteSaved')).toBe(false);
  memberSocket.close();
  outsiderSocket.close();
});
