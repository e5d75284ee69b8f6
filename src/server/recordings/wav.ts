/**
 * What the server checks of an uploaded recording: a RIFF/WAVE file with PCM audio (what
 * rtpengine-recording writes), and its length from the format and the data chunk's size.
 */

export interface WavInfo {
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Byte offset of the first sample. */
  dataOffset: number;
  /** Bytes of samples (a writer that never finished the header: up to the end of the file). */
  dataBytes: number;
  durationMs: number;
}

/** PCM, IEEE float, A-law, µ-law, WAVE_FORMAT_EXTENSIBLE. */
const FORMATS = new Set([1, 3, 6, 7, 0xfffe]);

/**
 * Reads the header of a WAV file of `fileSize` bytes from its first bytes (`head`, 4 KB is
 * plenty); null when it is not one.
 */
export function parseWavHeader(head: Buffer, fileSize: number): WavInfo | null {
  if (head.length < 12 || head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE') return null;
  let offset = 12;
  let format: { channels: number; sampleRate: number; byteRate: number; bitsPerSample: number; tag: number } | null = null;
  while (offset + 8 <= head.length) {
    const id = head.toString('ascii', offset, offset + 4);
    const size = head.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (body + 16 > head.length) return null;
      format = {
        tag: head.readUInt16LE(body),
        channels: head.readUInt16LE(body + 2),
        sampleRate: head.readUInt32LE(body + 4),
        byteRate: head.readUInt32LE(body + 8),
        bitsPerSample: head.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!format || !FORMATS.has(format.tag) || format.channels < 1 || format.channels > 8 || format.byteRate === 0) return null;
      const available = Math.max(0, fileSize - body);
      const dataBytes = size === 0 || size === 0xffffffff || size > available ? available : size;
      return {
        channels: format.channels,
        sampleRate: format.sampleRate,
        bitsPerSample: format.bitsPerSample,
        dataOffset: body,
        dataBytes,
        durationMs: Math.round((dataBytes / format.byteRate) * 1000),
      };
    }
    offset = body + size + (size % 2);
  }
  return null;
}
