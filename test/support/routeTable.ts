/**
 * Every route the profile server serves, as data: who may call it, a valid request aimed at
 * company A's resources, and what each caller gets (test/integration/server/authorisation.test.ts
 * checks it on the wire; fuzz.test.ts mutates the request). The tests enumerate the served routes
 * from Fastify itself (`RunningServer.routes`) and fail naming any route missing here.
 *
 * A new route is one entry: its key is `METHOD url` exactly as registered (HEAD twins of GET
 * routes use the GET entry), e.g.
 *
 *   'DELETE /api/v1/admin/announcements/:announcementId': {
 *     access: 'admin',
 *     namesA: 'company',
 *     request: (fx) => ({ path: `/api/v1/admin/announcements/${fx.a.announcementId}` }),
 *   },
 *
 * and, when it names a new kind of resource, that resource created in routeFixture.ts.
 */
import { passwordOf } from './server';
import { toneWav } from './wav';
import { SIGNED_IN, type CallerName, type RouteFixture } from './routeFixture';

/** Who may call a route: the server's area access (routes/areas.ts), or the PBX's secret. */
export type Access = 'public' | 'signed-in' | 'member' | 'admin' | 'pbx';

export interface RouteRequest {
  /** Path with query, parameters filled in. */
  path: string;
  /** JSON unless `contentType` says otherwise (then a string or bytes). */
  body?: unknown;
  contentType?: string;
}

export interface RouteCase {
  access: Access;
  /** A valid request, aimed at company A's resources (its ids, user names and numbers). */
  request(fx: RouteFixture): RouteRequest;
  /** The answer of a caller allowed to ask (default 200). */
  ok?: number;
  /**
   * What of company A the request names. `company`: company A's resources, so company B's
   * callers find nothing (404). `alice`: alice's own (profiles, recordings, queue membership),
   * so every other signed-in caller finds nothing (404).
   */
  namesA?: 'company' | 'alice';
  /** Answers that differ from what `access` and `namesA` imply, per caller. */
  expect?: Partial<Record<CallerName, number>>;
  /** The request ends the session it is made with (each allowed call gets its own). */
  endsSession?: true;
  /**
   * The request ends every session of the caller's account (a password change): after an allowed
   * call the tests set the caller's password back and sign the caller in again (`fx.renew`).
   */
  endsUserSessions?: true;
  /**
   * Tables a refused request writes by design (failed sign-ins are counted; on PostgreSQL every
   * request to a rate-limited route is counted in `rate_limit_hits`, shared by the instances).
   */
  refusalWrites?: readonly string[];
  /** The answer is about what the request carried (credentials, a registration), not the caller: no leak check. */
  answersRequest?: true;
  /** A long poll: the fuzz test leaves its query alone (a variation may wait the poll's full time). */
  longPoll?: true;
}

/** The status `caller` must get from `route`. */
export function expectedStatus(route: RouteCase, caller: CallerName): number {
  const override = route.expect?.[caller];
  if (override !== undefined) return override;
  const ok = route.ok ?? 200;
  if (route.access === 'pbx') return caller === 'pbx' ? ok : 401;
  if (route.access === 'public') return ok;
  if (!SIGNED_IN[caller]) return 401;
  if (route.access === 'admin' && caller !== 'adminA' && caller !== 'adminB') return 403;
  if (route.access === 'member' && caller === 'guestA') return 403;
  if (route.namesA === 'alice' && caller !== 'userA') return 404;
  if (route.namesA === 'company' && (caller === 'userB' || caller === 'adminB')) return 404;
  return ok;
}

const q = encodeURIComponent;
/** A rate-limited route's requests, refused ones too, are counted (in the database on PostgreSQL). */
const RATE_COUNTED = ['rate_limit_hits'];
/** An id nothing has (the fixture has no voicemail message yet: its routes answer 404 to all). */
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const GREETING = Buffer.from(toneWav([{ hz: 440, seconds: 1 }]));
const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n';
const ANNOUNCEMENT_AUDIO = Buffer.from(toneWav([{ hz: 523, seconds: 0.5 }])).toString('base64');
const announcements = (fx: RouteFixture): string => `/api/v1/admin/announcements/${fx.a.announcementId}`;
const users = (fx: RouteFixture): string => `/api/v1/admin/users/${fx.a.aliceId}`;
const templates = (fx: RouteFixture): string => `/api/v1/admin/templates/${fx.a.template.id}`;
const profileFields = (fx: RouteFixture): Record<string, unknown> => {
  const { id: _id, ...fields } = fx.a.aliceProfile;
  return fields;
};

export const ROUTES: Record<string, RouteCase> = {
  // Public: answered alike whoever asks.
  'POST /api/v1/auth/sign-in': {
    access: 'public',
    request: () => ({ path: '/api/v1/auth/sign-in', body: { login: 'carol', password: passwordOf('carol') } }),
    refusalWrites: ['sign_in_failures'],
    answersRequest: true,
  },
  // The same 202 for every well-formed registration; the outcome is mailed.
  'POST /api/v1/register': {
    refusalWrites: RATE_COUNTED,
    access: 'public',
    ok: 202,
    request: (fx) => ({ path: '/api/v1/register', body: { registrationToken: fx.a.registrationToken, firstName: 'Reg', lastName: 'Istered', email: `${fx.unique('reg')}@example.test`, password: 'registered-password-1' } }),
    answersRequest: true,
  },
  // Unknown tokens: the successful paths are in the registration tests.
  'POST /api/v1/invitations/accept': {
    refusalWrites: RATE_COUNTED,
    access: 'public',
    ok: 410,
    request: () => ({ path: '/api/v1/invitations/accept', body: { token: 'no-such-invitation-token', firstName: 'In', lastName: 'Vited', password: 'invited-password-1' } }),
  },
  'POST /api/v1/confirm': { refusalWrites: RATE_COUNTED, access: 'public', ok: 410, request: () => ({ path: '/api/v1/confirm', body: { token: 'no-such-confirmation-token' } }) },
  // Without an Upgrade header the socket route is not found; sockets: sync.test.ts, socketLifetime.test.ts.
  'GET /api/v1/ws': { access: 'public', ok: 404, request: () => ({ path: '/api/v1/ws' }) },
  'GET /openapi.json': { access: 'public', request: () => ({ path: '/openapi.json' }) },
  'GET /healthz': { access: 'public', request: () => ({ path: '/healthz' }) },
  // Password reset (i12-accounts). Asking answers alike whether the account exists; an unknown
  // login, so no mail is written after the answer (the mailed links: accounts.test.ts).
  'POST /api/v1/password-reset/request': { refusalWrites: RATE_COUNTED, access: 'public', request: () => ({ path: '/api/v1/password-reset/request', body: { login: 'nobody-by-this-name' } }) },
  // Unknown links: the successful paths are in accounts.test.ts and account-password.spec.ts.
  'POST /api/v1/password-reset': { refusalWrites: RATE_COUNTED, access: 'public', ok: 410, request: () => ({ path: '/api/v1/password-reset', body: { token: 'no-such-reset-token', password: 'reset-password-1' } }) },
  'GET /password-reset': { access: 'public', ok: 410, request: () => ({ path: '/password-reset?token=no-such-reset-token' }) },
  'POST /password-reset': {
    refusalWrites: RATE_COUNTED,
    access: 'public',
    ok: 410,
    request: () => ({ path: '/password-reset', body: 'token=no-such-reset-token&password=reset-password-1&repeat=reset-password-1', contentType: 'application/x-www-form-urlencoded' }),
  },
  // Getting in (i13-getin): the pages links open. Unknown invitation and confirmation links
  // (the successful paths: getin.test.ts, getin.spec.ts); company A's registration link.
  'GET /invitation': { access: 'public', ok: 410, request: () => ({ path: '/invitation?token=no-such-invitation-token' }) },
  'POST /invitation': {
    refusalWrites: RATE_COUNTED,
    access: 'public',
    ok: 410,
    request: () => ({ path: '/invitation', body: 'token=no-such-invitation-token&firstName=In&lastName=Vited&userName=&password=invited-password-1&repeat=invited-password-1', contentType: 'application/x-www-form-urlencoded' }),
  },
  'GET /confirm': { access: 'public', ok: 410, request: () => ({ path: '/confirm?token=no-such-confirmation-token' }) },
  'POST /confirm': { refusalWrites: RATE_COUNTED, access: 'public', ok: 410, request: () => ({ path: '/confirm', body: 'token=no-such-confirmation-token', contentType: 'application/x-www-form-urlencoded' }) },
  'GET /register': { access: 'public', request: (fx) => ({ path: `/register?token=${q(fx.a.registrationToken)}` }), answersRequest: true },
  'POST /register': {
    refusalWrites: RATE_COUNTED,
    access: 'public',
    request: (fx) => ({
      path: '/register',
      body: `token=${q(fx.a.registrationToken)}&firstName=Reg&lastName=Istered&email=${q(`${fx.unique('regpage')}@example.test`)}&userName=&password=registered-password-1&repeat=registered-password-1`,
      contentType: 'application/x-www-form-urlencoded',
    }),
    answersRequest: true,
  },
  'GET /api/v1/registration': { refusalWrites: RATE_COUNTED, access: 'public', request: (fx) => ({ path: `/api/v1/registration?token=${q(fx.a.registrationToken)}` }), answersRequest: true },

  // The signed-in user's own data.
  'POST /api/v1/auth/sign-out': { access: 'signed-in', endsSession: true, request: () => ({ path: '/api/v1/auth/sign-out' }) },
  'GET /api/v1/me': { access: 'signed-in', request: () => ({ path: '/api/v1/me' }) },
  'GET /api/v1/me/sip': { access: 'signed-in', request: () => ({ path: '/api/v1/me/sip' }) },
  'POST /api/v1/me/sip/rotate': { access: 'member', request: () => ({ path: '/api/v1/me/sip/rotate' }) },
  'GET /api/v1/me/snapshot': { access: 'signed-in', request: () => ({ path: '/api/v1/me/snapshot' }) },
  'GET /api/v1/me/effective': { access: 'signed-in', request: () => ({ path: '/api/v1/me/effective' }) },
  'GET /api/v1/directory': { refusalWrites: RATE_COUNTED, access: 'signed-in', request: () => ({ path: '/api/v1/directory?query=alice' }) },
  'POST /api/v1/me/profile-switch': { access: 'signed-in', namesA: 'alice', request: (fx) => ({ path: '/api/v1/me/profile-switch', body: { profileId: fx.a.aliceProfile.id } }) },
  'PUT /api/v1/me/profiles/:profileId': {
    access: 'member',
    namesA: 'alice',
    request: (fx) => ({ path: `/api/v1/me/profiles/${fx.a.aliceProfile.id}`, body: { fields: profileFields(fx) } }),
  },
  'POST /api/v1/me/manual-choice/clear': { access: 'signed-in', request: () => ({ path: '/api/v1/me/manual-choice/clear' }) },
  'POST /api/v1/me/queues': { access: 'signed-in', namesA: 'alice', request: (fx) => ({ path: '/api/v1/me/queues', body: { queueIds: [fx.a.supportQueueId], status: 'active' } }) },
  'POST /api/v1/me/caller-id': {
    access: 'signed-in',
    namesA: 'alice',
    // Choosing a number one may not present is forbidden.
    expect: { guestA: 403, adminA: 403, userB: 403, adminB: 403 },
    request: () => ({ path: '/api/v1/me/caller-id', body: { number: '+46855501001' } }),
  },
  'GET /api/v1/me/calendar': { access: 'signed-in', request: () => ({ path: '/api/v1/me/calendar' }) },
  'PUT /api/v1/me/calendar': { access: 'member', request: () => ({ path: '/api/v1/me/calendar', body: { url: null } }) },
  'PUT /api/v1/me/calendar/ics': { access: 'member', request: () => ({ path: '/api/v1/me/calendar/ics', body: ICS, contentType: 'text/calendar' }) },
  // Alice's current password, set again: only alice's own session knows it (400 naming the field otherwise).
  'POST /api/v1/me/password': {
    refusalWrites: RATE_COUNTED,
    access: 'signed-in',
    endsUserSessions: true,
    expect: { guestA: 400, adminA: 400, userB: 400, adminB: 400 },
    request: () => ({ path: '/api/v1/me/password', body: { currentPassword: passwordOf('alice'), newPassword: passwordOf('alice') } }),
  },
  // The company's announcements, applications and codes by name (company B's callers get their own).
  'GET /api/v1/me/destinations': { access: 'signed-in', request: () => ({ path: '/api/v1/me/destinations' }) },
  'GET /api/v1/me/recordings': { access: 'signed-in', request: () => ({ path: '/api/v1/me/recordings' }) },
  'GET /api/v1/me/recordings/:recordingId/audio': { access: 'signed-in', namesA: 'alice', request: (fx) => ({ path: `/api/v1/me/recordings/${fx.a.ownRecordingId}/audio` }) },
  'DELETE /api/v1/me/recordings/:recordingId': { access: 'signed-in', namesA: 'alice', request: (fx) => ({ path: `/api/v1/me/recordings/${fx.a.ownRecordingId}` }) },

  // Voicemail (i11-mailbox): the mailbox, a message (none in the fixture), the greeting.
  'GET /api/v1/me/voicemail': { access: 'signed-in', request: () => ({ path: '/api/v1/me/voicemail' }) },
  'GET /api/v1/me/voicemail/:messageId/audio': { access: 'signed-in', ok: 404, request: () => ({ path: `/api/v1/me/voicemail/${NO_SUCH_ID}/audio` }) },
  'PUT /api/v1/me/voicemail/:messageId/heard': { access: 'signed-in', ok: 404, request: () => ({ path: `/api/v1/me/voicemail/${NO_SUCH_ID}/heard`, body: { heard: true } }) },
  'DELETE /api/v1/me/voicemail/:messageId': { access: 'signed-in', ok: 404, request: () => ({ path: `/api/v1/me/voicemail/${NO_SUCH_ID}` }) },
  'GET /api/v1/me/voicemail/greeting': { access: 'signed-in', request: () => ({ path: '/api/v1/me/voicemail/greeting' }) },
  'PUT /api/v1/me/voicemail/greeting': { access: 'member', request: () => ({ path: '/api/v1/me/voicemail/greeting', body: GREETING, contentType: 'audio/wav' }) },
  'DELETE /api/v1/me/voicemail/greeting': { access: 'member', request: () => ({ path: '/api/v1/me/voicemail/greeting' }) },

  // The company's admins.
  'GET /api/v1/admin/users': { access: 'admin', request: () => ({ path: '/api/v1/admin/users' }) },
  'POST /api/v1/admin/users': {
    access: 'admin',
    request: (fx) => ({ path: '/api/v1/admin/users', body: { firstName: 'Nina', lastName: 'New', email: `${fx.unique('nina')}@example.test`, userName: fx.unique('nina'), language: 'sv', role: 'user', password: 'nina-password-1' } }),
  },
  'GET /api/v1/admin/users/:userId': { access: 'admin', namesA: 'company', request: (fx) => ({ path: users(fx) }) },
  'PATCH /api/v1/admin/users/:userId': {
    access: 'admin',
    namesA: 'company',
    // every kind of field, so that the fuzz test's variations reach each
    request: (fx) => ({
      path: users(fx),
      body: { firstName: 'Alice', lastName: 'Andersson', language: 'en', numbers: { extension: '1001', landline: '+46855501001', mobile: '+46705550001', extraExtensions: [] }, softphoneEnabled: true },
    }),
  },
  'GET /api/v1/admin/users/:userId/snapshot': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `${users(fx)}/snapshot` }) },
  'PUT /api/v1/admin/users/:userId/profiles/:profileId': {
    access: 'admin',
    namesA: 'company',
    request: (fx) => ({ path: `${users(fx)}/profiles/${fx.a.aliceProfile.id}`, body: { fields: profileFields(fx) } }),
  },
  'PUT /api/v1/admin/users/:userId/profiles-lock': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `${users(fx)}/profiles-lock`, body: { locked: false } }) },
  'PUT /api/v1/admin/users/:userId/disabled': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `${users(fx)}/disabled`, body: { disabled: false } }) },
  'GET /api/v1/admin/users/:userId/devices': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `${users(fx)}/devices` }) },
  'POST /api/v1/admin/users/:userId/devices': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `${users(fx)}/devices`, body: { label: 'Reception' } }) },
  'POST /api/v1/admin/users/:userId/devices/:deviceId/rotate': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `${users(fx)}/devices/${fx.a.deskId}/rotate` }) },
  'DELETE /api/v1/admin/users/:userId/devices/:deviceId': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `${users(fx)}/devices/${fx.a.doomedDeskId}` }) },
  'GET /api/v1/admin/queues': { access: 'admin', request: () => ({ path: '/api/v1/admin/queues' }) },
  // Issue 13: queues admin and the audit log.
  'POST /api/v1/admin/queues': {
    access: 'admin',
    request: (fx) => ({ path: '/api/v1/admin/queues', body: { name: fx.unique('Queue '), number: `3${fx.unique('').split('x')[0]?.padStart(3, '0')}` } }),
  },
  'PATCH /api/v1/admin/queues/:queueId': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `/api/v1/admin/queues/${fx.a.supportQueueId}`, body: { name: 'Support' } }) },
  'DELETE /api/v1/admin/queues/:queueId': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `/api/v1/admin/queues/${fx.a.doomedQueueId}` }) },
  'PUT /api/v1/admin/queues/:queueId/members/:userId': {
    access: 'admin',
    namesA: 'company',
    request: (fx) => ({ path: `/api/v1/admin/queues/${fx.a.supportQueueId}/members/${fx.a.bobId}`, body: { devices: null } }),
  },
  'DELETE /api/v1/admin/queues/:queueId/members/:userId': {
    access: 'admin',
    namesA: 'company',
    request: (fx) => ({ path: `/api/v1/admin/queues/${fx.a.salesQueueId}/members/${fx.a.daveId}` }),
  },
  // Issue 13: sites and directory scope.
  'GET /api/v1/admin/sites': { access: 'admin', request: () => ({ path: '/api/v1/admin/sites' }) },
  'POST /api/v1/admin/sites': { access: 'admin', request: (fx) => ({ path: '/api/v1/admin/sites', body: { name: fx.unique('Site '), code: 'S1' } }) },
  'PATCH /api/v1/admin/sites/:siteId': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `/api/v1/admin/sites/${fx.a.siteId}`, body: { code: 'STO' } }) },
  'DELETE /api/v1/admin/sites/:siteId': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `/api/v1/admin/sites/${fx.a.doomedSiteId}` }) },
  'POST /api/v1/admin/users/site': {
    access: 'admin',
    namesA: 'company',
    request: (fx) => ({ path: '/api/v1/admin/users/site', body: { userIds: [fx.a.bobId], siteId: fx.a.siteId, directoryScope: 'site' } }),
  },
  'GET /api/v1/admin/audit': { access: 'admin', request: () => ({ path: '/api/v1/admin/audit?q=a&page=1&pageSize=20' }) },
  'GET /api/v1/admin/company': { access: 'admin', request: () => ({ path: '/api/v1/admin/company' }) },
  'PATCH /api/v1/admin/company': {
    access: 'admin',
    request: () => ({
      path: '/api/v1/admin/company',
      body: { customFieldLabels: ['Department', null, null], registration: 'open', registrationRole: 'guest', invitationRole: 'user', requireConfirmation: false, recordingRetentionDays: 90 },
    }),
  },
  'GET /api/v1/admin/preferences/columns': { access: 'admin', request: () => ({ path: '/api/v1/admin/preferences/columns' }) },
  'PUT /api/v1/admin/preferences/columns': { access: 'admin', request: () => ({ path: '/api/v1/admin/preferences/columns', body: { columns: ['userName', 'email'] } }) },
  'POST /api/v1/admin/users/:userId/welcome': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `${users(fx)}/welcome` }) },
  'POST /api/v1/admin/invitations': { access: 'admin', request: (fx) => ({ path: '/api/v1/admin/invitations', body: { emails: [`${fx.unique('inv')}@example.test`] } }) },
  'GET /api/v1/admin/users.csv': { access: 'admin', request: () => ({ path: '/api/v1/admin/users.csv' }) },
  'POST /api/v1/admin/users/csv/dry-run': { access: 'admin', request: () => ({ path: '/api/v1/admin/users/csv/dry-run', body: { content: 'Internal ID,First Name,Last Name,Email\n' } }) },
  // A job (202) that commits in the background; company B's admin starts one of their own.
  'POST /api/v1/admin/users/csv/submit': { access: 'admin', ok: 202, request: () => ({ path: '/api/v1/admin/users/csv/submit', body: { content: 'Internal ID,First Name,Last Name,Email\n' } }) },
  'GET /api/v1/admin/users/csv/jobs/:jobId': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `/api/v1/admin/users/csv/jobs/${fx.a.csvJobId}` }) },
  'GET /api/v1/admin/templates': { access: 'admin', request: () => ({ path: '/api/v1/admin/templates' }) },
  'GET /api/v1/admin/templates/:templateId': { access: 'admin', namesA: 'company', request: (fx) => ({ path: templates(fx) }) },
  'POST /api/v1/admin/templates/:templateId/clone': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `${templates(fx)}/clone`, body: { name: fx.unique('Copy ') } }) },
  'PUT /api/v1/admin/templates/:templateId': {
    access: 'admin',
    namesA: 'company',
    request: (fx) => ({ path: `/api/v1/admin/templates/${fx.a.editableTemplateId}`, body: { name: 'Edited', profiles: fx.a.template.profiles } }),
  },
  'DELETE /api/v1/admin/templates/:templateId': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `/api/v1/admin/templates/${fx.a.doomedTemplateId}` }) },
  'POST /api/v1/admin/templates/:templateId/apply-preview': {
    access: 'admin',
    namesA: 'company',
    request: (fx) => ({ path: `${templates(fx)}/apply-preview`, body: { userIds: [fx.a.bobId] } }),
  },
  'POST /api/v1/admin/templates/:templateId/apply': {
    access: 'admin',
    namesA: 'company',
    request: (fx) => ({ path: `${templates(fx)}/apply`, body: { userIds: [fx.a.bobId], confirmOverwrite: true } }),
  },
  'GET /api/v1/admin/template-applications': { access: 'admin', request: () => ({ path: '/api/v1/admin/template-applications' }) },
  'POST /api/v1/admin/profiles/mass-edit': {
    access: 'admin',
    namesA: 'company',
    request: (fx) => ({ path: '/api/v1/admin/profiles/mass-edit', body: { userIds: [fx.a.bobId], profileKey: fx.a.template.profiles[0]?.key, field: 'recording', value: false } }),
  },
  'POST /api/v1/admin/profiles/add': {
    access: 'admin',
    namesA: 'company',
    request: (fx) => ({ path: '/api/v1/admin/profiles/add', body: { userIds: [fx.a.bobId], profile: { ...profileFields(fx), name: 'Added' } } }),
  },
  'GET /api/v1/admin/numbers': { access: 'admin', request: () => ({ path: '/api/v1/admin/numbers' }) },
  'GET /api/v1/admin/registration-link': { access: 'admin', request: () => ({ path: '/api/v1/admin/registration-link' }) },
  'POST /api/v1/admin/registration-link/rotate': { access: 'admin', request: () => ({ path: '/api/v1/admin/registration-link/rotate' }) },
  'GET /api/v1/admin/recordings': { access: 'admin', request: () => ({ path: '/api/v1/admin/recordings' }) },
  'GET /api/v1/admin/recordings/:recordingId/audio': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `/api/v1/admin/recordings/${fx.a.companyRecordingId}/audio` }) },
  'DELETE /api/v1/admin/recordings/:recordingId': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `/api/v1/admin/recordings/${fx.a.companyRecordingId}` }) },

  // Announcements, applications and feature codes (i11-codes).
  'GET /api/v1/admin/announcements': { access: 'admin', request: () => ({ path: '/api/v1/admin/announcements' }) },
  'POST /api/v1/admin/announcements': {
    access: 'admin',
    request: (fx) => ({ path: '/api/v1/admin/announcements', body: { name: fx.unique('Closed '), afterwards: 'voicemail', audioBase64: ANNOUNCEMENT_AUDIO } }),
  },
  'PATCH /api/v1/admin/announcements/:announcementId': {
    access: 'admin',
    namesA: 'company',
    request: (fx) => ({ path: announcements(fx), body: { name: 'Acme-lunch', afterwards: 'end', audioBase64: ANNOUNCEMENT_AUDIO } }),
  },
  'DELETE /api/v1/admin/announcements/:announcementId': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `/api/v1/admin/announcements/${fx.a.doomedAnnouncementId}` }) },
  'GET /api/v1/admin/announcements/:announcementId/audio': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `${announcements(fx)}/audio` }) },
  'GET /api/v1/admin/applications': { access: 'admin', request: () => ({ path: '/api/v1/admin/applications' }) },
  'POST /api/v1/admin/applications': { access: 'admin', request: (fx) => ({ path: '/api/v1/admin/applications', body: { name: fx.unique('IVR '), sipUri: 'sip:ivr@apps.example.test' } }) },
  'PUT /api/v1/admin/applications/:applicationId': {
    access: 'admin',
    namesA: 'company',
    request: (fx) => ({ path: `/api/v1/admin/applications/${fx.a.applicationId}`, body: { name: 'acme-switchboard', sipUri: 'sip:acme-switchboard@apps.acme.example' } }),
  },
  'DELETE /api/v1/admin/applications/:applicationId': { access: 'admin', namesA: 'company', request: (fx) => ({ path: `/api/v1/admin/applications/${fx.a.doomedApplicationId}` }) },
  'GET /api/v1/admin/feature-codes': { access: 'admin', request: () => ({ path: '/api/v1/admin/feature-codes' }) },
  'PUT /api/v1/admin/feature-codes': { access: 'admin', request: () => ({ path: '/api/v1/admin/feature-codes', body: { queuesPause: '*20', queuesResume: '*21', defaultProfile: '*30' } }) },

  // The PBX's questions and reports (the shared secret; what company B's callers learn: PBX_QUESTIONS_OF_B).
  'GET /pbx/v1/credentials/:sipUser': { access: 'pbx', request: () => ({ path: '/pbx/v1/credentials/alice' }) },
  'GET /pbx/v1/caller-id': { access: 'pbx', request: () => ({ path: `/pbx/v1/caller-id?user=alice&requested=${q('+46855501001')}` }) },
  'GET /pbx/v1/route': { access: 'pbx', request: () => ({ path: '/pbx/v1/route?from=bob&to=1001' }) },
  // Nobody expects this call's recording: refused, nothing stored.
  'POST /pbx/v1/recordings': { access: 'pbx', ok: 404, request: () => ({ path: '/pbx/v1/recordings?call_id=nobody-expects-this', body: Buffer.from('RIFF'), contentType: 'audio/wav' }) },
  'GET /pbx/v1/call-event': {
    access: 'pbx',
    request: () => ({ path: `/pbx/v1/call-event?called=alice&from=bob&outcome=forwarded&target=${q('+46705550001')}&reason=profile` }),
  },
  'GET /pbx/v1/dialog': { access: 'pbx', request: () => ({ path: '/pbx/v1/dialog?call_id=no-such-call&state=end' }) },
  'POST /pbx/v1/dtmf': { access: 'pbx', request: () => ({ path: '/pbx/v1/dtmf', body: { call_id: 'no-such-call', source_tag: 'tag', digit: '1' } }) },
  // Voicemail's PBX side (i11-media): unknown targets find no mailbox.
  'GET /pbx/v1/voicemail/greeting': { access: 'pbx', ok: 404, request: () => ({ path: '/pbx/v1/voicemail/greeting?target=no-such-target&call_id=c1' }) },
  'POST /pbx/v1/voicemail': { access: 'pbx', ok: 404, request: () => ({ path: '/pbx/v1/voicemail?target=no-such-target&call_id=c1&caller=%2B46701234567', body: GREETING, contentType: 'audio/wav' }) },
  // Listening by phone (i11-listen): a target not issued for the call finds no mailbox.
  'GET /pbx/v1/voicemail/listen': { access: 'pbx', ok: 404, request: () => ({ path: '/pbx/v1/voicemail/listen?target=no-such-target&call_id=c1' }) },
  'GET /pbx/v1/voicemail/listen/audio': { access: 'pbx', ok: 404, request: () => ({ path: '/pbx/v1/voicemail/listen/audio?target=no-such-target&call_id=c1&message=m1' }) },
  'POST /pbx/v1/voicemail/listen/heard': { access: 'pbx', ok: 404, request: () => ({ path: '/pbx/v1/voicemail/listen/heard?target=no-such-target&call_id=c1&message=m1' }) },
  'POST /pbx/v1/voicemail/listen/delete': { access: 'pbx', ok: 404, request: () => ({ path: '/pbx/v1/voicemail/listen/delete?target=no-such-target&call_id=c1&message=m1' }) },
  'GET /pbx/v1/voicemail/summary': { access: 'pbx', request: () => ({ path: '/pbx/v1/voicemail/summary?account=alice' }) },
  // An announcement's audio for the target the route answer signed for this call.
  'GET /pbx/v1/announcements/audio': {
    access: 'pbx',
    request: (fx) => ({ path: `/pbx/v1/announcements/audio?target=${q(fx.a.announcementTarget)}&call_id=fixture-announcement` }),
  },
  'GET /pbx/v1/voicemail/changes': { access: 'pbx', longPoll: true, request: () => ({ path: '/pbx/v1/voicemail/changes?after=0&wait=0' }) },
};

/**
 * Questions the PBX asks on behalf of a caller of company B (`from`/`user` is olga) that name
 * company A's extensions, user names and numbers: the answers must carry nothing of company A.
 * (Calls between companies go through public numbers, so dialling A's public numbers is not here.)
 */
export const PBX_QUESTIONS_OF_B: readonly string[] = [
  '/pbx/v1/route?from=olga&to=1001',
  '/pbx/v1/route?from=olga&to=1002&busy=1',
  '/pbx/v1/route?from=olga&to=alice',
  `/pbx/v1/caller-id?user=olga&requested=${q('+46855501001')}`,
  `/pbx/v1/caller-id?user=olga&requested=${q('+46855500000')}`,
  '/pbx/v1/caller-id?user=olga&requested=1001&call_id=b-asks&to=1001',
];

/** The table entry of a served route (HEAD twins use their GET's). */
export function routeCaseOf(method: string, url: string): RouteCase | undefined {
  return ROUTES[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}
