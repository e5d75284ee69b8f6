/**
 * Greetings as the PBX plays them: whatever WAV a user uploads or records (PCM of any depth,
 * float, A-law, µ-law; mono or more channels; any rate) becomes 8 kHz mono 16-bit PCM, after
 * checks whose failures name the problem (`GreetingProblem`).
 */
import wavefile from 'wavefile';
import { parseWavHeader } from '../recordings/wav';

export const GREETING_RATE = 8000;
/** The longest greeting accepted, in seconds. */
export const GREETING_MAX_SECONDS = 60;
/** The shortest: anything shorter is a slip of the finger, not a greeting. */
export const GREETING_MIN_SECONDS = 0.5;

export type GreetingProblemKind = 'notWav' | 'unreadable' | 'tooLong' | 'tooShort';

export class GreetingProblem extends Error {
  constructor(
    readonly kind: GreetingProblemKind,
    message: string,
    readonly seconds?: number,
  ) {
    super(message);
  }
}

interface Format {
  audioFormat: number;
  numChannels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** WAVE_FORMAT_EXTENSIBLE: the real format code first. */
  subformat?: number[];
}

/** G.711 A-law and µ-law bytes to linear samples in [-1, 1] (ITU-T G.711). */
function alaw(byte: number): number {
  const a = byte ^ 0x55;
  const exponent = (a & 0x70) >> 4;
  let magnitude = ((a & 0x0f) << 4) + 8;
  if (exponent !== 0) magnitude = (magnitude + 0x100) << (exponent - 1);
  return ((a & 0x80) !== 0 ? magnitude : -magnitude) / 32768;
}
function ulaw(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u & 0x70) >> 4;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << exponent) - 0x84;
  return ((u & 0x80) !== 0 ? -magnitude : magnitude) / 32768;
}

/**
 * The samples of a parsed WAV mixed down to one channel. wavefile parses the container (RIFF,
 * RIFX, RF64, extensible formats); the samples are decoded here straight from its data bytes,
 * since its own bit-depth conversion takes seconds per minute of audio. Null: not decodable.
 */
function decode(file: wavefile.WaveFile): { mono: Float64Array; rate: number } | null {
  const format = file.fmt as Format;
  const data = (file as unknown as { data: { samples: Uint8Array } }).data.samples;
  const code = format.audioFormat === 0xfffe ? (format.subformat?.[0] ?? 0) : format.audioFormat;
  const bits = format.bitsPerSample;
  const channels = format.numChannels;
  const rate = format.sampleRate;
  const bigEndian = file.container === 'RIFX';
  const width = bits / 8;
  const read = sampleReader(code, bits, bigEndian);
  if (!read || channels < 1 || channels > 8 || !(rate >= 1000 && rate <= 384_000)) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const frames = Math.floor(data.byteLength / (width * channels));
  if (frames === 0) return null;
  const mono = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += read(view, (f * channels + c) * width);
    mono[f] = sum / channels;
  }
  return { mono, rate };
}

type SampleReader = (view: DataView, offset: number) => number;

function sampleReader(code: number, bits: number, bigEndian: boolean): SampleReader | null {
  const le = !bigEndian;
  if (code === 1 && bits === 8) return (v, o) => (v.getUint8(o) - 128) / 128;
  if (code === 1 && bits === 16) return (v, o) => v.getInt16(o, le) / 32768;
  if (code === 1 && bits === 24)
    return (v, o) => {
      const [a, b, c] = le ? [v.getUint8(o), v.getUint8(o + 1), v.getInt8(o + 2)] : [v.getUint8(o + 2), v.getUint8(o + 1), v.getInt8(o)];
      return (c * 65536 + b * 256 + a) / 8_388_608;
    };
  if (code === 1 && bits === 32) return (v, o) => v.getInt32(o, le) / 2_147_483_648;
  if (code === 3 && bits === 32) return (v, o) => v.getFloat32(o, le);
  if (code === 3 && bits === 64) return (v, o) => v.getFloat64(o, le);
  if (code === 6 && bits === 8) return (v, o) => alaw(v.getUint8(o));
  if (code === 7 && bits === 8) return (v, o) => ulaw(v.getUint8(o));
  return null;
}

/** Checks an uploaded greeting and converts it to 8 kHz mono 16-bit PCM. */
export function toGreetingWav(bytes: Buffer): { wav: Buffer; durationMs: number } {
  const header = parseWavHeader(bytes.subarray(0, 4096), bytes.length);
  if (!header) throw new GreetingProblem('notWav', 'The greeting is not a WAV file (RIFF/WAVE with PCM, float, A-law or µ-law audio)');
  const seconds = header.durationMs / 1000;
  if (seconds > GREETING_MAX_SECONDS)
    throw new GreetingProblem('tooLong', `The greeting is ${Math.round(seconds)} seconds long; at most ${GREETING_MAX_SECONDS} seconds are allowed`, seconds);
  if (seconds < GREETING_MIN_SECONDS)
    throw new GreetingProblem('tooShort', `The greeting is ${seconds.toFixed(1)} seconds long; at least ${GREETING_MIN_SECONDS} seconds are needed`, seconds);

  let decoded: { mono: Float64Array; rate: number } | null = null;
  try {
    decoded = decode(new wavefile.WaveFile(bytes));
  } catch {
    decoded = null;
  }
  if (!decoded)
    throw new GreetingProblem('unreadable', 'The greeting WAV file cannot be read: its audio data is damaged or in an unsupported encoding (use PCM, float, A-law or µ-law)');
  const { mono, rate } = decoded;
  const samples = resample(mono, rate, GREETING_RATE);
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) pcm[i] = Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767);
  const out = new wavefile.WaveFile();
  out.fromScratch(1, GREETING_RATE, '16', pcm);
  const wav = Buffer.from(out.toBuffer());
  return { wav, durationMs: parseWavHeader(wav.subarray(0, 4096), wav.length)?.durationMs ?? 0 };
}

/** Half the length of the low-pass filter, in input samples. */
const HALF_TAPS = 24;

/**
 * Resamples with a Hann-windowed sinc low-pass (cut off below the lower Nyquist frequency, so
 * a 48 kHz upload does not alias into the telephone band) evaluated only where output samples
 * fall, and linear interpolation between neighbouring filtered input samples. wavefile's own
 * `toSampleRate` takes a minute for a minute of 48 kHz audio; this takes well under a second.
 */
export function resample(input: Float64Array, from: number, to: number): Float64Array {
  if (from === to) return input;
  const ratio = from / to;
  const cutoff = 0.45 * Math.min(1, 1 / ratio);
  const taps = new Float64Array(2 * HALF_TAPS + 1);
  let sum = 0;
  for (let k = -HALF_TAPS; k <= HALF_TAPS; k++) {
    const sinc = k === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * k) / (Math.PI * k);
    const window = 0.5 * (1 + Math.cos((Math.PI * k) / (HALF_TAPS + 1)));
    sum += taps[k + HALF_TAPS] = sinc * window;
  }
  for (let k = 0; k < taps.length; k++) taps[k]! /= sum;
  const filtered = (i: number): number => {
    let acc = 0;
    const start = Math.max(0, i - HALF_TAPS);
    const end = Math.min(input.length - 1, i + HALF_TAPS);
    for (let n = start; n <= end; n++) acc += taps[n - i + HALF_TAPS]! * input[n]!;
    return acc;
  };
  const out = new Float64Array(Math.floor(input.length / ratio));
  for (let j = 0; j < out.length; j++) {
    const position = j * ratio;
    const i = Math.floor(position);
    const fraction = position - i;
    out[j] = fraction === 0 ? filtered(i) : filtered(i) * (1 - fraction) + filtered(Math.min(i + 1, input.length - 1)) * fraction;
  }
  return out;
}
