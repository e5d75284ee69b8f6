import type { Web } from 'sip.js';

/**
 * sip.js's default media stream factory asks for "any microphone"; this one asks for the
 * microphone the user chose (`deviceId: { exact }`), read when the stream is made so a new
 * choice applies to the next capture.
 */
export function deviceMediaStreamFactory(
  currentInputDeviceId: () => string | null,
  mediaDevices: Pick<MediaDevices, 'getUserMedia'> = navigator.mediaDevices,
): Web.MediaStreamFactory {
  return (constraints) => {
    if (!constraints.audio && !constraints.video) return Promise.resolve(new MediaStream());
    if (mediaDevices === undefined) return Promise.reject(new Error('Microphones are only available in a secure context.'));
    return mediaDevices.getUserMedia({ audio: withInputDevice(constraints.audio, currentInputDeviceId()), video: false });
  };
}

function withInputDevice(audio: boolean | MediaTrackConstraints | undefined, deviceId: string | null): MediaTrackConstraints | boolean {
  const base: MediaTrackConstraints = typeof audio === 'object' ? { ...audio } : {};
  if (deviceId) base.deviceId = { exact: deviceId };
  return Object.keys(base).length > 0 ? base : true;
}
