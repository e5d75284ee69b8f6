/**
 * The desktop client's one logger interface. The shell writes it to a rotating file in the user
 * data folder (`fileLogger.ts`), the development harness to stderr; the client service, the SIP
 * engine and the media bridge only see `Logger`. Every line is redacted before it is written:
 * phone numbers, SIP user names, display names and e-mail addresses never reach a log.
 */

export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const DEFAULT_LOG_LEVEL: LogLevel = 'info';
/** The environment variable that sets the level (for the app and the harness). */
const LOG_LEVEL_ENV = 'SOFTPHONE_LOG_LEVEL';

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The level named by SOFTPHONE_LOG_LEVEL (default info); an unknown name is reported. */
export function logLevelFrom(
  env: Record<string, string | undefined>,
  fallback: LogLevel = DEFAULT_LOG_LEVEL,
): { level: LogLevel; problem: string | null } {
  const raw = env[LOG_LEVEL_ENV]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return { level: fallback, problem: null };
  if ((LOG_LEVELS as readonly string[]).includes(raw))
    return { level: raw as LogLevel, problem: null };
  return {
    level: fallback,
    problem: `${LOG_LEVEL_ENV} must be one of ${LOG_LEVELS.join(', ')} (got "${raw.slice(0, 40)}"); using ${fallback}.`,
  };
}

const SIP_URI = /\b(sips?):([^@\s;:>"',]+)(?::[^@\s;>"',]*)?@/gi;
const DISPLAY_NAME = /"(?:[^"\\]|\\.)*"(\s*<sips?:)/gi;
const EMAIL = /[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;
/**
 * `+` and 6 or more digits, or 7 or more: digits with single spaces, dashes or brackets between
 * (not dots, so IP addresses stay), not glued to letters (ids) or dashes (UUIDs).
 */
const PHONE = /(?<![\w./#-])(?:\+\d(?:[\s()-]{0,2}\d){5,}|\(?\d(?:[\s()-]{0,2}\d){6,})(?![\w/-])/g;

/**
 * Masks what identifies a person: the user part of SIP URIs (`sip:[user]@pbx.example.com`),
 * quoted display names before a SIP URI, e-mail addresses (`[email]`) and phone numbers
 * (`[number]`). Hosts, ports, status codes, durations and dates stay readable.
 */
export function redact(text: string): string {
  return text
    .replace(DISPLAY_NAME, '"[name]"$1')
    .replace(SIP_URI, (_match, scheme: string) => `${scheme}:[user]@`)
    .replace(EMAIL, '[email]')
    .replace(PHONE, (match) => (ISO_DATE.test(match) ? match : '[number]'));
}

function describe(detail: unknown): string {
  if (detail instanceof Error) return detail.stack ?? `${detail.name}: ${detail.message}`;
  if (typeof detail === 'string') return detail;
  try {
    return JSON.stringify(detail) ?? String(detail);
  } catch {
    return String(detail);
  }
}

/** One log line: time, level, the redacted message and details. */
function formatLine(
  level: Exclude<LogLevel, 'silent'>,
  message: string,
  details: unknown[],
  now: Date,
): string {
  const text = [message, ...details.map(describe)].join(' ');
  return `${now.toISOString()} ${level.toUpperCase().padEnd(5)} ${redact(text)}\n`;
}

export interface LineLoggerOptions {
  level: LogLevel;
  write: (line: string) => void;
  now?: () => Date;
}

/** A Logger that drops what is below `level` and writes redacted lines. */
export function createLineLogger(options: LineLoggerOptions): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level);
  const now = options.now ?? (() => new Date());
  const at =
    (level: Exclude<LogLevel, 'silent'>) =>
    (message: string, ...details: unknown[]): void => {
      if (LOG_LEVELS.indexOf(level) < threshold) return;
      options.write(formatLine(level, message, details, now()));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Redacted lines on stderr (the development harness, tools). */
export function stderrLogger(level: LogLevel = logLevelFrom(process.env).level): Logger {
  return createLineLogger({ level, write: (line) => process.stderr.write(line) });
}

/** The same logger with a prefix on every message (say, which harness client speaks). */
export function prefixedLogger(logger: Logger, prefix: string): Logger {
  return {
    debug: (message, ...details) => logger.debug(`${prefix}${message}`, ...details),
    info: (message, ...details) => logger.info(`${prefix}${message}`, ...details),
    warn: (message, ...details) => logger.warn(`${prefix}${message}`, ...details),
    error: (message, ...details) => logger.error(`${prefix}${message}`, ...details),
  };
}
