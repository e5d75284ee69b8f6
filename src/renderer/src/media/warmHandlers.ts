import { Web, type Core } from 'sip.js';
import type { MediaSessionConfig } from '../../../shared/media';

const DEFAULT_ICE_GATHERING_TIMEOUT_MS = 500;

/**
 * sip.js's own web handler, plus what the bridge needs that it lacks: rollback (the web
 * handler has none), swapping the microphone mid-call, and DTMF with a reason when it fails.
 * Its microphone is chosen by whoever uses it (`useMicrophone`), so it can be made before the
 * call it will carry.
 */
export class EngineSessionDescriptionHandler extends Web.SessionDescriptionHandler {
  private microphone: Web.MediaStreamFactory = () => Promise.reject(new Error('No microphone chosen for this call.'));

  constructor(logger: Core.Logger, configuration: Web.SessionDescriptionHandlerConfiguration) {
    const source: { factory?: Web.MediaStreamFactory } = {};
    super(logger, (constraints, handler) => source.factory!(constraints, handler), configuration);
    source.factory = (constraints, handler) => this.microphone(constraints, handler);
  }

  useMicrophone(factory: Web.MediaStreamFactory): void {
    this.microphone = factory;
  }

  /** The session's gathering timeout (read at each offer/answer, so a spare takes the call's). */
  useIceGatheringTimeout(ms: number): void {
    this.sessionDescriptionHandlerConfiguration = { ...this.sessionDescriptionHandlerConfiguration, iceGatheringTimeout: ms };
  }

  /**
   * A remote offer applied on its own: no microphone is opened and no local description set, so
   * nothing is sent; the answer made later (getDescription) opens the microphone, whose track
   * joins the transceiver this offer created.
   */
  applyRemoteOffer(sdp: string): Promise<void> {
    if (!this.peerConnection) return Promise.reject(new Error('Peer connection closed.'));
    return this.setRemoteSessionDescription({ type: 'offer', sdp });
  }

  async rollback(): Promise<void> {
    const pc = this.peerConnection;
    if (!pc) throw new Error('Peer connection closed.');
    if (pc.signalingState === 'have-local-offer') await pc.setLocalDescription({ type: 'rollback' });
    else if (pc.signalingState === 'have-remote-offer') await pc.setRemoteDescription({ type: 'rollback' });
  }

  async recapture(): Promise<void> {
    const stream = await this.mediaStreamFactory({ audio: true, video: false }, this);
    await this.setLocalMediaStream(stream);
  }
}

function handlerFor(logger: Core.Logger, config: MediaSessionConfig | undefined): EngineSessionDescriptionHandler {
  return new EngineSessionDescriptionHandler(logger, {
    iceGatheringTimeout: config?.iceGatheringTimeoutMs ?? DEFAULT_ICE_GATHERING_TIMEOUT_MS,
    peerConnectionConfiguration: {
      ...Web.defaultPeerConnectionConfiguration(),
      // sip.js's default names a public STUN server; a desk phone without one must not wait for it.
      iceServers: config?.iceServers ?? [],
      // gather ICE candidates as soon as the connection exists, not once the offer is made
      iceCandidatePoolSize: 1,
    },
  });
}

/**
 * ICE gathering warmed before the user dials: one spare handler, its RTCPeerConnection made
 * ahead with a candidate pool, so the next call's offer or answer finds its candidates
 * gathered (on loopback that is ~130 ms of a cold start; see bench/media-bridge.ts). The spare
 * is made for the ICE servers of the last call (none yet: no ICE servers), replaced as soon as
 * a call takes it, and remade when the network changes. The microphone is not opened ahead.
 */
export class WarmHandlers {
  private spare: { handler: EngineSessionDescriptionHandler; key: string } | null = null;
  private config: MediaSessionConfig | undefined;
  private disposed = false;
  private readonly refresh = () => this.renew();
  private renewal: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly logger: Core.Logger) {
    globalThis.addEventListener?.('online', this.refresh);
    connection()?.addEventListener('change', this.refresh);
    this.renew();
  }

  /** A handler for a new session: the warm spare when it was made for `config`, else a new one. */
  take(config: MediaSessionConfig | undefined): EngineSessionDescriptionHandler {
    const spare = this.spare;
    this.spare = null;
    let handler: EngineSessionDescriptionHandler;
    if (spare && spare.key === keyOf(config)) {
      handler = spare.handler;
      handler.useIceGatheringTimeout(config?.iceGatheringTimeoutMs ?? DEFAULT_ICE_GATHERING_TIMEOUT_MS);
    } else {
      spare?.handler.close();
      handler = handlerFor(this.logger, config);
    }
    this.config = config;
    // the next spare once this call is set up, so making it does not slow the call down
    clearTimeout(this.renewal);
    this.renewal = setTimeout(this.refresh, RENEW_AFTER_MS);
    return handler;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.renewal);
    globalThis.removeEventListener?.('online', this.refresh);
    connection()?.removeEventListener('change', this.refresh);
    this.spare?.handler.close();
    this.spare = null;
  }

  private renew(): void {
    if (this.disposed || typeof RTCPeerConnection === 'undefined') return;
    this.spare?.handler.close();
    this.spare = { handler: handlerFor(this.logger, this.config), key: keyOf(this.config) };
  }
}

/** The call's own offer or answer (candidates from the warm pool) is made well within this, so
 * the next spare is ready for a call dialled or answered right after; one timer per call, none when idle. */
const RENEW_AFTER_MS = 150;

/** What a connection is made with (the gathering timeout is set on the handler when it is taken). */
const keyOf = (config: MediaSessionConfig | undefined): string => JSON.stringify(config?.iceServers ?? []);

/** The Network Information API (Chromium): fires `change` when the network changes. */
function connection(): EventTarget | undefined {
  return (globalThis.navigator as (Navigator & { connection?: EventTarget }) | undefined)?.connection;
}
