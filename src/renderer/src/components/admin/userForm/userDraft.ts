import type { User } from '../../../../../shared/model';
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
  randomPassword: boolean;
  extension: string;
  landline: string;
  mobile: string;
  custom: [string, string, string];
  softphoneEnabled: boolean;
  confirmed: boolean;
  sendWelcomeEmail: boolean;
}

export type SetUserDraft = <K extends keyof UserDraft>(key: K, value: UserDraft[K]) => void;

/** A blank draft for a new user (`user` null) or the user's current values. */
export function draftFrom(user: User | null): UserDraft {
  return {
    firstName: user?.firstName ?? '',
    lastName: user?.lastName ?? '',
    email: user?.email ?? '',
    userName: user?.userName ?? '',
    language: user?.language ?? 'en',
    role: user?.role ?? 'user',
    password: '',
    randomPassword: true,
    extension: user?.numbers.extension ?? '',
    landline: user?.numbers.landline ?? '',
    mobile: user?.numbers.mobile ?? '',
    custom: [user?.customFields[0] ?? '', user?.customFields[1] ?? '', user?.customFields[2] ?? ''],
    softphoneEnabled: user?.softphoneEnabled ?? true,
    confirmed: user?.confirmed ?? true,
    sendWelcomeEmail: false,
  };
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

/** The fields both creating and editing send: trimmed, empty optional fields as null. */
export function userInputFrom(draft: UserDraft): UserInput {
  const input: UserInput = {
    firstName: draft.firstName.trim(),
    lastName: draft.lastName.trim(),
    email: draft.email.trim(),
    language: draft.language,
    role: draft.role,
    numbers: { extension: orNull(draft.extension), landline: orNull(draft.landline), mobile: orNull(draft.mobile) },
    customFields: [orNull(draft.custom[0]), orNull(draft.custom[1]), orNull(draft.custom[2])],
    softphoneEnabled: draft.softphoneEnabled,
    confirmed: draft.confirmed,
  };
  if (draft.userName.trim()) input.userName = draft.userName.trim();
  return input;
}

/** Creating also says how the first password is chosen and whether a welcome email goes out. */
export function newUserInputFrom(draft: UserDraft): UserInput {
  return {
    ...userInputFrom(draft),
    ...(draft.randomPassword ? { randomPassword: true } : { password: draft.password }),
    sendWelcomeEmail: draft.sendWelcomeEmail,
  };
}
