/**
 * Small WAV helpers for recording tests: write a 16-bit PCM file (tones and silence), read one
 * back as samples, and measure how loud a stretch of it is.
 */
import { wavOf } from '../../scripts/pbx/recordingMix';
import { parseWavHeader } from '../../src/server/recordings/wav';

/**
 * A 16-bit mono PCM WAV of `segments` (a frequency in Hz, or 0 for silence, for `seconds` each),
 * written by the PBX recorder's own WAV writer.
 */
export function toneWav(segments: { hz: number; seconds: number }[], sampleRate = 8000, amplitude = 12_000): Buffer {
  const total = segments.reduce((n, s) => n + Math.round(s.seconds * sampleRate), 0);
  const samples = new Int16Array(total);
  let i = 0;
  for (const segment of segments) {
    const n = Math.round(segment.seconds * sampleRate);
    for (let k = 0; k < n; k++, i++) {
      samples[i] = segment.hz === 0 ? 0 : Math.round(amplitude * Math.sin((2 * Math.PI * segment.hz * k) / sampleRate));
    }
  }
  return wavOf(samples, sampleRate);
}

export interface WavSamples {
  sampleRate: number;
  channels: number;
  /** One array per channel, in [-1, 1]. */
  data: Float32Array[];
}

/** Reads a 16-bit PCM WAV (what rtpengine-recording writes). */
export function readWav(bytes: Buffer): WavSamples {
  const info = parseWavHeader(bytes.subarray(0, 4096), bytes.length);
  if (!info) throw new Error('Not a WAV file');
  if (info.bitsPerSample !== 16) throw new Error(`Expected 16-bit samples, got ${info.bitsPerSample}`);
  const frames = Math.floor(info.dataBytes / (2 * info.channels));
  const data = Array.from({ length: info.channels }, () => new Float32Array(frames));
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < info.channels; c++) {
      data[c]![f] = bytes.readInt16LE(info.dataOffset + (f * info.channels + c) * 2) / 32768;
    }
  }
  return { sampleRate: info.sampleRate, channels: info.channels, data };
}

/** Root-mean-square level of a channel between two times (seconds). */
export function rms(samples: WavSamples, channel: number, from: number, to: number): number {
  const data = samples.data[channel]!;
  const a = Math.max(0, Math.floor(from * samples.sampleRate));
  const b = Math.min(data.length, Math.floor(to * samples.sampleRate));
  if (b <= a) return 0;
  let sum = 0;
  for (let i = a; i < b; i++) sum += data[i]! * data[i]!;
  return Math.sqrt(sum / (b - a));
}

/**
 * How strong a frequency is in a stretch of a channel (Goertzel), relative to the stretch's
 * energy: near 1 when the stretch is mostly that tone.
 */
export function toneShare(samples: WavSamples, channel: number, from: number, to: number, hz: number): number {
  const data = samples.data[channel]!;
  const a = Math.max(0, Math.floor(from * samples.sampleRate));
  const b = Math.min(data.length, Math.floor(to * samples.sampleRate));
  const n = b - a;
  if (n <= 0) return 0;
  const w = (2 * Math.PI * hz) / samples.sampleRate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (let i = a; i < b; i++) {
    const x = data[i]!;
    energy += x * x;
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return energy === 0 ? 0 : (2 * power) / (n * energy);
}
