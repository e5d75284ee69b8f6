/** Admin reads of their own company (users, queues, a user's snapshot) and its settings. */
import { CompanySettings, type Queue, type User, type UserSnapshot } from '../../shared/model';
import type { Caller } from './auth';
import type { ServerContext } from './context';
import { buildSnapshot } from './snapshot';
import { userOfCompany } from './users-admin';
import { toUser } from './users-view';

export async function listCompanyUsers(
  ctx: ServerContext,
  caller: Caller,
  includeDisabled: boolean,
): Promise<User[]> {
  const users = (await ctx.store.listUsers(caller.company.id)).map(toUser);
  return includeDisabled ? users : users.filter((u) => !u.disabled);
}

/** A user of the admin's own company; other companies' users are reported as not found. */
export async function companyUser(
  ctx: ServerContext,
  caller: Caller,
  userId: string,
): Promise<User> {
  return toUser(await userOfCompany(ctx.store, caller, userId));
}

/** A user's profiles and state as their client sees them. */
export async function companyUserSnapshot(
  ctx: ServerContext,
  caller: Caller,
  userId: string,
): Promise<UserSnapshot> {
  return buildSnapshot(ctx.store, await userOfCompany(ctx.store, caller, userId));
}

export async function companyQueues(ctx: ServerContext, caller: Caller): Promise<Queue[]> {
  return (await ctx.store.listQueues(caller.company.id)).map((q) => ({
    id: q.id,
    name: q.name,
    number: q.number,
    memberIds: q.memberIds,
  }));
}

/** Merges the changed settings into the company's and stores them. */
export async function updateCompanySettings(
  ctx: ServerContext,
  caller: Caller,
  changes: Partial<CompanySettings>,
): Promise<CompanySettings> {
  const settings = CompanySettings.parse({ ...caller.company.settings, ...changes });
  await ctx.store.write((tx) => tx.updateCompanySettings(caller.company.id, settings));
  return settings;
}

/** Stores which columns of the user table the admin sees (duplicates dropped); returns them. */
export async function setVisibleColumns<C extends string>(
  ctx: ServerContext,
  caller: Caller,
  wanted: readonly C[],
): Promise<C[]> {
  const columns = [...new Set(wanted)];
  await ctx.store.write(async (tx) => {
    const user = await tx.getUser(caller.user.id);
    if (user) await tx.updateUser({ ...user, visibleColumns: columns });
  });
  return columns;
}
