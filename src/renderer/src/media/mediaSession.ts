import type { Web } from 'sip.js';
import type { DescriptionOptions, MediaResult, MediaStats } from '../../../shared/media';
import { deviceMediaStreamFactory } from './deviceMediaStreamFactory';
import { RemoteAudio, type AudioProblems } from './remoteAudio';
import { summariseStats } from './statsSummary';
import type { EngineSessionDescriptionHandler } from './warmHandlers';

export interface MediaSessionDeps {
  /** The engine-wide microphone choice, read at each capture. */
  defaultInputDeviceId(): string | null;
  outputDeviceId: string | null;
  onEnded(reason: string): void;
  audioProblems: AudioProblems;
}

/** One bridged session: a web handler, its remote audio, and the hold/mute state of its tracks. */
export class MediaSession {
  private readonly handler: EngineSessionDescriptionHandler;
  private readonly audio: RemoteAudio;
  private held = false;
  private heldBeforeOffer = false;
  private muted = false;
  private closed = false;
  /** A microphone chosen for this call only; undefined follows the engine-wide choice. */
  private inputOverride: string | null | undefined;

  /** `handler`: a sip.js web handler made for this session (or ahead of it, warm: warmHandlers.ts). */
  constructor(
    readonly id: string,
    handler: EngineSessionDescriptionHandler,
    private readonly deps: MediaSessionDeps,
  ) {
    this.handler = handler;
    handler.useMicrophone(
      deviceMediaStreamFactory(() => (this.inputOverride !== undefined ? this.inputOverride : deps.defaultInputDeviceId())),
    );
    this.handler.peerConnectionDelegate = {
      onconnectionstatechange: () => {
        const state = this.handler.peerConnection?.connectionState;
        if (state === 'failed' && !this.closed) deps.onEnded('The media connection failed (ICE).');
      },
    };
    this.audio = new RemoteAudio(this.handler.remoteMediaStream, deps.audioProblems);
    if (deps.outputDeviceId) void this.setOutputDevice(deps.outputDeviceId).catch((e: unknown) => deps.audioProblems.problem('speaker', String(e)));
  }

  async getDescription(options: DescriptionOptions): Promise<MediaResult<'getDescription'>> {
    const type = this.handler.peerConnection?.signalingState === 'have-remote-offer' ? 'answer' : 'offer';
    this.heldBeforeOffer = this.held;
    const description = await this.handler.getDescription(toWebOptions(options));
    if (options.hold !== undefined) this.applyHold(options.hold);
    return { body: description.body, contentType: description.contentType, type };
  }

  /** The remote offer of a ringing call, so answering only has to make the answer. */
  async prepareOffer(sdp: string): Promise<void> {
    await this.handler.applyRemoteOffer(sdp);
  }

  async setDescription(sdp: string, options: DescriptionOptions): Promise<void> {
    await this.handler.setDescription(sdp, toWebOptions(options));
  }

  async rollbackDescription(): Promise<void> {
    await this.handler.rollback();
    // A refused hold/resume re-INVITE leaves the tracks as they were before the offer.
    this.applyHold(this.heldBeforeOffer);
  }

  /**
   * RTCDTMFSender; false when the call has no sender or the tones were refused. `insertDTMF`
   * replaces the tones still waiting, so digits typed faster than they play ("42#" while "4"
   * sounds) are appended to what waits instead of dropping it.
   */
  sendDtmf(tones: string, durationMs?: number, interToneGapMs?: number): boolean {
    const options = durationMs !== undefined || interToneGapMs !== undefined
      ? { duration: durationMs ?? 100, interToneGap: interToneGapMs ?? 70 }
      : undefined;
    const waiting = this.handler.peerConnection?.getSenders().find((sender) => sender.dtmf)?.dtmf?.toneBuffer ?? '';
    return this.handler.sendDtmf(waiting + tones, options);
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    this.applyTracks();
  }

  /** `forThisCall`: keep `deviceId` for this call; otherwise follow the engine-wide choice again. */
  async setInputDevice(deviceId: string | null, forThisCall: boolean): Promise<void> {
    this.inputOverride = forThisCall ? deviceId : undefined;
    if (!this.handler.peerConnection || this.handler.localMediaStream.getAudioTracks().length === 0) return;
    await this.handler.recapture();
    this.applyTracks(); // the new track starts enabled; keep mute and hold
  }

  setOutputDevice(deviceId: string | null): Promise<void> {
    return this.audio.setOutputDevice(deviceId);
  }

  async stats(): Promise<MediaStats> {
    const pc = this.handler.peerConnection;
    if (!pc) throw new Error('Peer connection closed.');
    const report = await pc.getStats();
    const microphone = this.handler.localMediaStream.getAudioTracks()[0];
    return summariseStats(this.id, report, {
      connectionState: pc.connectionState,
      muted: this.muted,
      takenAt: Date.now(),
      inputDeviceId: microphone?.getSettings().deviceId ?? null,
      outputDeviceId: this.audio.outputDeviceId,
    });
  }

  get hasMedia(): boolean {
    return this.handler.peerConnection?.connectionState === 'connected';
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.audio.stop();
    this.handler.close();
  }

  private applyHold(hold: boolean): void {
    this.held = hold;
    this.applyTracks();
  }

  /** What sip.js's SessionManager does on hold and mute: tracks off, RTP direction via SDP. */
  private applyTracks(): void {
    if (!this.handler.peerConnection) return;
    this.handler.enableReceiverTracks(!this.held);
    this.handler.enableSenderTracks(!this.held && !this.muted);
  }
}

function toWebOptions(options: DescriptionOptions): Web.SessionDescriptionHandlerOptions {
  const web: Web.SessionDescriptionHandlerOptions = { constraints: { audio: true, video: false } };
  if (options.hold !== undefined) web.hold = options.hold;
  if (options.iceGatheringTimeoutMs !== undefined) web.iceGatheringTimeout = options.iceGatheringTimeoutMs;
  if (options.iceRestart) web.offerOptions = { iceRestart: true };
  return web;
}
