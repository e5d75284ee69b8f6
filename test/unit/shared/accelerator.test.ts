import { describe, expect, it } from 'vitest';
import { acceleratorProblem } from '../../../src/shared/accelerator';
import { Settings } from '../../../src/shared/ipc';
import { DEFAULT_SETTINGS } from '../../../src/shared/defaults';

describe('a global shortcut', () => {
  it.each(['CommandOrControl+Shift+A', 'Ctrl+Alt+F', 'Alt+Space', 'Super+1', 'F9', 'MediaPlayPause', 'Shift+Plus', 'ctrl+shift+pageup', ''])(
    'accepts %j',
    (value) => expect(acceleratorProblem(value)).toBeNull(),
  );

  it('names a word that is neither key nor modifier', () => {
    expect(acceleratorProblem('banana')).toEqual({ kind: 'unknownPart', part: 'banana' });
    expect(acceleratorProblem('Ctrl+Banana')).toEqual({ kind: 'unknownPart', part: 'Banana' });
    expect(acceleratorProblem('Ctrl++')).toEqual({ kind: 'unknownPart', part: '+' });
  });

  it('needs a key, only one, and a modifier for keys people type', () => {
    expect(acceleratorProblem('Ctrl+Shift')).toEqual({ kind: 'noKey' });
    expect(acceleratorProblem('Ctrl+A+B')).toEqual({ kind: 'twoKeys', part: 'B' });
    expect(acceleratorProblem('A')).toEqual({ kind: 'needsModifier', part: 'A' });
    expect(acceleratorProblem('Space')).toEqual({ kind: 'needsModifier', part: 'Space' });
  });

  it('is refused by the settings contract, so no caller can store one', () => {
    const withAnswer = (answer: string) => Settings.safeParse({ ...DEFAULT_SETTINGS, shortcuts: { answer, hangUp: '' } }).success;
    expect(withAnswer('banana')).toBe(false);
    expect(withAnswer('Ctrl+Shift+A')).toBe(true);
  });
});
