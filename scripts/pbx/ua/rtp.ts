/**
 * One RTP audio session on a free loopback UDP port: G.711 (PCMU/PCMA) with RFC 4733
 * telephone-event, plain RTP/AVP (what rtpengine gives a plain-RTP phone; no SRTP, no ICE).
 *
 *   const rtp = await startRtp({ host: '127.0.0.1' });
 *   const offer = rtp.offer();                 // SDP offer (PCMU, PCMA, telephone-event)
 *   rtp.setRemoteAnswer(answerSdp);            // ...or, as the answerer:
 *   const answer = rtp.answer(remoteOfferSdp); // picks the first offered codec we speak
 *   await rtp.play(pcm);                       // 8 kHz mono Int16 PCM, 20 ms packets, paced;
 *                                              // resolves when played (or stopPlaying/close)
 *   rtp.on('firstPacketSent', () => ...);      // the first RTP packet of a play() went out
 *   rtp.received                               // every decoded sample so far (the recording)
 *   rtp.on('audio', (pcm: Int16Array) => ...); // each decoded packet as it arrives
 *   rtp.on('dtmf', (digit: string) => ...);    // each RFC 4733 event, once per event
 *   rtp.sendDtmf('5');                         // RFC 4733 event (three end packets)
 *   rtp.close();
 *
 * Lost packets (sequence gaps) are filled with silence in `received`; packets from a
 * payload type other than the negotiated codec or telephone-event are ignored. Received audio
 * in PCMA or PCMU is decoded whichever of the two arrives (rtpengine may transcode).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import alawmulaw from 'alawmulaw';
import * as sdpTransform from 'sdp-transform';
import { DTMF_EVENT_DIGITS } from '../../../src/shared/pbx';
import { SAMPLES_PER_FRAME } from './audio';

// alawmulaw is CommonJS without named exports Node can see: take them from its default export
const { alaw, mulaw } = alawmulaw;

export type G711 = 'PCMU' | 'PCMA';

export interface RtpOptions {
  /** Loopback address to bind and announce (default 127.0.0.1). */
  host?: string;
  /** Codecs offered / accepted, in order of preference (default PCMU, PCMA). */
  codecs?: G711[];
}

const STATIC_PT: Record<G711, number> = { PCMU: 0, PCMA: 8 };
const DTMF_PT_OFFERED = 101;
const FRAME_MS = 20;

export interface RtpSessionEvents {
  audio: [pcm: Int16Array];
  dtmf: [digit: string];
  firstPacketSent: [];
  firstPacketReceived: [];
}

export class RtpSession extends EventEmitter<RtpSessionEvents> {
  /** The codec in use once negotiated. */
  codec: G711 | null = null;
  /** Where we send, from the other side's SDP. */
  remote: { address: string; port: number } | null = null;
  /** Every received sample so far, decoded (silence for lost packets). */
  get received(): Int16Array {
    return this.recorded.subarray(0, this.recordedLength);
  }
  packetsSent = 0;
  packetsReceived = 0;
  /** The digits received so far (RFC 4733), in order. */
  readonly digits: string[] = [];

  private payloadType = 0;
  private dtmfPayloadType: number | null = null;
  private readonly ssrc = randomBytes(4).readUInt32BE(0);
  private seq = randomInt(0, 0xffff);
  private timestamp = randomInt(0, 0x7fffffff);
  private sessionVersion = 1;
  private readonly sessionId = String(randomInt(1, 2 ** 31));
  private recorded = new Int16Array(8000 * 10);
  private recordedLength = 0;
  private lastSeq: number | null = null;
  private lastDtmfTimestamp: number | null = null;
  private playing: { cancel(): void } | null = null;
  private closed = false;
  private marker = true;

  constructor(
    private readonly socket: Socket,
    readonly host: string,
    readonly port: number,
    private readonly codecs: G711[],
  ) {
    super();
    socket.on('message', (packet) => this.onPacket(packet));
  }

  /** An SDP offer for our codecs and telephone-event. */
  offer(): string {
    return this.describe(
      this.codecs.map((codec) => ({ payload: STATIC_PT[codec], codec })),
      DTMF_PT_OFFERED,
    );
  }

  /** Takes the answer to our offer: codec and where to send. */
  setRemoteAnswer(sdp: string): void {
    const media = this.remoteAudio(sdp);
    const chosen = this.firstCodec(media);
    if (!chosen) throw new Error('The answer has no G.711 codec');
    this.codec = chosen.codec;
    this.payloadType = chosen.payload;
    this.dtmfPayloadType = telephoneEventPt(media);
  }

  /** Answers the other side's offer with the first of its codecs we speak. Throws if none. */
  answer(offerSdp: string): string {
    const media = this.remoteAudio(offerSdp);
    const offered = (media.payloads ?? '').toString().split(' ').map(Number);
    let chosen: { payload: number; codec: G711 } | null = null;
    for (const pt of offered) {
      const codec = codecOf(media, pt);
      if (codec && this.codecs.includes(codec)) {
        chosen = { payload: pt, codec };
        break;
      }
    }
    if (!chosen) throw new Error('The offer has no G.711 codec');
    this.codec = chosen.codec;
    this.payloadType = chosen.payload;
    this.dtmfPayloadType = telephoneEventPt(media);
    return this.describe([chosen], this.dtmfPayloadType);
  }

  /**
   * Plays PCM in 20 ms packets paced by the clock (the last packet padded with silence).
   * Resolves when the last packet went out, or at once when stopped or closed.
   */
  play(pcm: Int16Array): Promise<void> {
    this.stopPlaying();
    if (!this.remote || !this.codec) return Promise.reject(new Error('play(): no remote side negotiated yet'));
    const frames = Math.ceil(pcm.length / SAMPLES_PER_FRAME);
    return new Promise((resolve) => {
      let index = 0;
      let timer: NodeJS.Timeout | null = null;
      const started = performance.now();
      const finish = (): void => {
        if (timer) clearTimeout(timer);
        if (this.playing === handle) this.playing = null;
        resolve();
      };
      const handle = { cancel: finish };
      this.playing = handle;
      const tick = (): void => {
        if (this.closed) return finish();
        // send every frame that is due (a late timer catches up), then sleep to the next
        while (index < frames && performance.now() - started >= index * FRAME_MS) {
          const frame = new Int16Array(SAMPLES_PER_FRAME);
          frame.set(pcm.subarray(index * SAMPLES_PER_FRAME, (index + 1) * SAMPLES_PER_FRAME));
          this.sendAudioFrame(frame);
          index++;
        }
        if (index >= frames) return finish();
        timer = setTimeout(tick, Math.max(0, started + index * FRAME_MS - performance.now()));
      };
      this.marker = true;
      tick();
    });
  }

  /** Stops what play() is playing (its promise resolves). */
  stopPlaying(): void {
    this.playing?.cancel();
    this.playing = null;
  }

  /** Sends one RFC 4733 event (about 100 ms, three end packets). */
  sendDtmf(digit: string, durationMs = 100): void {
    const event = DTMF_EVENT_DIGITS.indexOf(digit.toUpperCase());
    if (event < 0) throw new Error(`sendDtmf: not a DTMF digit: ${digit}`);
    if (this.dtmfPayloadType === null) throw new Error('sendDtmf: the other side did not negotiate telephone-event');
    const duration = Math.round((durationMs * 8000) / 1000);
    const timestamp = this.timestamp;
    for (let i = 0; i < 3; i++) {
      const payload = Buffer.alloc(4);
      payload[0] = event;
      payload[1] = 0x80 | 10; // end bit, volume -10 dBm0
      payload.writeUInt16BE(duration, 2);
      this.sendPacket(this.dtmfPayloadType, timestamp, payload, i === 0);
    }
    this.timestamp = (this.timestamp + duration) >>> 0;
  }

  /** Clears the recording (e.g. after the greeting, to keep only the caller's message). */
  resetReceived(): void {
    this.recordedLength = 0;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopPlaying();
    this.socket.close();
  }

  private describe(codecs: { payload: number; codec: G711 }[], dtmfPt: number | null): string {
    const rtp = codecs.map(({ payload, codec }) => ({ payload, codec, rate: 8000 }));
    const payloads = codecs.map((c) => c.payload);
    const fmtp: { payload: number; config: string }[] = [];
    if (dtmfPt !== null) {
      rtp.push({ payload: dtmfPt, codec: 'telephone-event' as G711, rate: 8000 });
      fmtp.push({ payload: dtmfPt, config: '0-16' });
      payloads.push(dtmfPt);
    }
    return sdpTransform.write({
      version: 0,
      origin: { username: '-', sessionId: this.sessionId, sessionVersion: this.sessionVersion++, netType: 'IN', ipVer: 4, address: this.host },
      name: '-',
      connection: { version: 4, ip: this.host },
      timing: { start: 0, stop: 0 },
      media: [
        {
          type: 'audio',
          port: this.port,
          protocol: 'RTP/AVP',
          payloads: payloads.join(' '),
          rtp,
          fmtp,
          ptime: FRAME_MS,
          direction: 'sendrecv',
        },
      ],
    });
  }

  private remoteAudio(sdp: string): sdpTransform.MediaDescription {
    const session = sdpTransform.parse(sdp);
    const media = session.media.find((m) => m.type === 'audio' && m.port > 0);
    if (!media) throw new Error('The SDP has no audio');
    const address = media.connection?.ip ?? session.connection?.ip;
    if (!address) throw new Error('The SDP has no connection address');
    this.remote = { address, port: media.port };
    return media;
  }

  private firstCodec(media: sdpTransform.MediaDescription): { payload: number; codec: G711 } | null {
    for (const pt of String(media.payloads ?? '').split(' ').map(Number)) {
      const codec = codecOf(media, pt);
      if (codec && this.codecs.includes(codec)) return { payload: pt, codec };
    }
    return null;
  }

  private sendAudioFrame(frame: Int16Array): void {
    const encoded = this.codec === 'PCMA' ? alaw.encode(frame) : mulaw.encode(frame);
    this.sendPacket(this.payloadType, this.timestamp, Buffer.from(encoded), this.marker);
    this.marker = false;
    this.timestamp = (this.timestamp + SAMPLES_PER_FRAME) >>> 0;
  }

  private sendPacket(payloadType: number, timestamp: number, payload: Buffer, marker: boolean): void {
    if (!this.remote || this.closed) return;
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    header[1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
    header.writeUInt16BE(this.seq, 2);
    header.writeUInt32BE(timestamp >>> 0, 4);
    header.writeUInt32BE(this.ssrc, 8);
    this.seq = (this.seq + 1) & 0xffff;
    this.socket.send(Buffer.concat([header, payload]), this.remote.port, this.remote.address);
    if (this.packetsSent++ === 0) this.emit('firstPacketSent');
  }

  private onPacket(packet: Buffer): void {
    if (packet.length < 12 || packet[0]! >> 6 !== 2) return;
    const payloadType = packet[1]! & 0x7f;
    if (payloadType >= 72 && payloadType <= 76) return; // RTCP on the RTP port (rtcp-mux)
    const csrcCount = packet[0]! & 0x0f;
    let offset = 12 + 4 * csrcCount;
    if (packet[0]! & 0x10) {
      if (packet.length < offset + 4) return;
      offset += 4 + 4 * packet.readUInt16BE(offset + 2);
    }
    let end = packet.length;
    if (packet[0]! & 0x20) end -= packet[packet.length - 1]!;
    if (end < offset) return;
    const payload = packet.subarray(offset, end);
    const seq = packet.readUInt16BE(2);
    const timestamp = packet.readUInt32BE(4);
    if (this.packetsReceived++ === 0) this.emit('firstPacketReceived');
    if (payloadType === this.dtmfPayloadType) {
      this.onDtmf(payload, timestamp);
      return;
    }
    let pcm: Int16Array;
    if (payloadType === 0) pcm = mulaw.decode(payload);
    else if (payloadType === 8) pcm = alaw.decode(payload);
    else return;
    if (this.lastSeq !== null) {
      const gap = (seq - this.lastSeq) & 0xffff;
      if (gap === 0 || gap > 0x8000) return; // duplicate or late
      if (gap > 1 && gap < 50) this.record(new Int16Array((gap - 1) * pcm.length));
    }
    this.lastSeq = seq;
    this.record(pcm);
    this.emit('audio', pcm);
  }

  private onDtmf(payload: Buffer, timestamp: number): void {
    if (payload.length < 4) return;
    if (timestamp === this.lastDtmfTimestamp) return; // the same event again (updates, end packets)
    this.lastDtmfTimestamp = timestamp;
    const digit = DTMF_EVENT_DIGITS[payload[0]!];
    if (!digit) return;
    this.digits.push(digit);
    this.emit('dtmf', digit);
  }

  private record(pcm: Int16Array): void {
    if (this.recordedLength + pcm.length > this.recorded.length) {
      const bigger = new Int16Array(Math.max(this.recorded.length * 2, this.recordedLength + pcm.length));
      bigger.set(this.recorded.subarray(0, this.recordedLength));
      this.recorded = bigger;
    }
    this.recorded.set(pcm, this.recordedLength);
    this.recordedLength += pcm.length;
  }
}

function codecOf(media: sdpTransform.MediaDescription, pt: number): G711 | null {
  const map = media.rtp.find((r) => r.payload === pt);
  const name = map?.codec.toUpperCase() ?? (pt === 0 ? 'PCMU' : pt === 8 ? 'PCMA' : '');
  return name === 'PCMU' || name === 'PCMA' ? name : null;
}

function telephoneEventPt(media: sdpTransform.MediaDescription): number | null {
  return media.rtp.find((r) => r.codec.toLowerCase() === 'telephone-event' && r.rate === 8000)?.payload ?? null;
}

/** Opens an RTP session on a free UDP port of `host`. */
export async function startRtp(options: RtpOptions = {}): Promise<RtpSession> {
  const host = options.host ?? '127.0.0.1';
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', () => {
    /* ICMP port unreachable and the like: RTP is best effort */
  });
  return new RtpSession(socket, host, socket.address().port, options.codecs ?? ['PCMU', 'PCMA']);
}
