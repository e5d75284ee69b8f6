/** The signed-in user's own data and commands (registered in the `signed-in` area). */
import { z } from 'zod';
import { DirectoryEntry, UserSnapshot } from '../../shared/model';
import {
  ApiErrorBody,
  CalendarSourceCommand,
  CalendarStatus,
  EffectiveProfileAnswer,
  Me,
  SipCredentials,
} from '../../shared/server-api';
import { calendarStatus, setCalendarUrl, uploadCalendar } from '../services/calendar';
import type { ServerContext } from '../services/context';
import { effectiveAnswer, me, rotateSipPassword, searchDirectory, snapshotOf, softphoneCredentials } from '../services/me';
import type { ZodApp } from './http';
import { RATE_LIMITS } from './rate-limits';
import { registerSyncedCommandRoutes } from './synced-commands';

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody };
const secured = { security: [{ bearer: [] }], tags: ['me'] };
/** Guests may use their phone (switch profile, queue toggles, caller ID) but not change their setup. */
const member = { access: 'member' } as const;

export function registerMeRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get('/api/v1/me', { schema: { ...secured, response: { 200: Me, ...errors } } }, async (request) => me(request.caller));

  app.get(
    '/api/v1/directory',
    {
      config: { rateLimit: RATE_LIMITS.directory },
      schema: {
        ...secured,
        summary: 'Colleagues in your company matching a name, user name, email or number',
        querystring: z.object({ query: z.string().max(100).default('') }),
        response: { 200: z.array(DirectoryEntry), ...errors },
      },
    },
    async (request) => searchDirectory(ctx, request.caller, request.query.query),
  );

  app.get(
    '/api/v1/me/sip',
    { schema: { ...secured, summary: 'SIP credentials for the softphone', response: { 200: SipCredentials, ...errors } } },
    async (request) => softphoneCredentials(ctx, request.caller),
  );

  app.post(
    '/api/v1/me/sip/rotate',
    { config: member, schema: { ...secured, summary: 'Replace the SIP password', response: { 200: SipCredentials, ...errors } } },
    async (request) => rotateSipPassword(ctx, request.caller),
  );

  app.get('/api/v1/me/snapshot', { schema: { ...secured, response: { 200: UserSnapshot, ...errors } } }, async (request) => snapshotOf(ctx, request.caller.user));

  app.get(
    '/api/v1/me/effective',
    { schema: { ...secured, summary: 'The profile in effect now and when that changes', response: { 200: EffectiveProfileAnswer, ...errors } } },
    async (request) => effectiveAnswer(ctx, request.caller),
  );

  registerSyncedCommandRoutes(app, ctx);

  app.get(
    '/api/v1/me/calendar',
    { schema: { ...secured, summary: 'The connected calendar: source, last sync, last refresh failure, next events that switch a profile', response: { 200: CalendarStatus, ...errors } } },
    async (request) => calendarStatus(ctx, request.caller.user.id),
  );

  app.put(
    '/api/v1/me/calendar',
    { config: member, schema: { ...secured, summary: 'Subscribe to an ICS calendar URL (null: none)', body: CalendarSourceCommand, response: { 200: z.object({ events: z.int() }), ...errors } } },
    async (request) => ({ events: await setCalendarUrl(ctx, request.caller.user.id, request.body.url) }),
  );

  app.put(
    '/api/v1/me/calendar/ics',
    { config: member, schema: { ...secured, summary: 'Upload an ICS file (Content-Type: text/calendar)', body: z.string().max(5_000_000), response: { 200: z.object({ events: z.int() }), ...errors } } },
    async (request) => ({ events: await uploadCalendar(ctx, request.caller.user.id, request.body) }),
  );
}
