/**
 * An announcement file made ready to upload: the page decodes it (Chromium reads WAV), mixes it
 * to mono and resamples it to 8 kHz with an OfflineAudioContext, and writes a 16-bit PCM WAV,
 * base64. Two minutes are then under 2 MB whatever the original's rate and channels. A file the
 * page cannot decode goes as it is, so the server's check says what is wrong with it.
 */
const RATE = 8000;

function wavOf(samples: Float32Array): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, RATE, true);
  view.setUint32(28, RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), true);
  return bytes;
}

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function telephoneWavBase64(file: File): Promise<string> {
  const original = new Uint8Array(await file.arrayBuffer());
  try {
    const decoded = await new OfflineAudioContext(1, 1, RATE).decodeAudioData(original.slice().buffer);
    const context = new OfflineAudioContext(1, Math.max(1, Math.ceil(decoded.duration * RATE)), RATE);
    const source = context.createBufferSource();
    source.buffer = decoded;
    source.connect(context.destination);
    source.start();
    const rendered = await context.startRendering();
    return base64Of(wavOf(rendered.getChannelData(0)));
  } catch {
    return base64Of(original);
  }
}
