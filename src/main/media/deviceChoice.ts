import type { MediaEnginePort } from './mediaPort';
import { describeError } from './transport';
import { text, type Text } from '../../shared/text';

export interface DeviceChoiceSource {
  /** The chosen microphone and speaker (null: the system default). */
  devices(): { audioInputId: string | null; audioOutputId: string | null };
  /** Called whenever the settings change; returns a function that stops listening. */
  onSettingsChange(listener: () => void): () => void;
}

/**
 * Keeps the renderer's media engine on the user's chosen microphone and speaker: applied when
 * the settings change and each time an engine (re)connects, and by the engine to every live
 * call. Used by the Electron composition root and the test harness alike.
 */
export function followDeviceChoice(
  port: MediaEnginePort,
  source: DeviceChoiceSource,
  onEngineReady: (listener: () => void) => () => void,
  warn: (notice: Text) => void,
): () => void {
  const apply = (): void => {
    if (!port.connected) return;
    const { audioInputId, audioOutputId } = source.devices();
    port
      .request('setDevices', undefined, {
        inputDeviceId: audioInputId,
        outputDeviceId: audioOutputId,
      })
      .catch((error: unknown) =>
        warn(text('notice.deviceRefused', { reason: describeError(error) })),
      );
  };
  const stops = [source.onSettingsChange(apply), onEngineReady(() => setTimeout(apply, 0))];
  return () => stops.forEach((stop) => stop());
}
