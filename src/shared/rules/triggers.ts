/**
 * Calendar trigger words (seed 000 "Trigger words").
 *
 * Decisions:
 * - Matching is case- and accent-insensitive: both sides are NFD-normalised, combining marks are
 *   stripped and the result is lower-cased, so "Möte", "möte" and "mote" are the same word.
 *   Letters that do not decompose (ł, ø, æ, ß) keep their identity; we do not transliterate.
 * - Matching is whole-word: the title and the trigger are split into words at every character
 *   that is neither a letter nor a digit, and the trigger's words must appear consecutively in
 *   the title's words. "Lunch" matches "Lunch with Bo" and "lunch-meeting" but not "lunchroom";
 *   "out of office" matches "Out-of-office: Anna".
 * - A trigger with no words (only spaces or punctuation) never matches.
 */

const COMBINING_MARKS = /\p{M}+/gu;
const WORD_SEPARATORS = /[^\p{L}\p{N}]+/u;

export function normaliseText(s: string): string {
  return s.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}

function words(s: string): string[] {
  return normaliseText(s)
    .split(WORD_SEPARATORS)
    .filter((w) => w.length > 0);
}

function containsSequence(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0) return false;
  for (let start = 0; start + needle.length <= haystack.length; start++) {
    if (needle.every((w, i) => haystack[start + i] === w)) return true;
  }
  return false;
}

export function matchesTriggerWord(title: string, word: string): boolean {
  return containsSequence(words(title), words(word));
}

/**
 * A matcher for many titles against several profiles' trigger words, normalising each trigger
 * and each title once: returns, for a title, the positions of the profiles it triggers.
 */
export function triggerMatcher(
  triggerWordsByProfile: ReadonlyArray<readonly string[]>,
): (title: string) => number[] {
  const compiled = triggerWordsByProfile.map((triggers) =>
    triggers.map(words).filter((w) => w.length > 0),
  );
  return (title) => {
    const titleWords = words(title);
    const matches: number[] = [];
    compiled.forEach((triggers, index) => {
      if (triggers.some((needle) => containsSequence(titleWords, needle))) matches.push(index);
    });
    return matches;
  };
}
