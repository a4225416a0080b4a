/**
 * The consumer as a site runs it: enabled in the plugin's options, started with the app, the real
 * ingest path with real ZTF packets from a real (mock-cluster) broker, stopped with the app.
 */
import { startMockKafka, startTestServer, type MockKafka, type TestServer } from '@skyportal/test-kit';
import { addZtf, LONG, packet, SHORT, sitePlugins } from './helpers.js';
import { captureLogs, committed, send, until } from './kafka-helpers.js';

let broker: MockKafka;
let server: TestServer;
const logs = captureLogs();
const TOPIC = 'ztf_20180703_programid1';

beforeAll(async () => {
  broker = await startMockKafka({ topics: { [TOPIC]: 1, ztf_20180704_programid2: 1 } });
  const kafka = {
    enabled: true,
    brokers: broker.brokers,
    topics: ['/^ztf_\\d{8}_programid1$/'],
    groupId: 'site',
    fromBeginning: true,
    sessionTimeout: 3000,
    heartbeatInterval: 300,
  };
  const plugins = sitePlugins().map((spec) => (spec instanceof URL ? { plugin: spec, options: { kafka } } : spec));
  server = await startTestServer({ plugins, logger: logs.logger });
  await addZtf(server);
});

test("a night's topic (by pattern): each packet becomes an alert, a corrupt one is logged by offset and passed, the app's stop ends the consumer", async () => {
  await send(broker, TOPIC, [packet(LONG), Buffer.from('not avro at all'), packet(SHORT), packet(LONG)]);
  await send(broker, 'ztf_20180704_programid2', [packet(SHORT)]); // another program's topic: not subscribed
  await until(async () => (await committed(broker, 'site', TOPIC))[0] === '4', 'all four committed');

  const { rows } = await server.knex.raw('SELECT candid::text FROM alert_stream_alerts ORDER BY candid');
  expect(rows.map((row: { candid: string }) => row.candid)).toEqual([LONG, SHORT]); // the repeated packet changed nothing
  const source = await server.request('GET', '/api/sources/ZTF18abajfvr/photometry');
  expect(source.status).toBe(200);
  expect(source.body.data).toHaveLength(3);
  expect(logs.lines).toContainEqual(expect.objectContaining({ topic: TOPIC, partition: 0, offset: '1', msg: expect.stringContaining('skipped') }));
  expect(await committed(broker, 'site', 'ztf_20180704_programid2')).toEqual({ 0: '-1' });

  await server.stop();
  expect(logs.lines).toContainEqual(expect.objectContaining({ groupId: 'site', msg: 'kafka: consumer stopped' }));
});
