/**
 * Server configuration: environment variables, overridden by command-line flags, with defaults
 * that work on a developer machine (loopback, a SQLite file in the working directory).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

/** The PBX secret of a developer machine: refused outside development (see `loadConfig`). */
const DEV_PBX_SECRET = 'dev-pbx-secret-change-me';

export const ServerConfig = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  /** 0 asks the OS for a free port (tests). */
  port: z.int().min(0).max(65535).default(8787),
  /** Path of the SQLite file; `:memory:` is allowed for throwaway runs. */
  dbPath: z.string().min(1).default('./profile-server.sqlite'),
  /**
   * PostgreSQL instead of the SQLite file: `postgres://user:password@host:port/database`
   * (several server instances may share it). Unset: SQLite at `dbPath`.
   */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'Database URL must start with postgres:// or postgresql://')
    .optional(),
  /** Connections each instance keeps to PostgreSQL. */
  databasePoolSize: z.int().min(1).max(1000).default(10),
  /** SIP domain the users register in; also the digest realm unless `sipRealm` is set. */
  sipDomain: z.string().min(1).default('softphone.local'),
  sipRealm: z.string().min(1).optional(),
  /** Shared secret the PBX sends in `X-Pbx-Secret`. */
  pbxSecret: z.string().min(16, 'PBX secret must have at least 16 characters').default(DEV_PBX_SECRET),
  /** SIP user name the PBX routes voicemail calls to. */
  voicemailUser: z.string().min(1).default('voicemail'),
  /** Development mail port: every outgoing message is appended as one JSON line to this file. */
  mailOutbox: z.string().min(1).default('./mail-outbox.jsonl'),
  /** Public ws:// or wss:// address softphones register at (the PBX); null: not announced. */
  pbxWsUrl: z
    .string()
    .regex(/^wss?:\/\/[^\s]+$/, 'PBX WebSocket address must start with ws:// or wss://')
    .nullable()
    .default(null),
  /**
   * Every PBX proxy softphones may register at, in order (a pair of proxies: issue 15); a client
   * registers at one and moves on to the next when it fails. Environment: a comma list. Empty:
   * just `pbxWsUrl`.
   */
  pbxWsUrls: z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((url) => url.trim()).filter((url) => url !== '') : value),
    z.array(z.string().regex(/^wss?:\/\/[^\s,]+$/, 'PBX WebSocket addresses must start with ws:// or wss://')).max(16),
  ).default([]),
  /** The PBX's SIP address for desk phones (`host:port`), shown with new desk-phone credentials; null: not announced. */
  pbxSipAddress: z
    .string()
    .regex(/^[A-Za-z0-9.:[\]-]+:\d{1,5}$/, 'PBX SIP address must be host:port')
    .nullable()
    .default(null),
  /** The transport desk phones use at `pbxSipAddress`. */
  pbxSipTransport: z.enum(['udp', 'tcp', 'tls']).default('udp'),
  /**
   * Addresses of the load balancers in front of this instance (comma-separated IPs or CIDRs,
   * e.g. `127.0.0.1` or `10.0.0.0/24`): their X-Forwarded-For names the caller's address (sign-in
   * throttling, rate limits, sessions). Unset: the connection's own address.
   */
  trustProxy: z.string().min(1).optional(),
  /** Public base address used in links sent by mail. */
  publicUrl: z.string().url().optional(),
  sessionDays: z.number().positive().max(365).default(14),
  /** How long a mailed password reset link works, in minutes. */
  passwordResetMinutes: z.number().positive().max(7 * 24 * 60).default(60),
  /** Days after which a self-registration that was never confirmed is deleted (its address is free again). */
  unconfirmedDays: z.number().positive().max(365).default(7),
  /** How often expired registrations are swept, in minutes (0: never; registering sweeps too). */
  unconfirmedSweepMinutes: z.number().min(0).default(60),
  /** scrypt cost (N); lower only in tests and benchmarks. */
  scryptCost: z.int().min(2).max(1 << 20).default(16384),
  /** How often subscribed ICS calendars are fetched, in minutes (0: never). */
  calendarRefreshMinutes: z.number().min(0).default(15),
  /**
   * Development and tests only: lets calendar URLs point at loopback (127/8, ::1), which the
   * server otherwise refuses like every private address. Refused with NODE_ENV=production.
   */
  calendarAllowLoopback: z.boolean().default(false),
  /** One deadline for fetching a calendar URL (resolving, redirects, the whole body), in ms. */
  calendarFetchTimeoutMs: z.int().min(100).max(120_000).default(10_000),
  /** The largest calendar fetched or uploaded, in bytes; a download is cut off past it. */
  calendarMaxBytes: z.int().min(1024).max(50_000_000).default(5_000_000),
  /** How long the calendar worker may spend reading one calendar, in ms; then it is stopped. */
  calendarParseTimeoutMs: z.int().min(100).max(120_000).default(10_000),
  /**
   * The expansion budget of one calendar: recurrence steps (each occurrence from a series' start,
   * plus one per event). A daily series since 2015 takes ~4,000; past the budget it is refused.
   */
  calendarMaxSteps: z.int().min(100).max(10_000_000).default(100_000),
  /** Directory the server keeps call recordings in (one file per recording, names it makes). */
  recordingsDir: z.string().min(1).default('./recordings'),
  /** The largest recording the PBX may upload, in bytes (a WAV at 8 kHz is ~1 MB a minute). */
  recordingMaxBytes: z.int().min(1024).default(256 * 1024 * 1024),
  /** How often expired recordings are deleted, in minutes (0: never; the company sets the days). */
  recordingSweepMinutes: z.number().min(0).default(60),
  /** Directory the server keeps voicemail messages and users' own greetings in. */
  voicemailDir: z.string().min(1).default('./voicemail'),
  /** Voicemail messages older than this many days are deleted (0: kept until the user deletes them). */
  voicemailRetentionDays: z.number().min(0).default(90),
  /**
   * Level of the server's log (pino, JSON lines on stderr): every failed request (500) is logged
   * at `error` with its cause; `debug` adds one line per request.
   */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type ServerConfig = z.infer<typeof ServerConfig>;
export type ServerConfigInput = z.input<typeof ServerConfig>;

const ENV_KEYS: Record<keyof ServerConfig, string> = {
  host: 'PROFILE_SERVER_HOST',
  port: 'PROFILE_SERVER_PORT',
  dbPath: 'PROFILE_SERVER_DB',
  databaseUrl: 'DATABASE_URL',
  databasePoolSize: 'DATABASE_POOL_SIZE',
  sipDomain: 'SIP_DOMAIN',
  sipRealm: 'SIP_REALM',
  pbxSecret: 'PBX_SHARED_SECRET',
  pbxWsUrl: 'PBX_WS_URL',
  pbxWsUrls: 'PBX_WS_URLS',
  pbxSipAddress: 'PBX_SIP_ADDRESS',
  pbxSipTransport: 'PBX_SIP_TRANSPORT',
  voicemailUser: 'VOICEMAIL_SIP_USER',
  mailOutbox: 'MAIL_OUTBOX',
  publicUrl: 'PROFILE_SERVER_PUBLIC_URL',
  trustProxy: 'TRUST_PROXY',
  sessionDays: 'SESSION_DAYS',
  passwordResetMinutes: 'PASSWORD_RESET_MINUTES',
  unconfirmedDays: 'UNCONFIRMED_DAYS',
  unconfirmedSweepMinutes: 'UNCONFIRMED_SWEEP_MINUTES',
  scryptCost: 'SCRYPT_COST',
  calendarRefreshMinutes: 'CALENDAR_REFRESH_MINUTES',
  calendarAllowLoopback: 'CALENDAR_ALLOW_LOOPBACK',
  calendarFetchTimeoutMs: 'CALENDAR_FETCH_TIMEOUT_MS',
  calendarMaxBytes: 'CALENDAR_MAX_BYTES',
  calendarParseTimeoutMs: 'CALENDAR_PARSE_TIMEOUT_MS',
  calendarMaxSteps: 'CALENDAR_MAX_STEPS',
  logLevel: 'LOG_LEVEL',
  recordingsDir: 'RECORDINGS_DIR',
  recordingMaxBytes: 'RECORDING_MAX_BYTES',
  recordingSweepMinutes: 'RECORDING_SWEEP_MINUTES',
  voicemailDir: 'VOICEMAIL_DIR',
  voicemailRetentionDays: 'VOICEMAIL_RETENTION_DAYS',
};

const NUMERIC = new Set<keyof ServerConfig>([
  'port',
  'databasePoolSize',
  'sessionDays',
  'passwordResetMinutes',
  'unconfirmedDays',
  'unconfirmedSweepMinutes',
  'scryptCost',
  'calendarRefreshMinutes',
  'calendarFetchTimeoutMs',
  'calendarMaxBytes',
  'calendarParseTimeoutMs',
  'calendarMaxSteps',
  'recordingMaxBytes',
  'recordingSweepMinutes',
  'voicemailRetentionDays',
]);

const BOOLEAN = new Set<keyof ServerConfig>(['calendarAllowLoopback']);

export function realmOf(config: ServerConfig): string {
  return config.sipRealm ?? config.sipDomain;
}

export interface CliOptions {
  config: ServerConfig;
  demo: boolean;
}

/**
 * Reads the environment, then flags (`--port 9000 --db x.sqlite --demo`). Throws naming the bad
 * value. A value that may begin with `-` (a generated secret) must be passed as `--name=value`;
 * the launchers pass every flag that way.
 */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_KEYS) as [keyof ServerConfig, string][]) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    raw[key] = NUMERIC.has(key) ? Number(value) : BOOLEAN.has(key) ? /^(1|true|yes)$/i.test(value) : value;
  }
  const { values } = parseArgs({
    args: argv,
    options: {
      demo: { type: 'boolean', default: false },
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      'database-url': { type: 'string' },
      'sip-domain': { type: 'string' },
      'pbx-secret': { type: 'string' },
      'pbx-ws-url': { type: 'string' },
      'mail-outbox': { type: 'string' },
      'log-level': { type: 'string' },
      'pbx-ws-urls': { type: 'string' },
      'recordings-dir': { type: 'string' },
      'voicemail-dir': { type: 'string' },
    },
    strict: true,
  });
  if (values.port !== undefined) raw.port = Number(values.port);
  if (values.host !== undefined) raw.host = values.host;
  if (values.db !== undefined) raw.dbPath = values.db;
  if (values['database-url'] !== undefined) raw.databaseUrl = values['database-url'];
  if (values['sip-domain'] !== undefined) raw.sipDomain = values['sip-domain'];
  if (values['pbx-secret'] !== undefined) raw.pbxSecret = values['pbx-secret'];
  if (values['pbx-ws-url'] !== undefined) raw.pbxWsUrl = values['pbx-ws-url'];
  if (values['pbx-ws-urls'] !== undefined) raw.pbxWsUrls = values['pbx-ws-urls'];
  if (values['mail-outbox'] !== undefined) raw.mailOutbox = values['mail-outbox'];
  if (values['log-level'] !== undefined) raw.logLevel = values['log-level'];
  if (values['recordings-dir'] !== undefined) raw.recordingsDir = values['recordings-dir'];
  if (values['voicemail-dir'] !== undefined) raw.voicemailDir = values['voicemail-dir'];
  const parsed = ServerConfig.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Invalid server configuration:\n${z.prettifyError(parsed.error)}`);
  }
  refuseDevelopmentSecret(parsed.data, env);
  if (parsed.data.calendarAllowLoopback && env.NODE_ENV === 'production') {
    throw new Error(`Invalid server configuration: ${ENV_KEYS.calendarAllowLoopback} lets calendar URLs reach this machine's own services; it is for development and tests, never with NODE_ENV=production.`);
  }
  return { config: parsed.data, demo: values.demo ?? false };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * The PBX secret guards the PBX's questions (credentials, routes) and keys the PBX's signed
 * routes: the well-known default is for a developer machine only. A server that listens
 * beyond loopback, or runs with NODE_ENV=production, refuses to start with it.
 */
function refuseDevelopmentSecret(config: ServerConfig, env: NodeJS.ProcessEnv): void {
  if (config.pbxSecret !== DEV_PBX_SECRET) return;
  const production = env.NODE_ENV === 'production';
  const exposed = !LOOPBACK.test(config.host);
  if (!production && !exposed) return;
  throw new Error(
    `Invalid server configuration: the PBX secret is the development default, which anyone can read in this repository; ` +
      `set ${ENV_KEYS.pbxSecret} (or --pbx-secret) to a secret of your own ` +
      `(${production ? 'NODE_ENV is production' : `the server listens on ${config.host}, not only on loopback`}).`,
  );
}
