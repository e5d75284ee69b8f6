/**
 * Creating and saving user rows, shared by every way a user comes in (admin, CSV, invitation,
 * self-registration, demo seed). Validation happens before these are called.
 */
import { randomUUID } from 'node:crypto';
import type { CustomFieldValues, Language, Role, UserNumbers } from '../../shared/model';
import { NumberTakenError, UniqueViolationError, type StoreWriter, type UserRecord } from '../db/store';
import { randomPassword } from '../security/secrets';
import { conflict } from './errors';
import { text } from '../../shared/text';
import { checkUserNumbers } from './number-ownership';

export interface NewUserFields {
  companyId: string;
  userName: string;
  email: string;
  firstName: string;
  lastName: string;
  language?: Language;
  role: Role;
  numbers?: Partial<UserNumbers>;
  customFields?: CustomFieldValues;
  softphoneEnabled?: boolean;
  confirmed?: boolean;
  passwordHash: string | null;
}

function emptyNumbers(partial: Partial<UserNumbers> = {}): UserNumbers {
  return {
    extension: partial.extension ?? null,
    landline: partial.landline ?? null,
    mobile: partial.mobile ?? null,
    extraExtensions: partial.extraExtensions ?? [],
  };
}

export function newUserRecord(fields: NewUserFields, now: Date): UserRecord {
  return {
    id: randomUUID(),
    companyId: fields.companyId,
    userName: fields.userName,
    email: fields.email,
    firstName: fields.firstName,
    lastName: fields.lastName,
    language: fields.language ?? 'en',
    role: fields.role,
    numbers: emptyNumbers(fields.numbers),
    customFields: fields.customFields ?? [null, null, null],
    softphoneEnabled: fields.softphoneEnabled ?? true,
    disabled: false,
    confirmed: fields.confirmed ?? true,
    createdAt: now.toISOString(),
    passwordHash: fields.passwordHash,
    sipPassword: randomPassword(24),
    canEditProfiles: true,
    visibleColumns: null,
    revision: 0,
    defaultProfileId: null,
    manualChoice: null,
    queueOverrides: [],
    callerIdOverride: null,
    calendarUrl: null,
    calendarEvents: [],
    calendarFetchedAt: null,
  };
}

/** Turns the store's uniqueness failures into answers that name the field. */
export function explainStoreConflict(error: unknown): never {
  if (error instanceof UniqueViolationError) {
    if (error.field === 'userName') throw conflict('This user name is already taken', { field: 'userName' }, text('error.userNameTaken'));
    if (error.field === 'email') throw conflict('This email is already in use', { field: 'email' }, text('error.emailTaken'));
    throw conflict('A template with this name already exists', { field: 'name' }, text('error.templateNameTaken'));
  }
  if (error instanceof NumberTakenError) {
    throw conflict(`The number ${error.number} already belongs to someone else`, { field: 'numbers' }, text('error.numberTaken', { number: error.number }));
  }
  throw error;
}

export async function insertUser(tx: StoreWriter, user: UserRecord): Promise<void> {
  await checkUserNumbers(tx, user);
  try {
    await tx.insertUser(user);
    await tx.replaceUserNumbers(user);
  } catch (error) {
    explainStoreConflict(error);
  }
}

export async function saveUser(tx: StoreWriter, user: UserRecord, numbersChanged: boolean): Promise<void> {
  if (numbersChanged) await checkUserNumbers(tx, user);
  try {
    await tx.updateUser(user);
    if (numbersChanged) await tx.replaceUserNumbers(user);
  } catch (error) {
    explainStoreConflict(error);
  }
}
