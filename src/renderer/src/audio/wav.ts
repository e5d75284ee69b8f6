/**
 * Greetings leave the page as WAV: a recording from the microphone (MediaRecorder's compressed
 * audio) or a chosen file is decoded by the browser, mixed to mono and resampled to 16 kHz
 * (plenty for a phone line's 8 kHz, and a minute stays under 2 MB across IPC), then written as
 * 16-bit PCM. The server checks length and format again and keeps it at 8 kHz.
 */

const GREETING_SAMPLE_RATE = 16_000;

/** Whether the bytes start like a WAV file (RIFF or RF64 container of WAVE audio). */
export function looksLikeWav(bytes: Uint8Array): boolean {
  const tag = (from: number) => String.fromCharCode(...bytes.subarray(from, from + 4));
  return bytes.length >= 12 && (tag(0) === 'RIFF' || tag(0) === 'RF64') && tag(8) === 'WAVE';
}

/** 16-bit PCM mono WAV of the samples (in [-1, 1]). */
export function encodeWav(samples: Float32Array, sampleRate: number): Uint8Array<ArrayBuffer> {
  const buffer = new ArrayBuffer(44 + samples.length * 2);
  const view = new DataView(buffer);
  const text = (offset: number, value: string) => {
    for (let i = 0; i < value.length; i++) view.setUint8(offset + i, value.charCodeAt(i));
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), true);
  return new Uint8Array(buffer);
}

/**
 * Decodes any audio the browser reads and renders it as mono at `sampleRate` (an
 * OfflineAudioContext mixes the channels down and resamples): a 16-bit PCM WAV and its length.
 */
export async function toMonoWav(encoded: ArrayBuffer, sampleRate: number): Promise<{ wav: Uint8Array<ArrayBuffer>; seconds: number }> {
  const decoded = await new OfflineAudioContext(1, 1, sampleRate).decodeAudioData(encoded);
  const context = new OfflineAudioContext(1, Math.max(1, Math.ceil(decoded.duration * sampleRate)), sampleRate);
  const source = context.createBufferSource();
  source.buffer = decoded;
  source.connect(context.destination);
  source.start();
  const rendered = await context.startRendering();
  return { wav: encodeWav(rendered.getChannelData(0), sampleRate), seconds: decoded.duration };
}

/** A greeting as a 16 kHz mono WAV, with its length. */
export function toGreetingWav(encoded: ArrayBuffer): Promise<{ wav: Uint8Array<ArrayBuffer>; seconds: number }> {
  return toMonoWav(encoded, GREETING_SAMPLE_RATE);
}
