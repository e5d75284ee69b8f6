/** What every service needs, built once by `createServer`. */
import type { FastifyBaseLogger } from 'fastify';
import type { ServerConfig } from '../config';
import type { Store } from '../db/store';
import type { MailPort } from '../mail/mail-port';
import type { PushHub } from '../push/hub';
import type { RecordingFiles } from '../recordings/files';
import type { CalendarRuntime } from './calendar';
import type { VoicemailFiles } from '../voicemail/files';
import type { CallRegistry } from './calls';

export interface ServerContext {
  config: ServerConfig;
  store: Store;
  mail: MailPort;
  hub: PushHub;
  /** The directory call recordings are kept in. */
  recordings: RecordingFiles;
  /** The directory voicemail messages and users' greetings are kept in. */
  voicemail: VoicemailFiles;
  /** Who is in a call now, as the PBX reports it. */
  calls: CallRegistry;
  /** The server's logger (Fastify's pino instance). */
  log: FastifyBaseLogger;
  /** The calendar worker and resolver (services/calendar.ts). */
  calendar: CalendarRuntime;
  /** The server's clock; tests may replace it. */
  now(): Date;
  /** Base address for links in mails. */
  publicUrl(): string;
}
