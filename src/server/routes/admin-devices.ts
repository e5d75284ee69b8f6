/** Admin: a user's desk phones (issue 10 "Devices"): list, provision, rotate the password, remove. */
import { z } from 'zod';
import { Id } from '../../shared/model';
import { ApiErrorBody, DeskPhone, DeskPhoneCredentials, DeskPhoneInput } from '../../shared/server-api';
import type { ServerContext } from '../services/context';
import { createDeskPhone, deleteDeskPhone, listDeskPhones, rotateDeskPhone } from '../services/devices-admin';
import type { ZodApp } from './http';

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody };
const base = { tags: ['admin: devices'], security: [{ bearer: [] }] };
const UserParams = z.object({ userId: Id });
const DeviceParams = z.object({ userId: Id, deviceId: Id });

export function registerAdminDeviceRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get(
    '/api/v1/admin/users/:userId/devices',
    { schema: { ...base, summary: "A user's desk phones", params: UserParams, response: { 200: z.array(DeskPhone), ...errors } } },
    async (request) => listDeskPhones(ctx, request.caller, request.params.userId),
  );

  app.post(
    '/api/v1/admin/users/:userId/devices',
    {
      schema: {
        ...base,
        summary: 'Provision a desk phone: its own SIP account, the password returned once',
        params: UserParams,
        body: DeskPhoneInput,
        response: { 200: DeskPhoneCredentials, ...errors },
      },
    },
    async (request) => createDeskPhone(ctx, request.caller, request.params.userId, request.body.label),
  );

  app.post(
    '/api/v1/admin/users/:userId/devices/:deviceId/rotate',
    {
      schema: {
        ...base,
        summary: "A new password for a desk phone, returned once; the old one stops working at once",
        params: DeviceParams,
        response: { 200: DeskPhoneCredentials, ...errors },
      },
    },
    async (request) => rotateDeskPhone(ctx, request.caller, request.params.userId, request.params.deviceId),
  );

  app.delete(
    '/api/v1/admin/users/:userId/devices/:deviceId',
    { schema: { ...base, summary: 'Remove a desk phone (its account stops working at once)', params: DeviceParams, response: { 200: z.object({ ok: z.literal(true) }), ...errors } } },
    async (request) => {
      await deleteDeskPhone(ctx, request.caller, request.params.userId, request.params.deviceId);
      return { ok: true as const };
    },
  );
}
