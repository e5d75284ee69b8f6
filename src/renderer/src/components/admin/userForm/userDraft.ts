import type { DirectoryScope, User } from '../../../../../shared/model';
import { formatForDisplay } from '../../../../../shared/phone';
import type { UserInput } from '../../../../../shared/server-api';

/** What the user form holds while it is being filled in: text as typed, before trimming. */
export interface UserDraft {
  firstName: string;
  lastName: string;
  email: string;
  userName: string;
  language: 'en' | 'sv';
  role: 'admin' | 'user' | 'guest';
  password: string;
  passwordConfirm: string;
  /** The password the Random button made, shown in the form until the fields are edited. */
  generatedPassword: string | null;
  extension: string;
  /** Seed 003 "Allowed Extensions", separated by spaces (or commas). */
  extraExtensions: string;
  landline: string;
  mobile: string;
  custom: [string, string, string];
  softphoneEnabled: boolean;
  confirmed: boolean;
  sendWelcomeEmail: boolean;
  /** Issue 13: the user's site ('' none) and directory scope; absent while the company has no sites. */
  site?: { siteId: string; directoryScope: DirectoryScope };
}

export type SetUserDraft = <K extends keyof UserDraft>(key: K, value: UserDraft[K]) => void;

/** Stored E.164 numbers are shown as people in the company's country write them (`070-123 45 67`). */
const shown = (number: string | null | undefined, callingCode: string | undefined) =>
  number ? formatForDisplay(number, callingCode) : '';

/** A blank draft for a new user (`user` null) or the user's current values. */
export function draftFrom(user: User | null, callingCode?: string, withSites = false): UserDraft {
  const draft: UserDraft = {
    firstName: user?.firstName ?? '',
    lastName: user?.lastName ?? '',
    email: user?.email ?? '',
    userName: user?.userName ?? '',
    language: user?.language ?? 'en',
    role: user?.role ?? 'user',
    password: '',
    passwordConfirm: '',
    generatedPassword: null,
    extension: user?.numbers.extension ?? '',
    extraExtensions: user?.numbers.extraExtensions.join(' ') ?? '',
    landline: shown(user?.numbers.landline, callingCode),
    mobile: shown(user?.numbers.mobile, callingCode),
    custom: [user?.customFields[0] ?? '', user?.customFields[1] ?? '', user?.customFields[2] ?? ''],
    softphoneEnabled: user?.softphoneEnabled ?? true,
    confirmed: user?.confirmed ?? true,
    sendWelcomeEmail: false,
  };
  if (withSites) draft.site = { siteId: user?.siteId ?? '', directoryScope: user?.directoryScope ?? 'company' };
  return draft;
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

/** The allowed extensions as typed: separated by spaces, commas or semicolons. */
function extensionsOf(typed: string): string[] {
  return typed.split(/[\s,;]+/).filter((part) => part !== '');
}

/** The fields both creating and editing send: trimmed, empty optional fields as null. */
export function userInputFrom(draft: UserDraft): UserInput {
  const input: UserInput = {
    firstName: draft.firstName.trim(),
    lastName: draft.lastName.trim(),
    email: draft.email.trim(),
    language: draft.language,
    role: draft.role,
    numbers: {
      extension: orNull(draft.extension),
      extraExtensions: extensionsOf(draft.extraExtensions),
      landline: orNull(draft.landline),
      mobile: orNull(draft.mobile),
    },
    customFields: [orNull(draft.custom[0]), orNull(draft.custom[1]), orNull(draft.custom[2])],
    softphoneEnabled: draft.softphoneEnabled,
    confirmed: draft.confirmed,
  };
  if (draft.userName.trim()) input.userName = draft.userName.trim();
  if (draft.password !== '') input.password = draft.password;
  if (draft.site) {
    input.siteId = draft.site.siteId === '' ? null : draft.site.siteId;
    input.directoryScope = draft.site.directoryScope;
  }
  return input;
}

/**
 * Creating also says whether a welcome email goes out; without a password the server makes a
 * random one and answers it once.
 */
export function newUserInputFrom(draft: UserDraft): UserInput {
  return {
    ...userInputFrom(draft),
    ...(draft.password === '' ? { randomPassword: true } : {}),
    sendWelcomeEmail: draft.sendWelcomeEmail,
  };
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** Seed 003's RANDOM button: 16 characters from the browser's secure random source. */
export function randomPassword(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
  let password = '';
  // rejection sampling: only bytes below the largest multiple of the alphabet's size
  const limit = 256 - (256 % ALPHABET.length);
  for (const byte of bytes) {
    if (byte < limit) password += ALPHABET[byte % ALPHABET.length];
    if (password.length === length) return password;
  }
  return password + randomPassword(length - password.length);
}
