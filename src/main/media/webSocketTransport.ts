import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_MEDIA_MESSAGE_BYTES, MediaEvent, type MediaRequest } from '../../shared/media';
import { Listeners, describeError, silentMediaLogger, type MediaLogger, type MediaTransport } from './transport';

/**
 * The test harness's carrier: a WebSocket server on loopback that renderer pages (Chromium
 * driven by Playwright) connect to with a token. One connection per page; the page's first
 * message must be the engine's `ready` event, whose `engine` name identifies the page.
 */
export interface MediaEngineServer {
  /** `ws://127.0.0.1:PORT/media?token=…`: what a page connects to. */
  readonly engineUrl: string;
  readonly port: number;
  /** Resolves with the transport of the engine that announces itself under `name`. */
  waitForEngine(name: string, timeoutMs: number): Promise<MediaTransport>;
  onEngine(listener: (name: string, transport: MediaTransport) => void): () => void;
  close(): Promise<void>;
}

export interface MediaEngineServerOptions {
  /** Random when omitted. */
  token?: string;
  /** How long a new connection may take to say `ready`. */
  handshakeTimeoutMs?: number;
  /** Pings detect a frozen page whose socket stays open; 0 disables them. */
  heartbeatMs?: number;
  logger?: MediaLogger;
}

export async function startMediaEngineServer(options: MediaEngineServerOptions = {}): Promise<MediaEngineServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const logger = options.logger ?? silentMediaLogger;
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 5000;
  const engines = new Map<string, WebSocketMediaTransport>();
  const arrivals = new Listeners<[string, MediaTransport]>();

  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    path: '/media',
    maxPayload: MAX_MEDIA_MESSAGE_BYTES,
    verifyClient: (info: { req: IncomingMessage }) => tokenMatches(info.req, token),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;

  server.on('connection', (socket) => {
    const timer = setTimeout(() => socket.close(4008, 'no ready event'), handshakeTimeoutMs);
    socket.once('close', () => clearTimeout(timer));
    socket.once('message', (data) => {
      clearTimeout(timer);
      const ready = MediaEvent.safeParse(parseJson(data));
      if (!ready.success || ready.data.event !== 'ready') {
        socket.close(4000, 'the first message must be the ready event');
        return;
      }
      const name = ready.data.engine;
      if (engines.has(name)) {
        socket.close(4009, `an engine named ${name} is already connected`);
        return;
      }
      const transport = new WebSocketMediaTransport(socket, logger, options.heartbeatMs ?? 5000);
      engines.set(name, transport);
      transport.onClose(() => engines.delete(name));
      arrivals.emit(logger, name, transport);
    });
  });

  return {
    engineUrl: `ws://127.0.0.1:${port}/media?token=${encodeURIComponent(token)}`,
    port,
    waitForEngine(name, timeoutMs) {
      const present = engines.get(name);
      if (present) return Promise.resolve(present);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          stop();
          reject(new Error(`media engine ${name} did not connect within ${timeoutMs} ms`));
        }, timeoutMs);
        const stop = arrivals.add((arrived, transport) => {
          if (arrived !== name) return;
          clearTimeout(timer);
          stop();
          resolve(transport);
        });
      });
    },
    onEngine: (listener) => arrivals.add(listener),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

/** Unanswered pings in a row after which a page counts as frozen. */
const MISSED_PINGS_BEFORE_DROP = 3;

class WebSocketMediaTransport implements MediaTransport {
  private open = true;
  private readonly messages = new Listeners<[unknown]>();
  private readonly closes = new Listeners<[string]>();
  private readonly heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly logger: MediaLogger,
    heartbeatMs: number,
  ) {
    socket.on('message', (data) => {
      const message = parseJson(data);
      if (message === undefined) logger.warn('media bridge: dropped a message that is not JSON');
      else this.messages.emit(logger, message);
    });
    socket.on('close', (code, reason) => this.closed(`connection closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`));
    socket.on('error', (error) => this.closed(`connection error: ${describeError(error)}`));
    // Anything heard from the page counts as alive. A busy machine can stall this process past
    // one interval with the pong already waiting in the socket (timers run before I/O), so a
    // page is dropped only after several silent intervals in a row.
    let missed = 0;
    socket.on('pong', () => (missed = 0));
    socket.on('message', () => (missed = 0));
    if (heartbeatMs > 0) {
      this.heartbeat = setInterval(() => {
        if (missed >= MISSED_PINGS_BEFORE_DROP) {
          socket.terminate();
          this.closed('the page stopped answering pings');
          return;
        }
        missed++;
        socket.ping();
      }, heartbeatMs);
      this.heartbeat.unref();
    }
  }

  get isOpen(): boolean {
    return this.open;
  }

  send(message: MediaRequest): void {
    if (!this.open) throw new Error('the media engine connection is closed');
    this.socket.send(JSON.stringify(message));
  }

  onMessage(listener: (message: unknown) => void): () => void {
    return this.messages.add(listener);
  }

  onClose(listener: (reason: string) => void): () => void {
    return this.closes.add(listener);
  }

  close(): void {
    this.socket.close(1000, 'closed by main');
    this.closed('closed by main');
  }

  private closed(reason: string): void {
    if (!this.open) return;
    this.open = false;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.closes.emit(this.logger, reason);
    this.messages.clear();
    this.closes.clear();
  }
}

function tokenMatches(request: IncomingMessage, token: string): boolean {
  const offered = new URL(request.url ?? '/', 'ws://127.0.0.1').searchParams.get('token') ?? '';
  const a = Buffer.from(offered);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseJson(data: unknown): unknown {
  try {
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : String(data);
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
