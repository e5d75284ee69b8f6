/**
 * An uploaded announcement made ready for the phone line: any WAV wavefile reads (PCM 8–32 bit,
 * float, A-law, µ-law, IMA ADPCM; any rate, any number of channels) becomes 8 kHz mono 16-bit
 * PCM, what the media component plays as G.711. Longer than the limit, silent or not a WAV:
 * refused with the reason, nothing stored.
 */
import wavefile from 'wavefile';

const { WaveFile } = wavefile;

const ANNOUNCEMENT_RATE = 8000;

export class AudioRejected extends Error {
  constructor(
    readonly reason: 'notWav' | 'tooLong' | 'empty',
    message: string,
    /** The file's length, for `tooLong`. */
    readonly seconds = 0,
  ) {
    super(message);
  }
}

interface WavFormat {
  audioFormat: number;
  numChannels: number;
  sampleRate: number;
}

function decode(bytes: Buffer): InstanceType<typeof WaveFile> {
  try {
    const wav = new WaveFile(bytes);
    const fmt = wav.fmt as WavFormat;
    if (fmt.audioFormat === 6) wav.fromALaw();
    else if (fmt.audioFormat === 7) wav.fromMuLaw();
    else if (fmt.audioFormat === 17) wav.fromIMAADPCM();
    return wav;
  } catch (error) {
    throw new AudioRejected('notWav', `The file is not a WAV file this server can read (${(error as Error).message})`);
  }
}

/** The telephone-ready WAV and its length. */
export function toTelephoneWav(bytes: Buffer, maxSeconds: number): { wav: Buffer; durationMs: number } {
  const wav = decode(bytes);
  const { numChannels, sampleRate } = wav.fmt as WavFormat;
  const channels = Math.max(1, numChannels);
  if (!(sampleRate > 0)) throw new AudioRejected('notWav', 'The WAV file names no sample rate');
  // The length from the data size first: a file far too long is refused before any conversion.
  const bytesPerFrame = (channels * Number.parseInt(wav.bitDepth, 10)) / 8;
  const dataBytes = (wav.data as { samples: Uint8Array }).samples.length;
  if (bytesPerFrame > 0 && dataBytes / bytesPerFrame / sampleRate > maxSeconds + 1) {
    const seconds = dataBytes / bytesPerFrame / sampleRate;
    throw new AudioRejected('tooLong', `The announcement is ${Math.round(seconds)} seconds long; at most ${maxSeconds} seconds are allowed`, Math.round(seconds));
  }
  wav.toBitDepth('32f');
  const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
  const perChannel = Array.isArray(raw) ? raw : [raw];
  const frames = perChannel[0]?.length ?? 0;
  if (frames === 0) throw new AudioRejected('empty', 'The WAV file holds no sound');
  const seconds = frames / sampleRate;
  if (seconds > maxSeconds) throw new AudioRejected('tooLong', `The announcement is ${Math.round(seconds)} seconds long; at most ${maxSeconds} seconds are allowed`, Math.round(seconds));
  const mono = new Float64Array(frames);
  for (const channel of perChannel.slice(0, channels)) for (let i = 0; i < frames; i++) mono[i]! += channel[i]! / channels;
  const out = new WaveFile();
  out.fromScratch(1, sampleRate, '32f', mono);
  if (sampleRate !== ANNOUNCEMENT_RATE) out.toSampleRate(ANNOUNCEMENT_RATE);
  out.toBitDepth('16');
  const result = Buffer.from(out.toBuffer());
  const outFrames = (out.getSamples(false, Float64Array) as unknown as Float64Array).length;
  return { wav: result, durationMs: Math.round((outFrames / ANNOUNCEMENT_RATE) * 1000) };
}
