/**
 * The Node-side stand-in for the renderer's WebRTC media engine.
 *
 * WebRTC cannot run in plain Node, but the SIP engine's tests and benchmarks must make real
 * calls through a real PBX. This session-description handler produces and accepts valid audio
 * SDP (PCMU/PCMA + telephone-event) without sending any RTP. It honours hold the way the real
 * engine does (a=sendonly, or a=inactive when the other side holds too), and records the DTMF
 * tones it was asked to send so tests can check them. The application never uses it: the
 * Electron app injects the media bridge (src/main/media) instead.
 */
import type {
  BodyAndContentType,
  Session,
  SessionDescriptionHandler,
  SessionDescriptionHandlerFactory,
  SessionDescriptionHandlerOptions,
} from 'sip.js';
import type { MuteCapable } from './types';

export interface SdpOnlyMediaOptions {
  /** When false, sendDtmf() reports that RFC 4733 is not available (exercises the SIP INFO fallback). */
  rfc4733?: boolean;
}

/** The `hold` flag sip.js passes through for re-INVITEs (same as its web handler's options). */
export interface HoldCapableOptions extends SessionDescriptionHandlerOptions {
  hold?: boolean;
}

export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

let sessionCounter = Math.floor(Date.now() / 1000);
let portCounter = 20_000;

export class SdpOnlySessionDescriptionHandler implements SessionDescriptionHandler, MuteCapable {
  readonly dtmfSent: string[] = [];
  muted = false;
  closed = false;
  localDirection: Direction = 'sendrecv';
  remoteDirection: Direction | null = null;

  private readonly sessionId = String(++sessionCounter);
  private version = 0;
  private readonly port = (portCounter = portCounter >= 40_000 ? 20_000 : portCounter + 2);
  /** The remote side sent an offer we have not answered yet. */
  private remoteOfferPending = false;
  /** We sent an offer and wait for the answer. */
  private localOfferOutstanding = false;

  constructor(private readonly options: SdpOnlyMediaOptions = {}) {}

  /** Called by sip.js for offers and answers; the direction follows hold on both sides. */
  async getDescription(options?: HoldCapableOptions): Promise<BodyAndContentType> {
    this.assertOpen();
    const holding = options?.hold === true;
    const answering = this.remoteOfferPending;
    this.localDirection = chooseDirection(holding, answering ? this.remoteDirection : null);
    this.remoteOfferPending = false;
    this.localOfferOutstanding = !answering;
    this.version += 1;
    return { body: this.buildSdp(), contentType: 'application/sdp' };
  }

  async setDescription(sdp: string, options?: HoldCapableOptions): Promise<void> {
    this.assertOpen();
    if (!/^m=audio \d+ /m.test(sdp))
      throw new Error('The remote description offers no audio stream');
    this.remoteDirection = parseDirection(sdp);
    // An incoming offer is answered by the next getDescription(); an answer closes the exchange.
    if (this.localOfferOutstanding) this.localOfferOutstanding = false;
    else this.remoteOfferPending = true;
    if (options?.hold === true) this.localDirection = chooseDirection(true, this.remoteDirection);
  }

  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }

  async rollbackDescription(): Promise<void> {
    this.remoteOfferPending = false;
    this.localOfferOutstanding = false;
  }

  sendDtmf(tones: string): boolean {
    if (this.options.rfc4733 === false || this.closed) return false;
    this.dtmfSent.push(...tones.split(''));
    return true;
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
  }

  close(): void {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The media session is closed');
  }

  private buildSdp(): string {
    return [
      'v=0',
      `o=- ${this.sessionId} ${this.version} IN IP4 127.0.0.1`,
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      `m=audio ${this.port} RTP/AVP 0 8 101`,
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      'a=ptime:20',
      `a=${this.localDirection}`,
      '',
    ].join('\r\n');
  }
}

function parseDirection(sdp: string): Direction {
  const match = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m.exec(sdp);
  return (match?.[1] as Direction | undefined) ?? 'sendrecv';
}

/** Our direction given whether we hold and what the other side offered (RFC 3264 §6.1). */
function chooseDirection(holding: boolean, remote: Direction | null): Direction {
  if (holding) return remote === 'sendonly' || remote === 'inactive' ? 'inactive' : 'sendonly';
  if (remote === 'sendonly') return 'recvonly';
  if (remote === 'recvonly') return 'sendonly';
  if (remote === 'inactive') return 'inactive';
  return 'sendrecv';
}

/**
 * A factory for the SIP engine, plus a way for tests to reach each call's handler.
 * `handlers` maps sip.js session ids to their handler.
 */
export function createSdpOnlyMediaFactory(
  options: SdpOnlyMediaOptions = {},
): SessionDescriptionHandlerFactory & {
  handlers: Map<string, SdpOnlySessionDescriptionHandler>;
} {
  const handlers = new Map<string, SdpOnlySessionDescriptionHandler>();
  const factory = (session: Session): SessionDescriptionHandler => {
    const handler = new SdpOnlySessionDescriptionHandler(options);
    handlers.set(session.id, handler);
    return handler;
  };
  return Object.assign(factory, { handlers });
}
