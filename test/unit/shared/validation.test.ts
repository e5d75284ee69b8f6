import { describe, expect, it } from 'vitest';
import {
  messages,
  validateEmail,
  validateFirstName,
  validateLastName,
  validateNewUser,
  validatePhoneNumber,
  validateUserName,
} from '../../../src/shared/rules/validation';

describe("messages keep the seeds' wording", () => {
  it.each([
    [
      'firstName',
      'First name must have atleast 2 characters. Numbers and special characters are not allowed.',
    ],
    [
      'lastName',
      'Last name must have atleast 1 characters. Numbers and special characters are not allowed.',
    ],
    ['email', 'Enter a valid email'],
  ] as const)('%s', (key, text) => {
    expect(messages[key]).toBe(text);
  });
});

describe('validateUserName (seed 003)', () => {
  it.each([
    'anna.berg',
    'a',
    'Z',
    'a_b-c',
    'anna..berg',
    '_anna',
    'anna-',
    'a1',
    '12',
    // Seed 002: the user name defaults to the email address.
    'anna.berg@example.com',
    'anna+phone@example.se',
    'x'.repeat(64),
  ])('accepts %j', (name) => {
    expect(validateUserName(name)).toBeNull();
  });

  it.each([
    ['.anna', messages.userNameCharacters],
    ['anna.', messages.userNameCharacters],
    ['.', messages.userNameCharacters],
    ['an na', messages.userNameCharacters],
    ['anna!', messages.userNameCharacters],
    ['åsa', messages.userNameCharacters],
    ['anna@', messages.userNameEmail],
    ['anna@berg', messages.userNameEmail],
    ['åsa@example.com', messages.userNameEmail],
    ['1', messages.userNameSingleCharacter],
    ['_', messages.userNameSingleCharacter],
    ['-', messages.userNameSingleCharacter],
    ['', messages.userNameRequired],
    ['   ', messages.userNameRequired],
    ['x'.repeat(65), messages.userNameTooLong],
  ])('refuses %j', (name, message) => {
    expect(validateUserName(name)).toBe(message);
  });

  it.each([
    ['Anna.Berg', ['anna.berg'], messages.userNameTaken],
    ['anna.berg', ['ANNA.BERG', 'bo'], messages.userNameTaken],
    ['Anna@Example.com', ['anna@example.com'], messages.userNameTaken],
    ['anna.berg', ['anna.bergh', 'anna'], null],
    ['anna.berg', [], null],
  ])('%j against %j (case-insensitive unique)', (name, taken, expected) => {
    expect(validateUserName(name, taken)).toBe(expected);
    expect(validateUserName(name, new Set(taken))).toBe(expected);
  });
});

describe('validateFirstName', () => {
  it.each([
    'Åsa',
    'Jean-Luc',
    'José María',
    'Zoë',
    'Zoe\u0308',
    'Łukasz',
    'Jo',
    '李小龙',
    'Ólafur',
    "D'Arcy",
    ' Anna ',
  ])('accepts %j', (name) => {
    expect(validateFirstName(name)).toBeNull();
  });

  it.each([
    // The seed's minimum of 2 characters applies to every script.
    'J',
    '李',
    'Anna2',
    'Anna!',
    '',
    '  ',
    '-Anna',
    'Anna-',
    'Anna_Maria',
    'Anna.',
    '👩‍💻',
  ])('refuses %j with the seed message', (name) => {
    expect(validateFirstName(name)).toBe(messages.firstName);
  });

  it('refuses a name that is too long', () => {
    expect(validateFirstName('A'.repeat(51))).toBe(messages.firstNameTooLong);
  });
});

describe('validateLastName', () => {
  it.each(['B', 'Berg', 'von Essen', "O'Brien", 'Øster-Dahl', '李'])('accepts %j', (name) => {
    expect(validateLastName(name)).toBeNull();
  });
  it.each(['', '3', 'Berg3', 'Berg?', "'"])('refuses %j with the seed message', (name) => {
    expect(validateLastName(name)).toBe(messages.lastName);
  });
});

describe('validateEmail', () => {
  it.each([
    'anna@example.com',
    'anna.berg+work@mail.example.se',
    'a@b.co',
    'ANNA@EXAMPLE.COM',
    'anna@åäö.se',
    ' anna@example.com ',
  ])('accepts %j', (email) => {
    expect(validateEmail(email)).toBeNull();
  });
  it.each([
    '',
    'anna',
    'anna@',
    '@example.com',
    'anna@example',
    'anna@example.c',
    'anna..berg@example.com',
    '.anna@example.com',
    'anna berg@example.com',
    'anna@-example.com',
    'anna@example..com',
    'anna@@example.com',
    'åsa@example.com',
    `${'a'.repeat(65)}@example.com`,
  ])('refuses %j', (email) => {
    expect(validateEmail(email)).toBe(messages.email);
  });
});

describe('validatePhoneNumber', () => {
  it.each([
    ['+46812345678', null],
    ['+14155550123', null],
    ['1234', null],
    ['12', null],
    ['12345678', null],
    ['1', messages.phoneNumber],
    ['123456789', messages.phoneNumber],
    ['+46 8 123 456 78', messages.phoneNumber],
    ['08-123 456 78', messages.phoneNumber],
    ['+0812345678', messages.phoneNumber],
    ['', messages.phoneNumber],
  ])('%j -> %j', (number, expected) => {
    expect(validatePhoneNumber(number)).toBe(expected);
  });
});

describe('validateNewUser', () => {
  const existing = { userNames: ['bo.ek'], emails: ['Bo.Ek@example.com'] };
  const anna = { firstName: 'Anna', lastName: 'Berg', email: 'anna.berg@example.com' };

  it('fills the defaults; the user name defaults to the email (seed 002)', () => {
    expect(validateNewUser(anna, existing)).toEqual({
      ok: true,
      value: {
        firstName: 'Anna',
        lastName: 'Berg',
        email: 'anna.berg@example.com',
        userName: 'anna.berg@example.com',
        language: 'en',
        role: 'user',
        numbers: { extension: null, landline: null, mobile: null, extraExtensions: [] },
        customFields: [null, null, null],
        softphoneEnabled: true,
      },
    });
  });

  it('keeps every given field, trimmed', () => {
    const result = validateNewUser(
      {
        firstName: ' Åsa ',
        lastName: 'Öberg',
        email: 'asa@example.se',
        userName: 'asa.oberg',
        language: 'sv',
        role: 'admin',
        numbers: {
          extension: '1234',
          landline: '+46812345678',
          mobile: '',
          extraExtensions: ['1235'],
        },
        customFields: ['Sales', null, 'Stockholm'],
        softphoneEnabled: false,
        password: 'correct horse',
      },
      existing,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        firstName: 'Åsa',
        lastName: 'Öberg',
        email: 'asa@example.se',
        userName: 'asa.oberg',
        language: 'sv',
        role: 'admin',
        numbers: {
          extension: '1234',
          landline: '+46812345678',
          mobile: null,
          extraExtensions: ['1235'],
        },
        customFields: ['Sales', null, 'Stockholm'],
        softphoneEnabled: false,
        password: 'correct horse',
      },
    });
  });

  it.each<[string, Record<string, unknown>, Record<string, string>]>([
    [
      'all mandatory fields missing',
      {},
      { firstName: messages.firstName, lastName: messages.lastName, email: messages.email },
    ],
    [
      'bad names, email and user name at once',
      { firstName: 'J', lastName: 'B3rg', email: 'anna@', userName: '.anna' },
      {
        firstName: messages.firstName,
        lastName: messages.lastName,
        email: messages.email,
        userName: messages.userNameCharacters,
      },
    ],
    [
      'a taken user name, ignoring case',
      { ...anna, userName: 'Bo.Ek' },
      { userName: messages.userNameTaken },
    ],
    [
      'a taken email, ignoring case (and the user name defaulting to it)',
      { ...anna, email: 'bo.ek@EXAMPLE.com' },
      { email: messages.emailTaken },
    ],
    [
      'a bad mobile number',
      { ...anna, numbers: { mobile: '0701234567' } },
      { 'numbers.mobile': messages.phoneNumber },
    ],
    [
      'a bad extension',
      { ...anna, numbers: { extension: '+46812345678' } },
      { 'numbers.extension': messages.extension },
    ],
    ['a short password', { ...anna, password: 'short' }, { password: messages.password }],
  ])('%s', (_name, input, errors) => {
    expect(validateNewUser(input, existing)).toEqual({ ok: false, errors });
  });

  it('reports a taken email for a user name that defaulted to a taken one too', () => {
    const result = validateNewUser(
      { ...anna, email: 'bo.ek@example.com' },
      { userNames: ['bo.ek@example.com'], emails: [] },
    );
    expect(result).toEqual({ ok: false, errors: { userName: messages.userNameTaken } });
  });
});

describe('control characters (issue 12)', () => {
  const anna = { firstName: 'Anna', lastName: 'Berg', email: 'anna.berg@example.com' };

  it.each([
    ['a line feed at the end', { ...anna, firstName: 'Anna\n' }, 'firstName'],
    ['a carriage return inside', { ...anna, lastName: 'Be\rrg' }, 'lastName'],
    ['NUL in a custom field', { ...anna, customFields: ['Sales\u0000', null, null] }, 'customFields.0'],
    ['a bidi override in a custom field', { ...anna, customFields: [null, '\u202eHR', null] }, 'customFields.1'],
  ])('refuses %s, naming the field', (_what, input, field) => {
    const result = validateNewUser(input, { userNames: [], emails: [] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field]).toBe(messages.controlCharacters);
  });

  it('lets a custom field span lines (an address) but not hold NUL', () => {
    expect(validateNewUser({ ...anna, customFields: ['Floor 2\r\nRoom 7', null, null] }, { userNames: [], emails: [] }).ok).toBe(true);
    expect(validateNewUser({ ...anna, customFields: ['Floor 2\n\u0000', null, null] }, { userNames: [], emails: [] }).ok).toBe(false);
  });

  it('keeps accepting names of every script and ordinary punctuation', () => {
    const result = validateNewUser({ ...anna, firstName: 'José María', lastName: "O'Brien-Åström", customFields: ['Kostnadsställe 12 / Nord', null, null] }, { userNames: [], emails: [] });
    expect(result.ok).toBe(true);
  });
});
