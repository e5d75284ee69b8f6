/**
 * Creating and saving user rows, shared by every way a user comes in (admin, CSV, invitation,
 * self-registration, demo seed). Validation happens before these are called.
 */
import { randomUUID } from 'node:crypto';
import type { CustomFieldValues, Language, Role, UserNumbers } from '../../shared/model';
import { NumberTakenError, UniqueViolationError, type StoreWriter, type UserRecord } from '../db/store';
import { md5, randomPassword } from '../security/secrets';
import { conflict } from './errors';
import { text } from '../../shared/text';
import { checkUserNumbers } from './number-ownership';
import { generatedSipUser, preferredSipUser } from '../db/sip-names';

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
  /** The digest realm the user's SIP HA1 is made for (`realmOf(config)`). */
  sipRealm: string;
}

/**
 * A fresh SIP secret for the SIP account `sipUser` in `realm`, kept only as its digest HA1: the
 * random password it comes from is forgotten at once (the softphone registers with the HA1 itself).
 */
export function newSipHa1(sipUser: string, realm: string): { sipHa1: string; sipRealm: string } {
  return { sipHa1: md5(`${sipUser}:${realm}:${randomPassword(24)}`), sipRealm: realm };
}

/**
 * A SIP account name nobody has (users' and desk phones' share one namespace, across companies):
 * the user name itself when it is a plain SIP user part and free, else a generated one.
 */
async function freeSipUser(tx: StoreWriter, userName: string): Promise<string> {
  let candidate = preferredSipUser(userName);
  for (let attempt = 0; attempt < 20; attempt++) {
    if (!(await tx.findUserBySipUser(candidate)) && !(await tx.findDeviceBySipUser(candidate))) return candidate;
    candidate = generatedSipUser(userName);
  }
  throw new UniqueViolationError('sipUser');
}

function emptyNumbers(partial: Partial<UserNumbers> = {}): UserNumbers {
  return {
    extension: partial.extension ?? null,
    landline: partial.landline ?? null,
    mobile: partial.mobile ?? null,
    extraExtensions: partial.extraExtensions ?? [],
  };
}

/** A new user's row; its SIP name is settled when it is inserted (`insertUser`). */
export function newUserRecord(fields: NewUserFields, now: Date): UserRecord {
  const sipUser = preferredSipUser(fields.userName);
  return {
    id: randomUUID(),
    companyId: fields.companyId,
    userName: fields.userName,
    sipUser,
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
    ...newSipHa1(sipUser, fields.sipRealm),
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
    if (error.field === 'sipUser') throw error;
    if (error.field === 'email') throw conflict('This email is already in use', { field: 'email' }, text('error.emailTaken'));
    throw conflict('A template with this name already exists', { field: 'name' }, text('error.templateNameTaken'));
  }
  if (error instanceof NumberTakenError) {
    throw conflict(`The number ${error.number} already belongs to someone else`, { field: 'numbers' }, text('error.numberTaken', { number: error.number }));
  }
  throw error;
}

/** Inserts a new user; its SIP name becomes a free one (the record is updated, with a matching HA1). */
export async function insertUser(tx: StoreWriter, user: UserRecord): Promise<void> {
  await checkUserNumbers(tx, user);
  const sipUser = await freeSipUser(tx, user.userName);
  if (sipUser !== user.sipUser) Object.assign(user, { sipUser }, newSipHa1(sipUser, user.sipRealm));
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
