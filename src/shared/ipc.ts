/**
 * The one contract between the renderer and the main process. Preload, main-process handlers
 * and the end-to-end harness are all generic over it: a command is `name → {args, result}`,
 * an event is `name → payload`. Everything that crosses is parsed with these schemas on
 * both sides, so a hostile or stale payload is rejected with a message naming the field.
 *
 * Naming (as in VS Code's IPC): `area.verb` for commands; events are state slices pushed by
 * main whenever they change, so the renderer never has to poll or guess.
 */
import { acceleratorProblem } from './accelerator';
import { z } from 'zod';
import { Id, Instant, Language } from './model/common';
import { Profile } from './model/profile';
import { CompanySettings, DirectoryEntry, NumberType, Role, User } from './model/directory';
import { AdminQueue, AuditPage, AuditQuery, Device, Site, SiteAssignAnswer, SiteAssignBody, SiteInput, SitePatch, TypedQueueInput, TypedQueuePatch } from './model';
import { ManualChoice, QueueStatus, Template } from './model/state';
import {
  ApplyAudit,
  CompanyAnswer,
  CompanyRecording,
  CompanyNumbers,
  RegistrationLink,
  CreatedUserAnswer,
  CsvReport,
  CsvJob,
  CsvJobQuery,
  OwnPasswordChange,
  PasswordResetRequest,
  RegistrationInfo,
  WelcomeSent,
  CsvUpload,
  DeskPhone,
  DeskPhoneCredentials,
  DeskPhoneInput,
  DisabledBody,
  GreetingInfo,
  InvitationAnswer,
  Mailbox,
  Recording,
  RecordingAudio,
  TemplateApplyAnswer,
  VoicemailMessage,
  TemplateCloneBody,
  TemplateSaveBody,
  TemplateSummary,
  UserChanges,
  UserInput,
  UserSelection,
  Colleague,
} from './server-api';
import { CalendarStatus, TemplateApplyPreview, TemplateApplyPreviewBody } from './server-api';
import { firstIssue } from './zodIssues';
import { Announcement, AnnouncementInput, AnnouncementPatch, Application, ApplicationInput, CompanyCodes, CompanyDestinations } from './model/destinations';
import { perSyncedCommand, type syncedCommands, type SyncedCommandName } from './commands';
import { Text, TextOrLegacy } from './text';
import { adminUserCommands } from './ipc-admin-users';

const NoArgs = z.null();
/** A greeting crosses IPC as base64 within the dispatcher's 6 MB; the app sends 16 kHz mono (~2 MB a minute). */
const GREETING_BASE64_MAX = 5_500_000;
const Ok = z.object({ ok: z.literal(true) });

// ---------------------------------------------------------------------------------------------
// State slices (events)

export const Account = z.object({
  serverUrl: z.url(),
  userName: z.string(),
  userId: Id,
  displayName: z.string(),
  role: Role,
  companyName: z.string(),
  language: Language,
});
export type Account = z.infer<typeof Account>;

export const SessionState = z.object({
  status: z.enum(['signedOut', 'signingIn', 'signedIn']),
  account: Account.nullable(),
  /** Why the last sign-in failed, as a text the renderer puts into words. */
  error: Text.nullable(),
  /** Prefills the sign-in screen; never holds a secret. */
  remembered: z.object({ serverUrl: z.string(), userName: z.string(), companyName: z.string().optional() }).nullable(),
});
export type SessionState = z.infer<typeof SessionState>;

export const RegistrationState = z.object({
  status: z.enum(['unregistered', 'registering', 'registered', 'failed']),
  reason: Text.nullable(),
  since: Instant.nullable(),
});
export type RegistrationState = z.infer<typeof RegistrationState>;

export const ConnectionState = z.object({
  /** The live link with the profile server. */
  status: z.enum(['online', 'connecting', 'offline']),
  /** Commands made while offline, waiting to be replayed in order. */
  pendingCommands: z.int().min(0),
  lastSyncedAt: Instant.nullable(),
  error: Text.nullable(),
});
export type ConnectionState = z.infer<typeof ConnectionState>;

/**
 * A number the user may call out with. `type` lets every screen name the user's own numbers in
 * the user's language (`callerIdLabel`); `label` is the queue's name for a queue number.
 */
const CallerIdOption = z.object({ number: z.string(), label: z.string(), type: NumberType.optional() });
const PresentedIdentityView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('number'), number: z.string(), label: z.string(), type: NumberType.optional() }),
  z.object({ kind: z.literal('hidden') }),
]);

export const ProfilesState = z.object({
  revision: z.int().min(0),
  profiles: z.array(Profile),
  defaultProfileId: Id.nullable(),
  manualChoice: ManualChoice.nullable(),
  effective: z
    .object({
      profileId: Id,
      reason: z.enum(['manual', 'calendar', 'default']),
      since: Instant.nullable(),
      until: Instant.nullable(),
      /** Title of the calendar event that activated it, when reason is calendar. */
      eventTitle: z.string().nullable(),
      /** The user's manual choice, still running but outranked by that calendar event. */
      outrankedProfileId: Id.nullable().optional(),
    })
    .nullable(),
  queues: z.array(z.object({ id: Id, name: z.string(), number: z.string(), status: QueueStatus })),
  callerId: z.object({
    current: PresentedIdentityView,
    options: z.array(CallerIdOption),
    /** True when the profile's choice is not allowed and another number is used instead. */
    fellBack: z.boolean(),
  }),
  canEditProfiles: z.boolean(),
});
export type ProfilesState = z.infer<typeof ProfilesState>;

const CallState = z.enum(['dialing', 'ringing', 'early', 'incoming', 'active', 'held', 'ended']);
const Party = z.object({ number: z.string(), displayName: z.string().nullable() });

export const CallView = z.object({
  id: Id,
  direction: z.enum(['incoming', 'outgoing']),
  state: CallState,
  party: Party,
  /** The user's number the caller dialled (incoming), and its type. */
  calledNumber: z.string().nullable(),
  calledType: z.enum(['landline', 'internal', 'mobile', 'queue']).nullable(),
  queueName: z.string().nullable(),
  held: z.boolean(),
  muted: z.boolean(),
  startedAt: Instant,
  answeredAt: Instant.nullable(),
  endedAt: Instant.nullable(),
  /** Why the call ended or failed, as a text the renderer puts into words. */
  endReason: Text.nullable(),
  /**
   * Where the callee's profile forwarded this (outgoing) call ("voicemail", a number, a user
   * name), or where we forwarded/transferred it; absent or null when it was not.
   */
  forwardedTo: z.string().nullable().optional(),
  /** The other party put the call on hold (their re-INVITE offered sendonly or inactive media). */
  heldByOther: z.boolean().optional(),
  /** DTMF digits the other party sent during the call (SIP INFO), oldest first. */
  dtmfReceived: z.string().max(64).optional(),
});
export type CallView = z.infer<typeof CallView>;

/**
 * `declined`: the user declined a ringing call; `transferred`: the user transferred it (issue 14;
 * older entries say `rejected` / `answered` with a reason, see shared/historyCategory.ts).
 */
const CallOutcome = z.enum(['answered', 'missed', 'rejected', 'busy', 'forwarded', 'failed', 'cancelled', 'declined', 'transferred']);
export const HistoryEntry = z.object({
  id: Id,
  direction: z.enum(['incoming', 'outgoing']),
  party: Party,
  calledNumber: z.string().nullable(),
  startedAt: Instant,
  answeredAt: Instant.nullable(),
  endedAt: Instant.nullable(),
  outcome: CallOutcome,
  /** Where the call was sent, for forwarded calls ("voicemail", a number). */
  forwardedTo: z.string().nullable(),
  /** Why it ended so (a sentence stored by an older version reads as plain words). */
  reason: TextOrLegacy.nullable(),
  /**
   * The SIP Call-ID of the call, so the PBX's report of the same call (it forwarded it after
   * the softphone rang) merges into this entry instead of adding a second one, and the call's
   * recording (if any) is found.
   */
  sipCallId: z.string().max(300).nullable().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

const Shortcut = z
  .string()
  .max(60)
  .refine((value) => acceleratorProblem(value) === null, {
    message: 'Not a usable global shortcut: use modifiers and one key, like CommandOrControl+Shift+A',
  });
export const Settings = z.object({
  audioInputId: z.string().max(200).nullable(),
  audioOutputId: z.string().max(200).nullable(),
  ringerOutputId: z.string().max(200).nullable(),
  ringtone: z.enum(['classic', 'soft', 'digital']),
  shortcuts: z.object({ answer: Shortcut, hangUp: Shortcut }),
  startAtLogin: z.boolean(),
  startMinimised: z.boolean(),
  /** null: the user's language from the server. */
  language: Language.nullable(),
  /** Country calling code used to normalise national numbers typed by the user. */
  countryCode: z.string().regex(/^\d{1,3}$/),
  /** When the user last looked at their call history (the missed-calls badge counts after it). */
  historySeenAt: Instant.nullable().optional(),
});
export type Settings = z.infer<typeof Settings>;

export const Notice = z.object({
  id: Id,
  kind: z.enum(['info', 'warning', 'error']),
  text: Text,
  at: Instant,
  /**
   * What the notice is about ("audio.playback"), when the app can tell that it is over: such a
   * notice goes away by itself then (`Notices.resolve`), the user does not have to dismiss it.
   */
  topic: z.string().max(60).optional(),
});
export type Notice = z.infer<typeof Notice>;

// ---------------------------------------------------------------------------------------------
// The contract

const cmd = <A extends z.ZodType, R extends z.ZodType>(args: A, result: R) => ({ args, result });

type SyncedContract = {
  [N in SyncedCommandName]: { args: (typeof syncedCommands)[N]['args']; result: typeof Ok };
};
const syncedContract = perSyncedCommand<SyncedContract>((definition) => cmd(definition.args, Ok));

/**
 * A server address as people type it: a URL, or a host name (with port or path) that the client
 * completes with https:// (`normaliseServerUrl` in the main process checks the rest).
 */
const ServerAddress = z.string().trim().min(1).max(500);

/** A registration link's company and whether it is open, with the server address it names. */
export const RegistrationLinkAnswer = RegistrationInfo.extend({ serverUrl: z.string() });
export type RegistrationLinkAnswer = z.infer<typeof RegistrationLinkAnswer>;

/** Every command's schemas, as written (their exact types give the contract's types below). */
const schemas = {
  'session.signIn': cmd(
    z.object({
      serverUrl: ServerAddress,
      userName: z.string().min(1).max(200),
      password: z.string().min(1).max(200),
      /** Only when the server asked which company (the name is used in several). */
      company: z.string().min(1).max(200).optional(),
    }),
    SessionState,
  ),
  'session.signOut': cmd(NoArgs, Ok),
  /** Mails a password reset link (issue 12); works signed out, answered alike for unknown accounts. */
  'session.requestPasswordReset': cmd(z.object({ serverUrl: ServerAddress }).extend(PasswordResetRequest.shape), Ok),
  /** The user's own password; on success every session ends and this client signs out. */
  'account.changePassword': cmd(OwnPasswordChange, Ok),
  /** What a pasted registration link leads to (issue 13); works signed out. */
  'session.registrationInfo': cmd(z.object({ link: z.url().max(2000) }), RegistrationLinkAnswer),

  // The user's own synced commands, one line each from their definitions (src/shared/commands).
  ...syncedContract,

  'calls.dial': cmd(z.object({ target: z.string().trim().min(1).max(200) }), z.object({ callId: Id })),
  /** `others`: what happens to a call in progress (call waiting): held (default) or ended. */
  'calls.answer': cmd(z.object({ callId: Id, others: z.enum(['hold', 'end']).optional() }), Ok),
  'calls.decline': cmd(z.object({ callId: Id }), Ok),
  'calls.hangUp': cmd(z.object({ callId: Id }), Ok),
  'calls.hold': cmd(z.object({ callId: Id, hold: z.boolean() }), Ok),
  'calls.mute': cmd(z.object({ callId: Id, muted: z.boolean() }), Ok),
  'calls.dtmf': cmd(z.object({ callId: Id, tones: z.string().regex(/^[0-9*#A-D]{1,32}$/) }), Ok),
  'calls.transferBlind': cmd(z.object({ callId: Id, target: z.string().trim().min(1).max(200) }), Ok),
  'calls.transferAttended': cmd(z.object({ callId: Id, toCallId: Id }), Ok),

  'history.clear': cmd(NoArgs, Ok),
  // The user's recorded calls (their history entries show them by SIP Call-ID).
  'recordings.list': cmd(NoArgs, z.array(Recording)),
  'recordings.audio': cmd(z.object({ recordingId: Id }), RecordingAudio),
  'recordings.delete': cmd(z.object({ recordingId: Id }), Ok),
  // The user's mailbox (the list and counts are the `voicemail` slice, pushed by the server).
  'voicemail.audio': cmd(z.object({ messageId: Id }), RecordingAudio),
  'voicemail.heard': cmd(z.object({ messageId: Id, heard: z.boolean() }), VoicemailMessage),
  'voicemail.delete': cmd(z.object({ messageId: Id }), Ok),
  /** The greeting callers hear now (the user's own or the default). */
  'voicemail.greeting': cmd(NoArgs, RecordingAudio),
  /** A WAV file, base64 (recorded in the app or chosen); the server checks and converts it. */
  'voicemail.greeting.save': cmd(z.object({ base64: z.base64().min(4).max(GREETING_BASE64_MAX) }), GreetingInfo),
  'voicemail.greeting.reset': cmd(NoArgs, GreetingInfo),
  // Issue 13: the user's calendar in settings (an ICS URL or an uploaded file).
  'calendar.status': cmd(NoArgs, CalendarStatus),
  'calendar.subscribe': cmd(z.object({ url: z.url().max(2000) }), z.object({ events: z.int() })),
  'calendar.upload': cmd(z.object({ ics: z.string().min(1).max(5_000_000) }), z.object({ events: z.int() })),
  'calendar.disconnect': cmd(NoArgs, z.object({ events: z.int() })),
  'directory.search': cmd(z.object({ query: z.string().max(100) }), z.array(DirectoryEntry)),
  'settings.update': cmd(Settings.partial(), Settings),
  'notices.dismiss': cmd(z.object({ id: Id }), Ok),

  'admin.templates.list': cmd(NoArgs, z.array(TemplateSummary)),
  'admin.templates.get': cmd(z.object({ templateId: Id }), Template),
  'admin.templates.clone': cmd(TemplateCloneBody.extend({ templateId: Id }), Template),
  'admin.templates.save': cmd(TemplateSaveBody.extend({ templateId: Id }), Template),
  'admin.templates.apply': cmd(
    z.object({
      templateId: Id,
      userIds: UserSelection,
      /** Must be true: applying replaces every profile of the chosen users. */
      confirmOverwrite: z.literal(true),
    }),
    TemplateApplyAnswer,
  ),
  /** Issue 13: the apply's dry run, per user (what the admin confirms). */
  'admin.templates.applyPreview': cmd(TemplateApplyPreviewBody.extend({ templateId: Id }), TemplateApplyPreview),
  'admin.audit.list': cmd(NoArgs, z.array(ApplyAudit)),
  'admin.users.list': cmd(z.object({ includeDisabled: z.boolean().default(true) }), z.array(User)),
  'admin.users.create': cmd(UserInput, CreatedUserAnswer),
  'admin.users.update': cmd(z.object({ userId: Id, changes: UserChanges }), User),
  'admin.users.setDisabled': cmd(DisabledBody.extend({ userId: Id }), User),
  /** A new welcome mail with a one-time set-your-password link (issue 13). */
  'admin.users.sendWelcome': cmd(z.object({ userId: Id }), WelcomeSent),
  'admin.users.invite': cmd(z.object({ emails: z.array(z.email()).min(1).max(500) }), InvitationAnswer.pick({ invited: true })),
  'admin.users.csvTemplate': cmd(NoArgs, z.object({ fileName: z.string(), content: z.string() })),
  /** Every user of the company as CSV, to edit and upload again (seed 004). */
  'admin.users.csvExport': cmd(NoArgs, z.object({ fileName: z.string(), content: z.string() })),
  'admin.users.csvDryRun': cmd(CsvUpload, CsvReport),
  /** Starts the submit as a server job (issue 12); follow it with `admin.users.csvJob`. */
  'admin.users.csvSubmit': cmd(CsvUpload, CsvJob),
  'admin.users.csvJob': cmd(CsvJobQuery, CsvJob),
  'admin.devices.list': cmd(z.object({ userId: Id }), z.array(DeskPhone)),
  'admin.devices.create': cmd(DeskPhoneInput.extend({ userId: Id }), DeskPhoneCredentials),
  'admin.devices.rotate': cmd(z.object({ userId: Id, deviceId: Id }), DeskPhoneCredentials),
  'admin.devices.remove': cmd(z.object({ userId: Id, deviceId: Id }), Ok),
  'admin.company.get': cmd(NoArgs, CompanyAnswer.omit({ id: true })),
  'admin.company.update': cmd(CompanySettings.partial(), CompanySettings),
  /** The company's queues (what calls to the main number may go to). */
  'admin.queues.list': cmd(NoArgs, z.array(AdminQueue)),
  // Issue 13: queues admin and the audit log.
  'admin.queues.create': cmd(TypedQueueInput, AdminQueue),
  'admin.queues.update': cmd(TypedQueuePatch.extend({ queueId: Id }), AdminQueue),
  'admin.queues.delete': cmd(z.object({ queueId: Id }), Ok),
  'admin.queues.setMember': cmd(z.object({ queueId: Id, userId: Id, devices: z.array(Device).min(1).max(3).nullable() }), AdminQueue),
  'admin.queues.removeMember': cmd(z.object({ queueId: Id, userId: Id }), AdminQueue),
  'admin.auditLog.search': cmd(AuditQuery, AuditPage),
  // Issue 13: sites and each user's directory scope.
  'admin.sites.list': cmd(NoArgs, z.array(Site)),
  'admin.sites.create': cmd(SiteInput, Site),
  'admin.sites.update': cmd(SitePatch.extend({ siteId: Id }), Site),
  'admin.sites.delete': cmd(z.object({ siteId: Id }), Ok),
  'admin.users.assignSite': cmd(SiteAssignBody, SiteAssignAnswer),
  'admin.numbers.get': cmd(NoArgs, CompanyNumbers),
  'admin.registrationLink.get': cmd(NoArgs, RegistrationLink),
  'admin.registrationLink.rotate': cmd(NoArgs, RegistrationLink),
  'admin.recordings.list': cmd(NoArgs, z.array(CompanyRecording)),
  'admin.recordings.audio': cmd(z.object({ recordingId: Id }), RecordingAudio),
  'admin.recordings.delete': cmd(z.object({ recordingId: Id }), Ok),
  // Issue 11: announcements, applications and feature codes (admins); what profile editors pick from (everyone).
  'destinations.list': cmd(NoArgs, CompanyDestinations),
  'admin.announcements.list': cmd(NoArgs, z.array(Announcement)),
  'admin.announcements.create': cmd(AnnouncementInput, Announcement),
  'admin.announcements.update': cmd(AnnouncementPatch.extend({ announcementId: Id }), Announcement),
  'admin.announcements.delete': cmd(z.object({ announcementId: Id }), Ok),
  'admin.announcements.audio': cmd(z.object({ announcementId: Id }), RecordingAudio),
  'admin.applications.list': cmd(NoArgs, z.array(Application)),
  'admin.applications.create': cmd(ApplicationInput, Application),
  'admin.applications.update': cmd(ApplicationInput.extend({ applicationId: Id }), Application),
  'admin.applications.delete': cmd(z.object({ applicationId: Id }), Ok),
  'admin.codes.get': cmd(NoArgs, CompanyCodes),
  'admin.codes.set': cmd(CompanyCodes, CompanyCodes),
  ...adminUserCommands,
} as const;

/** A user of the admin's company changed (the server's `company-change` note). */
export const CompanyChangeNote = z.object({ userId: Id, revision: z.int(), reason: z.string() });
export type CompanyChangeNote = z.infer<typeof CompanyChangeNote>;

export const events = {
  session: SessionState,
  registration: RegistrationState,
  connection: ConnectionState,
  profiles: ProfilesState.nullable(),
  calls: z.array(CallView),
  history: z.array(HistoryEntry),
  settings: Settings,
  notices: z.array(Notice),
  /** The user's mailbox as the server last pushed it; null before the first push or signed out. */
  voicemail: Mailbox.nullable(),
  /** Admins: the latest change to any user of their company (issue 13: admin screens read again, e.g. who is paused). */
  companyChange: CompanyChangeNote.nullable(),
  /** Colleagues (the user's company) with their availability, as the server pushes it; by name. */
  people: z.array(Colleague),
} as const;

export type CommandName = keyof typeof schemas;
/** A synced command (src/shared/commands) without its line in the contract fails to compile here. */
const _everySyncedCommandIsInTheContract: SyncedCommandName extends CommandName ? true : never = true;
export type CommandArgs<N extends CommandName> = z.input<(typeof schemas)[N]['args']>;
export type CommandResult<N extends CommandName> = z.output<(typeof schemas)[N]['result']>;
/** A command's arguments after its schema parsed them (defaults applied): what handlers get. */
export type ParsedArgs<N extends CommandName> = z.output<(typeof schemas)[N]['args']>;

/**
 * The commands' schemas seen per name: indexing with a generic name `N` gives `N`'s own schemas
 * (indexing `schemas` would give the union of all of them), so generic code such as the main
 * process's command table parses and checks without casts. Checked against `schemas` key by
 * key, so it can never disagree with them.
 */
export const commands: {
  readonly [N in CommandName]: {
    readonly args: z.ZodType<ParsedArgs<N>, CommandArgs<N>>;
    readonly result: z.ZodType<CommandResult<N>>;
  };
} = schemas;
export type EventName = keyof typeof events;
export type EventPayload<N extends EventName> = z.output<(typeof events)[N]>;
export type ClientSnapshot = { [N in EventName]: EventPayload<N> };

/**
 * What a failed command carries back: a code for code, a developer message (English, for logs
 * and tests) and, where there is one, the text for people.
 */
export const CommandError = z.object({
  code: z.enum(['invalid_argument', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'offline', 'failed']),
  message: z.string(),
  text: Text.optional(),
  /** Form field path (`numbers.mobile`) → what to say next to that field (issue 13). */
  fields: z.record(z.string().max(100), Text).optional(),
});
export type CommandError = z.infer<typeof CommandError>;

/** The surface the preload exposes as `window.softphone` and the harness mirrors. */
export interface SoftphoneApi {
  invoke<N extends CommandName>(name: N, args: CommandArgs<N>): Promise<CommandResult<N>>;
  /** The current value of every slice, then changes through `on`. */
  snapshot(): Promise<ClientSnapshot>;
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
}

export const CHANNELS = {
  invoke: 'softphone:invoke',
  snapshot: 'softphone:snapshot',
  event: 'softphone:event',
} as const;

/** Parses a command's name and arguments; throws a CommandError-shaped error naming the bad field. */
export function parseCommand(name: string, args: unknown): { name: CommandName; args: ParsedArgs<CommandName> } {
  if (!isCommandName(name)) throw unknownCommand(name);
  return { name, args: parseArgs(name, args) };
}

/** Parses the arguments of a command the caller names (typed, but still checked at run time). */
export function parseArgs<N extends CommandName>(name: N, args: unknown): ParsedArgs<N> {
  if (!isCommandName(name)) throw unknownCommand(name);
  const parsed = commands[name].args.safeParse(args);
  if (!parsed.success) {
    throw commandError('invalid_argument', `${name}: ${firstIssue(parsed.error, 'arguments')}`);
  }
  return parsed.data;
}

/** Whether a string names a command of the contract (own keys only: not `toString`, …). */
function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(schemas, name);
}

function unknownCommand(name: string): SoftphoneError {
  return commandError('invalid_argument', `Unknown command "${String(name).slice(0, 60)}"`);
}

export class SoftphoneError extends Error {
  constructor(
    readonly code: CommandError['code'],
    message: string,
    /** What to show a person; without it the renderer shows `message`. */
    readonly text?: Text,
    /** What to show next to each form field the failure concerns, by field path. */
    readonly fields?: Record<string, Text>,
  ) {
    super(message);
    this.name = 'SoftphoneError';
  }
}

function commandError(code: CommandError['code'], message: string, text?: Text): SoftphoneError {
  return new SoftphoneError(code, message, text);
}
