/**
 * The profile server's client-facing wire formats: REST bodies the desktop client sends and
 * receives, and the WebSocket sync messages. Admin bodies reuse the IPC contract's payloads
 * (`UserInput`, `CsvReport`, …) so the admin screens and the server speak the same shapes.
 *
 * REST: `Authorization: Bearer <token>`; errors are `ApiErrorBody`. Commands that change state
 * accept an `Idempotency-Key` header: a replay with the same key returns the first answer.
 *
 * WebSocket `GET /api/v1/ws`: the client sends `ClientHello` first (token there, or in the
 * `token` query parameter, or as a `bearer.<token>` subprotocol); the server answers with a
 * snapshot or the changes since `resumeFrom`, then pushes every change as it commits.
 */
import { z } from 'zod';
import { Id, Instant } from './model/common';
import { Text } from './text';
import { User } from './model/directory';
import { ProfileFields } from './model/profile';
import { QueueStatus, UserSnapshot } from './model/state';

export const API_PREFIX = '/api/v1';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

export const ApiErrorBody = z.object({
  error: z.enum([
    'invalid_argument',
    'unauthenticated',
    'forbidden',
    'not_found',
    'conflict',
    'throttled',
    'failed',
  ]),
  /** English, for people using the REST API directly and for logs. */
  message: z.string(),
  /** The same for the desktop client to put into the user's words, where the server has a key. */
  text: Text.optional(),
  details: z.unknown().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export const SignInRequest = z.object({
  /** User name or email, case-insensitive. */
  login: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(200),
});
export const SignInResponse = z.object({
  token: z.string(),
  expiresAt: Instant,
  user: User,
  companyName: z.string(),
});
export type SignInResponse = z.infer<typeof SignInResponse>;

export const SipCredentials = z.object({
  /** SIP user name (= the user name) and digest password. */
  userName: z.string(),
  password: z.string(),
  domain: z.string(),
  realm: z.string(),
  displayName: z.string(),
  /** The PBX's public ws:// or wss:// address; null when the server does not name one. */
  wsUrl: z.string().nullable(),
});
export type SipCredentials = z.infer<typeof SipCredentials>;

export const Me = z.object({ user: User, companyName: z.string() });

export const SwitchProfileCommand = z.object({
  profileId: Id,
  /** Explicit end; omitted: the profile's standard length; null: until changed. */
  until: Instant.nullable().optional(),
});
export const QueueStatusCommand = z.object({
  queueIds: z.union([z.array(Id).min(1), z.literal('all')]),
  status: QueueStatus,
});
export const CallerIdCommand = z.object({ number: z.string().max(40).nullable() });
export const UpdateProfileCommand = z.object({ fields: ProfileFields });
export const CalendarSourceCommand = z.object({ url: z.url().nullable() });

export const EffectiveProfileAnswer = z.object({
  profileId: Id.nullable(),
  profileName: z.string().nullable(),
  reason: z.enum(['manual', 'calendar', 'default']).nullable(),
  since: Instant.nullable(),
  until: Instant.nullable(),
  nextChange: Instant.nullable(),
  revision: z.int(),
});
export type EffectiveProfileAnswer = z.infer<typeof EffectiveProfileAnswer>;

/** The parts of a snapshot one change replaced (top-level keys, whole values). */
export const SnapshotPatch = UserSnapshot.omit({ userId: true, revision: true }).partial();
export type SnapshotPatch = z.infer<typeof SnapshotPatch>;

export const SyncChange = z.object({
  revision: z.int().min(1),
  at: Instant,
  /** What caused it: `profile-switch`, `template-applied`, `admin-edit`, `calendar`, … */
  reason: z.string(),
  /** A sentence for the user when someone else changed their setup (e.g. an admin's apply). */
  notice: z.string().optional(),
  patch: SnapshotPatch,
});
export type SyncChange = z.infer<typeof SyncChange>;

export const ClientHello = z.object({
  type: z.literal('hello'),
  token: z.string().optional(),
  /** The last revision the client holds; omitted: send a snapshot. */
  resumeFrom: z.int().min(0).optional(),
  /** Admins: also receive `company-change` notes for every user of their company. */
  watchCompany: z.boolean().optional(),
});
export type ClientHello = z.infer<typeof ClientHello>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), snapshot: UserSnapshot }),
  /** Catch-up after `resumeFrom` (possibly empty) and live pushes (one change each). */
  z.object({ type: z.literal('changes'), userId: Id, changes: z.array(SyncChange) }),
  z.object({
    type: z.literal('company-change'),
    userId: Id,
    revision: z.int(),
    reason: z.string(),
  }),
  /** The session ended (signed out, disabled, expired); the socket closes after this. */
  z.object({ type: z.literal('signed-out'), reason: z.string() }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

export const SelfRegistration = z.object({
  companyId: Id,
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  userName: z.string().optional(),
  password: z.string().min(8).max(200),
});
export const InvitationAcceptance = z.object({
  token: z.string().min(10).max(200),
  firstName: z.string(),
  lastName: z.string(),
  userName: z.string().optional(),
  password: z.string().min(8).max(200),
});
export const RegistrationAnswer = z.object({
  user: User,
  /** True when a confirmation link was mailed and must be followed before signing in. */
  confirmationRequired: z.boolean(),
});

