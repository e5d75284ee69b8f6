/**
 * Generated sounds (ringtones, the settings test tone) played through a chosen output device.
 * Web Audio renders into a MediaStream that an <audio> element plays, because only media
 * elements can pick a device (`setSinkId`); AudioContext.setSinkId is not everywhere yet.
 */
import type { Settings } from '../../../shared/ipc';

export type Ringtone = Settings['ringtone'];

interface Pattern {
  /** Partials in Hz played together. */
  frequencies: number[];
  /** On/off cadence in seconds, repeated. */
  cadence: number[];
  type: OscillatorType;
  gain: number;
}

const patterns: Record<Ringtone, Pattern> = {
  classic: { frequencies: [440, 480], cadence: [0.4, 0.2, 0.4, 2.0], type: 'sine', gain: 0.18 },
  soft: { frequencies: [660], cadence: [0.9, 2.1], type: 'triangle', gain: 0.15 },
  digital: { frequencies: [1200, 1600], cadence: [0.08, 0.06, 0.08, 0.06, 0.08, 1.6], type: 'square', gain: 0.05 },
};

type SinkAudio = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

export interface PlayingSound {
  stop(): void;
}

async function routeTo(context: AudioContext, deviceId: string | null): Promise<{ input: AudioNode; element: SinkAudio }> {
  const destination = context.createMediaStreamDestination();
  const element = new Audio() as SinkAudio;
  element.srcObject = destination.stream;
  if (deviceId && element.setSinkId) {
    // A device that vanished (unplugged headset) must not silence the ring: fall back to default.
    await element.setSinkId(deviceId).catch(() => undefined);
  }
  await element.play();
  return { input: destination, element };
}

function schedule(context: AudioContext, output: AudioNode, pattern: Pattern, seconds: number): void {
  const gain = context.createGain();
  gain.gain.value = 0;
  gain.connect(output);
  const oscillators = pattern.frequencies.map((frequency) => {
    const oscillator = context.createOscillator();
    oscillator.type = pattern.type;
    oscillator.frequency.value = frequency;
    oscillator.connect(gain);
    oscillator.start();
    return oscillator;
  });
  let at = context.currentTime + 0.05;
  const end = at + seconds;
  let index = 0;
  while (at < end) {
    const length = pattern.cadence[index % pattern.cadence.length] ?? 1;
    const on = index % 2 === 0;
    gain.gain.setValueAtTime(on ? pattern.gain : 0, at);
    at += length;
    index++;
  }
  gain.gain.setValueAtTime(0, end);
  for (const oscillator of oscillators) oscillator.stop(end + 0.05);
}

/** Plays `ringtone` on `deviceId` for up to `seconds` (a ring stops when the call is decided). */
export async function playRingtone(ringtone: Ringtone, deviceId: string | null, seconds = 120): Promise<PlayingSound> {
  const context = new AudioContext();
  try {
    const { input, element } = await routeTo(context, deviceId);
    schedule(context, input, patterns[ringtone], seconds);
    return {
      stop() {
        element.pause();
        element.srcObject = null;
        void context.close();
      },
    };
  } catch (error) {
    void context.close();
    throw error;
  }
}

/** A one-second 440 Hz tone on `deviceId`, for "does my speaker work". */
export async function playTestTone(deviceId: string | null): Promise<void> {
  const context = new AudioContext();
  const { input, element } = await routeTo(context, deviceId);
  schedule(context, input, { frequencies: [440], cadence: [1, 0.2], type: 'sine', gain: 0.2 }, 1);
  await new Promise((resolve) => setTimeout(resolve, 1300));
  element.pause();
  element.srcObject = null;
  await context.close();
}
