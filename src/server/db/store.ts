/**
 * The data-access port. Services (never routes) talk to a `Store`; `SqliteStore` implements it
 * with better-sqlite3, `PgStore` with PostgreSQL (db/open-store.ts chooses by configuration).
 * Every method is asynchronous (a pool, `BEGIN … COMMIT` on one client). Writes happen inside
 * `write`, which runs the callback in one transaction: all of it commits or none of it does.
 * On PostgreSQL the callback may run again after a deadlock: keep side effects out of it.
 */
import type {
  AnnouncementAfterwards,
  AuditAction,
  AuditQuery,
  AuditSubject,
  Device,
  DirectoryScope,
  CalendarEvent,
  CallerIdOverride,
  Company,
  CompanySettings,
  CustomFieldValues,
  Language,
  ManualChoice,
  NumberType,
  PbxCallEvent,
  ProfileFields,
  QueueOverride,
  Role,
  UserNumbers,
} from '../../shared/model';
import type { Text } from '../../shared/text';
import type { CsvJob } from '../../shared/server-api';

export interface UserRecord {
  id: string;
  companyId: string;
  /** The sign-in name, unique per company (like the email). */
  userName: string;
  /**
   * The user's SIP account name (issue 12): digest user and address of record of their
   * softphones, unique across companies and desk phones (db/sip-names.ts).
   */
  sipUser: string;
  email: string;
  firstName: string;
  lastName: string;
  language: Language;
  role: Role;
  numbers: UserNumbers;
  customFields: CustomFieldValues;
  softphoneEnabled: boolean;
  disabled: boolean;
  confirmed: boolean;
  createdAt: string;
  /** scrypt hash, or null for accounts that have not set a password yet. */
  passwordHash: string | null;
  /**
   * Digest HA1 of the user's own SIP account, md5(sipUser:sipRealm:secret); the secret itself
   * is never stored. The softphone registers with the HA1 (sip.js `authorizationHa1`).
   */
  sipHa1: string;
  /** The realm `sipHa1` was computed for. */
  sipRealm: string;
  canEditProfiles: boolean;
  visibleColumns: string[] | null;
  revision: number;
  defaultProfileId: string | null;
  manualChoice: ManualChoice | null;
  queueOverrides: QueueOverride[];
  callerIdOverride: CallerIdOverride | null;
  calendarUrl: string | null;
  calendarEvents: CalendarEvent[];
  calendarFetchedAt: string | null;
  /** Why the last scheduled refresh of `calendarUrl` failed (null after a good one; issue 13). */
  calendarError?: { at: string; text: Text } | null;
  /** The user's site (issue 13, migration 016); null or absent: none. */
  siteId?: string | null;
  /** Whom the user's directory shows; absent: the whole company. */
  directoryScope?: DirectoryScope;
}

/** A company's site (issue 13, migration 016): a branch users can be put in. */
export interface SiteRecord {
  id: string;
  companyId: string;
  name: string;
  code: string | null;
  createdAt: string;
}

/**
 * A desk phone of a user: its own SIP account (`sipUser`, unique across users' and devices'
 * SIP names), registered as its own address of record. Only the digest HA1 of its password is
 * kept (md5(sipUser:realm:password)); the password itself is shown to the admin once.
 */
export interface DeviceRecord {
  id: string;
  companyId: string;
  userId: string;
  kind: 'deskphone';
  sipUser: string;
  label: string;
  realm: string;
  ha1: string;
  createdAt: string;
  passwordSetAt: string;
}

/** A company's announcement (issue 11); its audio (8 kHz mono 16-bit WAV) is read on its own. */
export interface AnnouncementRecord {
  id: string;
  companyId: string;
  name: string;
  afterwards: AnnouncementAfterwards;
  durationMs: number;
  createdAt: string;
  updatedAt: string;
}

/** A company's application: a name and the SIP address calls are handed to. */
export interface ApplicationRecord {
  id: string;
  companyId: string;
  name: string;
  sipUri: string;
  createdAt: string;
  updatedAt: string;
}

/** A company feature code the admin changed from its default (`code` null: switched off). */
export interface FeatureCodeRow {
  action: string;
  code: string | null;
}

export interface StoredProfile {
  id: string;
  userId: string;
  position: number;
  templateKey: string | null;
  fields: ProfileFields;
}

export interface QueueRecord {
  id: string;
  companyId: string;
  name: string;
  number: string;
  memberIds: string[];
  /** Members the admin chose queue devices for (issue 13); absent: as their profile says. */
  memberDevices?: Record<string, Device[]>;
}

/** One admin action (issue 13, migration 014): who, what, whom, when. */
export interface AuditRecord {
  id: string;
  companyId: string;
  at: string;
  actorId: string | null;
  actorName: string;
  action: AuditAction;
  subject: AuditSubject | null;
  details: Record<string, unknown>;
}

/**
 * A block of public numbers a company owns (issue 12): `firstNumber` ≤ n ≤ `lastNumber`, both
 * E.164 of the same length. Blocks of different companies never overlap.
 */
export interface NumberBlock {
  companyId: string;
  firstNumber: string;
  lastNumber: string;
  createdAt: string;
}

export interface DirectoryNumber {
  number: string;
  companyId: string;
  type: NumberType;
  userId: string | null;
  queueId: string | null;
}

export interface SessionRecord {
  tokenHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  address: string | null;
}

export interface TemplateRecord {
  id: string;
  companyId: string;
  name: string;
  builtIn: boolean;
  profiles: (ProfileFields & { key: string })[];
  updatedAt: string;
  createdAt: string;
}

export interface TemplateApplication {
  id: string;
  companyId: string;
  templateId: string;
  templateName: string;
  appliedBy: string;
  appliedAt: string;
  userIds: string[];
}

export interface MailToken {
  tokenHash: string;
  purpose: 'invitation' | 'confirmation';
  companyId: string;
  email: string;
  userId: string | null;
  role: Role | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

/** A password reset link (issue 12): only its token's SHA-256 is stored. */
export interface PasswordResetRecord {
  tokenHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface ChangeRecord {
  userId: string;
  revision: number;
  at: string;
  reason: string;
  patch: Record<string, unknown>;
}

/** A call the server told the PBX to record for a user (their profile in effect records calls). */
export interface RecordingExpectation {
  sipCallId: string;
  userId: string;
  direction: 'incoming' | 'outgoing';
  otherParty: string;
  at: string;
}

export interface RecordingRecord {
  id: string;
  companyId: string;
  userId: string;
  sipCallId: string;
  direction: 'incoming' | 'outgoing';
  otherParty: string;
  startedAt: string;
  durationMs: number;
  sizeBytes: number;
  contentType: string;
  /** Name of the file in the server's recordings directory. */
  fileName: string;
  createdAt: string;
}

/** A voicemail message in a user's mailbox (migration 009). */
export interface VoicemailRecord {
  id: string;
  companyId: string;
  userId: string;
  sipCallId: string | null;
  callerNumber: string;
  callerName: string | null;
  calledNumber: string | null;
  receivedAt: string;
  durationMs: number;
  sizeBytes: number;
  /** When the user marked it heard (or played it through); null: new. */
  heardAt: string | null;
  /** Name of the file in the server's voicemail directory. */
  fileName: string;
}

/** A user's own voicemail greeting (without one, the default in their language plays). */
export interface GreetingRecord {
  userId: string;
  companyId: string;
  durationMs: number;
  sizeBytes: number;
  fileName: string;
  updatedAt: string;
}

export interface IdempotentAnswer {
  request: string;
  status: number;
  response: unknown;
}

/** A CSV submit job as every instance sees it (issue 15; services/csv-jobs.ts). */
export interface CsvJobRecord {
  id: string;
  companyId: string;
  job: CsvJob;
  /** Touched by the instance running the job while it runs. */
  updatedAt: string;
}

export interface SignInFailure {
  key: string;
  failures: number;
  blockedUntil: string | null;
}

/** Reads; available inside and outside transactions. */
export interface StoreReader {
  getCompany(id: string): Promise<Company | null>;
  listCompanies(): Promise<Company[]>;

  getUser(id: string): Promise<UserRecord | null>;
  /** Just the revision (cheap; change recording reads it for every change). */
  getRevision(userId: string): Promise<number | null>;
  /**
   * Every user (of any company) whose user name or email is `login`, case-insensitive: the
   * candidates of a sign-in (user names and emails are unique per company only). At most 20.
   */
  findUsersByLogin(login: string): Promise<UserRecord[]>;
  /** Case-insensitive; user names are unique per company. */
  findUserByUserNameIn(companyId: string, userName: string): Promise<UserRecord | null>;
  /** The user whose own SIP account this is (case-insensitive; unique across companies). */
  findUserBySipUser(sipUser: string): Promise<UserRecord | null>;
  /** Some user with this email (emails are unique per company: prefer `findUserByEmailIn`). */
  findUserByEmail(email: string): Promise<UserRecord | null>;
  listUsers(companyId: string): Promise<UserRecord[]>;
  /**
   * These users (unknown ids left out), in id order; inside a write on PostgreSQL their rows
   * are locked until commit (in id order, so two writers of overlapping sets cannot deadlock).
   */
  getUsers(ids: readonly string[]): Promise<UserRecord[]>;
  countEnabledAdmins(companyId: string): Promise<number>;

  /** The owner of a public number (E.164, unique across companies); null for short numbers. */
  findNumber(number: string): Promise<DirectoryNumber | null>;
  /** A number of one company: its extensions (unique per company) and its public numbers. */
  findNumberIn(companyId: string, number: string): Promise<DirectoryNumber | null>;
  /** The company's number blocks, in order. */
  listNumberBlocks(companyId: string): Promise<NumberBlock[]>;
  /** The block (of any company) a public number lies in. */
  findNumberBlock(number: string): Promise<NumberBlock | null>;
  /** Blocks (of any company) that share a number with first…last. */
  overlappingNumberBlocks(firstNumber: string, lastNumber: string): Promise<NumberBlock[]>;
  /** The company whose self-registration link carries this token. */
  findCompanyByRegistrationToken(token: string): Promise<Company | null>;
  getRegistrationToken(companyId: string): Promise<string | null>;
  /** Case-insensitive; emails are unique per company. */
  findUserByEmailIn(companyId: string, email: string): Promise<UserRecord | null>;
  listNumbers(companyId: string): Promise<DirectoryNumber[]>;

  listProfiles(userId: string): Promise<StoredProfile[]>;
  /** `listProfiles` of many users in one read (a user without profiles has none in the map). */
  listProfilesOfUsers(userIds: readonly string[]): Promise<Map<string, StoredProfile[]>>;

  /** The company's sites, by name. */
  listSites(companyId: string): Promise<SiteRecord[]>;
  getSite(id: string): Promise<SiteRecord | null>;
  /** How many users (enabled or not) are in each of the company's sites. */
  countUsersBySite(companyId: string): Promise<Map<string, number>>;

  listQueues(companyId: string): Promise<QueueRecord[]>;
  getQueue(id: string): Promise<QueueRecord | null>;
  queuesOfUser(userId: string): Promise<QueueRecord[]>;

  /** The company's audit rows matching the query, newest first, one page, and how many match. */
  searchAudit(companyId: string, query: AuditQuery): Promise<{ entries: AuditRecord[]; total: number }>;

  getSession(tokenHash: string): Promise<SessionRecord | null>;
  getSignInFailure(key: string): Promise<SignInFailure | null>;

  listTemplates(companyId: string): Promise<TemplateRecord[]>;
  getTemplate(id: string): Promise<TemplateRecord | null>;
  listTemplateApplications(companyId: string): Promise<TemplateApplication[]>;

  getMailToken(tokenHash: string): Promise<MailToken | null>;
  getPasswordReset(tokenHash: string): Promise<PasswordResetRecord | null>;

  /** Changes with revision > `after`, oldest first; empty when none are kept. */
  changesSince(userId: string, after: number): Promise<ChangeRecord[]>;
  oldestKeptRevision(userId: string): Promise<number | null>;
  getIdempotentAnswer(userId: string, key: string): Promise<IdempotentAnswer | null>;
  getCsvJob(id: string): Promise<CsvJobRecord | null>;
  /** Users with a calendar URL, for the periodic fetch. */
  usersWithCalendarUrl(): Promise<UserRecord[]>;
  /** The user's newest calls the PBX forwarded, newest first. */
  recentPbxCalls(userId: string, limit: number): Promise<PbxCallEvent[]>;

  recordingExpectations(sipCallId: string): Promise<RecordingExpectation[]>;
  getRecording(id: string): Promise<RecordingRecord | null>;
  /** Newest first. */
  listUserRecordings(userId: string): Promise<RecordingRecord[]>;
  /** Newest first. */
  listCompanyRecordings(companyId: string): Promise<RecordingRecord[]>;
  /** The company's recordings that started before `before` (expired). */
  recordingsStartedBefore(companyId: string, before: string): Promise<RecordingRecord[]>;
  /** The user's desk phones, oldest first. */
  listDevices(userId: string): Promise<DeviceRecord[]>;
  getDevice(id: string): Promise<DeviceRecord | null>;
  /** Case-insensitive, like user names. */
  findDeviceBySipUser(sipUser: string): Promise<DeviceRecord | null>;
  /** The company's announcements, applications and changed feature codes (issue 11), by name. */
  listAnnouncements(companyId: string): Promise<AnnouncementRecord[]>;
  getAnnouncement(id: string): Promise<AnnouncementRecord | null>;
  getAnnouncementAudio(id: string): Promise<Buffer | null>;
  listApplications(companyId: string): Promise<ApplicationRecord[]>;
  getApplication(id: string): Promise<ApplicationRecord | null>;
  listFeatureCodes(companyId: string): Promise<FeatureCodeRow[]>;

  getVoicemail(id: string): Promise<VoicemailRecord | null>;
  /** The user's mailbox, newest first. */
  listVoicemail(userId: string): Promise<VoicemailRecord[]>;
  /** Messages (of every company) received before `before` (expired). */
  voicemailReceivedBefore(before: string): Promise<VoicemailRecord[]>;
  getGreeting(userId: string): Promise<GreetingRecord | null>;
}

/** Writes; only inside `Store.write`. */
export interface StoreWriter extends StoreReader {
  insertCompany(company: Company): Promise<void>;
  updateCompanySettings(id: string, settings: CompanySettings): Promise<void>;
  insertNumberBlock(block: NumberBlock): Promise<void>;
  setRegistrationToken(companyId: string, token: string): Promise<void>;

  insertUser(user: UserRecord): Promise<void>;
  /** Replaces every column of the user's row. */
  updateUser(user: UserRecord): Promise<void>;
  /** `updateUser` of many users (a few statements for thousands on PostgreSQL). */
  updateUsers(users: readonly UserRecord[]): Promise<void>;
  setRevision(userId: string, revision: number): Promise<void>;
  /** Replaces the numbers the user owns in the directory (throws `NumberTakenError` on a clash). */
  replaceUserNumbers(user: UserRecord): Promise<void>;

  replaceProfiles(userId: string, profiles: StoredProfile[]): Promise<void>;
  /** `replaceProfiles` of many users at once. */
  replaceProfilesOfUsers(entries: readonly { userId: string; profiles: StoredProfile[] }[]): Promise<void>;
  upsertProfile(profile: StoredProfile): Promise<void>;
  deleteProfile(profileId: string): Promise<void>;

  insertSite(site: SiteRecord): Promise<void>;
  /** Replaces the name and the code. */
  updateSite(site: SiteRecord): Promise<void>;
  /** Deletes the site (the service refuses while users are in it). */
  deleteSite(id: string): Promise<void>;

  insertQueue(queue: QueueRecord): Promise<void>;
  /** Replaces the members; `devices` gives the admin's device choice of some of them. */
  setQueueMembers(queueId: string, memberIds: string[], devices?: Record<string, Device[]>): Promise<void>;
  /** Renames / renumbers (the directory row follows; throws `NumberTakenError` on a clash). */
  updateQueue(queue: QueueRecord): Promise<void>;
  /** Deletes the queue, its members and its directory number. */
  deleteQueue(id: string): Promise<void>;
  insertAudit(entry: AuditRecord): Promise<void>;

  insertSession(session: SessionRecord): Promise<void>;
  revokeSession(tokenHash: string, at: string): Promise<void>;
  revokeUserSessions(userId: string, at: string): Promise<void>;
  /** One more failure for `key`, counted atomically; answers the stored count. */
  countSignInFailure(key: string): Promise<number>;
  blockSignIns(key: string, blockedUntil: string | null): Promise<void>;
  clearSignInFailure(key: string): Promise<void>;

  insertTemplate(template: TemplateRecord): Promise<void>;
  updateTemplate(template: TemplateRecord): Promise<void>;
  deleteTemplate(id: string): Promise<void>;
  insertTemplateApplication(application: TemplateApplication): Promise<void>;

  insertMailToken(token: MailToken): Promise<void>;
  markMailTokenUsed(tokenHash: string, at: string): Promise<void>;
  insertPasswordReset(reset: PasswordResetRecord): Promise<void>;
  /** Uses up every open reset link of the user. */
  usePasswordResets(userId: string, at: string): Promise<void>;
  /**
   * Deletes self-registrations never confirmed that were created before `before`, with the
   * rows that belong to them; answers who was deleted.
   */
  deleteUnconfirmedUsersCreatedBefore(before: string): Promise<{ id: string; email: string }[]>;

  insertPbxCall(userId: string, call: PbxCallEvent): Promise<void>;
  /** Keeps only the user's newest `keep` forwarded calls. */
  prunePbxCalls(userId: string, keep: number): Promise<void>;

  /** Adds or replaces the expectation for (call, user). */
  putRecordingExpectation(expectation: RecordingExpectation): Promise<void>;
  deleteRecordingExpectations(sipCallId: string): Promise<void>;
  /** Forgets expectations noted before `before` (calls that never produced a recording). */
  pruneRecordingExpectations(before: string): Promise<void>;
  insertRecording(recording: RecordingRecord): Promise<void>;
  deleteRecording(id: string): Promise<void>;
  /** Throws `UniqueViolationError('sipUser')` when the SIP user name is taken. */
  insertDevice(device: DeviceRecord): Promise<void>;
  /** Replaces the label and the credentials (HA1, realm, password_set_at). */
  updateDevice(device: DeviceRecord): Promise<void>;
  deleteDevice(id: string): Promise<void>;
  insertAnnouncement(announcement: AnnouncementRecord, audio: Buffer): Promise<void>;
  /** Replaces name, afterwards, length and time; the audio too when given. */
  updateAnnouncement(announcement: AnnouncementRecord, audio: Buffer | null): Promise<void>;
  deleteAnnouncement(id: string): Promise<void>;
  insertApplication(application: ApplicationRecord): Promise<void>;
  updateApplication(application: ApplicationRecord): Promise<void>;
  deleteApplication(id: string): Promise<void>;
  setFeatureCode(companyId: string, row: FeatureCodeRow): Promise<void>;

  insertVoicemail(message: VoicemailRecord): Promise<void>;
  /** Sets (or clears, with null) when the message was heard. */
  setVoicemailHeard(id: string, heardAt: string | null): Promise<void>;
  deleteVoicemail(id: string): Promise<void>;
  /** Adds or replaces the user's greeting. */
  putGreeting(greeting: GreetingRecord): Promise<void>;
  deleteGreeting(userId: string): Promise<void>;

  appendChange(change: ChangeRecord): Promise<void>;
  appendChanges(changes: readonly ChangeRecord[]): Promise<void>;
  /** Keeps only the newest `keep` changes of the user. */
  pruneChanges(userId: string, keep: number): Promise<void>;
  putIdempotentAnswer(userId: string, key: string, answer: IdempotentAnswer, at: string): Promise<void>;
  /** Forgets answers stored before `before` (a client replays within days, not months). */
  pruneIdempotentAnswers(before: string): Promise<void>;
  /** Inserts the key as taken by this transaction; false when it already exists (see record-ops.ts). */
  claimIdempotencyKey(userId: string, key: string, request: string, at: string): Promise<boolean>;
  /** One more hit of a shared rate limit's key (epoch ms); see record-ops.ts. */
  hitRateLimit(key: string, windowMs: number, now: number): Promise<{ count: number; expiresAt: number }>;
  pruneRateLimitHits(now: number): Promise<void>;
  /**
   * Waits until no other transaction (of any server instance) holds the lock `name`, then holds
   * it until this transaction ends (PostgreSQL: an advisory xact lock; SQLite: nothing to do).
   */
  lockUntilCommit(name: string): Promise<void>;
  /** Adds or replaces the job's row. */
  putCsvJob(job: CsvJobRecord): Promise<void>;
  /** Deletes jobs not touched since `before` (finished, or their instance stopped). */
  pruneCsvJobs(before: string): Promise<void>;
}

export interface Store extends StoreReader {
  /** Runs `work` in one transaction, serialised with every other write. */
  write<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T>;
  /**
   * Runs the background job `name` (a calendar round, a sweep) unless another server instance
   * on the same database runs it right now; answers whether it ran. PostgreSQL: a session
   * advisory lock, released when the job ends or its connection dies with the instance. SQLite
   * has one instance: it always runs. `skipIfRanWithinMs` (a timer's round): also skip it when a
   * round of it started that recently on any instance (PostgreSQL: table `job_runs`).
   */
  runExclusive(name: string, work: () => Promise<void>, options?: { skipIfRanWithinMs?: number }): Promise<boolean>;
  close(): Promise<void>;
}

export class NumberTakenError extends Error {
  constructor(readonly number: string) {
    super(`The number ${number} already belongs to someone else`);
  }
}

export class UniqueViolationError extends Error {
  constructor(readonly field: 'userName' | 'email' | 'templateName' | 'sipUser') {
    super(`${field} is already taken`);
  }
}
