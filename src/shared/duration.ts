/**
 * Durations as people read them, one implementation for the renderer, the profile
 * descriptions and main:
 * - `formatDuration(minutes, language)`: a length in words, largest units first
 *   ("1 hour 30 minutes", "2 dagar 1 timme"): standard lengths, picker choices.
 * - `formatElapsed(seconds)`: a running or finished call as a clock ("1:15", "1:02:05").
 */
import type { Language } from './model/common';

const UNITS: ReadonlyArray<[minutes: number, en: [string, string], sv: [string, string]]> = [
  [24 * 60, ['day', 'days'], ['dag', 'dagar']],
  [60, ['hour', 'hours'], ['timme', 'timmar']],
  [1, ['minute', 'minutes'], ['minut', 'minuter']],
];

export function formatDuration(minutes: number, language: Language): string {
  const parts: string[] = [];
  let left = minutes;
  for (const [size, en, sv] of UNITS) {
    const count = Math.floor(left / size);
    left -= count * size;
    if (count > 0) parts.push(`${count} ${(language === 'en' ? en : sv)[count === 1 ? 0 : 1]}`);
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
