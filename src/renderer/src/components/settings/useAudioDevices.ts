import { useEffect, useState } from 'react';
import { tNow } from '../../i18n/current';

export interface AudioDevices {
  inputs: MediaDeviceInfo[];
  outputs: MediaDeviceInfo[];
  error: string | null;
}

/** The machine's audio devices, refreshed when one is plugged in or out. */
export function useAudioDevices(): AudioDevices {
  const [devices, setDevices] = useState<AudioDevices>(() => ({
    inputs: [],
    outputs: [],
    error: 'mediaDevices' in navigator ? null : tNow('error.noDevices'),
  }));
  useEffect(() => {
    const media = navigator.mediaDevices;
    if (!('mediaDevices' in navigator)) return;
    let cancelled = false;
    // Never rejects: a failure becomes the hook's error.
    const refresh = (): void =>
      void media
        .enumerateDevices()
        .then((all) => {
          if (cancelled) return;
          setDevices({
            inputs: all.filter((d) => d.kind === 'audioinput'),
            outputs: all.filter((d) => d.kind === 'audiooutput'),
            error: null,
          });
        })
        .catch((error: unknown) => {
          if (!cancelled) setDevices({ inputs: [], outputs: [], error: error instanceof Error ? error.message : String(error) });
        });
    refresh();
    media.addEventListener('devicechange', refresh);
    return () => {
      cancelled = true;
      media.removeEventListener('devicechange', refresh);
    };
  }, []);
  return devices;
}
