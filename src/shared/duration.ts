/**
 * Durations as people read them, one implementation for the renderer, the profile
 * descriptions and main:
 * - `formatDuration(minutes, language)`: a length in words, largest units first
 *   ("1 hour 30 minutes", "2 dagar 1 timme"): standard lengths, picker choices.
 * - `formatElapsed(seconds)`: a running or finished call as a clock ("1:15", "1:02:05").
 */
import type { Language } from './model/common';
import { format } from './i18n';

const UNITS = [
  [24 * 60, 'duration.days'],
  [60, 'duration.hours'],
  [1, 'duration.minutes'],
] as const;

/** Plural rules come from the catalog's ICU messages ("{n, plural, one {# hour} other {# hours}}"). */
export function formatDuration(minutes: number, language: Language): string {
  const parts: string[] = [];
  let left = minutes;
  for (const [size, key] of UNITS) {
    const count = Math.floor(left / size);
    left -= count * size;
    if (count > 0) parts.push(format(language, key, { n: count }));
  }
  return parts.join(' ');
}

export function formatElapsed(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}
