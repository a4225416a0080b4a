/**
 * The Kafka consumer's options (`plugins.alert-stream.options.kafka`) and its connection settings.
 * Secrets never sit in the YAML: the SASL password comes from `KAFKA_SASL_PASSWORD` or the file
 * `KAFKA_SASL_PASSWORD_FILE` names (a Docker or Kubernetes secret), as core reads its own.
 */
import { readFileSync } from 'node:fs';
import { environmentValue, z } from '@skyportal/sdk';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

const DEFAULTS = {
  enabled: false,
  brokers: ['localhost:9092'],
  topics: [] as string[],
  groupId: 'skyportal-alert-stream',
  fromBeginning: false,
  clientId: 'skyportal',
  sessionTimeout: 30_000,
  heartbeatInterval: 3_000,
  concurrency: 1,
  ssl: false,
};

/** `/^ztf_\d{8}_programid1$/`: a topic pattern, matched against the topics existing when the consumer starts. */
const TOPIC_PATTERN = /^\/(.+)\/([a-z]*)$/;

export const kafkaOptions = z
  .object({
    /** Consume alerts from Kafka (started with the app, stopped with it). */
    enabled: z.boolean().default(DEFAULTS.enabled),
    brokers: z
      .array(z.string().regex(/^[^\s:]+:\d+$/, 'host:port'))
      .min(1)
      .default(DEFAULTS.brokers),
    /** Topic names, or `/patterns/` of them (ZTF has one topic per night and program). */
    topics: z
      .array(
        z
          .string()
          .min(1)
          .max(249)
          .refine((topic) => !TOPIC_PATTERN.test(topic) || isRegExp(topic), 'not a valid /pattern/'),
      )
      .default(DEFAULTS.topics),
    /** The consumer group: its committed offsets are where a restart resumes. */
    groupId: z.string().min(1).max(255).default(DEFAULTS.groupId),
    /** Where a group with no committed offset starts: the oldest message kept (true) or new ones only. */
    fromBeginning: z.boolean().default(DEFAULTS.fromBeginning),
    clientId: z.string().min(1).max(255).default(DEFAULTS.clientId),
    /** The stream the alerts belong to; default: the plugin's `stream`. */
    streamName: z.string().trim().min(1).max(200).optional(),
    /** How long the broker waits for a silent member before giving its partitions to another (ms). */
    sessionTimeout: z.number().int().min(1000).max(3_600_000).default(DEFAULTS.sessionTimeout),
    heartbeatInterval: z.number().int().min(100).max(60_000).default(DEFAULTS.heartbeatInterval),
    /**
     * Messages of a partition ingested at once (each alert its own transaction). An offset is still
     * committed only after every message before it was stored; 1 stores and commits one by one.
     */
    concurrency: z.number().int().min(1).max(64).default(DEFAULTS.concurrency),
    /** SASL authentication; the password from KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE. */
    sasl: z
      .object({
        mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
        username: z.string().min(1).max(255),
      })
      .strict()
      .optional(),
    /** TLS: `true` (the system's CAs), or files of a private CA and a client certificate. */
    ssl: z
      .union([
        z.boolean(),
        z
          .object({
            caFile: z.string().min(1).optional(),
            certFile: z.string().min(1).optional(),
            keyFile: z.string().min(1).optional(),
            rejectUnauthorized: z.boolean().default(true),
          })
          .strict(),
      ])
      .default(DEFAULTS.ssl),
  })
  .strict()
  .refine((options) => !options.enabled || options.topics.length > 0, { message: 'name at least one topic when enabled', path: ['topics'] })
  .default(DEFAULTS);

export type KafkaOptions = z.output<typeof kafkaOptions>;

function isRegExp(topic: string): boolean {
  const [, source, flags] = TOPIC_PATTERN.exec(topic)!;
  try {
    new RegExp(source!, flags);
    return true;
  } catch {
    return false;
  }
}

/** Names as they are, `/patterns/` as RegExps (kafkajs matches them against the cluster's topics). */
export function subscriptionTopics(topics: readonly string[]): (string | RegExp)[] {
  return topics.map((topic) => {
    const match = TOPIC_PATTERN.exec(topic);
    return match ? new RegExp(match[1]!, match[2]) : topic;
  });
}

/** kafkajs's connection settings: brokers, TLS files read now, SASL with its password from the environment. */
export function connectionConfig(options: KafkaOptions, env: NodeJS.ProcessEnv = process.env): Pick<KafkaConfig, 'clientId' | 'brokers' | 'ssl' | 'sasl'> {
  const config: Pick<KafkaConfig, 'clientId' | 'brokers' | 'ssl' | 'sasl'> = { clientId: options.clientId, brokers: [...options.brokers] };
  if (options.ssl === true) config.ssl = true;
  else if (options.ssl) {
    const read = (file: string | undefined) => (file === undefined ? undefined : readFileSync(file, 'utf8'));
    config.ssl = {
      ca: read(options.ssl.caFile),
      cert: read(options.ssl.certFile),
      key: read(options.ssl.keyFile),
      rejectUnauthorized: options.ssl.rejectUnauthorized,
    };
  }
  if (options.sasl) {
    const password = environmentValue(env, 'KAFKA_SASL_PASSWORD');
    if (password === undefined) throw new Error('plugins.alert-stream.options.kafka.sasl: set KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE');
    config.sasl = { mechanism: options.sasl.mechanism, username: options.sasl.username, password } as SASLOptions;
  }
  return config;
}
