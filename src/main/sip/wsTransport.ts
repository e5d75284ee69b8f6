/**
 * SIP over WebSocket (RFC 7118) for the SIP engine, on the `ws` library in every runtime
 * (Electron's main process and Node tests alike), replacing sip.js's browser transport for two
 * things that one cannot do:
 *
 * - Liveness. A connection whose path died silently (NAT binding gone, Wi-Fi changed, no FIN)
 *   looks open forever. Every `keepAliveSeconds` a WebSocket ping goes out; when the next one
 *   is due and nothing at all came back since the last (no pong, no SIP message), the
 *   connection is declared dead and torn down, which the engine sees as a lost connection and
 *   reconnects. A dead path is so noticed within two intervals (default 10 s: within 20 s).
 * - TLS trust. `wss://` verifies the PBX's certificate against the system's CAs plus the extra
 *   ones given in `ca` (a company or development CA). Verification is never switched off; a
 *   certificate that does not verify ends the attempt with a `TransportFailure` of kind
 *   `certificate`, so the user is told why instead of "cannot reach".
 */
import WebSocket from 'ws';
import { EmitterImpl, TransportState, type Emitter, type Transport } from 'sip.js';

/** Default ping interval: a silent path is noticed within two of these (the promise is 30 s). */
export const DEFAULT_KEEPALIVE_SECONDS = 10;

export interface SipTransportOptions {
  /** ws:// or wss:// address of the PBX. */
  server: string;
  /** Seconds to wait for the connection (TCP, TLS and WebSocket handshake). */
  connectionTimeout?: number;
  /** Seconds between pings; a ping not answered by the next one ends the connection. 0: off. */
  keepAliveSeconds?: number;
  /** Extra certificate authorities (PEM) trusted for wss:// besides the system's. */
  ca?: string | Buffer | Array<string | Buffer>;
}

export type TransportFailureKind = 'silent' | 'certificate' | 'closed' | 'unreachable';

/** Why the connection failed or ended, for the registration's text. */
export class TransportFailure extends Error {
  constructor(
    readonly kind: TransportFailureKind,
    message: string,
    /** For `certificate`: the TLS library's code, e.g. SELF_SIGNED_CERT_IN_CHAIN. */
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'TransportFailure';
  }
}

interface SipJsLogger {
  log(message: string): void;
  warn(message: string): void;
}

/** TLS verification errors that Node reports by code (all mean: the certificate is not trusted here). */
const CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function classify(error: Error): TransportFailure {
  const code = (error as NodeJS.ErrnoException).code ?? null;
  if (code && CERTIFICATE_CODES.has(code)) {
    return new TransportFailure('certificate', `The PBX's certificate is not trusted: ${error.message}`, code);
  }
  return new TransportFailure('unreachable', error.message, code);
}

export class SipWebSocketTransport implements Transport {
  private scheme = 'WS';
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;

  private _state = TransportState.Disconnected;
  private readonly states = new EmitterImpl<TransportState>();
  private readonly options: Required<Omit<SipTransportOptions, 'ca'>> & Pick<SipTransportOptions, 'ca'>;
  private socket: WebSocket | null = null;
  private connecting: Promise<void> | null = null;
  private disconnecting: Promise<void> | null = null;
  private pinger: ReturnType<typeof setInterval> | null = null;
  private heard = true;
  /** Why the current socket is going away (set before it closes). */
  private failure: TransportFailure | null = null;

  constructor(
    private readonly logger: SipJsLogger,
    options: SipTransportOptions,
  ) {
    this.options = {
      server: '',
      connectionTimeout: options.connectionTimeout ?? 5,
      keepAliveSeconds: options.keepAliveSeconds ?? DEFAULT_KEEPALIVE_SECONDS,
      ca: options.ca,
    };
    this.server = options.server;
  }

  /** WS or WSS, as the current address says (sip.js names it in Via and Contact). */
  get protocol(): string {
    return this.scheme;
  }

  /** The PBX address the next connect() goes to (another proxy of a pair: registration.ts). */
  get server(): string {
    return this.options.server;
  }

  set server(url: string) {
    const scheme = /^(wss?):\/\//i.exec(url)?.[1];
    if (!scheme) throw new Error(`"${url}" is not a ws:// or wss:// address`);
    this.scheme = scheme.toUpperCase();
    this.options.server = url;
  }

  get state(): TransportState {
    return this._state;
  }

  get stateChange(): Emitter<TransportState> {
    return this.states;
  }

  isConnected(): boolean {
    return this._state === TransportState.Connected;
  }

  connect(): Promise<void> {
    if (this._state === TransportState.Connected) return Promise.resolve();
    if (this.connecting) return this.connecting;
    this.transition(TransportState.Connecting);
    const attempt = new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(this.options.server, 'sip', {
        handshakeTimeout: this.options.connectionTimeout * 1000,
        ca: this.options.ca,
        rejectUnauthorized: true,
      });
      this.socket = socket;
      this.failure = null;
      socket.on('open', () => {
        if (this.socket !== socket) return;
        this.connecting = null;
        this.transition(TransportState.Connected);
        this.startPinging(socket);
        resolve();
        this.onConnect?.();
      });
      socket.on('error', (error) => {
        if (this.socket !== socket) return;
        this.failure ??= classify(error);
        this.logger.warn(`WebSocket error: ${error.message}`);
      });
      socket.on('close', (code) => {
        if (this.socket !== socket) return;
        this.socket = null;
        this.stopPinging();
        const wasConnected = this._state === TransportState.Connected;
        const failure =
          this.failure ??
          (this._state === TransportState.Disconnecting
            ? null
            : new TransportFailure('closed', `The PBX closed the connection (code ${code})`));
        this.failure = null;
        const disconnecting = this._state === TransportState.Disconnecting;
        this.connecting = null;
        this.transition(TransportState.Disconnected);
        if (!wasConnected && !disconnecting) {
          reject(failure ?? new TransportFailure('unreachable', 'Connection aborted'));
        } else if (!wasConnected) {
          reject(new Error('Connect aborted by disconnect()'));
        }
        if (wasConnected) this.onDisconnect?.(failure ?? undefined);
      });
      socket.on('message', (data, isBinary) => {
        if (this.socket !== socket) return;
        this.heard = true;
        const message = isBinary
          ? new TextDecoder().decode(data as Buffer)
          : (data as Buffer).toString('utf8');
        if (/^(\r\n)+$/.test(message)) return; // CRLF keep-alive answer
        if (this._state === TransportState.Connected) this.onMessage?.(message);
      });
      socket.on('pong', () => {
        if (this.socket === socket) this.heard = true;
      });
    });
    this.connecting = attempt;
    return attempt;
  }

  disconnect(): Promise<void> {
    if (this._state === TransportState.Disconnected) return Promise.resolve();
    if (this.disconnecting) return this.disconnecting;
    const socket = this.socket;
    this.transition(TransportState.Disconnecting);
    this.disconnecting = new Promise<void>((resolve) => {
      const done = (): void => {
        this.disconnecting = null;
        resolve();
      };
      if (!socket) {
        this.transition(TransportState.Disconnected);
        done();
        return;
      }
      socket.once('close', done);
      // A dead path never completes the closing handshake: do not wait for it for long.
      const force = setTimeout(() => socket.terminate(), 1000);
      socket.once('close', () => clearTimeout(force));
      socket.close(1000);
    });
    return this.disconnecting;
  }

  dispose(): Promise<void> {
    return this.disconnect();
  }

  send(message: string): Promise<void> {
    const socket = this.socket;
    if (this._state !== TransportState.Connected || !socket) {
      return Promise.reject(new Error('Not connected.'));
    }
    return new Promise((resolve, reject) =>
      socket.send(message, (error) => (error ? reject(error) : resolve())),
    );
  }

  private startPinging(socket: WebSocket): void {
    const seconds = this.options.keepAliveSeconds;
    if (!(seconds > 0)) return;
    this.heard = true;
    this.pinger = setInterval(() => {
      if (!this.heard) {
        this.logger.warn(`No answer from the PBX for ${seconds} s: connection considered dead`);
        this.failure = new TransportFailure(
          'silent',
          `The PBX did not answer a keep-alive within ${seconds} s`,
        );
        socket.terminate();
        return;
      }
      this.heard = false;
      try {
        socket.ping();
      } catch {
        // closing already; the close event follows
      }
    }, seconds * 1000);
  }

  private stopPinging(): void {
    if (this.pinger) clearInterval(this.pinger);
    this.pinger = null;
  }

  private transition(state: TransportState): void {
    if (this._state === state) return;
    this.logger.log(`Transport ${this._state} -> ${state}`);
    this._state = state;
    this.states.emit(state);
  }
}
