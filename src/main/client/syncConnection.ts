/**
 * The live link with the profile server: `GET /api/v1/ws`.
 *
 * - After connecting it says hello with the token and the revision it holds; the server answers
 *   with the changes since then (possibly none) or a fresh snapshot, then pushes every change.
 *   Only after that first answer does the link count as online.
 * - A dropped link is retried with exponential backoff and full jitter (so a restarted server is
 *   not hit by every client at the same instant), from `initialDelayMs` up to `maxDelayMs`.
 * - The server pings every 30 s; a link that has heard nothing for `silenceMs` is treated as
 *   dead (a laptop that slept, a network that vanished without a FIN) and reconnected.
 * - A `signed-out` message or close code 4401 ends the session: no reconnect.
 */
import WebSocket from 'ws';
import {
  API_PREFIX,
  ServerMessage,
  type ClientHello,
  type Mailbox,
  type SyncChange,
} from '../../shared/server-api';
import type { UserSnapshot } from '../../shared/model/state';
import { fullJitterDelay } from '../../shared/backoff';
import { plainText, text as sayText, type Text } from '../../shared/text';

export type SyncStatus = 'connecting' | 'online' | 'offline';

export interface SyncHandlers {
  /** The revision the client holds now (null: no snapshot yet, ask for one). */
  resumeFrom(): number | null;
  onSnapshot(snapshot: UserSnapshot): void;
  onChanges(changes: SyncChange[]): void;
  onStatus(status: SyncStatus, error: Text | null): void;
  /** The server ended the session (signed out elsewhere, disabled, expired). */
  onSessionEnded(reason: Text): void;
  /** A DTMF digit the PBX saw in a call of this user (RFC 4733 from the other side). */
  onCallDtmf?(dtmf: CallDtmf): void;
  /** The user's mailbox: after each hello's answer and whenever it changes. */
  onVoicemail?(mailbox: Mailbox): void;
  /** Admins: a user of their company changed (the server sends these to admins only). */
  onCompanyChange?(note: { userId: string; revision: number; reason: string }): void;
  /** Colleagues' availability: the whole company after each hello, then each change. */
  onPresence?(presence: Presence): void;
}

type Presence = Omit<Extract<ServerMessage, { type: 'presence' }>, 'type'>;

export type CallDtmf = Omit<Extract<ServerMessage, { type: 'call-dtmf' }>, 'type'>;

export interface SyncOptions {
  serverUrl: string;
  token: string;
  handlers: SyncHandlers;
  initialDelayMs?: number;
  maxDelayMs?: number;
  silenceMs?: number;
  random?: () => number;
}

const SESSION_ENDED_CODE = 4401;

function socketUrl(serverUrl: string): string {
  const url = new URL(`${serverUrl}${API_PREFIX}/ws`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

export class SyncConnection {
  private socket: WebSocket | null = null;
  private stopped = true;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private silenceTimer: NodeJS.Timeout | null = null;
  private status: SyncStatus = 'offline';
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly silenceMs: number;
  private readonly random: () => number;

  constructor(private readonly options: SyncOptions) {
    this.initialDelayMs = options.initialDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.silenceMs = options.silenceMs ?? 75_000;
    this.random = options.random ?? Math.random;
  }

  get currentStatus(): SyncStatus {
    return this.status;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
    }
    this.setStatus('offline', null);
  }

  /**
   * The server said the session ended, but the owner checked and it did not (a server shutting
   * down says so to every socket): keep trying with backoff, as after any dropped link.
   */
  resumeAfterFalseAlarm(): void {
    if (!this.stopped || this.socket !== null) return;
    this.stopped = false;
    this.scheduleRetry();
  }

  /** Reconnect now, resuming from the revision held (the caller found a gap in the changes). */
  resync(): void {
    if (this.stopped) return;
    this.attempt = 0;
    this.dropSocket();
    this.connect();
  }

  /** Try now instead of waiting for the backoff (network came back, machine woke up). */
  reconnectNow(): void {
    if (this.stopped) return;
    if (this.socket !== null && this.status === 'online') return;
    this.attempt = 0;
    this.dropSocket();
    this.connect();
  }

  private connect(): void {
    this.clearTimers();
    this.setStatus('connecting', null);
    const socket = new WebSocket(socketUrl(this.options.serverUrl), { handshakeTimeout: 10_000 });
    this.socket = socket;
    let lastError: string | null = null;

    socket.on('open', () => {
      this.armSilence();
      const resumeFrom = this.options.handlers.resumeFrom();
      const hello: ClientHello = {
        type: 'hello',
        token: this.options.token,
        ...(resumeFrom !== null ? { resumeFrom } : {}),
        // Admin screens follow their company live (who is paused now); the server ignores it for others.
        watchCompany: true,
      };
      socket.send(JSON.stringify(hello));
    });
    socket.on('ping', () => this.armSilence());
    socket.on('message', (data) => {
      this.armSilence();
      this.handle(String(data));
    });
    socket.on('error', (error) => {
      lastError = error.message;
    });
    socket.on('close', (code, reasonBuffer) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimers();
      if (this.stopped) return;
      const reason = reasonBuffer.toString();
      if (code === SESSION_ENDED_CODE) {
        this.stopped = true;
        this.setStatus('offline', reason ? plainText(reason) : sayText('connection.sessionEnded'));
        this.options.handlers.onSessionEnded(reason ? plainText(reason) : sayText('connection.sessionEnded'));
        return;
      }
      const why = lastError ?? (reason || `connection closed (${code})`);
      this.setStatus('offline', sayText('connection.noLiveLink', { why }));
      this.scheduleRetry();
    });
  }

  private handle(text: string): void {
    let message: ServerMessage;
    try {
      message = ServerMessage.parse(JSON.parse(text));
    } catch (error) {
      // A message we cannot read would leave us silently out of date; start over with a snapshot.
      this.setStatus(
        'offline',
        sayText('connection.notUnderstood', { detail: (error as Error).message.slice(0, 120) }),
      );
      this.dropSocket();
      this.scheduleRetry();
      return;
    }
    const { handlers } = this.options;
    switch (message.type) {
      case 'snapshot':
        handlers.onSnapshot(message.snapshot);
        this.markOnline();
        return;
      case 'changes':
        handlers.onChanges(message.changes);
        this.markOnline();
        return;
      case 'signed-out':
        this.stopped = true;
        this.dropSocket();
        this.setStatus('offline', message.text ?? plainText(message.reason));
        handlers.onSessionEnded(message.text ?? plainText(message.reason));
        return;
      case 'error':
        this.setStatus(this.status, plainText(message.message));
        return;
      case 'company-change':
        handlers.onCompanyChange?.({ userId: message.userId, revision: message.revision, reason: message.reason });
        return;
      case 'call-dtmf':
        handlers.onCallDtmf?.({ sipCallId: message.sipCallId, digit: message.digit, sourceTag: message.sourceTag });
        return;
      case 'voicemail':
        handlers.onVoicemail?.(message.mailbox);
        return;
      case 'presence':
        handlers.onPresence?.({ complete: message.complete, people: message.people, removed: message.removed });
        return;
    }
  }

  private markOnline(): void {
    this.attempt = 0;
    if (this.status !== 'online') this.setStatus('online', null);
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer !== null) return;
    const delay = fullJitterDelay(this.attempt, this.initialDelayMs, this.maxDelayMs, this.random);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private armSilence(): void {
    if (this.silenceTimer !== null) clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => {
      this.silenceTimer = null;
      this.setStatus('offline', sayText('connection.serverSilent'));
      this.dropSocket();
      this.scheduleRetry();
    }, this.silenceMs);
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    if (this.silenceTimer !== null) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
    if (socket) {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
    }
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.silenceTimer !== null) clearTimeout(this.silenceTimer);
    this.retryTimer = null;
    this.silenceTimer = null;
  }

  private setStatus(status: SyncStatus, error: Text | null): void {
    this.status = status;
    this.options.handlers.onStatus(status, error);
  }
}
