// For the Kafka consumer's tests: a real broker (test-kit's mock cluster), a real database table
// written in one transaction per message (as the ingest path does), logs read back as JSON.
import { Writable } from 'node:stream';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import pg from 'pg';
import pino, { type Logger } from 'pino';
import { createTestDatabase, type MockKafka } from '@skyportal/test-kit';
import { kafkaOptions, type KafkaOptions } from '../server/kafka-options.js';
import type { KafkaMessage, KafkaMessageHandler } from '../server/kafka.js';

/** The mock broker rebalances only when a departed member's session expires: keep sessions short. */
export function testOptions(broker: MockKafka, overrides: Partial<KafkaOptions> = {}): KafkaOptions {
  return kafkaOptions.parse({
    enabled: true,
    brokers: broker.brokers,
    topics: ['alerts'],
    groupId: 'skyportal',
    fromBeginning: true,
    sessionTimeout: 3000,
    heartbeatInterval: 300,
    ...overrides,
  });
}

export interface CapturedLogs {
  logger: Logger;
  lines: Record<string, unknown>[];
  text(): string;
}

export function captureLogs(): CapturedLogs {
  const lines: Record<string, unknown>[] = [];
  let raw = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      raw += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines, text: () => raw };
}

export async function producer(broker: MockKafka): Promise<Producer> {
  const kafka = new Kafka({ clientId: 'test-producer', brokers: broker.brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  return producer;
}

export async function send(broker: MockKafka, topic: string, values: (string | Buffer)[], partition = 0): Promise<void> {
  const p = await producer(broker);
  await p.send({ topic, messages: values.map((value) => ({ value, partition })) });
  await p.disconnect();
}

/** The group's committed offset per partition ('-1': none yet). */
export async function committed(broker: MockKafka, groupId: string, topic: string): Promise<Record<number, string>> {
  const admin = new Kafka({ clientId: 'test-admin', brokers: broker.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
  await admin.disconnect();
  return Object.fromEntries(result!.partitions.map(({ partition, offset }) => [partition, offset]));
}

/**
 * Stands for the ingest path: each message is stored in its own transaction (idempotent on its
 * value, as an alert is on its candid), and every call is recorded with the source it was given.
 */
export interface Store {
  pool: pg.Pool;
  calls: KafkaMessage[];
  handle: KafkaMessageHandler;
  /** Values stored, by how many rows each has. */
  rows(): Promise<{ value: string; source: string }[]>;
}

const opened: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of opened.splice(0)) await close();
});

export async function storeTable(options: { before?: (message: KafkaMessage, client: pg.PoolClient) => Promise<void> } = {}): Promise<Store> {
  const database = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  // The kit's clean-up may drop the database (terminating idle connections) before this file's afterAll.
  pool.on('error', () => undefined);
  await pool.query('CREATE TABLE alerts (value text PRIMARY KEY, source text NOT NULL, stored_at timestamptz NOT NULL DEFAULT now())');
  const calls: KafkaMessage[] = [];
  const store: Store = {
    pool,
    calls,
    async handle(message) {
      calls.push(message);
      const value = message.value.toString();
      if (value.startsWith('corrupt')) return { skipped: [{ source: message.source, reason: `not an alert packet: ${value}` }] };
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('INSERT INTO alerts (value, source) VALUES ($1, $2) ON CONFLICT (value) DO NOTHING', [value, message.source]);
        await options.before?.(message, client);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
      return { skipped: [] };
    },
    async rows() {
      return (await pool.query('SELECT value, source FROM alerts ORDER BY stored_at, value')).rows;
    },
  };
  opened.push(async () => {
    await pool.end();
    await database.drop();
  });
  return store;
}

/** Resolves once `count` calls have been made (polls: the consumer runs on its own). */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
