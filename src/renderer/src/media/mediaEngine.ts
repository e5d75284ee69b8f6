import { Core } from 'sip.js';
import {
  MEDIA_PROTOCOL_VERSION,
  MediaRequest,
  type DeviceChoice,
  type MediaEngineChannel,
  type MediaErrorCode,
  type MediaFromEngine,
  type MediaSessionConfig,
  type MediaStats,
} from '../../../shared/media';
import { MediaSession } from './mediaSession';
import { WarmHandlers } from './warmHandlers';

export interface MediaEngineOptions {
  /** Announced in the ready event; the harness tells pages apart by it. */
  name: string;
  /** How often stats events go out for connected sessions; 0: never (getStats still works). */
  statsIntervalMs?: number;
  /** sip.js log lines at warn and error land here. */
  log?: (level: string, message: string) => void;
}

class EngineError extends Error {
  constructor(
    readonly code: MediaErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Sessions closed recently, so a late call for one says `closed` instead of making a new one. */
const CLOSED_MEMORY = 500;

/**
 * The renderer's media engine: answers the main process's bridge requests by running one
 * sip.js web session-description handler per media session id, and pushes stats events.
 */
export class MediaEngine {
  private readonly sessions = new Map<string, MediaSession>();
  private readonly closedIds: string[] = [];
  private readonly devices: { inputDeviceId: string | null; outputDeviceId: string | null } = {
    inputDeviceId: null,
    outputDeviceId: null,
  };
  private readonly loggerFactory = new Core.LoggerFactory();
  private readonly stopListening: () => void;
  private readonly stopReconnects: () => void;
  /** Runs only while there are sessions: an idle engine wakes for nothing. */
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private readonly statsListeners = new Set<(stats: MediaStats) => void>();
  /** ICE gathered before the user dials: the next session's handler, made ahead. */
  private readonly handlers: WarmHandlers;

  constructor(
    private readonly channel: MediaEngineChannel,
    private readonly options: MediaEngineOptions,
  ) {
    this.loggerFactory.builtinEnabled = false;
    this.loggerFactory.level = Core.Levels.warn;
    const log = options.log ?? ((level, message) => console.warn(`[media ${level}] ${message}`));
    this.loggerFactory.connector = (level, category, label, content) =>
      log(level, `${category}${label ? ` ${label}` : ''}: ${String(content)}`);
    this.handlers = new WarmHandlers(this.loggerFactory.getLogger('sip.SessionDescriptionHandler'));
    this.stopListening = channel.onMessage((message) => void this.handle(message));
    this.stopReconnects = channel.onReconnect?.(() => this.reannounce()) ?? (() => undefined);
    this.announce();
  }

  private announce(): void {
    this.send({ kind: 'event', event: 'ready', protocol: MEDIA_PROTOCOL_VERSION, engine: this.options.name });
  }

  /** Main lost this engine and found it again: its sessions are gone on main's side, so here too. */
  private reannounce(): void {
    for (const id of [...this.sessions.keys()]) {
      this.sessions.get(id)?.close();
      this.forget(id);
    }
    this.announce();
  }

  /** For the UI (and the tests): the current stats of every session. */
  async allStats(): Promise<MediaStats[]> {
    const settled = await Promise.allSettled([...this.sessions.values()].map((session) => session.stats()));
    return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  }

  /** The UI's live view: called with each periodic report (the same one main receives). */
  onStats(listener: (stats: MediaStats) => void): () => void {
    this.statsListeners.add(listener);
    return () => this.statsListeners.delete(listener);
  }

  get sessionIds(): string[] {
    return [...this.sessions.keys()];
  }

  dispose(): void {
    clearInterval(this.statsTimer);
    this.stopListening();
    this.stopReconnects();
    this.handlers.dispose();
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
  }

  private async handle(raw: unknown): Promise<void> {
    const parsed = MediaRequest.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      const message = `invalid request: ${parsed.error.issues[0]?.message ?? 'unreadable'}`;
      if (typeof id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(id))
        this.send({ kind: 'response', id, ok: false, error: { code: 'invalid-request', message } });
      return;
    }
    const request = parsed.data;
    try {
      const result = await this.dispatch(request);
      this.send({ kind: 'response', id: request.id, ok: true, result });
    } catch (error) {
      const code = error instanceof EngineError ? error.code : 'failed';
      const message = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 2000);
      this.send({ kind: 'response', id: request.id, ok: false, error: { code, message } });
    }
  }

  private async dispatch(request: MediaRequest): Promise<unknown> {
    switch (request.op) {
      case 'getDescription':
        return this.sessionFor(request.sessionId, request.args.config).getDescription(request.args.options);
      case 'setDescription':
        await this.sessionFor(request.sessionId, request.args.config).setDescription(request.args.sdp, request.args.options);
        return null;
      case 'prepareOffer':
        await this.sessionFor(request.sessionId, request.args.config).prepareOffer(request.args.sdp);
        return null;
      case 'hasDescription':
        this.existing(request.sessionId);
        return request.args.contentType === 'application/sdp';
      case 'rollbackDescription':
        await this.existing(request.sessionId).rollbackDescription();
        return null;
      case 'sendDtmf':
        return this.existing(request.sessionId).sendDtmf(request.args.tones, request.args.durationMs, request.args.interToneGapMs);
      case 'close':
        this.existing(request.sessionId).close();
        this.forget(request.sessionId);
        return null;
      case 'setMuted':
        this.existing(request.sessionId).setMuted(request.args.muted);
        return null;
      case 'setDevices':
        await this.setDevices(request.sessionId, request.args);
        return null;
      case 'getStats':
        return this.existing(request.sessionId).stats();
    }
  }

  private sessionFor(id: string, config: MediaSessionConfig | undefined): MediaSession {
    const present = this.sessions.get(id);
    if (present) return present;
    if (this.closedIds.includes(id)) throw new EngineError('closed', `media session ${id} was closed`);
    const session = new MediaSession(id, this.handlers.take(config), {
      defaultInputDeviceId: () => this.devices.inputDeviceId,
      outputDeviceId: this.devices.outputDeviceId,
      onEnded: (reason) => {
        this.send({ kind: 'event', event: 'ended', sessionId: id, reason });
      },
      audioProblems: {
        problem: (problem, detail) => this.send({ kind: 'event', event: 'problem', sessionId: id, problem, detail: detail.slice(0, 500) }),
        resolved: (problem) => this.send({ kind: 'event', event: 'resolved', sessionId: id, problem }),
      },
    });
    this.sessions.set(id, session);
    const interval = this.options.statsIntervalMs ?? 1000;
    if (interval > 0) this.statsTimer ??= setInterval(() => void this.pushStats(), interval);
    return session;
  }

  private existing(id: string): MediaSession {
    const session = this.sessions.get(id);
    if (session) return session;
    if (this.closedIds.includes(id)) throw new EngineError('closed', `media session ${id} was closed`);
    throw new EngineError('unknown-session', `no media session ${id}`);
  }

  private forget(id: string): void {
    this.sessions.delete(id);
    if (this.sessions.size === 0) {
      clearInterval(this.statsTimer);
      this.statsTimer = undefined;
    }
    this.closedIds.push(id);
    if (this.closedIds.length > CLOSED_MEMORY) this.closedIds.shift();
  }

  /** With a session: that call only. Without: the defaults for new calls, applied to live ones. */
  private async setDevices(sessionId: string | undefined, choice: DeviceChoice): Promise<void> {
    await assertDevicesExist(choice);
    const targets = sessionId ? [this.existing(sessionId)] : [...this.sessions.values()];
    if (!sessionId) {
      if (choice.inputDeviceId !== undefined) this.devices.inputDeviceId = choice.inputDeviceId;
      if (choice.outputDeviceId !== undefined) this.devices.outputDeviceId = choice.outputDeviceId;
    }
    for (const session of targets) {
      if (choice.outputDeviceId !== undefined) await session.setOutputDevice(choice.outputDeviceId);
      if (choice.inputDeviceId !== undefined) await session.setInputDevice(choice.inputDeviceId, sessionId !== undefined);
    }
  }

  private async pushStats(): Promise<void> {
    for (const session of this.sessions.values()) {
      if (!session.hasMedia) continue;
      let stats: MediaStats;
      try {
        stats = await session.stats();
      } catch {
        continue; // the session closed between the check and the report; nothing to tell
      }
      this.send({ kind: 'event', event: 'stats', sessionId: session.id, stats });
      for (const listener of this.statsListeners) listener(stats);
    }
  }

  private send(message: MediaFromEngine): void {
    this.channel.send(message);
  }
}

/** A device id that is not (any more) there fails the request now, not at the next call. */
async function assertDevicesExist(choice: DeviceChoice): Promise<void> {
  const wanted: Array<[MediaDeviceKind, string]> = [];
  if (choice.inputDeviceId) wanted.push(['audioinput', choice.inputDeviceId]);
  if (choice.outputDeviceId) wanted.push(['audiooutput', choice.outputDeviceId]);
  if (wanted.length === 0) return;
  const present = await navigator.mediaDevices.enumerateDevices();
  for (const [kind, deviceId] of wanted) {
    if (!present.some((device) => device.kind === kind && device.deviceId === deviceId)) {
      const what = kind === 'audioinput' ? 'microphone' : 'speaker';
      throw new EngineError('failed', `No ${what} with id ${deviceId} is connected.`);
    }
  }
}
