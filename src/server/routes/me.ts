/** The signed-in user's own data and commands. */
import { z } from 'zod';
import { DirectoryEntry, UserSnapshot } from '../../shared/model';
import {
  ApiErrorBody,
  CalendarSourceCommand,
  EffectiveProfileAnswer,
  Me,
  SipCredentials,
} from '../../shared/server-api';
import { realmOf } from '../config';
import { randomPassword } from '../security/secrets';
import { setCalendarUrl, uploadCalendar } from '../services/calendar';
import type { ServerContext } from '../services/context';
import { effectiveFor } from '../services/effective';
import { buildSnapshot } from '../services/snapshot';
import { toUser } from '../services/users-view';
import { forbidden } from '../services/errors';
import type { UserRecord } from '../db/store';
import { requireCaller, requireMember, type ZodApp } from './http';
import { registerSyncedCommandRoutes } from './synced-commands';

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody };
const secured = { security: [{ bearer: [] }], tags: ['me'] };

export function sipCredentialsOf(ctx: ServerContext, user: UserRecord): SipCredentials {
  return {
    userName: user.userName,
    password: user.sipPassword,
    domain: ctx.config.sipDomain,
    realm: realmOf(ctx.config),
    displayName: `${user.firstName} ${user.lastName}`.trim(),
    wsUrl: ctx.config.pbxWsUrl,
  };
}

export function registerMeRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get('/api/v1/me', { schema: { ...secured, response: { 200: Me, ...errors } } }, async (request) => {
    const caller = await requireCaller(ctx, request);
    return { user: toUser(caller.user), companyName: caller.company.name };
  });

  app.get(
    '/api/v1/directory',
    {
      schema: {
        ...secured,
        summary: 'Colleagues in your company matching a name, user name, email or number',
        querystring: z.object({ query: z.string().max(100).default('') }),
        response: { 200: z.array(DirectoryEntry), ...errors },
      },
    },
    async (request) => {
      const caller = await requireCaller(ctx, request);
      const needle = request.query.query.trim().toLowerCase();
      const users = await ctx.store.listUsers(caller.company.id);
      return users
        .filter((u) => !u.disabled)
        .filter((u) => {
          if (!needle) return true;
          const haystack = [u.userName, u.firstName, u.lastName, `${u.firstName} ${u.lastName}`, u.email, u.numbers.extension, u.numbers.landline, u.numbers.mobile];
          return haystack.some((value) => value?.toLowerCase().includes(needle));
        })
        .slice(0, 50)
        .map((u) => ({ id: u.id, userName: u.userName, firstName: u.firstName, lastName: u.lastName, email: u.email, numbers: u.numbers, disabled: u.disabled }));
    },
  );

  app.get(
    '/api/v1/me/sip',
    { schema: { ...secured, summary: 'SIP credentials for the softphone', response: { 200: SipCredentials, ...errors } } },
    async (request) => {
      const caller = await requireCaller(ctx, request);
      if (!caller.user.softphoneEnabled) throw forbidden('The softphone is not enabled for your account');
      return sipCredentialsOf(ctx, caller.user);
    },
  );

  app.post(
    '/api/v1/me/sip/rotate',
    { schema: { ...secured, summary: 'Replace the SIP password', response: { 200: SipCredentials, ...errors } } },
    async (request) => {
      const caller = await requireMember(ctx, request);
      const user = await ctx.store.write(async (tx) => {
        const fresh = await tx.getUser(caller.user.id);
        if (!fresh) throw new Error('user vanished');
        fresh.sipPassword = randomPassword(24);
        await tx.updateUser(fresh);
        return fresh;
      });
      return sipCredentialsOf(ctx, user);
    },
  );

  app.get('/api/v1/me/snapshot', { schema: { ...secured, response: { 200: UserSnapshot, ...errors } } }, async (request) => {
    const caller = await requireCaller(ctx, request);
    return buildSnapshot(ctx.store, caller.user);
  });

  app.get(
    '/api/v1/me/effective',
    { schema: { ...secured, summary: 'The profile in effect now and when that changes', response: { 200: EffectiveProfileAnswer, ...errors } } },
    async (request) => {
      const caller = await requireCaller(ctx, request);
      const { effective, nextChange } = await effectiveFor(ctx.store, caller.user, ctx.now());
      return {
        profileId: effective?.profile.id ?? null,
        profileName: effective?.profile.name ?? null,
        reason: effective?.reason ?? null,
        since: effective?.since ?? null,
        until: effective?.until ?? null,
        nextChange: nextChange?.toISOString() ?? null,
        revision: caller.user.revision,
      };
    },
  );

  registerSyncedCommandRoutes(app, ctx);

  app.put(
    '/api/v1/me/calendar',
    { schema: { ...secured, summary: 'Subscribe to an ICS calendar URL (null: none)', body: CalendarSourceCommand, response: { 200: z.object({ events: z.int() }), ...errors } } },
    async (request) => {
      const caller = await requireMember(ctx, request);
      return { events: await setCalendarUrl(ctx, caller.user.id, request.body.url) };
    },
  );

  app.put(
    '/api/v1/me/calendar/ics',
    { schema: { ...secured, summary: 'Upload an ICS file (Content-Type: text/calendar)', body: z.string().max(5_000_000), response: { 200: z.object({ events: z.int() }), ...errors } } },
    async (request) => {
      const caller = await requireMember(ctx, request);
      return { events: await uploadCalendar(ctx, caller.user.id, request.body) };
    },
  );
}
