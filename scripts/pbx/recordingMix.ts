/**
 * Turns rtpengine's recording of a call (a pcap of the RTP it received on every leg, written
 * with `--recording-method=pcap`, raw IP link type) into one WAV: each RTP source (SSRC) is
 * decoded and placed on a common timeline (its first packet's arrival time, then its RTP
 * timestamps), and all sources are summed into one 8 kHz 16-bit mono track, so both
 * directions of the call are in one file.
 *
 * Decodes G.711 (PCMU, PCMA): recorded calls are offered without Opus (route[RECORDING] in
 * kamailio.cfg), so every leg, WebRTC ones included, speaks G.711.
 */

const RATE = 8000;

export interface MixResult {
  wav: Buffer;
  /** The RTP sources found, with their payload type and how many packets were decoded. */
  sources: { ssrc: number; payloadType: number; packets: number }[];
  /** Arrival time of the first decoded packet (null when there was none). */
  startedAt: Date | null;
  durationSeconds: number;
}

interface Packet {
  at: number;
  seq: number;
  timestamp: number;
  payloadType: number;
  payload: Buffer;
}

function ulaw(byte: number): number {
  const u = ~byte & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return sign ? -magnitude : magnitude;
}

function alaw(byte: number): number {
  const a = byte ^ 0x55;
  const sign = a & 0x80;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return sign ? magnitude : -magnitude;
}

const DECODERS: Record<number, (byte: number) => number> = { 0: ulaw, 8: alaw };

/** The RTP packets of a raw-IP (or Ethernet) pcap, by SSRC. */
export function rtpPackets(pcap: Buffer): Map<number, Packet[]> {
  const sources = new Map<number, Packet[]>();
  if (pcap.length < 24) return sources;
  const magic = pcap.readUInt32LE(0);
  const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  const u32 = (at: number) => (little ? pcap.readUInt32LE(at) : pcap.readUInt32BE(at));
  const linkType = u32(20);
  let offset = 24;
  while (offset + 16 <= pcap.length) {
    const seconds = u32(offset);
    const fraction = u32(offset + 4);
    const length = u32(offset + 8);
    const frame = pcap.subarray(offset + 16, offset + 16 + length);
    offset += 16 + length;
    const ip = linkType === 1 ? 14 : 0;
    if (frame.length < ip + 20) continue;
    let udp: number;
    const version = frame[ip]! >> 4;
    if (version === 4) {
      if (frame[ip + 9] !== 17) continue;
      udp = ip + (frame[ip]! & 0x0f) * 4;
    } else if (version === 6) {
      if (frame[ip + 6] !== 17) continue;
      udp = ip + 40;
    } else continue;
    const rtp = udp + 8;
    if (frame.length < rtp + 12 || frame[rtp]! >> 6 !== 2) continue;
    const payloadType = frame[rtp + 1]! & 0x7f;
    const csrc = frame[rtp]! & 0x0f;
    let start = rtp + 12 + csrc * 4;
    if (frame[rtp]! & 0x10) {
      if (frame.length < start + 4) continue;
      start += 4 + frame.readUInt16BE(start + 2) * 4;
    }
    let end = frame.length;
    if (frame[rtp]! & 0x20) end -= frame[end - 1]!;
    if (end <= start) continue;
    const ssrc = frame.readUInt32BE(rtp + 8);
    const packet: Packet = {
      at: seconds + fraction / (nano ? 1e9 : 1e6),
      seq: frame.readUInt16BE(rtp + 2),
      timestamp: frame.readUInt32BE(rtp + 4),
      payloadType,
      payload: frame.subarray(start, end),
    };
    const list = sources.get(ssrc) ?? [];
    list.push(packet);
    sources.set(ssrc, list);
  }
  return sources;
}

export function wavOf(samples: Int16Array, rate = RATE): Buffer {
  const out = Buffer.alloc(44 + samples.length * 2);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + samples.length * 2, 4);
  out.write('WAVEfmt ', 8, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(samples.length * 2, 40);
  Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).copy(out, 44);
  return out;
}

/** Mixes every G.711 source of the pcap into one mono WAV. */
export function mixPcap(pcap: Buffer): MixResult {
  const placed: { start: number; samples: Float32Array }[] = [];
  const sources: MixResult['sources'] = [];
  let first = Infinity;
  for (const [ssrc, packets] of rtpPackets(pcap)) {
    const audio = packets.filter((p) => DECODERS[p.payloadType]);
    sources.push({ ssrc, payloadType: audio[0]?.payloadType ?? packets[0]!.payloadType, packets: audio.length });
    if (audio.length === 0) continue;
    const base = audio[0]!;
    // RTP timestamps wrap at 2^32; the unsigned distance from the first packet places each one.
    const offsets = audio.map((p) => (p.timestamp - base.timestamp) >>> 0);
    const length = Math.max(...offsets.map((o, i) => o + audio[i]!.payload.length));
    const samples = new Float32Array(length);
    audio.forEach((packet, i) => {
      const decode = DECODERS[packet.payloadType]!;
      for (let k = 0; k < packet.payload.length; k++) samples[offsets[i]! + k] = decode(packet.payload[k]!);
    });
    placed.push({ start: base.at, samples });
    first = Math.min(first, base.at);
  }
  if (placed.length === 0) return { wav: wavOf(new Int16Array(0)), sources, startedAt: null, durationSeconds: 0 };
  const total = Math.max(...placed.map((p) => Math.round((p.start - first) * RATE) + p.samples.length));
  const mix = new Float32Array(total);
  for (const { start, samples } of placed) {
    const at = Math.round((start - first) * RATE);
    for (let i = 0; i < samples.length; i++) mix[at + i]! += samples[i]!;
  }
  const out = new Int16Array(total);
  for (let i = 0; i < total; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(mix[i]!)));
  return { wav: wavOf(out), sources, startedAt: new Date(first * 1000), durationSeconds: total / RATE };
}
