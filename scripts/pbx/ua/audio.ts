/**
 * Audio for the PBX's user agents: everything is 8 kHz mono 16-bit PCM (`Int16Array`), what
 * G.711 carries.
 *
 *   pcmFromWav(bytes)          any WAV (PCM 8–32 bit, float, A-law, µ-law; any rate; any channels)
 *                              → 8 kHz mono PCM (channels mixed, resampled by wavefile)
 *   wavFromPcm(pcm)            → a 16-bit 8 kHz mono WAV file (Buffer)
 *   tone(hz, ms, amplitude?)   a sine tone, e.g. the 1 kHz voicemail beep: tone(1000, 400)
 *   silence(ms)                zeros
 *   concatPcm(...parts)        one buffer after the other
 *   durationMs(pcm)            length in milliseconds
 *   rmsLevel(pcm, from?, to?)  loudness of a stretch in [0, 1] (silence detection)
 */
import wavefile from 'wavefile';

export const SAMPLE_RATE = 8000;
/** Samples in one 20 ms RTP packet at 8 kHz. */
export const SAMPLES_PER_FRAME = 160;

const { WaveFile } = wavefile;

/** Reads a WAV file of any common format into 8 kHz mono 16-bit PCM. Throws on anything else. */
export function pcmFromWav(bytes: Uint8Array): Int16Array {
  const wav = new WaveFile();
  wav.fromBuffer(bytes);
  const fmt = wav.fmt as { audioFormat: number; numChannels: number; sampleRate: number };
  if (fmt.audioFormat === 6) wav.fromALaw();
  else if (fmt.audioFormat === 7) wav.fromMuLaw();
  else if (fmt.audioFormat === 17) wav.fromIMAADPCM();
  if (wav.bitDepth !== '16') wav.toBitDepth('16');
  const channels = fmt.numChannels;
  const rate = fmt.sampleRate;
  // getSamples(false) gives one array per channel for several channels, one array for mono.
  const raw = wav.getSamples(false, Int16Array) as unknown as Int16Array | Int16Array[];
  const perChannel: Int16Array[] = channels > 1 ? (raw as Int16Array[]) : [raw as Int16Array];
  const length = perChannel[0]?.length ?? 0;
  let mono = new Int16Array(length);
  if (channels > 1) {
    for (let i = 0; i < length; i++) {
      let sum = 0;
      for (const channel of perChannel) sum += channel[i] ?? 0;
      mono[i] = Math.round(sum / channels);
    }
  } else {
    mono = Int16Array.from(perChannel[0] ?? []);
  }
  if (rate === SAMPLE_RATE || length === 0) return mono;
  const resample = new WaveFile();
  resample.fromScratch(1, rate, '16', mono);
  resample.toSampleRate(SAMPLE_RATE, { method: 'sinc' });
  return Int16Array.from(resample.getSamples(false, Int16Array) as unknown as Int16Array);
}

/** A 16-bit PCM mono WAV file of `pcm` (8 kHz unless told). */
export function wavFromPcm(pcm: Int16Array, sampleRate = SAMPLE_RATE): Buffer {
  const wav = new WaveFile();
  wav.fromScratch(1, sampleRate, '16', pcm);
  return Buffer.from(wav.toBuffer());
}

/** A sine tone of `hz` for `ms` milliseconds; amplitude as a fraction of full scale. */
export function tone(hz: number, ms: number, amplitude = 0.35): Int16Array {
  const n = Math.round((ms * SAMPLE_RATE) / 1000);
  const out = new Int16Array(n);
  const peak = Math.round(32767 * Math.min(1, Math.max(0, amplitude)));
  // 5 ms fade in and out, so the tone starts and stops without a click
  const fade = Math.min(Math.floor(n / 2), 40);
  for (let i = 0; i < n; i++) {
    const envelope = Math.min(1, i / fade || 0, (n - 1 - i) / fade || 0);
    out[i] = Math.round(peak * envelope * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE));
  }
  return out;
}

export function silence(ms: number): Int16Array {
  return new Int16Array(Math.round((ms * SAMPLE_RATE) / 1000));
}

export function concatPcm(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function durationMs(pcm: Int16Array): number {
  return Math.round((pcm.length * 1000) / SAMPLE_RATE);
}

/** Root-mean-square level of samples [from, to) in [0, 1]. */
export function rmsLevel(pcm: Int16Array, from = 0, to = pcm.length): number {
  const a = Math.max(0, from);
  const b = Math.min(pcm.length, to);
  if (b <= a) return 0;
  let sum = 0;
  for (let i = a; i < b; i++) {
    const x = (pcm[i] ?? 0) / 32768;
    sum += x * x;
  }
  return Math.sqrt(sum / (b - a));
}
