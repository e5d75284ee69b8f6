/**
 * The profile server's client-facing wire formats: REST bodies the desktop client sends and
 * receives, and the WebSocket sync messages. The admin shapes (`UserInput`, `CsvReport`, …) live
 * here once: the server's routes declare them, the desktop IPC contract (`ipc.ts`) takes its admin
 * commands' results from them, so the admin screens and the server speak the same shapes.
 *
 * REST: `Authorization: Bearer <token>`; errors are `ApiErrorBody`. Commands that change state
 * accept an `Idempotency-Key` header: a replay with the same key returns the first answer.
 *
 * WebSocket `GET /api/v1/ws`: the client sends `ClientHello` first (token there, or in the
 * `token` query parameter, or as a `bearer.<token>` subprotocol); the server answers with a
 * snapshot or the changes since `resumeFrom`, then pushes every change as it commits.
 */
import { z } from 'zod';
import { Id, Instant, Language, PhoneNumber, SafeText } from './model/common';
import { CompanySettings, CustomFieldValues, Role, User, UserNumbers } from './model/directory';
import { Template, UserSnapshot } from './model/state';
import { DirectoryScope } from './model/sites';
import { DtmfDigit } from './pbx';
import { PasswordInput } from './rules/validation';
import { Text, TextOrLegacy } from './text';

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
  /**
   * The company (its name or id) when the user name or email is used in several companies and
   * the password fits more than one of them: sign-in then answers 409 with `details.field`
   * `company` (issue 12), and the sign-in screen asks for it.
   */
  company: z.string().trim().min(1).max(200).optional(),
});
export const SignInResponse = z.object({
  token: z.string(),
  expiresAt: Instant,
  user: User,
  companyName: z.string(),
});
export type SignInResponse = z.infer<typeof SignInResponse>;

export const SipCredentials = z.object({
  /** The user's SIP account name (issue 12): not the sign-in user name, which is unique per company only. */
  userName: z.string(),
  /** Digest HA1, md5(SIP name:realm:secret), hex: what the softphone authenticates with (the server keeps no password). */
  ha1: z.string().regex(/^[0-9a-f]{32}$/),
  domain: z.string(),
  realm: z.string(),
  displayName: z.string(),
  /** The PBX's public ws:// or wss:// address; null when the server does not name one. */
  wsUrl: z.string().nullable(),
  /**
   * Every PBX proxy to register at, in order (a pair: issue 15); the client moves on to the next
   * when one fails. Absent from older servers: then just `wsUrl`.
   */
  wsUrls: z.array(z.string()).optional(),
});
export type SipCredentials = z.infer<typeof SipCredentials>;

export const Me = z.object({ user: User, companyName: z.string() });

export const CalendarSourceCommand = z.object({ url: z.url().nullable() });

/** A calendar event that switches one of the user's profiles (its trigger words match the title). */
const CalendarSwitch = z.object({
  title: z.string(),
  start: Instant,
  end: Instant,
  profileId: Id,
  profileName: z.string(),
});
/**
 * `GET /me/calendar`: the connected calendar (a subscribed URL, an uploaded file, or none), when
 * it was last read, why the last scheduled refresh failed (in words; null after a good one),
 * and the next events that switch a profile.
 */
export const CalendarStatus = z.object({
  source: z.enum(['url', 'file', 'none']),
  url: z.string().nullable(),
  syncedAt: Instant.nullable(),
  events: z.int(),
  error: z.object({ at: Instant, text: Text }).nullable(),
  switches: z.array(CalendarSwitch),
});
export type CalendarStatus = z.infer<typeof CalendarStatus>;

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
  /** What to tell the user when someone else changed their setup (e.g. an admin's apply). */
  notice: TextOrLegacy.optional(),
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

/** A voicemail message as its user sees it (issue 11 "Voicemail"); the audio is fetched apart. */
export const VoicemailMessage = z.object({
  id: Id,
  /** Who called: a number, a user name or `anonymous`. */
  callerNumber: z.string().max(200),
  callerName: z.string().max(200).nullable(),
  /** The user's number the caller dialled, when known. */
  calledNumber: z.string().max(200).nullable(),
  receivedAt: Instant,
  durationSeconds: z.number().min(0),
  heard: z.boolean(),
});
export type VoicemailMessage = z.infer<typeof VoicemailMessage>;

/** The greeting callers hear: the user's own (recorded or uploaded) or the default one. */
export const GreetingInfo = z.object({
  custom: z.boolean(),
  durationSeconds: z.number().min(0),
  /** When the user's own greeting was saved; null for the default. */
  updatedAt: Instant.nullable(),
});
export type GreetingInfo = z.infer<typeof GreetingInfo>;

/** A user's mailbox: what the Voicemail view lists and the badge counts (`newCount`). */
export const Mailbox = z.object({
  /** Newest first. */
  messages: z.array(VoicemailMessage),
  newCount: z.int().min(0),
  heardCount: z.int().min(0),
  greeting: GreetingInfo,
});
export type Mailbox = z.infer<typeof Mailbox>;

/** `PUT /me/voicemail/:messageId/heard`. */
export const HeardBody = z.object({ heard: z.boolean() });

/**
 * A colleague as every member of the company sees them (issue 14, seed 001 "to show your
 * colleagues if you are available"): who, their numbers (so calls show names), the profile in
 * effect, whether it is an available one, until when (a timed choice or a calendar event; null:
 * until changed), and whether any of their devices is in an answered call.
 */
export const Colleague = z.object({
  id: Id,
  firstName: z.string(),
  lastName: z.string(),
  userName: z.string(),
  numbers: UserNumbers,
  profile: z.object({ name: z.string(), available: z.boolean(), until: Instant.nullable() }).nullable(),
  inCall: z.boolean(),
});
export type Colleague = z.infer<typeof Colleague>;

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
  z.object({ type: z.literal('signed-out'), reason: z.string(), text: Text.optional() }),
  z.object({ type: z.literal('error'), message: z.string() }),
  /**
   * A DTMF digit the PBX's media relay saw in a call the user is in (RFC 4733 from the other
   * side: WebRTC reports none it receives). Not a change: sent once to the sockets connected
   * then. `sourceTag` is the SIP tag of the side that sent it (a phone ignores its own).
   */
  z.object({ type: z.literal('call-dtmf'), sipCallId: z.string(), digit: DtmfDigit, sourceTag: z.string() }),
  /**
   * The user's whole mailbox: sent after the hello's answer and again whenever it changes (a
   * new message, heard, deleted, greeting changed). Not a revisioned change: the newest wins.
   */
  z.object({ type: z.literal('voicemail'), mailbox: Mailbox }),
  /**
   * Colleagues' availability (the caller's company only): after the hello the whole company
   * (`complete`), then each change (`people` changed or added, `removed` disabled users).
   */
  z.object({ type: z.literal('presence'), complete: z.boolean(), people: z.array(Colleague), removed: z.array(Id) }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** `POST /register`: through a company's registration link (its token), never a company id. */
export const SelfRegistration = z.object({
  registrationToken: z.string().min(1).max(200),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  userName: z.string().optional(),
  password: PasswordInput,
  /** The language the person registers in: their mails are written in it (issue 13). */
  language: Language.optional(),
});
export const InvitationAcceptance = z.object({
  token: z.string().min(10).max(200),
  firstName: z.string(),
  lastName: z.string(),
  userName: z.string().optional(),
  password: PasswordInput,
  language: Language.optional(),
});
/** The one answer to every well-formed self-registration: what happened is mailed (issue 12). */
export const RegistrationReceived = z.object({ received: z.literal(true) });
/** `GET /admin/registration-link`: the company's self-registration link (rotate: POST). */
/** `GET /api/v1/registration?token=`: what a registration link leads to (public; the link is the secret). */
export const RegistrationInfo = z.object({ company: z.string(), open: z.boolean(), pageUrl: z.string() });
export type RegistrationInfo = z.infer<typeof RegistrationInfo>;
/** `POST /admin/users/:userId/welcome`: where the new welcome mail went and how long its link works. */
export const WelcomeSent = z.object({ email: z.string(), days: z.int() });
export type WelcomeSent = z.infer<typeof WelcomeSent>;
export const RegistrationLink = z.object({ token: z.string(), url: z.string() });
export type RegistrationLink = z.infer<typeof RegistrationLink>;
/** `GET /admin/numbers`: the company's number blocks and who has which of its numbers. */
export const CompanyNumbers = z.object({
  blocks: z.array(z.object({ firstNumber: z.string(), lastNumber: z.string() })),
  numbers: z.array(
    z.object({
      number: z.string(),
      type: z.string(),
      /** The user's or queue's name; null for the main number. */
      holder: z.string().nullable(),
    }),
  ),
});
export type CompanyNumbers = z.infer<typeof CompanyNumbers>;
/** `POST /me/password` (issue 12): every session of the account ends, this one included. */
export const OwnPasswordChange = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: PasswordInput,
});
/** `POST /password-reset/request`: answered alike whether the account exists or not. */
export const PasswordResetRequest = z.object({
  /** User name or email, case-insensitive. */
  login: z.string().trim().min(1).max(200),
});
/** `POST /password-reset`: the mailed link's token and the new password. */
export const PasswordReset = z.object({
  token: z.string().min(10).max(200),
  password: PasswordInput,
});

export const RegistrationAnswer = z.object({
  user: User,
  /** True when a confirmation link was mailed and must be followed before signing in. */
  confirmationRequired: z.boolean(),
});


// ---------------------------------------------------------------------------------------------
// Admin (`/api/v1/admin/…`): request and answer bodies

/** The users a template (or a mass edit) is for: some, or everyone in the company. */
export const UserSelection = z.union([z.array(Id).min(1), z.literal('all')]);
/** `POST /admin/templates/:templateId/clone`. */
export const TemplateCloneBody = z.object({ name: SafeText().trim().min(1).max(80) });
/** `PUT /admin/templates/:templateId`: rename and replace the (ordered) profiles. */
export const TemplateSaveBody = TemplateCloneBody.extend({ profiles: Template.shape.profiles });
/** `POST /admin/templates/:templateId/apply`; the server refuses it without `confirmOverwrite: true`. */
export const TemplateApplyBody = z.object({ userIds: UserSelection, confirmOverwrite: z.boolean().optional() });

export const TemplateSummary = Template.pick({ id: true, name: true, builtIn: true, updatedAt: true }).extend({
  profileCount: z.int(),
});
export type TemplateSummary = z.infer<typeof TemplateSummary>;
export const TemplateApplyAnswer = z.object({ applied: z.int(), auditId: Id });
/** `POST /admin/templates/:templateId/apply-preview`: who would change how (a dry run of the apply). */
export const TemplateApplyPreviewBody = z.object({ userIds: UserSelection });
/** The profile fields a changed profile differs in (`ProfileFields` keys; the renderer names them). */
const TemplatePreviewChange = z.object({ name: z.string(), previousName: z.string().nullable(), fields: z.array(z.string()) });
export const TemplateApplyPreview = z.object({
  users: z.array(
    z.object({
      userId: Id,
      userName: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      added: z.array(z.string()),
      changed: z.array(TemplatePreviewChange),
      removed: z.array(z.string()),
      /** The default profile before and after, when it changes. */
      defaultProfile: z.object({ from: z.string().nullable(), to: z.string().nullable() }).nullable(),
      /** The user's manual choice that would be dropped, and the default profile they fall back to. */
      fallback: z.object({ from: z.string(), to: z.string().nullable() }).nullable(),
    }),
  ),
});
export type TemplateApplyPreview = z.infer<typeof TemplateApplyPreview>;
export const ApplyAudit = z.object({
  id: Id,
  templateId: Id,
  templateName: z.string(),
  appliedBy: z.string(),
  appliedAt: Instant,
  userIds: z.array(Id),
});
export type ApplyAudit = z.infer<typeof ApplyAudit>;

/**
 * A user's numbers as an admin types them (issue 13): national spellings (`070-123 45 67`) are
 * accepted and stored in E.164 by the server, which validates the stored form.
 */
const TypedUserNumbers = z.object({
  extension: z.string().max(40).nullable().optional(),
  landline: z.string().max(40).nullable().optional(),
  mobile: z.string().max(40).nullable().optional(),
  /** Seed 003 "Allowed Extensions": more extensions that ring the same user. */
  extraExtensions: z.array(z.string().max(40)).max(10).optional(),
});
export const UserInput = z.object({
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  userName: z.string().optional(),
  language: Language.default('en'),
  role: Role.default('user'),
  numbers: TypedUserNumbers.optional(),
  customFields: CustomFieldValues.optional(),
  softphoneEnabled: z.boolean().default(true),
  confirmed: z.boolean().default(true),
  /** Omitted with `randomPassword` true: the server generates one and returns it once. */
  password: PasswordInput.optional(),
  randomPassword: z.boolean().optional(),
  sendWelcomeEmail: z.boolean().optional(),
  /** The user's site (issue 13): one of the company's sites, or null for none. */
  siteId: Id.nullable().optional(),
  directoryScope: DirectoryScope.optional(),
});
export type UserInput = z.input<typeof UserInput>;
/** A created user, with the generated password when one was asked for (shown once). */
export const CreatedUserAnswer = z.object({ user: User, password: z.string().nullable() });
/**
 * An edit of a user: only the fields given change. Spelled out rather than
 * `UserInput.partial()`, which keeps UserInput's defaults and would turn an edit of an admin's
 * name into `role: 'user'`. The server validates the merged result.
 */
export const UserChanges = z.object({
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  email: z.string().optional(),
  userName: z.string().optional(),
  language: Language.optional(),
  role: Role.optional(),
  numbers: TypedUserNumbers.optional(),
  customFields: CustomFieldValues.optional(),
  softphoneEnabled: z.boolean().optional(),
  confirmed: z.boolean().optional(),
  password: PasswordInput.optional(),
  siteId: Id.nullable().optional(),
  directoryScope: DirectoryScope.optional(),
});
export type UserChanges = z.input<typeof UserChanges>;
/** `PATCH /admin/users/:userId`: an edit plus the admin's profile lock. */
export const UserPatch = UserChanges.extend({ canEditProfiles: z.boolean().optional() });
export type UserPatch = z.infer<typeof UserPatch>;
/** `PUT /admin/users/:userId/disabled`. */
export const DisabledBody = z.object({ disabled: z.boolean() });

export const InvitationAnswer = z.object({
  invited: z.int(),
  skipped: z.array(z.object({ email: z.string(), reason: z.string() })),
});

/** The largest users CSV accepted, in characters. */
export const CSV_MAX_CHARS = 5_000_000;
/** A users CSV as JSON (the routes also take the raw `text/csv` body). */
export const CsvUpload = z.object({ content: z.string().max(CSV_MAX_CHARS) });
export const CsvReport = z.object({
  create: z.array(z.object({ line: z.int(), userName: z.string(), email: z.string() })),
  change: z.array(z.object({ line: z.int(), id: Id, userName: z.string(), fields: z.array(z.string()) })),
  invalid: z.array(
    z.object({
      line: z.int(),
      reason: z.string(),
      problems: z.array(z.string()),
      /** The same problems as texts, in the admin's language where shown, each naming its column (issue 13). */
      texts: z.array(Text).optional(),
    }),
  ),
});
export type CsvReport = z.infer<typeof CsvReport>;
const CsvSubmitAnswer = z.object({ created: z.int(), changed: z.int() });
/**
 * A CSV submit as the server runs it (issue 12): `POST /admin/users/csv/submit` verifies the
 * file at once (invalid rows: 400 as from the dry run) and answers 202 with the job, which hashes
 * the rows' passwords (`done` of `total` rows) and then commits every row or none. The admin's
 * client follows `GET /admin/users/csv/jobs/:jobId` until `state` is `committed` (with `result`)
 * or `failed` (with `error`, nothing changed).
 */
export const CsvJob = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'committed', 'failed']),
  done: z.int(),
  total: z.int(),
  result: CsvSubmitAnswer.nullable(),
  error: ApiErrorBody.nullable(),
});
export type CsvJob = z.infer<typeof CsvJob>;
export const CsvJobQuery = z.object({ jobId: z.string().min(1).max(100) });

/** A user's desk phone as admins see it (issue 10 "Devices"); the password is never shown again. */
export const DeskPhone = z.object({
  id: Id,
  userId: Id,
  /** The desk phone's own SIP user name (digest user and address of record). */
  sipUser: z.string(),
  label: z.string(),
  createdAt: Instant,
  passwordSetAt: Instant,
});
export type DeskPhone = z.infer<typeof DeskPhone>;
/** `POST /admin/users/:userId/devices`. */
export const DeskPhoneInput = z.object({ label: z.string().trim().min(1).max(80) });
/** A new or rotated desk phone with what to type into it; the password is shown this once. */
export const DeskPhoneCredentials = z.object({
  device: DeskPhone,
  password: z.string(),
  domain: z.string(),
  realm: z.string(),
  /** `host:port` of the PBX for SIP phones; null when the server does not name one. */
  pbxAddress: z.string().nullable(),
  transport: z.enum(['udp', 'tcp', 'tls']),
});
export type DeskPhoneCredentials = z.infer<typeof DeskPhoneCredentials>;

export const CompanyAnswer = z.object({ id: Id, name: z.string(), mainNumber: PhoneNumber.nullable(), settings: CompanySettings });

/**
 * A recorded call (seed 001: "for which profiles your calls are recorded"): one file with both
 * directions, owned by the user whose profile had recording on when the call started.
 */
export const Recording = z.object({
  id: Id,
  /** SIP Call-ID of the call, matching the call's history entry. */
  sipCallId: z.string().max(300),
  direction: z.enum(['incoming', 'outgoing']),
  /** The other party as the PBX saw it: a number, a user name or `anonymous`. */
  otherParty: z.string().max(200),
  startedAt: Instant,
  durationSeconds: z.number().min(0),
  sizeBytes: z.int().min(0),
  contentType: z.string().max(100),
});
export type Recording = z.infer<typeof Recording>;

/** A recording as the company's admins list it: whose call it was. */
export const CompanyRecording = Recording.extend({
  userId: Id,
  userName: z.string(),
  userDisplayName: z.string(),
});
export type CompanyRecording = z.infer<typeof CompanyRecording>;

/** A recording's audio for the desktop client: its bytes, base64 (IPC and the harness carry JSON). */
export const RecordingAudio = z.object({ contentType: z.string().max(100), base64: z.string() });
export type RecordingAudio = z.infer<typeof RecordingAudio>;
