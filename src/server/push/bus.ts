/**
 * The bus between profile-server instances on one PostgreSQL database (issue 15): PostgreSQL's
 * own LISTEN/NOTIFY, one channel per database. Each instance keeps one dedicated connection
 * that LISTENs and one that NOTIFYs; the hub (push/hub.ts) sends what it delivers to its own
 * sockets to the other instances too, and delivers what they send to its sockets.
 *
 * - Every payload is a JSON envelope `{o: instance id, ...event}`; an instance drops its own.
 * - Messages sent together go in one statement, packed into one compressed envelope (zlib,
 *   fastest level: a company's thousand changes shrink about twenty times, which matters because
 *   PostgreSQL keeps only eight 8 KB pages of its notification queue in memory and pages the
 *   rest to disk); a message alone goes as it is.
 * - NOTIFY payloads must stay under 8000 bytes: a longer one goes as numbered parts in the
 *   same statement (one transaction: delivered together, in order) and is put back together.
 * - Sends are queued and written in batches (one `SELECT pg_notify(…) FROM unnest(…)` per
 *   batch), in the order they were sent; notifications from one transaction arrive in order,
 *   and those of different transactions in commit order.
 * - A dropped connection (database restart, `pg_terminate_backend`) is logged and reconnected
 *   with backoff; after the listener is back, `onRestored` handlers run, since whatever was sent
 *   meanwhile is gone (the hub makes every socket check its revision and session then).
 *   Sends that failed are sent again once (a change arriving twice is dropped by revision).
 *
 * Payloads never carry secrets: user, company and call ids, session token hashes (to route
 * a sign-out), and the messages the sockets are sent anyway.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import pg from 'pg';
import { backoffDelay, type BackoffPolicy } from '../../shared/backoff';

/** The channel every instance on the database listens to. */
const BUS_CHANNEL = 'profile_server_push';
/** Below PostgreSQL's 8000-byte payload limit, with room for the part envelope. */
const MAX_PAYLOAD_BYTES = 7000;
/** Messages packed into one statement (compressed together), and their most bytes before packing. */
const BATCH = 1000;
const BATCH_BYTES = 4_000_000;
/** Unsent messages kept while the database is away; beyond this the oldest go (logged). */
const MAX_QUEUED = 100_000;
/** Parts of a message whose rest never came are dropped after this long. */
const PART_TTL_MS = 60_000;

const RECONNECT: BackoffPolicy = { initialMs: 200, maxMs: 10_000, factor: 2, jitter: 0.3 };

/** What travels: an event of the hub's (the envelope adds the sender). */
export type BusPayload = { k: string } & Record<string, unknown>;

export interface Bus {
  /** This instance's id (envelopes carry it). */
  readonly instanceId: string;
  /** A committed change up to this long (serialised) travels whole, a longer one as a pointer. */
  readonly inlineChangeBytes: number;
  /** Sends to every other instance (never back to this one). Never throws. */
  send(event: BusPayload): void;
  onMessage(handler: (event: BusPayload) => void): void;
  /** Runs after the listening connection came back from a drop (messages may have been missed). */
  onRestored(handler: () => void): void;
  close(): Promise<void>;
}

interface Part {
  parts: (string | undefined)[];
  received: number;
  at: number;
}

export interface PgBusOptions {
  channel?: string;
  reconnect?: BackoffPolicy;
  /** Default 6000 (a change and its envelope in one notification); 0 sends every change as a pointer. */
  inlineChangeBytes?: number;
  /**
   * Default 7000, under PostgreSQL's 8000-byte limit. Tests set it above the limit to have the
   * database refuse a message and see it does not hold up the rest.
   */
  maxPayloadBytes?: number;
}

/** The bus over LISTEN/NOTIFY; `start()` connects (and keeps reconnecting until `close()`). */
export class PgBus implements Bus {
  readonly instanceId = randomUUID();
  readonly inlineChangeBytes: number;
  private readonly maxPayloadBytes: number;
  private readonly channel: string;
  private readonly policy: BackoffPolicy;
  private readonly handlers: ((event: BusPayload) => void)[] = [];
  private readonly restoredHandlers: (() => void)[] = [];
  private listener: pg.Client | null = null;
  private listenerAttempt = 0;
  private listenerTimer: NodeJS.Timeout | null = null;
  /** The listener was connected once: a later connection is a restore. */
  private listened = false;
  private notifier: pg.Client | null = null;
  private notifierReady: Promise<pg.Client> | null = null;
  private notifierClient: pg.Client | null = null;
  private notifierAttempt = 0;
  private readonly queue: string[] = [];
  private flushing = false;
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly partial = new Map<string, Part>();
  private closed = false;
  private messageCounter = 0;

  constructor(
    private readonly url: string,
    private readonly log: FastifyBaseLogger,
    options: PgBusOptions = {},
  ) {
    this.channel = options.channel ?? BUS_CHANNEL;
    this.policy = options.reconnect ?? RECONNECT;
    this.inlineChangeBytes = options.inlineChangeBytes ?? 6000;
    this.maxPayloadBytes = options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES;
  }

  /** Connects the listener (a failure is logged and retried in the background). */
  async start(): Promise<void> {
    await this.connectListener();
  }

  /** Whether the listening connection is up now. */
  get listening(): boolean {
    return this.listener !== null;
  }

  /** The listening connection's backend process id (tests terminate it). */
  async listenerPid(): Promise<number | null> {
    const client = this.listener;
    if (!client) return null;
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return rows[0]?.pid ?? null;
  }

  onMessage(handler: (event: BusPayload) => void): void {
    this.handlers.push(handler);
  }

  onRestored(handler: () => void): void {
    this.restoredHandlers.push(handler);
  }

  send(event: BusPayload): void {
    if (this.closed) return;
    this.queue.push(JSON.stringify({ ...event, o: this.instanceId }));
    if (this.queue.length > MAX_QUEUED) {
      const dropped = this.queue.splice(0, this.queue.length - MAX_QUEUED).length;
      this.log.error({ dropped }, 'The push bus dropped unsent messages (the database is away)');
    }
    void this.flush();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.listenerTimer) clearTimeout(this.listenerTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    const listener = this.listener;
    this.listener = null;
    const notifier = this.notifier;
    this.notifier = null;
    await Promise.allSettled([listener?.end(), notifier?.end()]);
  }

  // Receiving.

  private async connectListener(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url, application_name: 'profile-server push bus (listen)' });
    let lost = false;
    const onLost = (error?: Error): void => {
      if (lost) return;
      lost = true;
      if (this.listener === client) this.listener = null;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (this.closed) return;
      this.log.warn({ err: error }, 'The push bus lost its listening connection to the database; reconnecting');
      this.scheduleListener();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload !== undefined) this.receive(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (error) {
      if (!lost) {
        lost = true;
        void client.end().catch(() => undefined);
        if (!this.closed) {
          this.log.warn({ err: error, attempt: this.listenerAttempt }, 'The push bus cannot listen on the database; retrying');
          this.scheduleListener();
        }
      }
      return;
    }
    if (this.closed || lost) {
      void client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    const restored = this.listened;
    this.listened = true;
    this.listenerAttempt = 0;
    if (restored) {
      this.log.info('The push bus listens again; sockets check what they missed');
      for (const handler of this.restoredHandlers) {
        try {
          handler();
        } catch (error) {
          this.log.error({ err: error }, 'A push bus restore handler failed');
        }
      }
    }
  }

  private scheduleListener(): void {
    if (this.closed || this.listenerTimer) return;
    const wait = backoffDelay(this.listenerAttempt++, this.policy);
    this.listenerTimer = setTimeout(() => {
      this.listenerTimer = null;
      void this.connectListener();
    }, wait);
    this.listenerTimer.unref();
  }

  private receive(payload: string): void {
    let event: BusPayload & { o?: string };
    try {
      event = JSON.parse(payload) as BusPayload & { o?: string };
    } catch {
      this.log.warn('The push bus got a message that is not JSON; ignored');
      return;
    }
    if (event.o === this.instanceId) return;
    if (event.k === 'part') {
      const whole = this.joinPart(event);
      if (whole !== null) this.receive(whole);
      return;
    }
    if (event.k === 'z') {
      // Unpacked at once, in order with the notifications around it.
      let texts: string[];
      try {
        texts = inflateRawSync(Buffer.from(String(event.d), 'base64')).toString('utf8').split('\n');
      } catch (error) {
        this.log.warn({ err: error }, 'The push bus got a packed message it cannot unpack; ignored');
        return;
      }
      for (const text of texts) this.receive(text);
      return;
    }
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (error) {
        this.log.error({ err: error, kind: event.k }, 'A push bus message could not be delivered');
      }
    }
  }

  // Long messages.

  private split(text: string): string[] {
    const id = `${this.instanceId}:${++this.messageCounter}`;
    const pieces: string[] = [];
    let start = 0;
    while (start < text.length) {
      let end = Math.min(text.length, start + this.maxPayloadBytes);
      // Shorter until it fits in bytes as the part carries it: quoted, so a piece of JSON (its
      // quotes escaped) can take twice its length and a control character six times.
      // Never between the two halves of a surrogate pair.
      while (Buffer.byteLength(JSON.stringify(text.slice(start, end))) > this.maxPayloadBytes) end = start + Math.max(1, Math.floor((end - start) * 0.8));
      const last = text.charCodeAt(end - 1);
      if (end < text.length && end - start > 1 && last >= 0xd800 && last <= 0xdbff) end -= 1;
      pieces.push(text.slice(start, end));
      start = end;
    }
    return pieces.map((d, i) => JSON.stringify({ k: 'part', o: this.instanceId, id, i, n: pieces.length, d }));
  }

  private joinPart(event: Record<string, unknown>): string | null {
    const { id, i, n, d } = event as { id: string; i: number; n: number; d: string };
    const now = Date.now();
    for (const [key, part] of this.partial) if (now - part.at > PART_TTL_MS) this.partial.delete(key);
    let part = this.partial.get(id);
    if (!part) this.partial.set(id, (part = { parts: new Array<string | undefined>(n).fill(undefined), received: 0, at: now }));
    if (part.parts[i] === undefined) {
      part.parts[i] = d;
      part.received += 1;
    }
    if (part.received < n) return null;
    this.partial.delete(id);
    return part.parts.join('');
  }

  // Sending.

  private connectNotifier(): Promise<pg.Client> {
    if (this.notifierReady) return this.notifierReady;
    const client = new pg.Client({ connectionString: this.url, application_name: 'profile-server push bus (notify)' });
    let gone = false;
    const forget = (error?: Error): void => {
      if (gone) return;
      gone = true;
      if (this.notifier === client) this.notifier = null;
      if (this.notifierClient === client) this.notifierReady = null;
      void client.end().catch(() => undefined);
      if (!this.closed && error) this.log.warn({ err: error }, 'The push bus lost its sending connection to the database');
    };
    client.on('error', forget);
    client.on('end', () => forget());
    this.notifierClient = client;
    this.notifierReady = client.connect().then(
      () => {
        this.notifier = client;
        this.notifierAttempt = 0;
        return client;
      },
      (error: unknown) => {
        forget();
        throw error;
      },
    );
    return this.notifierReady;
  }

  /**
   * The notifications that carry `batch`: one message that fits goes as it is; several are
   * packed into one compressed envelope (a company's changes repeat the same profiles, so a
   * thousand of them shrink to a few notifications: PostgreSQL keeps only eight 8 KB pages of its
   * notification queue in memory), cut into parts when it does not fit one.
   */
  private pack(batch: string[]): string[] {
    if (batch.length === 1) {
      const [text] = batch as [string];
      return Buffer.byteLength(text) <= this.maxPayloadBytes ? [text] : this.split(text);
    }
    // One message per line (a JSON text holds no raw line break), at zlib's fastest level: the
    // point is fewer bytes through the database, not the fewest. Synchronous (a few ms for a
    // thousand changes): handed to the thread pool, the batch waited behind whatever else a
    // busy event loop had queued, up to two seconds under a company-wide apply.
    const packed = deflateRawSync(Buffer.from(batch.join('\n')), { level: constants.Z_BEST_SPEED }).toString('base64');
    const envelope = `{"k":"z","o":${JSON.stringify(this.instanceId)},"d":"${packed}"}`;
    return envelope.length <= this.maxPayloadBytes ? [envelope] : this.split(envelope);
  }

  /**
   * A batch the database refused, message by message (each alone, in parts when long), each
   * taken off the queue once handled: one it still refuses is dropped (logged); any other
   * failure is thrown with the rest queued.
   */
  private async sendOneByOne(client: pg.Client, count: number): Promise<void> {
    for (let i = 0; i < count && !this.closed; i++) {
      const text = this.queue[0] as string;
      try {
        await client.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [this.channel, this.pack([text])]);
      } catch (error) {
        if (!refusedMessage(error)) throw error;
        this.log.error({ err: error, bytes: Buffer.byteLength(text), kind: /^\{"k":"([^"]*)"/.exec(text)?.[1] }, 'The push bus dropped a message the database refused');
      }
      this.queue.shift();
    }
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.closed || this.flushTimer) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        let end = 0;
        for (let bytes = 0; end < this.queue.length && end < BATCH && (end === 0 || bytes < BATCH_BYTES); end++) bytes += (this.queue[end] as string).length;
        const batch = this.queue.slice(0, end);
        try {
          const client = await this.connectNotifier();
          try {
            // All of a batch's notifications in one statement: delivered together, in order.
            await client.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [this.channel, this.pack(batch)]);
            this.queue.splice(0, batch.length);
          } catch (error) {
            // The database refused what was sent, not the connection: sent again as it is, it
            // would be refused again and hold up everything queued behind it.
            if (!refusedMessage(error)) throw error;
            await this.sendOneByOne(client, batch.length);
          }
        } catch (error) {
          // Closing ended the connection under this send: nothing to retry.
          if (this.closed) return;
          // Kept in the queue and sent again once the database answers (at least once).
          const wait = backoffDelay(this.notifierAttempt++, this.policy);
          this.log.warn({ err: error, queued: this.queue.length, retryInMs: Math.round(wait) }, 'The push bus could not send; retrying');
          this.flushTimer = setTimeout(() => {
            this.flushTimer = null;
            void this.flush();
          }, wait);
          this.flushTimer.unref();
          return;
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

/**
 * Whether the database refused the statement's content (SQLSTATE class 22 data exception, 54
 * program limit, 42 syntax or access rule) rather than being away or going away.
 */
function refusedMessage(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^(22|54|42)[0-9A-Z]{3}$/.test(code);
}
