import { useEffect, useState } from 'react';
import { handled } from '../store/actions/invoke';

/**
 * An audio file fetched through main on demand ("Play"): its blob URL once loaded, whether it
 * is loading, and the handler that fetches it. The blob URL holds the whole file: it is let go
 * with the player.
 */
export function useAudioBlob(fetchUrl: () => Promise<string | null>): { url: string | null; loading: boolean; play: () => void } {
  const [url, setUrl] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url);
  }, [url]);

  const play = handled(async () => {
    setLoading(true);
    try {
      setUrl(await fetchUrl());
    } finally {
      setLoading(false);
    }
  });
  return { url, loading, play };
}
