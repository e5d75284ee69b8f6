import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { en, sv, format, formatText, type MessageKey } from '../../../src/shared/i18n';
import { Text, joinTexts, plainText, text, textOfError } from '../../../src/shared/text';
import { translate } from '../../../src/renderer/src/i18n';
import { formatElapsed as formatDuration } from '../../../src/shared/duration';
import { messages, messageTexts, validationText } from '../../../src/shared/rules/validation';

interface AstElement {
  type: number;
  value?: unknown;
  options?: Record<string, { value: AstElement[] }>;
  children?: AstElement[];
}

/** Every ICU argument of a message with its kind: "n:plural", "name:argument", … */
function argumentsOf(message: string, locale: string): string[] {
  const kinds: Record<number, string> = { 1: 'argument', 2: 'number', 3: 'date', 4: 'time', 5: 'select', 6: 'plural' };
  const found = new Set<string>();
  const walk = (elements: AstElement[]) => {
    for (const element of elements) {
      const kind = kinds[element.type];
      if (kind !== undefined) found.add(`${String(element.value)}:${kind}`);
      for (const option of Object.values(element.options ?? {})) walk(option.value);
      if (element.children) walk(element.children);
    }
  };
  walk(new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).getAst() as AstElement[]);
  return [...found].sort();
}

describe('dictionaries', () => {
  it('Swedish has the same keys as English, none empty, with the same ICU arguments, and every message parses', () => {
    expect(Object.keys(sv).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(sv[key].trim(), key).not.toBe('');
      expect(argumentsOf(sv[key], 'sv'), key).toEqual(argumentsOf(en[key], 'en'));
    }
  });

  it('uses Swedish telephony words: a call on hold is "i vänteläge", never "parkerat" (that is call park)', () => {
    const parked = Object.entries(sv).filter(([, message]) => /parker/i.test(message));
    expect(parked).toEqual([]);
    expect(sv['call.hold']).toBe('Vänteläge');
  });

  it('has no hand-made plurals left', () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(en[key], key).not.toMatch(/\(s\)/);
      expect(sv[key], key).not.toMatch(/\((ar|er|or|na)\)/);
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('sv', 'incoming.title', { caller: 'Alice' })).toBe('Samtal från Alice');
    expect(translate('en', 'incoming.title')).toBe('Call from {caller}');
  });

  it('says nothing for a key this build does not know (a newer server’s), instead of throwing', () => {
    expect(format('sv', 'admin.audit.action.users.somethingNew' as MessageKey)).toBe('');
  });

  it('chooses plural forms per language', () => {
    expect(format('en', 'status.connection.pending', { n: 1 })).toBe('1 change waiting to be sent');
    expect(format('en', 'status.connection.pending', { n: 3 })).toBe('3 changes waiting to be sent');
    expect(format('sv', 'status.connection.pending', { n: 1 })).toBe('1 ändring väntar på att skickas');
    expect(format('sv', 'status.connection.pending', { n: 2 })).toBe('2 ändringar väntar på att skickas');
    expect(format('en', 'admin.status.csvSubmitted', { created: 2, changed: 0 })).toBe('Created 2 and changed 0 users.');
  });

  it('keeps angle brackets as text, not tags', () => {
    expect(format('en', 'admin.csv.createRow', { line: 2, userName: 'ivy', email: 'ivy@example.test' })).toBe(
      'Line 2: ivy <ivy@example.test>',
    );
  });

  it('formats call durations', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});

describe('texts', () => {
  it('puts texts with texts as parameters into words', () => {
    const undone = text('notice.undone', {
      command: text('notice.command.switch', { name: text('notice.command.aProfile') }),
      reason: 'Profile was not found',
    });
    expect(formatText('en', undone)).toBe('Switching to a profile did not go through and was undone: Profile was not found');
    expect(formatText('sv', undone)).toBe('Byte till en profil gick inte igenom och ångrades: Profile was not found');
    expect(formatText('en', joinTexts([plainText('a'), plainText('b'), plainText('c')])!)).toBe('a, b, c');
  });

  it('parses only known keys, bounded parameters', () => {
    expect(Text.safeParse(text('callEnd.busy')).success).toBe(true);
    expect(Text.safeParse({ key: 'no.such.key' }).success).toBe(false);
    expect(Text.safeParse({ key: 'text.plain', params: { text: 'x'.repeat(501) } }).success).toBe(false);
    expect(Text.safeParse(text('text.plain', { text: 'x'.repeat(501) })).success).toBe(true);
    const many = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`p${i}`, i]));
    expect(Text.safeParse({ key: 'text.plain', params: many }).success).toBe(false);
  });

  it('says an error by its text when it has one, else by its message', () => {
    expect(textOfError(Object.assign(new Error('dev words'), { text: text('callEnd.busy') }))).toEqual(text('callEnd.busy'));
    expect(textOfError(new Error('dev words'))).toEqual(plainText('dev words'));
  });
});

describe('the seeds\' validation messages', () => {
  it('are the catalog\'s English word for word, and have Swedish', () => {
    for (const name of Object.keys(messages) as Array<keyof typeof messages>) {
      expect(formatText('en', messageTexts[name]), name).toBe(messages[name]);
      expect(formatText('sv', messageTexts[name]), name).not.toBe(messages[name]);
      expect(validationText(messages[name]), name).toEqual(messageTexts[name]);
    }
    expect(validationText('Something else')).toBeUndefined();
  });
});
