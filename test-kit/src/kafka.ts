/**
 * A real Kafka-protocol broker for tests: librdkafka's mock cluster (test-kit/mock-kafka/
 * mock-kafka.c), a C program compiled once with gcc against Debian's librdkafka-dev into a cache
 * folder keyed by its source, then started per call on a free loopback port. No JVM Kafka installs
 * on these machines; this one speaks the protocol on real TCP, with consumer groups and committed
 * offsets. Core-free, so benches and e2e runs load it cheaply.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { track } from './cleanup.js';

const SOURCE = fileURLToPath(new URL('../mock-kafka/mock-kafka.c', import.meta.url));
const INSTALL_HINT = 'the mock Kafka broker needs gcc and librdkafka-dev (Debian: apt-get install -y gcc librdkafka-dev)';

export interface MockKafka {
  /** Bootstrap addresses, as kafkajs takes them (`['127.0.0.1:<port>']`). */
  brokers: string[];
  /** Stops the broker (its topics and offsets are gone); safe to call twice. */
  stop(): Promise<void>;
}

export interface MockKafkaOptions {
  /** Topics made up front with their partition counts; others auto-create with 4 partitions. */
  topics?: Record<string, number>;
}

let built: Promise<string> | undefined;

/** The broker's binary, compiled on first use; the same source reuses the cached one across runs. */
export function mockKafkaBinary(): Promise<string> {
  built ??= (async () => {
    const source = readFileSync(SOURCE);
    const key = createHash('sha256').update(source).digest('hex').slice(0, 16);
    const dir = path.join(tmpdir(), `skyportal-mock-kafka-${process.getuid?.() ?? 'user'}`, key);
    const binary = path.join(dir, 'mock-kafka');
    if (existsSync(binary)) return binary;
    mkdirSync(dir, { recursive: true });
    // Built beside its final name and renamed: parallel test workers never run a half-written file.
    const partial = `${binary}.${process.pid}.tmp`;
    try {
      await promisify(execFile)('gcc', ['-O1', '-o', partial, SOURCE, '-lrdkafka']);
    } catch (error) {
      throw new Error(`${INSTALL_HINT}; gcc said: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`, { cause: error });
    }
    renameSync(partial, binary);
    return binary;
  })();
  built.catch(() => (built = undefined));
  return built;
}

/** Starts a mock Kafka cluster of one broker; under jest it is stopped after the test file. */
export async function startMockKafka(options: MockKafkaOptions = {}): Promise<MockKafka> {
  const binary = await mockKafkaBinary();
  const args = Object.entries(options.topics ?? {}).map(([topic, partitions]) => `${topic}:${partitions}`);
  // stdin stays open: the broker exits when it ends, so it never outlives this process.
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const address = await firstLine(child);
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  let stopping: Promise<void> | undefined;
  const forget = track({ stop: () => broker.stop() });
  const broker: MockKafka = {
    brokers: address.split(','),
    stop() {
      stopping ??= (async () => {
        forget();
        if (child.exitCode === null) child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
  return broker;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(line.trim()));
    child.once('error', (error) => reject(new Error(`mock Kafka broker did not start: ${error.message}`, { cause: error })));
    child.once('exit', (code) => reject(new Error(`mock Kafka broker exited (${code}) before giving its address: ${stderr.trim()}`)));
  });
}
