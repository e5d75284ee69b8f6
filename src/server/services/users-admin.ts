/**
 * Admin user management (seeds 002, 003): create with a given or random password, edit,
 * disable/re-enable (never delete), and the backup-administrator rule: a company always keeps
 * at least one enabled admin.
 */
import { realmOf } from '../config';
import type { User } from '../../shared/model';
import { refuseCommonPassword } from './passwords';
import { validateNewUser, validationText, type NewUser } from '../../shared/rules';
import { joinSentences, plainText, text, type Text } from '../../shared/text';
import type { UserInput, UserPatch } from '../../shared/server-api';
import type { StoreReader, StoreWriter, UserRecord } from '../db/store';
import { hashPassword, randomPassword } from '../security/secrets';
import type { Caller } from './auth';
import { audit, userSubject } from './audit';
import { writeWithChanges } from './changes';
import type { ServerContext } from './context';
import { conflict, invalid, notFound } from './errors';
import { insertUser, newUserRecord, saveUser } from './user-records';
import { toUser } from './users-view';
import { sweepUnconfirmed } from './accounts';
import { companyCountry, storedNumbers } from './user-numbers';
import { mailWelcome } from './welcome';
import { checkedSiteFields, scopeChanged } from './sites-admin';
import { presenceRescoped } from './presence';
import { giveNewUserProfiles } from './templates';

const BACKUP_ADMIN_MESSAGE =
  'A company needs at least one enabled administrator. Make another user an administrator first (your backup administrator).';

/** Who already holds the user name and email the input asks for (other than `selfId`). */
/**
 * User names and emails are unique per company (issue 12): SIP account names are apart from
 * user names (db/sip-names.ts), so another company's names never stand in the way.
 */
export async function takenBy(reader: StoreReader, companyId: string, input: { userName?: string | undefined; email?: string | undefined }, selfId?: string) {
  const email = (input.email ?? '').trim();
  const userName = (input.userName ?? '').trim() || email;
  const byName = userName ? await reader.findUserByUserNameIn(companyId, userName) : null;
  const byEmail = email ? await reader.findUserByEmailIn(companyId, email) : null;
  return {
    userNames: byName && byName.id !== selfId ? [byName.userName] : [],
    emails: byEmail && byEmail.id !== selfId ? [byEmail.email] : [],
  };
}

/**
 * Validates with the shared rules; a failure is a 400 whose details map each field path to the
 * seed's message (`fields`) and to the same as a text (`texts`), for a form to show each one
 * next to its field in the admin's language.
 */
export function validOrThrow(result: ReturnType<typeof validateNewUser>): NewUser {
  if (result.ok) return result.value;
  const fields = Object.entries(result.errors);
  const texts: Record<string, Text> = Object.fromEntries(fields.map(([field, message]) => [field, validationText(message) ?? plainText(message)]));
  const said = joinSentences(Object.values(texts)) ?? text('error.invalidUser');
  throw invalid(fields.map(([field, message]) => `${field}: ${message}`).join(' '), { fields: result.errors, texts }, said);
}

export interface CreatedUser {
  user: User;
  /** The generated password, returned once; null when the admin gave one. */
  password: string | null;
}

export async function createUser(ctx: ServerContext, caller: Caller, input: UserInput): Promise<CreatedUser> {
  // An expired, never confirmed registration no longer holds its address or user name.
  await sweepUnconfirmed(ctx);
  const generated = input.password === undefined ? randomPassword() : null;
  const numbers = input.numbers && storedNumbers(input.numbers, companyCountry(caller.company));
  const candidate = { ...input, numbers, password: input.password ?? generated };
  const valid = validOrThrow(validateNewUser(candidate, await takenBy(ctx.store, caller.company.id, candidate)));
  refuseCommonPassword(input.password);
  const passwordHash = await hashPassword(valid.password ?? (generated as string), ctx.config.scryptCost);
  const siteFields = await checkedSiteFields(ctx.store, caller.company.id, input);
  const record: UserRecord = newUserRecord(
    {
      companyId: caller.company.id,
      userName: valid.userName,
      email: valid.email,
      firstName: valid.firstName,
      lastName: valid.lastName,
      language: valid.language,
      role: valid.role,
      numbers: valid.numbers,
      customFields: valid.customFields,
      softphoneEnabled: valid.softphoneEnabled,
      confirmed: input.confirmed ?? true,
      passwordHash,
      sipRealm: realmOf(ctx.config),
    },
    ctx.now(),
  );
  Object.assign(record, siteFields);
  await writeWithChanges(ctx, async (tx, changes) => {
    await insertUser(tx, record);
    const profilesFrom = await giveNewUserProfiles(tx, changes, record);
    await audit(ctx, tx, caller, 'users.create', userSubject(record), { role: record.role, welcomeEmail: input.sendWelcomeEmail === true, profilesFrom });
  });
  if (input.sendWelcomeEmail) await mailWelcome(ctx, record, caller.company.name);
  if (scopeChanged({}, record)) await presenceRescoped(ctx, caller.company.id);
  return { user: toUser(record), password: generated };
}

export async function updateUser(ctx: ServerContext, caller: Caller, userId: string, changes: UserPatch): Promise<User> {
  refuseCommonPassword(changes.password);
  const passwordHash = changes.password ? await hashPassword(changes.password, ctx.config.scryptCost) : null;
  let roleChanged = false;
  let rescoped = false;
  return writeWithChanges(ctx, async (tx, recorder) => {
    const user = await userOfCompany(tx, caller, userId);
    const siteFields = await checkedSiteFields(tx, user.companyId, changes);
    const merged = {
      firstName: changes.firstName ?? user.firstName,
      lastName: changes.lastName ?? user.lastName,
      email: changes.email ?? user.email,
      userName: changes.userName ?? user.userName,
      language: changes.language ?? user.language,
      role: changes.role ?? user.role,
      numbers: { ...user.numbers, ...definedOnly(storedNumbers(changes.numbers ?? {}, companyCountry(caller.company))) },
      customFields: changes.customFields ?? user.customFields,
      softphoneEnabled: changes.softphoneEnabled ?? user.softphoneEnabled,
      password: changes.password,
    };
    const valid = validOrThrow(validateNewUser(merged, await takenBy(tx, user.companyId, merged, user.id)));
    if (user.role === 'admin' && valid.role !== 'admin' && !user.disabled && (await tx.countEnabledAdmins(user.companyId)) <= 1) {
      throw conflict(BACKUP_ADMIN_MESSAGE, undefined, text('error.backupAdmin'));
    }
    const numbersChanged = JSON.stringify(valid.numbers) !== JSON.stringify(user.numbers);
    const updated: UserRecord = {
      ...user,
      firstName: valid.firstName,
      lastName: valid.lastName,
      email: valid.email,
      userName: valid.userName,
      language: valid.language,
      role: valid.role,
      numbers: valid.numbers,
      customFields: valid.customFields,
      softphoneEnabled: valid.softphoneEnabled,
      confirmed: changes.confirmed ?? user.confirmed,
      canEditProfiles: changes.canEditProfiles ?? user.canEditProfiles,
      passwordHash: passwordHash ?? user.passwordHash,
      ...siteFields,
    };
    rescoped = scopeChanged(user, updated);
    await saveUser(tx, updated, numbersChanged);
    const fields = Object.keys(changes).filter((key) => key === 'password' || JSON.stringify(updated[key as keyof UserRecord]) !== JSON.stringify(user[key as keyof UserRecord]));
    if (fields.length > 0) await audit(ctx, tx, caller, 'users.update', userSubject(updated), { fields });
    roleChanged = updated.role !== user.role;
    if (passwordHash) await tx.revokeUserSessions(user.id, ctx.now().toISOString());
    if (numbersChanged || updated.canEditProfiles !== user.canEditProfiles) {
      await recorder.record(user.id, 'admin-edit', ['allowedCallerIds', 'canEditProfiles']);
    }
    return toUser(updated);
  }).then(async (user) => {
    if (rescoped) await presenceRescoped(ctx, caller.company.id);
    if (passwordHash) ctx.hub.endUser(user.id, 'Your password was changed; sign in again', text('auth.passwordChanged'));
    // A new role changes what the user's sockets may receive (company events): they start over.
    else if (roleChanged) ctx.hub.reconnectUser(user.id, 'Your role changed');
    return user;
  });
}

export async function userOfCompany(tx: StoreReader, caller: Caller, userId: string): Promise<UserRecord> {
  const user = await tx.getUser(userId);
  if (!user || user.companyId !== caller.company.id) throw notFound('user');
  return user;
}

export async function setDisabled(ctx: ServerContext, caller: Caller, userId: string, disabled: boolean): Promise<User> {
  const user = await ctx.store.write(async (tx: StoreWriter) => {
    const current = await userOfCompany(tx, caller, userId);
    if (current.disabled === disabled) return current;
    if (disabled && current.role === 'admin' && (await tx.countEnabledAdmins(current.companyId)) <= 1) {
      throw conflict(BACKUP_ADMIN_MESSAGE, undefined, text('error.backupAdmin'));
    }
    const updated = { ...current, disabled };
    await tx.updateUser(updated);
    if (disabled) await tx.revokeUserSessions(current.id, ctx.now().toISOString());
    await audit(ctx, tx, caller, disabled ? 'users.disable' : 'users.enable', userSubject(updated));
    return updated;
  });
  if (disabled) ctx.hub.endUser(user.id, 'Your account was disabled by an administrator', text('auth.accountDisabled'));
  return toUser(user);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
