/**
 * The Kafka consumer: each message of the subscribed topics goes through the one ingest path, and
 * its offset is committed only once that returned, i.e. after the alert's transaction committed,
 * and after every message before it in its partition did (`concurrency` of them go at once).
 * A restart (or another member of the group) resumes after the last committed offset, so a crash
 * loses nothing, and re-delivers at most the messages in flight, which re-ingesting leaves unchanged.
 * A message that is no alert is logged with its topic, partition and offset and committed past; a
 * failure of the ingest itself (the database away) is retried with backoff, never skipped.
 */
import { Kafka, logLevel, type Consumer, type EachBatchPayload, type KafkaMessage as KafkaJsMessage, type LogEntry } from 'kafkajs';
import type { Logger } from '@skyportal/sdk';
import { connectionConfig, subscriptionTopics, type KafkaOptions } from './kafka-options.js';

export interface KafkaMessage {
  topic: string;
  partition: number;
  offset: string;
  value: Buffer;
  /** `topic@partition:offset`, as the ingest path names where an alert came from. */
  source: string;
}

/** What the consumer does with a message: ingest it; resolves once it is stored (or deliberately skipped). */
export type KafkaMessageHandler = (message: KafkaMessage) => Promise<{ skipped: readonly { source: string; reason: string }[] }>;

export interface AlertConsumer {
  /** Connects, joins the group and starts consuming; resolves once consuming (retries a broker that is away). */
  start(): Promise<void>;
  /** Finishes the message in progress (and its commit), leaves the group, disconnects. Safe to call twice. */
  stop(): Promise<void>;
}

export interface AlertConsumerDeps {
  handle: KafkaMessageHandler;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** First and longest wait between retries of a failed ingest or connection (ms). */
  retryMs?: { initial: number; max: number };
}

export function alertConsumer(options: KafkaOptions, deps: AlertConsumerDeps): AlertConsumer {
  const { handle, logger } = deps;
  const retryMs = deps.retryMs ?? { initial: 500, max: 30_000 };
  const kafka = new Kafka({ ...connectionConfig(options, deps.env), logLevel: logLevel.WARN, logCreator: kafkaLogs(logger) });
  let consumer: Consumer | undefined;
  let stopping = false;
  let started: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;
  const wake = new AbortController();

  // Batches being ingested: stop() waits for them (and their commits) before leaving the group;
  // kafkajs's own disconnect does not wait for a handler in progress.
  const inFlight = new Set<Promise<void>>();
  function track(payload: EachBatchPayload): Promise<void> {
    const work = consumeBatch(payload).finally(() => inFlight.delete(work));
    inFlight.add(work);
    return work;
  }

  /**
   * A partition's messages, `concurrency` at a time (each alert still its own transaction). An
   * offset is committed only once every message before it is stored or skipped: after each group
   * of messages, the offset after the last one done with none before it left undone.
   */
  async function consumeBatch({ batch, resolveOffset, heartbeat, pause }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    for (let at = 0; at < batch.messages.length; at += options.concurrency) {
      // Stopping: what kafkajs still hands over is left uncommitted, so no commit can pass a message
      // abandoned on the way out; the next start begins with them.
      if (stopping) return void pause();
      const group = batch.messages.slice(at, at + options.concurrency);
      const done = await Promise.all(group.map((message) => consume(topic, partition, message, heartbeat)));
      const upTo = done.indexOf(false) === -1 ? group.length : done.indexOf(false);
      if (upTo > 0) {
        const last = group[upTo - 1]!.offset;
        await consumer!.commitOffsets([{ topic, partition, offset: (BigInt(last) + 1n).toString() }]);
        resolveOffset(last);
      }
      if (upTo < group.length) return void pause();
      await heartbeat().catch(() => undefined);
    }
  }

  /** Ingests one message, retrying a failure until it is stored or skipped (true), or the consumer stops (false). */
  async function consume(topic: string, partition: number, message: KafkaJsMessage, heartbeat: () => Promise<void>): Promise<boolean> {
    const where = { topic, partition, offset: message.offset };
    const source = `${topic}@${partition}:${message.offset}`;
    if (message.value === null || message.value.length === 0) {
      logger.warn(where, 'kafka: empty message skipped');
      return true;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const { skipped } = await handle({ ...where, value: message.value, source });
        for (const skip of skipped) logger.warn({ ...where, reason: skip.reason }, 'kafka: message skipped (not an alert this site can read)');
        return true;
      } catch (error) {
        // Not committed: on stop, the next start (or another member) ingests it again.
        if (stopping) return false;
        const waitMs = Math.min(retryMs.max, retryMs.initial * 2 ** attempt);
        logger.error({ err: error, ...where, attempt: attempt + 1, retryInMs: waitMs }, 'kafka: ingest failed, retrying');
        await sleep(waitMs, wake.signal);
        if (stopping) return false;
        await heartbeat().catch(() => undefined);
      }
    }
  }

  async function connect(): Promise<void> {
    for (let attempt = 0; !stopping; attempt++) {
      consumer = kafka.consumer({
        groupId: options.groupId,
        sessionTimeout: options.sessionTimeout,
        heartbeatInterval: options.heartbeatInterval,
        rebalanceTimeout: Math.max(options.sessionTimeout, 3000),
      });
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: subscriptionTopics(options.topics), fromBeginning: options.fromBeginning });
        const joined = new Promise<void>((resolve) => consumer!.on(consumer!.events.GROUP_JOIN, () => resolve()));
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          logger.error({ err: payload.error, restart: payload.restart }, payload.restart ? 'kafka: consumer crashed, restarting' : 'kafka: consumer crashed');
          if (!payload.restart && !stopping) void reconnect();
        });
        await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: track });
        await Promise.race([joined, sleep(60_000, wake.signal)]);
        logger.info({ brokers: options.brokers, topics: options.topics, groupId: options.groupId }, 'kafka: consuming');
        return;
      } catch (error) {
        await consumer.disconnect().catch(() => undefined);
        const waitMs = Math.min(retryMs.max, retryMs.initial * 2 ** attempt);
        logger.error({ err: error, brokers: options.brokers, retryInMs: waitMs }, 'kafka: could not start the consumer, retrying');
        await sleep(waitMs, wake.signal);
      }
    }
  }

  async function reconnect(): Promise<void> {
    await consumer?.disconnect().catch(() => undefined);
    started = connect();
    await started;
  }

  return {
    start() {
      started ??= connect();
      return started;
    },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        wake.abort();
        await started?.catch(() => undefined);
        await Promise.allSettled([...inFlight]);
        await consumer?.disconnect();
        logger.info({ groupId: options.groupId }, 'kafka: consumer stopped');
      })();
      return stopped;
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/** kafkajs's own messages into the plugin's pino logger (they name brokers and groups, never the SASL password). */
function kafkaLogs(logger: Logger) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _name, ...rest } = log;
      if (level <= logLevel.ERROR) logger.error({ kafkajs: rest }, `kafkajs: ${message}`);
      else if (level === logLevel.WARN) logger.warn({ kafkajs: rest }, `kafkajs: ${message}`);
      else logger.debug({ kafkajs: rest }, `kafkajs: ${message}`);
    };
}
