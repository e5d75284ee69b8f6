/** Admin: users, company settings, invitations, CSV. */
import { z } from 'zod';
import { User } from '../../shared/model';
import { ApiErrorBody } from '../../shared/server-api';
import type { ServerContext } from '../services/context';
import { toUser } from '../services/users-view';
import { requireAdmin, type ZodApp } from './http';

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody };
const base = { tags: ['admin: users'], security: [{ bearer: [] }] };

export function registerAdminUserRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get('/api/v1/admin/users', { schema: { ...base, response: { 200: z.array(User), ...errors } } }, async (request) => {
    const caller = await requireAdmin(ctx, request);
    return (await ctx.store.listUsers(caller.company.id)).map(toUser);
  });
}
