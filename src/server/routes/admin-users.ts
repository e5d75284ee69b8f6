/** Admin: users, company settings, visible columns, invitations (the `admin` area). CSV lives in admin-csv.ts. */
import { z } from 'zod';
import { AdminQueue, CompanySettings, Id, User, UserSnapshot } from '../../shared/model';
import { ApiErrorBody, CompanyAnswer, CreatedUserAnswer, DisabledBody, InvitationAnswer, UserInput, UserPatch } from '../../shared/server-api';
import { companyUser, companyUserSnapshot, listCompanyUsers, setVisibleColumns, updateCompanySettings } from '../services/company-admin';
import type { ServerContext } from '../services/context';
import { editUserProfile, setProfilesLock } from '../services/admin-user-profiles';
import { AdminProfileEditBody, DEFAULT_USER_COLUMNS, ProfilesLockAnswer, ProfilesLockBody, UserColumn, UserColumns } from '../../shared/admin-users-api';
import { listAdminQueues } from '../services/queues-admin';
import { invite } from '../services/registration';
import { createUser, setDisabled, updateUser } from '../services/users-admin';
import type { ZodApp } from './http';

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody };
const base = { tags: ['admin: users'], security: [{ bearer: [] }] };
const UserParams = z.object({ userId: Id });

/** The stored choice, without columns a later version dropped; the default when none is left. */
function visibleColumns(stored: string[] | null): UserColumn[] {
  const known = (stored ?? []).filter((c): c is UserColumn => UserColumn.safeParse(c).success);
  return known.length > 0 ? known : DEFAULT_USER_COLUMNS;
}

export function registerAdminUserRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get(
    '/api/v1/admin/users',
    { schema: { ...base, querystring: z.object({ includeDisabled: z.enum(['true', 'false']).default('true') }), response: { 200: z.array(User), ...errors } } },
    async (request) => listCompanyUsers(ctx, request.caller, request.query.includeDisabled === 'true'),
  );

  app.post(
    '/api/v1/admin/users',
    { schema: { ...base, summary: 'Create a user (password given, or generated and returned once)', body: UserInput, response: { 200: CreatedUserAnswer, ...errors } } },
    async (request) => createUser(ctx, request.caller, request.body),
  );

  app.get('/api/v1/admin/users/:userId', { schema: { ...base, params: UserParams, response: { 200: User, ...errors } } }, async (request) =>
    companyUser(ctx, request.caller, request.params.userId),
  );

  app.get(
    '/api/v1/admin/users/:userId/snapshot',
    { schema: { ...base, summary: "A user's profiles and state as their client sees them", params: UserParams, response: { 200: UserSnapshot, ...errors } } },
    async (request) => companyUserSnapshot(ctx, request.caller, request.params.userId),
  );

  app.patch(
    '/api/v1/admin/users/:userId',
    {
      schema: {
        ...base,
        summary: 'Edit a user (fields as in creation; a new password signs them out everywhere)',
        params: UserParams,
        body: UserPatch,
        response: { 200: User, ...errors },
      },
    },
    async (request) => updateUser(ctx, request.caller, request.params.userId, request.body),
  );

  app.put(
    '/api/v1/admin/users/:userId/disabled',
    {
      schema: {
        ...base,
        summary: 'Disable (signs the user out, stops routing to them) or re-enable a user; users are never deleted',
        params: UserParams,
        body: DisabledBody,
        response: { 200: User, ...errors },
      },
    },
    async (request) => setDisabled(ctx, request.caller, request.params.userId, request.body.disabled),
  );

  app.put(
    '/api/v1/admin/users/:userId/profiles/:profileId',
    {
      schema: {
        ...base,
        summary: "Edit one of a user's profiles (pushed to the user's clients with a notice)",
        params: UserParams.extend({ profileId: Id }),
        body: AdminProfileEditBody,
        response: { 200: UserSnapshot, ...errors },
      },
    },
    async (request) => editUserProfile(ctx, request.caller, request.params.userId, request.params.profileId, request.body.fields),
  );

  app.put(
    '/api/v1/admin/users/:userId/profiles-lock',
    {
      schema: {
        ...base,
        summary: "Lock (read-only for the user) or unlock the user's own profile editing",
        params: UserParams,
        body: ProfilesLockBody,
        response: { 200: ProfilesLockAnswer, ...errors },
      },
    },
    async (request) => setProfilesLock(ctx, request.caller, request.params.userId, request.body.locked),
  );

  app.get(
    '/api/v1/admin/queues',
    { schema: { ...base, summary: "The company's queues, their members, each member's queue devices and who is paused now", response: { 200: z.array(AdminQueue), ...errors } } },
    async (request) => listAdminQueues(ctx, request.caller),
  );

  app.get(
    '/api/v1/admin/company',
    { schema: { ...base, response: { 200: CompanyAnswer, ...errors } } },
    async (request) => request.caller.company,
  );

  app.patch(
    '/api/v1/admin/company',
    { schema: { ...base, summary: 'Custom field labels, registration on/off and default roles, confirmation', body: CompanySettings.partial(), response: { 200: CompanySettings, ...errors } } },
    async (request) => updateCompanySettings(ctx, request.caller, request.body),
  );

  app.get('/api/v1/admin/preferences/columns', { schema: { ...base, summary: 'Visible columns of the user table', response: { 200: UserColumns, ...errors } } }, async (request) => ({
    columns: visibleColumns(request.caller.user.visibleColumns),
  }));
  app.put('/api/v1/admin/preferences/columns', { schema: { ...base, body: UserColumns, response: { 200: UserColumns, ...errors } } }, async (request) => ({
    columns: await setVisibleColumns(ctx, request.caller, request.body.columns),
  }));

  app.post(
    '/api/v1/admin/invitations',
    {
      schema: {
        ...base,
        summary: 'Mail one-time registration links to a list of addresses',
        body: z.object({ emails: z.array(z.string().max(254)).min(1).max(500) }),
        response: { 200: InvitationAnswer, ...errors },
      },
    },
    async (request) => invite(ctx, request.caller, request.body.emails),
  );
}
