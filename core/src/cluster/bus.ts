import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Knex } from 'knex';
import type { Logger } from 'pino';

const CHANNEL = 'skyportal_bus';
/** NOTIFY payloads are limited to 8000 bytes; larger messages go by reference through a table. */
const MAX_INLINE = 7000;

type Handler = (payload: unknown, fromThisProcess: boolean) => void;

interface Envelope {
  o: string; // origin process
  t: string; // topic
  p?: unknown; // payload, inline
  r?: number; // or a reference into live_messages
  l?: 1; // sent in a transaction: the origin delivers it on receipt too, in commit order
}

/**
 * Messages between app processes over Postgres LISTEN/NOTIFY, so replicas need no second broker.
 * Each process holds one listening connection and reconnects if it drops.
 */
export class ClusterBus {
  readonly processId = randomUUID();
  private readonly handlers = new Map<string, Handler[]>();
  private client: pg.Client | undefined;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  /** Notifications are handled one after another: one read by reference never falls behind a later one. */
  private receiving: Promise<void> = Promise.resolve();

  constructor(
    private readonly url: string,
    private readonly knex: Knex,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    // Messages sent by reference are read within moments of their NOTIFY; old ones are litter.
    this.sweeper ??= setInterval(() => {
      this.knex('live_messages')
        .where('created_at', '<', new Date(Date.now() - 10 * 60_000))
        .delete()
        .catch((error) => this.logger.warn({ err: error }, 'cluster bus: old messages not swept'));
    }, 10 * 60_000).unref();
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (message) => {
      this.receiving = this.receiving.then(() => this.receive(message.payload));
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'cluster bus connection lost; reconnecting');
      this.scheduleReconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.client?.end().catch(() => undefined);
    this.client = undefined;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.start().catch(() => this.scheduleReconnect());
    }, 1000);
  }

  on(topic: string, handler: Handler): void {
    const list = this.handlers.get(topic) ?? [];
    list.push(handler);
    this.handlers.set(topic, list);
  }

  /**
   * Delivers to this process at once, and to the others through NOTIFY. With `transaction`, the
   * message leaves with its commit (and never, on a rollback), to every process including this one
   * through NOTIFY: messages of transactions that commit one after another arrive everywhere in
   * that order, which a resumable channel's ids rely on.
   */
  async publish(topic: string, payload: unknown, transaction?: Knex.Transaction): Promise<void> {
    if (!transaction) this.dispatch(topic, payload, true);
    const db = transaction ?? this.knex;
    const local = transaction ? { l: 1 as const } : {};
    const inline = JSON.stringify({ o: this.processId, t: topic, p: payload, ...local } satisfies Envelope);
    let text = inline;
    if (Buffer.byteLength(inline) > MAX_INLINE) {
      const [row] = await db('live_messages')
        .insert({ payload: JSON.stringify(payload) })
        .returning('id');
      text = JSON.stringify({ o: this.processId, t: topic, r: row.id, ...local } satisfies Envelope);
    }
    await db.raw('SELECT pg_notify(?, ?)', [CHANNEL, text]);
  }

  private async receive(text: string | undefined): Promise<void> {
    if (!text) return;
    try {
      const envelope = JSON.parse(text) as Envelope;
      const fromThisProcess = envelope.o === this.processId;
      if (fromThisProcess && !envelope.l) return;
      let payload = envelope.p;
      if (envelope.r !== undefined) {
        const row = await this.knex('live_messages').where({ id: envelope.r }).first('payload');
        if (!row) return;
        payload = row.payload;
      }
      this.dispatch(envelope.t, payload, fromThisProcess);
    } catch (error) {
      this.logger.warn({ err: error }, 'cluster bus: unreadable message');
    }
  }

  private dispatch(topic: string, payload: unknown, fromThisProcess: boolean): void {
    for (const handler of this.handlers.get(topic) ?? []) {
      try {
        handler(payload, fromThisProcess);
      } catch (error) {
        this.logger.error({ err: error, topic }, 'cluster bus handler failed');
      }
    }
  }

  async stop(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.sweeper);
    await this.client?.end().catch(() => undefined);
  }
}
