import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startMockKafka, type MockKafka } from '@skyportal/test-kit';
import { alertConsumer } from '../server/kafka.js';
import { kafkaOptions } from '../server/kafka-options.js';
import { captureLogs, committed, send, storeTable, testOptions, until } from './kafka-helpers.js';

let broker: MockKafka;
beforeAll(async () => {
  broker = await startMockKafka({ topics: { alerts: 1, ordered: 1, wide: 3, mixed: 1, flaky: 1, stuck: 1, windowed: 1 } });
});

test('each message is stored in its transaction before its offset is committed, one by one', async () => {
  const seenBeforeCommit: Record<string, string>[] = [];
  // Inside the transaction, before COMMIT: the group's offset must still point at this message.
  const store = await storeTable({
    before: async (message) => void seenBeforeCommit.push({ offset: message.offset, committed: (await committed(broker, 'ordering', 'ordered'))[0]! }),
  });
  await send(broker, 'ordered', ['a1', 'a2', 'a3']);
  const consumer = alertConsumer(testOptions(broker, { topics: ['ordered'], groupId: 'ordering' }), { handle: store.handle, logger: captureLogs().logger });
  await consumer.start();
  await until(async () => (await committed(broker, 'ordering', 'ordered'))[0] === '3', 'offset 3 committed');
  await consumer.stop();

  expect(seenBeforeCommit).toEqual([
    { offset: '0', committed: '-1' },
    { offset: '1', committed: '1' },
    { offset: '2', committed: '2' },
  ]);
  expect(await store.rows()).toEqual([
    { value: 'a1', source: 'ordered@0:0' },
    { value: 'a2', source: 'ordered@0:1' },
    { value: 'a3', source: 'ordered@0:2' },
  ]);
});

test('with concurrency, messages of a partition overlap, and an offset is committed only once every message before it is', async () => {
  let slowDone = false;
  const seen: { value: string; committed: string; slowDone: boolean }[] = [];
  // The first message's transaction stays open while the three after it are stored and committed.
  const store = await storeTable({
    before: async (message) => {
      const value = message.value.toString();
      if (value === 'slow') {
        await until(() => seen.length >= 3, 'the three after it stored');
        slowDone = true;
        return;
      }
      seen.push({ value, committed: (await committed(broker, 'window', 'windowed'))[0]!, slowDone });
    },
  });
  await send(broker, 'windowed', ['slow', 'f1', 'f2', 'f3', 'f4', 'f5']);
  const consumer = alertConsumer(testOptions(broker, { topics: ['windowed'], groupId: 'window', concurrency: 4 }), {
    handle: store.handle,
    logger: captureLogs().logger,
  });
  await consumer.start();
  await until(async () => (await committed(broker, 'window', 'windowed'))[0] === '6', 'offset 6 committed');
  await consumer.stop();

  const byValue = Object.fromEntries(seen.map((s) => [s.value, s]));
  // f1–f3 went while 'slow' was open, and nothing was committed past it meanwhile.
  for (const value of ['f1', 'f2', 'f3']) expect(byValue[value]).toEqual({ value, committed: '-1', slowDone: false });
  // Then the four were committed together, before the next ones.
  for (const value of ['f4', 'f5']) expect(byValue[value]).toEqual({ value, committed: '4', slowDone: true });
  expect((await store.rows()).map((row) => row.value).sort()).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'slow']);
});

test('a restart of the group resumes where it stopped: nothing lost, nothing twice', async () => {
  // Slow enough that the first consumer is stopped half-way.
  const store = await storeTable({ before: () => new Promise((resolve) => setTimeout(resolve, 150)) });
  const values = Array.from({ length: 12 }, (_, i) => `r${i}`);
  await send(broker, 'wide', values.slice(0, 4), 0);
  await send(broker, 'wide', values.slice(4, 8), 1);
  await send(broker, 'wide', values.slice(8), 2);
  const options = testOptions(broker, { topics: ['wide'], groupId: 'restart' });

  const first = alertConsumer(options, { handle: store.handle, logger: captureLogs().logger });
  await first.start();
  await until(() => store.calls.length >= 5, '5 messages handled');
  await first.stop(); // graceful: the message in progress finishes and is committed
  const handledByFirst = store.calls.length;
  expect(handledByFirst).toBeLessThan(12);

  await send(broker, 'wide', ['late0'], 0);
  const second = alertConsumer(options, { handle: store.handle, logger: captureLogs().logger });
  await second.start();
  await until(() => store.calls.length >= 13, 'every message handled');
  await second.stop();

  const handled = store.calls.map((call) => call.value.toString());
  expect(handled).toHaveLength(13);
  expect(new Set(handled)).toEqual(new Set([...values, 'late0']));
  expect((await store.rows()).map((row) => row.value).sort()).toEqual([...values, 'late0'].sort());
  expect(await committed(broker, 'restart', 'wide')).toEqual({ 0: '5', 1: '4', 2: '4' });
});

test('a message that is no alert is logged with topic, partition and offset and committed past; the stream goes on', async () => {
  const store = await storeTable();
  const logs = captureLogs();
  await send(broker, 'mixed', ['m0', 'corrupt bytes', Buffer.alloc(0), 'm3']);
  const consumer = alertConsumer(testOptions(broker, { topics: ['mixed'], groupId: 'corrupt' }), { handle: store.handle, logger: logs.logger });
  await consumer.start();
  await until(async () => (await committed(broker, 'corrupt', 'mixed'))[0] === '4', 'offset 4 committed');
  await consumer.stop();

  expect((await store.rows()).map((row) => row.value)).toEqual(['m0', 'm3']);
  expect(logs.lines.filter((line) => line.level === 40 && line.topic === 'mixed')).toEqual([
    expect.objectContaining({
      topic: 'mixed',
      partition: 0,
      offset: '1',
      reason: 'not an alert packet: corrupt bytes',
      msg: expect.stringContaining('skipped'),
    }),
    expect.objectContaining({ topic: 'mixed', partition: 0, offset: '2', msg: expect.stringContaining('empty message skipped') }),
  ]);
});

test('an ingest that fails (its transaction rolled back) is retried, not committed, and never skipped', async () => {
  // The database refuses the first two transactions for real: the table they write does not exist yet.
  const store = await storeTable({
    before: async (message, client) => {
      if (message.value.toString() === 'needs-audit') await client.query('INSERT INTO audit (note) VALUES ($1)', [message.source]);
    },
  });
  const logs = captureLogs();
  await send(broker, 'flaky', ['needs-audit', 'after']);
  const consumer = alertConsumer(testOptions(broker, { topics: ['flaky'], groupId: 'flaky' }), {
    handle: store.handle,
    logger: logs.logger,
    retryMs: { initial: 100, max: 200 },
  });
  await consumer.start();
  await until(() => logs.lines.filter((line) => String(line.msg).includes('ingest failed')).length >= 2, 'two failed attempts');
  expect(await committed(broker, 'flaky', 'flaky')).toEqual({ 0: '-1' });
  expect(await store.rows()).toEqual([]);

  await store.pool.query('CREATE TABLE audit (note text)');
  await until(async () => (await committed(broker, 'flaky', 'flaky'))[0] === '2', 'both committed');
  await consumer.stop();
  expect((await store.rows()).map((row) => row.value)).toEqual(['needs-audit', 'after']);
  expect(logs.lines.find((line) => String(line.msg).includes('ingest failed'))).toMatchObject({
    topic: 'flaky',
    partition: 0,
    offset: '0',
    err: expect.objectContaining({ message: expect.stringContaining('"audit" does not exist') }),
  });
});

test('stopping while an ingest keeps failing leaves its offset uncommitted for the next start', async () => {
  const store = await storeTable({
    before: async (message, client) => void (await client.query('SELECT * FROM nowhere')),
  });
  const logs = captureLogs();
  await send(broker, 'stuck', ['s0', 's1']);
  const consumer = alertConsumer(testOptions(broker, { topics: ['stuck'], groupId: 'stuck' }), {
    handle: store.handle,
    logger: logs.logger,
    retryMs: { initial: 5000, max: 5000 },
  });
  await consumer.start();
  await until(() => logs.lines.some((line) => String(line.msg).includes('ingest failed')), 'a failed attempt');
  const stopping = Date.now();
  await consumer.stop();
  expect(Date.now() - stopping).toBeLessThan(4000); // not waiting out the 5 s backoff
  expect(await committed(broker, 'stuck', 'stuck')).toEqual({ 0: '-1' });
  expect(store.calls.map((call) => call.offset)).toEqual(['0']);
});

test('SASL: the password comes from KAFKA_SASL_PASSWORD_FILE and never reaches the logs', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kafka-secret-'));
  writeFileSync(path.join(dir, 'password'), 'hunter2-very-secret\n');
  const logs = captureLogs();
  const store = await storeTable();
  // The mock broker speaks no SASL: the connection is refused, and retried.
  const consumer = alertConsumer(testOptions(broker, { topics: ['alerts'], groupId: 'sasl', sasl: { mechanism: 'plain', username: 'scanner' } }), {
    handle: store.handle,
    logger: logs.logger,
    env: { KAFKA_SASL_PASSWORD_FILE: path.join(dir, 'password') },
    retryMs: { initial: 100, max: 100 },
  });
  void consumer.start();
  await until(() => logs.lines.some((line) => String(line.msg).includes('could not start the consumer')), 'a refused connection');
  await consumer.stop();
  expect(logs.lines).toContainEqual(
    expect.objectContaining({ msg: 'kafka: could not start the consumer, retrying', err: expect.objectContaining({ apiName: 'SaslHandshake' }) }),
  );
  expect(logs.text()).not.toContain('hunter2');

  expect(() =>
    alertConsumer(testOptions(broker, { sasl: { mechanism: 'scram-sha-512', username: 'scanner' } }), { handle: store.handle, logger: logs.logger, env: {} }),
  ).toThrow('plugins.alert-stream.options.kafka.sasl: set KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE');
});

test('options: a bad broker, a bad topic pattern, or no topic when enabled name the field', () => {
  const issue = (input: unknown) => kafkaOptions.safeParse(input).error?.issues.map((i) => i.path.join('.'));
  expect(issue({ brokers: ['no-port'] })).toEqual(['brokers.0']);
  expect(issue({ topics: ['/([/'] })).toEqual(['topics.0']);
  expect(issue({ enabled: true })).toEqual(['topics']);
  expect(issue({ enabled: true, topics: ['ztf'], password: 'x' })).toEqual(['']);
  expect(kafkaOptions.parse(undefined)).toMatchObject({ enabled: false, groupId: 'skyportal-alert-stream', fromBeginning: false });
});
