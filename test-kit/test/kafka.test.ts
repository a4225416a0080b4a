import { Kafka, logLevel } from 'kafkajs';
import { startMockKafka } from '../src/kafka.js';

const kafka = (brokers: string[]) => new Kafka({ clientId: 'test-kit-test', brokers, logLevel: logLevel.NOTHING });
// The mock's group coordinator waits for a stopped member's session to expire before it
// rebalances (it ignores LeaveGroup): short sessions keep a rejoin at ~2 s.
const GROUP_TIMING = { sessionTimeout: 3000, rebalanceTimeout: 2000, heartbeatInterval: 300 };

async function consume(brokers: string[], groupId: string, topic: string, count: number): Promise<string[]> {
  const consumer = kafka(brokers).consumer({ groupId, ...GROUP_TIMING });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const seen: string[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        seen.push(message.value!.toString());
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
        if (seen.length === count) resolve();
      },
    });
  });
  await consumer.disconnect();
  return seen;
}

test('the mock broker is Kafka on real TCP: a consumer group resumes after its committed offsets', async () => {
  const broker = await startMockKafka({ topics: { alerts: 1 } });
  expect(broker.brokers[0]).toMatch(/^127\.0\.0\.1:\d+$/);
  const producer = kafka(broker.brokers).producer();
  await producer.connect();
  await producer.send({ topic: 'alerts', messages: ['a', 'b', 'c'].map((value) => ({ value })) });

  expect(await consume(broker.brokers, 'scanners', 'alerts', 3)).toEqual(['a', 'b', 'c']);
  await producer.send({ topic: 'alerts', messages: [{ value: 'd' }] });
  // Same group: only what came after the committed offset.
  expect(await consume(broker.brokers, 'scanners', 'alerts', 1)).toEqual(['d']);
  const offsets = await kafka(broker.brokers)
    .admin()
    .fetchOffsets({ groupId: 'scanners', topics: ['alerts'] });
  expect(offsets[0]!.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '4' })]);
  await producer.disconnect();

  await broker.stop();
  await broker.stop();
  // Gone: nothing listens on its port any more.
  const [host, port] = broker.brokers[0]!.split(':');
  const net = await import('node:net');
  await expect(new Promise((resolve, reject) => net.connect(Number(port), host!).once('connect', resolve).once('error', reject))).rejects.toThrow(
    /ECONNREFUSED/,
  );
});

test('topics given up front get their partition counts; two brokers run side by side', async () => {
  const [one, two] = await Promise.all([startMockKafka({ topics: { wide: 3 } }), startMockKafka()]);
  expect(one.brokers).not.toEqual(two.brokers);
  const admin = kafka(one.brokers).admin();
  await admin.connect();
  const metadata = await admin.fetchTopicMetadata({ topics: ['wide'] });
  expect(metadata.topics[0]!.partitions).toHaveLength(3);
  await admin.disconnect();
});
