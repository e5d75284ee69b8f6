import { randomUUID } from 'node:crypto';
import type {
  BodyAndContentType,
  Session,
  SessionDescriptionHandler,
  SessionDescriptionHandlerFactory,
  SessionDescriptionHandlerModifier,
  SessionDescriptionHandlerOptions,
} from 'sip.js';
import {
  DtmfTones,
  SDP_CONTENT_TYPE,
  type DescriptionOptions,
  type DeviceChoice,
  type MediaArgs,
  type MediaOp,
  type MediaResult,
  type MediaSessionConfig,
  type MediaStats,
} from '../../shared/media';
import { MediaRequestError, type MediaEnginePort } from './mediaPort';
import { describeError, type MediaLogger } from './transport';

/** sip.js's default waits up to 5 s for ICE; a desk phone must not. */
const DEFAULT_ICE_GATHERING_TIMEOUT_MS = 500;

export interface BridgedMediaOptions {
  iceGatheringTimeoutMs?: number;
  iceServers?: MediaSessionConfig['iceServers'];
  /** Defaults to the sip.js logger of the session the handler is made for. */
  logger?: MediaLogger;
  /** RTP DTMF that the engine could not send (sendDtmf already returned true); e.g. fall back to SIP INFO. */
  onDtmfFailure?(handler: BridgedSessionDescriptionHandler, tones: string, error: Error): void;
  /**
   * A live call lost its media: the engine went away (renderer closed, crashed, reloaded) or
   * reported the session ended (ICE failed). The owner decides, typically hanging the call up.
   */
  onMediaLost?(session: Session, reason: string): void;
}

export interface BridgedHandlerHooks {
  onDtmfFailure?: BridgedMediaOptions['onDtmfFailure'];
  /** Called once when sip.js closes the handler. */
  onClosed?(handler: BridgedSessionDescriptionHandler): void;
}

/** Raised when sip.js closed the handler while a call to it was still running. */
export class MediaSessionClosedError extends Error {
  constructor(op: string) {
    super(`media session closed while ${op} was running`);
    this.name = 'MediaSessionClosedError';
  }
}

/**
 * sip.js's SessionDescriptionHandler for the main process: every call goes over the port to
 * the renderer's media engine, which runs sip.js's web handler under the same session id.
 * Failures (engine gone, slow, WebRTC error) reject within the port's bound so sip.js fails
 * the call with a SIP response instead of waiting.
 */
export class BridgedSessionDescriptionHandler implements SessionDescriptionHandler {
  private closed = false;
  /** Mirrors the engine's signalling state, to type SDP for modifiers the way sip.js does. */
  private localOfferPending = false;
  private readonly inFlight = new Set<(error: Error) => void>();
  private readonly createdInEpoch: number;
  /** A ringing call's offer sent ahead (prepareOffer), and whether the engine applied it. */
  private prepared: { sdp: string; applied: Promise<boolean> } | undefined;

  constructor(
    private readonly port: MediaEnginePort,
    readonly mediaSessionId: string,
    private readonly logger: MediaLogger,
    private readonly config: MediaSessionConfig,
    private readonly hooks: BridgedHandlerHooks = {},
  ) {
    this.createdInEpoch = port.epoch;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async getDescription(
    options?: SessionDescriptionHandlerOptions,
    modifiers?: SessionDescriptionHandlerModifier[],
  ): Promise<BodyAndContentType> {
    const description = await this.call('getDescription', {
      options: toDescriptionOptions(options),
      config: this.config,
    });
    // Modifiers are functions and cannot cross processes: they shape what goes on the wire.
    const modified = await applyModifiers({ type: description.type, sdp: description.body }, modifiers);
    this.localOfferPending = description.type === 'offer';
    return { body: modified.sdp ?? '', contentType: description.contentType };
  }

  async setDescription(
    sdp: string,
    options?: SessionDescriptionHandlerOptions,
    modifiers?: SessionDescriptionHandlerModifier[],
  ): Promise<void> {
    const type = this.localOfferPending ? 'answer' : 'offer';
    const modified = await applyModifiers({ type, sdp }, modifiers);
    const descriptionOptions = toDescriptionOptions(options);
    const prepared = this.prepared;
    this.prepared = undefined;
    // The offer the engine already holds (applied while the call rang): nothing left to do here.
    if (prepared && type === 'offer' && prepared.sdp === modified.sdp && Object.keys(descriptionOptions).length === 0) {
      if (await prepared.applied) return;
    }
    await this.call('setDescription', {
      sdp: modified.sdp ?? '',
      options: descriptionOptions,
      config: this.config,
    });
    this.localOfferPending = false;
  }

  /**
   * Sends a ringing call's offer to the engine ahead of the answer, so answering only makes the
   * answer (one round trip and the remote description's WebRTC work off the answer's path).
   * A failure here costs nothing: setDescription then sends the offer as usual.
   */
  prepareOffer(sdp: string): void {
    if (this.localOfferPending || this.prepared) return;
    const applied = this.call('prepareOffer', { sdp, config: this.config }).then(
      () => true,
      (error: unknown) => {
        this.logger.warn(`the ringing call's offer could not be applied ahead: ${describeError(error)}`);
        return false;
      },
    );
    this.prepared = { sdp, applied };
  }

  /** Synchronous in sip.js's interface, so answered here: the web engine handles SDP only. */
  hasDescription(contentType: string): boolean {
    return contentType === SDP_CONTENT_TYPE;
  }

  async rollbackDescription(): Promise<void> {
    await this.call('rollbackDescription', {});
    this.localOfferPending = false;
  }

  /** True when the tones were handed to the engine; the engine's verdict arrives later. */
  sendDtmf(tones: string, options?: unknown): boolean {
    const parsedTones = DtmfTones.safeParse(tones);
    if (!parsedTones.success) {
      this.logger.error(`sendDtmf: refused tones ${JSON.stringify(tones)}: ${parsedTones.error.issues[0]?.message}`);
      return false;
    }
    if (this.closed || !this.port.connected || this.port.epoch !== this.createdInEpoch) {
      this.logger.error(`sendDtmf: no media session to send ${tones} on`);
      return false;
    }
    const timing = dtmfTiming(options);
    this.call('sendDtmf', { tones: parsedTones.data, ...timing })
      .then((sent) => {
        if (!sent) throw new Error('the engine has no DTMF sender for this call');
      })
      .catch((error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        this.logger.error(`sendDtmf ${tones} failed: ${failure.message}`);
        this.hooks.onDtmfFailure?.(this, tones, failure);
      });
    return true;
  }

  /**
   * Fire-and-forget like sendDtmf (the SIP engine's MuteCapable is synchronous); a failure is
   * logged, and a session without an engine has no microphone to mute anyway.
   */
  setMuted(muted: boolean): void {
    this.call('setMuted', { muted }).catch((error: unknown) => {
      this.logger.error(`setMuted(${muted}) on media session ${this.mediaSessionId} failed: ${describeError(error)}`);
    });
  }

  setDevices(choice: DeviceChoice): Promise<void> {
    return this.call('setDevices', choice).then(() => undefined);
  }

  getStats(): Promise<MediaStats> {
    return this.call('getStats', {});
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const closedError = new MediaSessionClosedError('close');
    for (const reject of [...this.inFlight]) reject(closedError);
    this.inFlight.clear();
    this.hooks.onClosed?.(this);
    if (!this.port.connected || this.port.epoch !== this.createdInEpoch) return;
    this.port.request('close', this.mediaSessionId, {}).catch((error: unknown) => {
      // unknown-session: the engine never got a description call for it (e.g. rejected early).
      if (error instanceof MediaRequestError && error.code === 'unknown-session') return;
      this.logger.warn(`close of media session ${this.mediaSessionId} failed: ${describeError(error)}`);
    });
  }

  private call<Op extends MediaOp>(op: Op, args: MediaArgs<Op>): Promise<MediaResult<Op>> {
    if (this.closed) return Promise.reject(new MediaSessionClosedError(op));
    if (this.port.epoch !== this.createdInEpoch) {
      return Promise.reject(
        new MediaRequestError('disconnected', op, this.mediaSessionId, 'the media engine restarted; this call has no media'),
      );
    }
    return new Promise<MediaResult<Op>>((resolve, reject) => {
      const abort = (error: Error) => reject(error);
      this.inFlight.add(abort);
      this.port.request(op, this.mediaSessionId, args).then(
        (result) => {
          this.inFlight.delete(abort);
          resolve(result);
        },
        (error: unknown) => {
          this.inFlight.delete(abort);
          if (error instanceof Error) this.logger.error(error.message);
          reject(error);
        },
      );
    });
  }
}

/**
 * The `sessionDescriptionHandlerFactory` for sip.js's UserAgent in main. Each handler gets a
 * fresh media session id (an early dialog gets its own handler, so a sip.js session id alone
 * would not do); `mediaSessionIdOf(session)` maps a call to it.
 */
export function bridgedMediaFactory(port: MediaEnginePort, options: BridgedMediaOptions = {}): AnswerPreparingFactory {
  const live = new Map<string, { session: Session; handler: BridgedSessionDescriptionHandler }>();
  const onMediaLost = options.onMediaLost;
  if (onMediaLost) {
    const report = (entry: { session: Session }, reason: string) => {
      try {
        onMediaLost(entry.session, reason);
      } catch (error) {
        options.logger?.error(`onMediaLost threw: ${describeError(error)}`);
      }
    };
    port.onDisconnect((reason) => {
      const lost = [...live.values()];
      live.clear();
      for (const entry of lost) report(entry, `The call's audio stopped: ${reason}.`);
    });
    port.onEvent((event) => {
      const entry = event.event === 'ended' ? live.get(event.sessionId) : undefined;
      if (!entry || event.event !== 'ended') return;
      live.delete(event.sessionId);
      report(entry, event.reason);
    });
  }

  const make = (session: Session, factoryOptions: object | undefined): BridgedSessionDescriptionHandler => {
    const fromUserAgent = readFactoryOptions(factoryOptions);
    const config: MediaSessionConfig = {
      iceGatheringTimeoutMs:
        fromUserAgent.iceGatheringTimeoutMs ?? options.iceGatheringTimeoutMs ?? DEFAULT_ICE_GATHERING_TIMEOUT_MS,
    };
    const iceServers = fromUserAgent.iceServers ?? options.iceServers;
    if (iceServers) config.iceServers = iceServers;
    const logger = options.logger ?? sessionLogger(session);
    return new BridgedSessionDescriptionHandler(port, randomUUID(), logger, config, {
      onDtmfFailure: options.onDtmfFailure,
      onClosed: (closed) => live.delete(closed.mediaSessionId),
    });
  };
  /** Handlers made for ringing calls ahead of sip.js asking (prepareAnswer), until it asks. */
  const ahead = new WeakMap<Session, BridgedSessionDescriptionHandler>();

  const factory: AnswerPreparingFactory = (session: Session, factoryOptions?: object) => {
    const prepared = ahead.get(session);
    ahead.delete(session);
    const handler = prepared && !prepared.isClosed ? prepared : make(session, factoryOptions);
    if (onMediaLost) live.set(handler.mediaSessionId, { session, handler });
    return handler;
  };
  factory.prepareAnswer = (session, offer) => {
    if (ahead.has(session) || session.sessionDescriptionHandler) return () => undefined;
    const handler = make(session, session.userAgent.configuration.sessionDescriptionHandlerFactoryOptions);
    ahead.set(session, handler);
    handler.prepareOffer(offer);
    return () => {
      // never answered (declined, cancelled, forwarded): sip.js never took it, so close it here
      if (ahead.get(session) !== handler) return;
      ahead.delete(session);
      handler.close();
    };
  };
  return factory;
}

/**
 * A factory that can start a ringing call's media before it is answered: `prepareAnswer`
 * hands the offer to the engine now; the handler sip.js asks for on answering is that one.
 * The returned function releases it when the call ends without being answered.
 */
export interface AnswerPreparingFactory extends SessionDescriptionHandlerFactory {
  prepareAnswer?(session: Session, offer: string): () => void;
}

/** The media session id of a call's current handler, once sip.js has made one. */
export function mediaSessionIdOf(session: Session): string | undefined {
  const handler = session.sessionDescriptionHandler;
  return handler instanceof BridgedSessionDescriptionHandler ? handler.mediaSessionId : undefined;
}

function sessionLogger(session: Session): MediaLogger {
  const logger = session.userAgent.getLogger('sip.BridgedSessionDescriptionHandler', session.id);
  return { error: (m) => logger.error(m), warn: (m) => logger.warn(m), debug: (m) => logger.debug(m) };
}

/** sip.js passes the UserAgent's `sessionDescriptionHandlerFactoryOptions` through untyped. */
function readFactoryOptions(options: object | undefined): Pick<MediaSessionConfig, 'iceGatheringTimeoutMs' | 'iceServers'> {
  const raw = (options ?? {}) as { iceGatheringTimeout?: unknown; peerConnectionConfiguration?: { iceServers?: unknown } };
  const out: Pick<MediaSessionConfig, 'iceGatheringTimeoutMs' | 'iceServers'> = {};
  if (typeof raw.iceGatheringTimeout === 'number') out.iceGatheringTimeoutMs = raw.iceGatheringTimeout;
  const servers = raw.peerConnectionConfiguration?.iceServers;
  if (Array.isArray(servers)) out.iceServers = servers as MediaSessionConfig['iceServers'];
  return out;
}

function toDescriptionOptions(options: SessionDescriptionHandlerOptions | undefined): DescriptionOptions {
  const raw = (options ?? {}) as { hold?: unknown; iceGatheringTimeout?: unknown; offerOptions?: { iceRestart?: unknown } };
  const out: DescriptionOptions = {};
  if (typeof raw.hold === 'boolean') out.hold = raw.hold;
  if (typeof raw.iceGatheringTimeout === 'number') out.iceGatheringTimeoutMs = raw.iceGatheringTimeout;
  if (typeof raw.offerOptions?.iceRestart === 'boolean') out.iceRestart = raw.offerOptions.iceRestart;
  return out;
}

function dtmfTiming(options: unknown): { durationMs?: number; interToneGapMs?: number } {
  const raw = (options ?? {}) as { duration?: unknown; interToneGap?: unknown };
  const out: { durationMs?: number; interToneGapMs?: number } = {};
  // The same bounds RTCDTMFSender clamps to.
  const clamp = (value: number, min: number) => Math.min(6000, Math.max(min, Math.round(value)));
  if (typeof raw.duration === 'number' && Number.isFinite(raw.duration)) out.durationMs = clamp(raw.duration, 40);
  if (typeof raw.interToneGap === 'number' && Number.isFinite(raw.interToneGap))
    out.interToneGapMs = clamp(raw.interToneGap, 30);
  return out;
}

async function applyModifiers(
  description: RTCSessionDescriptionInit,
  modifiers: SessionDescriptionHandlerModifier[] | undefined,
): Promise<RTCSessionDescriptionInit> {
  let current = description;
  for (const modifier of modifiers ?? []) current = await modifier(current);
  if (!current.sdp) throw new Error('a session description modifier returned no SDP');
  return current;
}
