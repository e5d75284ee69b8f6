/**
 * Validation of people's data with the seeds' own rules and messages (seed 000's form
 * messages, seed 002's mandatory fields, seed 003's user-name rules).
 *
 * Decisions:
 * - Messages keep the seeds' wording, including seed 000's spelling "atleast", because that is
 *   the text admins know from the portal. Where a seed has no message, ours names the rule.
 * - Names: letters of every script (with their combining marks), runs separated by spaces,
 *   hyphens or apostrophes ("Jean-Luc", "José María", "O'Brien"); a name starts and ends with
 *   a letter. Digits and other symbols are the seed's "numbers and special characters".
 *   Length counts letters after NFC, so "Zoë" is 3 whatever the keyboard sent. The seed's
 *   minimum of 2 letters for first names also applies to scripts where one character is a
 *   whole name (a lone "李" is refused); we follow the seed rather than guess per script.
 * - User names: seed 003's rule (letters, digits, periods, dashes, underscores; no period
 *   first or last; a one-character name must be a letter; unique ignoring case). Letters are
 *   a–z only: the user name is also the SIP digest user name, and non-ASCII user parts need
 *   percent-encoding that PBXs handle inconsistently.
 * - Seed 002 makes the e-mail address the default user name, so an e-mail-shaped user name
 *   (a valid e-mail address, ASCII) is accepted too. Its '@' must be escaped as %40 in a SIP
 *   URI's user part; that is the SIP layer's job and is standard.
 * - E-mail: a pragmatic shape check (ASCII local part with dot-separated atoms, a domain of
 *   letter/digit labels and a top-level domain of 2+ letters; internationalised domains
 *   allowed); uniqueness ignores case.
 * - Phone numbers: E.164 or an internal extension, exactly as stored (no spaces). What admins
 *   type (`070-123 45 67`) is turned into that form first, in the company's country
 *   (`storedNumber` in phone.ts), by the server before it validates.
 * - Allowed extensions (seed 003): extra extensions that ring the same user; the main extension
 *   and the extras are all different.
 */
import { z } from 'zod';
import { CONTROL_CHARACTERS_MESSAGE, E164, Extension, Language, hasControlCharacters } from '../model/common';
import { CustomFieldValues, Role } from '../model/directory';
import { issuePath } from '../zodIssues';
import { text, type Text } from '../text';

const NAME_MAX_LENGTH = 50;
const USER_NAME_MAX_LENGTH = 64;
const EMAIL_MAX_LENGTH = 254;
const PASSWORD_MIN_LENGTH = 8;
const PASSWORD_MAX_LENGTH = 128;

export const messages = {
  firstName:
    'First name must have atleast 2 characters. Numbers and special characters are not allowed.',
  lastName:
    'Last name must have atleast 1 characters. Numbers and special characters are not allowed.',
  firstNameTooLong: `First name can have at most ${NAME_MAX_LENGTH} characters.`,
  lastNameTooLong: `Last name can have at most ${NAME_MAX_LENGTH} characters.`,
  email: 'Enter a valid email',
  emailTaken: 'Email must be unique. Another user already has this email.',
  password: `Enter a valid password: ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.`,
  passwordBlank: 'A password cannot be only spaces.',
  passwordCommon: 'This password is one of the most common ones; choose one that is harder to guess.',
  userNameRequired: 'Enter a username.',
  userNameCharacters:
    'Username may contain letters (a–z), numbers, periods, dashes and underscores, where period cannot be the first or last character.',
  userNameEmail: 'A username containing @ must be a valid email address written with letters a–z.',
  userNameSingleCharacter: 'A single-character username must be a letter.',
  userNameTooLong: `Username can have at most ${USER_NAME_MAX_LENGTH} characters, or be an email address.`,
  userNameTaken:
    'Username must be unique (case-insensitive). Another user already has this username.',
  extension: 'An extension has 2 to 8 digits.',
  phoneNumber:
    'Enter a phone number, e.g. 070-123 45 67 or +46812345678, or an extension of 2 to 8 digits.',
  extensionRepeated: 'Each extension can be given once: the allowed extensions repeat a number.',
  controlCharacters: CONTROL_CHARACTERS_MESSAGE,
} as const;

/**
 * The same messages as texts of the shared catalog, so the desktop client can say them in the
 * user's language; the catalog's English is these words exactly (a unit test holds it to that).
 */
export const messageTexts: Readonly<Record<keyof typeof messages, Text>> = {
  firstName: text('validation.firstName'),
  lastName: text('validation.lastName'),
  firstNameTooLong: text('validation.firstNameTooLong', { max: NAME_MAX_LENGTH }),
  lastNameTooLong: text('validation.lastNameTooLong', { max: NAME_MAX_LENGTH }),
  email: text('validation.email'),
  emailTaken: text('validation.emailTaken'),
  password: text('validation.password', { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH }),
  passwordBlank: text('validation.passwordBlank'),
  passwordCommon: text('validation.passwordCommon'),
  userNameRequired: text('validation.userNameRequired'),
  userNameCharacters: text('validation.userNameCharacters'),
  userNameEmail: text('validation.userNameEmail'),
  userNameSingleCharacter: text('validation.userNameSingleCharacter'),
  userNameTooLong: text('validation.userNameTooLong', { max: USER_NAME_MAX_LENGTH }),
  userNameTaken: text('validation.userNameTaken'),
  extension: text('validation.extension'),
  phoneNumber: text('validation.phoneNumber'),
  extensionRepeated: text('validation.extensionRepeated'),
  controlCharacters: text('validation.controlCharacters'),
};

/**
 * The text of one of the seeds' messages (alone, or after a field name: "email: Enter a valid
 * email"), for an answer that carries the English words only.
 */
export function validationText(message: string): Text | undefined {
  const words = [message, message.slice(message.indexOf(': ') + 2)];
  const name = (Object.keys(messages) as Array<keyof typeof messages>).find((key) => words.includes(messages[key]));
  return name === undefined ? undefined : messageTexts[name];
}

const NAME_SHAPE = /^[\p{L}\p{M}]+(?:[ '’-]+[\p{L}\p{M}]+)*$/u;
const LETTER = /\p{L}/gu;

function validateName(
  raw: string,
  minLetters: number,
  invalid: string,
  tooLong: string,
): string | null {
  const name = raw.trim().normalize('NFC');
  if (!NAME_SHAPE.test(name)) return invalid;
  if ((name.match(LETTER) ?? []).length < minLetters) return invalid;
  if ([...name].length > NAME_MAX_LENGTH) return tooLong;
  return null;
}

export function validateFirstName(s: string): string | null {
  return validateName(s, 2, messages.firstName, messages.firstNameTooLong);
}

export function validateLastName(s: string): string | null {
  return validateName(s, 1, messages.lastName, messages.lastNameTooLong);
}

const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const TOP_LEVEL_DOMAIN = /^\p{L}{2,63}$/u;

export function validateEmail(s: string): string | null {
  const email = s.trim();
  if (email.length === 0 || email.length > EMAIL_MAX_LENGTH) return messages.email;
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  const tld = labels[labels.length - 1] ?? '';
  const ok =
    at > 0 &&
    local.length <= 64 &&
    EMAIL_LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    TOP_LEVEL_DOMAIN.test(tld);
  return ok ? null : messages.email;
}

const USER_NAME_SHAPE = /^[A-Za-z0-9_-](?:[A-Za-z0-9._-]*[A-Za-z0-9_-])?$/;
const ASCII = /^[\x21-\x7e]+$/;

/** The key user names are compared by: seed 003 makes them unique regardless of case. */
function userNameKey(name: string): string {
  return name.trim().toLowerCase();
}

function userNameShapeError(name: string): string | null {
  if (name.length === 0) return messages.userNameRequired;
  if (name.includes('@')) {
    return ASCII.test(name) && validateEmail(name) === null ? null : messages.userNameEmail;
  }
  if (!USER_NAME_SHAPE.test(name)) return messages.userNameCharacters;
  if (name.length === 1 && !/^[A-Za-z]$/.test(name)) return messages.userNameSingleCharacter;
  if (name.length > USER_NAME_MAX_LENGTH) return messages.userNameTooLong;
  return null;
}

export function validateUserName(name: string, takenNames?: Iterable<string>): string | null {
  const trimmed = name.trim();
  const shapeError = userNameShapeError(trimmed);
  if (shapeError !== null) return shapeError;
  if (takenNames !== undefined) {
    const key = userNameKey(trimmed);
    for (const taken of takenNames) {
      if (userNameKey(taken) === key) return messages.userNameTaken;
    }
  }
  return null;
}

export function validatePhoneNumber(s: string): string | null {
  return E164.safeParse(s).success || Extension.safeParse(s).success ? null : messages.phoneNumber;
}

/**
 * A password exactly as typed: never trimmed (spaces are characters like any other), but one
 * made only of spaces is refused; 8 to 128 characters. The server also refuses the most common
 * passwords (a list it alone carries: src/server/services/passwords.ts).
 */
function validatePassword(s: string): string | null {
  if (s.trim() === '') return messages.passwordBlank;
  const length = [...s].length;
  return length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH ? null : messages.password;
}

/**
 * A trimmed string checked by one of the validators above, failing with its message. Control
 * characters are refused before trimming, so a line break at the end is named, not dropped.
 */
function checkedString(validate: (s: string) => string | null, missing: string) {
  return z
    .string({ error: missing })
    .refine((value) => !hasControlCharacters(value), messages.controlCharacters)
    .trim()
    .superRefine((value, ctx) => {
      const message = validate(value);
      if (message !== null) ctx.addIssue({ code: 'custom', message });
    });
}

/** An empty cell or field means "not given" (CSV uploads and forms send empty strings). */
const emptyToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** An optional number: empty means none. */
function optionalNumber(validate: (s: string) => string | null) {
  return z.preprocess(
    emptyToUndefined,
    z
      .string({ error: messages.phoneNumber })
      .trim()
      .superRefine((value, ctx) => {
        const message = validate(value);
        if (message !== null) ctx.addIssue({ code: 'custom', message });
      })
      .nullable()
      .default(null),
  );
}

const validateExtension = (s: string): string | null =>
  Extension.safeParse(s).success ? null : messages.extension;

/** A password field of any form or body, checked by validatePassword (never trimmed). */
export const PasswordInput = z.string({ error: messages.password }).superRefine((value, ctx) => {
  const message = validatePassword(value);
  if (message !== null) ctx.addIssue({ code: 'custom', message });
});

/** A new user as an admin form or a CSV row gives it (seed 002 and 003). */
export const NewUserInput = z
  .object({
    firstName: checkedString(validateFirstName, messages.firstName),
    lastName: checkedString(validateLastName, messages.lastName),
    email: checkedString(validateEmail, messages.email),
    /** Seed 002: defaults to the email address. */
    userName: z.preprocess(
      emptyToUndefined,
      checkedString((s) => validateUserName(s), messages.userNameRequired).optional(),
    ),
    language: Language.default('en'),
    role: Role.default('user'),
    numbers: z
      .object({
        extension: optionalNumber(validateExtension),
        landline: optionalNumber(validatePhoneNumber),
        mobile: optionalNumber(validatePhoneNumber),
        extraExtensions: z
          .array(checkedString(validateExtension, messages.extension))
          .max(10)
          .default([]),
      })
      .default({ extension: null, landline: null, mobile: null, extraExtensions: [] }),
    customFields: CustomFieldValues.default([null, null, null]),
    softphoneEnabled: z.boolean().default(true),
    // Only an empty cell or field means "no password": spaces are a (refused) password.
    password: z.preprocess((value) => (value === '' ? undefined : value), PasswordInput.optional()),
  })
  .transform((input) => ({ ...input, userName: input.userName ?? input.email }));
export type NewUserInput = z.input<typeof NewUserInput>;
export type NewUser = z.output<typeof NewUserInput>;

export type NewUserResult =
  { ok: true; value: NewUser } | { ok: false; errors: Record<string, string> };

export interface ExistingUsers {
  userNames: Iterable<string>;
  emails: Iterable<string>;
}

function contains(values: Iterable<string>, wanted: string): boolean {
  const key = wanted.trim().toLowerCase();
  for (const value of values) if (value.trim().toLowerCase() === key) return true;
  return false;
}

/**
 * Parses a new user and checks it against the existing ones. Errors are keyed by field path
 * (`firstName`, `numbers.mobile`), one message per field, so a form or a CSV report can name
 * every bad field at once.
 */
export function validateNewUser(input: unknown, existing: ExistingUsers): NewUserResult {
  const parsed = NewUserInput.safeParse(input);
  const errors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issuePath(issue, 'input');
      errors[field] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const value = parsed.data;
  const extensions = [value.numbers.extension, ...value.numbers.extraExtensions].filter((n): n is string => n !== null);
  if (new Set(extensions).size !== extensions.length) errors['numbers.extraExtensions'] = messages.extensionRepeated;
  if (contains(existing.userNames, value.userName)) errors.userName = messages.userNameTaken;
  if (contains(existing.emails, value.email)) errors.email = messages.emailTaken;
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}
