/**
 * Issue 13: the company's queues as its admin manages them (create, rename, number, members
 * and their queue devices, delete) and the audit log of every admin action. Admin area; every
 * route is scoped to the caller's company (another company's queue or user is "not found").
 * `GET /api/v1/admin/queues` (the list, with members' state) is in admin-users.ts.
 */
import { z } from 'zod';
import { AdminQueue, AuditPage, AuditQuery, Id, QueueMemberSetting, TypedQueueInput, TypedQueuePatch } from '../../shared/model';
import { ApiErrorBody } from '../../shared/server-api';
import { searchAudit } from '../services/audit';
import type { ServerContext } from '../services/context';
import { createQueue, deleteQueue, putQueueMember, removeQueueMember, updateQueue } from '../services/queues-admin';
import type { ZodApp } from './http';

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody };
const QueueParams = z.object({ queueId: Id });
const MemberParams = z.object({ queueId: Id, userId: Id });

export function registerAdminQueueAuditRoutes(app: ZodApp, ctx: ServerContext): void {
  const base = { tags: ['admin: queues'], security: [{ bearer: [] }] };

  app.post(
    '/api/v1/admin/queues',
    { schema: { ...base, summary: 'Create a queue with a name and a number (an extension or one of the company’s public numbers; national spellings are read in the company’s country)', body: TypedQueueInput, response: { 200: AdminQueue, ...errors } } },
    async (request) => createQueue(ctx, request.caller, request.body),
  );
  app.patch(
    '/api/v1/admin/queues/:queueId',
    { schema: { ...base, summary: 'Rename or renumber a queue', params: QueueParams, body: TypedQueuePatch, response: { 200: AdminQueue, ...errors } } },
    async (request) => updateQueue(ctx, request.caller, request.params.queueId, request.body),
  );
  app.delete(
    '/api/v1/admin/queues/:queueId',
    { schema: { ...base, summary: 'Delete a queue (refused while the main number routes to it)', params: QueueParams, response: { 200: z.object({ ok: z.literal(true) }), ...errors } } },
    async (request) => {
      await deleteQueue(ctx, request.caller, request.params.queueId);
      return { ok: true as const };
    },
  );
  app.put(
    '/api/v1/admin/queues/:queueId/members/:userId',
    {
      schema: {
        ...base,
        summary: 'Add a member, or set which of their devices ring for the queue (null: as their profile says)',
        params: MemberParams,
        body: QueueMemberSetting,
        response: { 200: AdminQueue, ...errors },
      },
    },
    async (request) => putQueueMember(ctx, request.caller, request.params.queueId, request.params.userId, request.body),
  );
  app.delete(
    '/api/v1/admin/queues/:queueId/members/:userId',
    { schema: { ...base, summary: 'Remove a member', params: MemberParams, response: { 200: AdminQueue, ...errors } } },
    async (request) => removeQueueMember(ctx, request.caller, request.params.queueId, request.params.userId),
  );

  app.get(
    '/api/v1/admin/audit',
    {
      schema: {
        tags: ['admin: audit'],
        security: [{ bearer: [] }],
        summary: 'Every admin action of the company: who, what, whom, when; searchable, filtered by action, person and period, paged',
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errors },
      },
    },
    async (request) => searchAudit(ctx, request.caller, request.query),
  );
}
