/**
 * An announcement file made ready to upload: the page decodes it (Chromium reads WAV), mixes it
 * to mono and resamples it to 8 kHz (audio/wav.ts), as a 16-bit PCM WAV, base64. Two minutes are
 * then under 2 MB whatever the original's rate and channels. A file the page cannot decode goes
 * as it is, so the server's check says what is wrong with it.
 */
import { toMonoWav } from '../audio/wav';

const RATE = 8000;

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function telephoneWavBase64(file: File): Promise<string> {
  const original = new Uint8Array(await file.arrayBuffer());
  try {
    return base64Of((await toMonoWav(original.slice().buffer, RATE)).wav);
  } catch {
    return base64Of(original);
  }
}
