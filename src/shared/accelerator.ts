/**
 * Checks a global shortcut as Electron's accelerator grammar reads it ("CommandOrControl+Shift+A"):
 * modifiers, then exactly one key. A global shortcut is taken from every other app while ours
 * runs, so a plain letter or digit without a modifier is refused too: typing "a" anywhere would
 * answer a call. Function and media keys may stand alone.
 *
 *   acceleratorProblem('Ctrl+Alt+A')   // null
 *   acceleratorProblem('banana')       // { kind: 'unknownPart', part: 'banana' }
 */

const MODIFIERS = new Set(
  ['Command', 'Cmd', 'Control', 'Ctrl', 'CommandOrControl', 'CmdOrCtrl', 'Alt', 'Option', 'AltGr', 'Shift', 'Super', 'Meta'].map(
    (name) => name.toLowerCase(),
  ),
);

/** Keys that make sense without a modifier (nobody types them in text). */
const STANDALONE_KEYS = new Set(
  [
    ...Array.from({ length: 24 }, (_, i) => `F${i + 1}`),
    'VolumeUp',
    'VolumeDown',
    'VolumeMute',
    'MediaNextTrack',
    'MediaPreviousTrack',
    'MediaStop',
    'MediaPlayPause',
  ].map((name) => name.toLowerCase()),
);

const NAMED_KEYS = new Set(
  [
    'Plus',
    'Space',
    'Tab',
    'Capslock',
    'Numlock',
    'Scrolllock',
    'Backspace',
    'Delete',
    'Insert',
    'Return',
    'Enter',
    'Up',
    'Down',
    'Left',
    'Right',
    'Home',
    'End',
    'PageUp',
    'PageDown',
    'Escape',
    'Esc',
    'PrintScreen',
    'numdec',
    'numadd',
    'numsub',
    'nummult',
    'numdiv',
    ...Array.from({ length: 10 }, (_, i) => `num${i}`),
  ].map((name) => name.toLowerCase()),
);

/** Single characters Electron accepts as a key: letters, digits and the US keyboard's punctuation. */
const CHARACTER_KEY = /^[A-Za-z0-9)!@#$%^&*(:;<>=,_\-.?/~`{}[\]|\\'"]$/;

export type AcceleratorProblem =
  | { kind: 'unknownPart'; part: string }
  | { kind: 'noKey' }
  | { kind: 'twoKeys'; part: string }
  | { kind: 'needsModifier'; part: string };

function isKey(part: string): boolean {
  const lower = part.toLowerCase();
  return CHARACTER_KEY.test(part) || NAMED_KEYS.has(lower) || STANDALONE_KEYS.has(lower);
}

/** What is wrong with `value` as a global shortcut, or null when it is usable. "" means none. */
export function acceleratorProblem(value: string): AcceleratorProblem | null {
  if (value === '') return null;
  const parts = value.split('+');
  let key: string | null = null;
  let modifiers = 0;
  for (const part of parts) {
    if (MODIFIERS.has(part.toLowerCase())) {
      modifiers += 1;
      continue;
    }
    if (part === '' || !isKey(part)) return { kind: 'unknownPart', part: part === '' ? '+' : part };
    if (key !== null) return { kind: 'twoKeys', part };
    key = part;
  }
  if (key === null) return { kind: 'noKey' };
  if (modifiers === 0 && !STANDALONE_KEYS.has(key.toLowerCase())) return { kind: 'needsModifier', part: key };
  return null;
}
