/** Built-in profiles are named in the user's language; names people chose are left as they are (issue 14). */
import { describe, expect, it } from 'vitest';
import { shownProfileName } from '../../../src/shared/builtInNames';
import { builtInTemplates } from '../../../src/shared/rules/templates';

describe('profile names as shown', () => {
  it('names every built-in profile in Swedish, and in English as stored', () => {
    const names = [...new Set(builtInTemplates().flatMap((template) => template.profiles.map((profile) => profile.name)))];
    expect(names.length).toBeGreaterThan(8);
    for (const name of names) expect(shownProfileName(name, 'en')).toBe(name);
    expect(names.map((name) => shownProfileName(name, 'sv'))).toEqual(expect.arrayContaining(['Tillgänglig', 'Möte', 'Frånvarande', 'Borta', 'Sjuk']));
    for (const name of names.filter((n) => n !== 'Lunch')) expect(shownProfileName(name, 'sv')).not.toBe(name);
  });

  it('leaves chosen names alone, including look-alikes and object keys', () => {
    expect(shownProfileName('Vid skrivbordet', 'sv')).toBe('Vid skrivbordet');
    expect(shownProfileName('available', 'sv')).toBe('available');
    expect(shownProfileName('toString', 'sv')).toBe('toString');
  });
});
