/** Admin reads of their own company (users, queues, a user's snapshot) and its settings. */
import { callingCodeOf } from '../../shared/phone';
import { audit } from './audit';
import { CompanySettings, type MainNumberRoute, type User, type UserSnapshot } from '../../shared/model';
import { text } from '../../shared/text';
import type { StoreReader } from '../db/store';
import type { Caller } from './auth';
import type { ServerContext } from './context';
import { invalid } from './errors';
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

/** Merges the changed settings into the company's and stores them. */
export async function updateCompanySettings(
  ctx: ServerContext,
  caller: Caller,
  changes: Partial<CompanySettings>,
): Promise<CompanySettings> {
  return ctx.store.write(async (tx) => {
    const current = (await tx.getCompany(caller.company.id))?.settings ?? caller.company.settings;
    const settings = CompanySettings.parse({ ...current, ...changes });
    if (changes.mainNumberRoute) await checkMainNumberRoute(tx, caller.company.id, changes.mainNumberRoute);
    if (changes.country !== undefined && callingCodeOf(changes.country) === null) {
      throw invalid(`country: ${changes.country} is not a country whose numbers can be read`, { field: 'country' }, text('error.countryUnknown', { country: changes.country }));
    }
    if (changes.newUserTemplateId) {
      const template = await tx.getTemplate(changes.newUserTemplateId);
      if (template?.companyId !== caller.company.id) {
        throw invalid(`newUserTemplateId: There is no template ${changes.newUserTemplateId}`, { field: 'newUserTemplateId' }, text('error.newUserTemplateUnknown'));
      }
    }
    await tx.updateCompanySettings(caller.company.id, settings);
    const fields = Object.keys(changes).filter((key) => JSON.stringify(settings[key as keyof CompanySettings]) !== JSON.stringify(current[key as keyof CompanySettings]));
    if (fields.length > 0) await audit(ctx, tx, caller, fields.includes('mainNumberRoute') ? 'numbers.update' : 'company.update', { kind: 'company', id: caller.company.id, name: caller.company.name }, { fields, ...(fields.includes('mainNumberRoute') ? { mainNumberRoute: settings.mainNumberRoute } : {}) });
    return settings;
  });
}

/**
 * The queue, user or application calls to the main number go to must be the company's own (and
 * the user enabled): a 400 naming `mainNumberRoute.<id field>` otherwise.
 */
async function checkMainNumberRoute(reader: StoreReader, companyId: string, route: MainNumberRoute): Promise<void> {
  switch (route.kind) {
    case 'nobody':
      return;
    case 'queue': {
      const queue = await reader.getQueue(route.queueId);
      if (queue?.companyId !== companyId) throw invalid(`mainNumberRoute.queueId: There is no queue ${route.queueId}`, { field: 'mainNumberRoute.queueId' }, text('error.mainNumberRoute.queue'));
      return;
    }
    case 'user': {
      const user = await reader.getUser(route.userId);
      if (user?.companyId !== companyId || user.disabled) throw invalid(`mainNumberRoute.userId: There is no enabled user ${route.userId}`, { field: 'mainNumberRoute.userId' }, text('error.mainNumberRoute.user'));
      return;
    }
    case 'application': {
      const application = await reader.getApplication(route.applicationId);
      if (application?.companyId !== companyId) throw invalid(`mainNumberRoute.applicationId: There is no application ${route.applicationId}`, { field: 'mainNumberRoute.applicationId' }, text('error.notFound.application'));
      return;
    }
  }
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
