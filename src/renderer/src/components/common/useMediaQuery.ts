import { useSyncExternalStore } from 'react';

/** Whether a CSS media query matches now; re-renders when that changes (window resized). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
  );
}

/** The softphone-sized window (a narrow column): one thing at a time, calls always on top. */
export const NARROW = '(max-width: 760px)';
