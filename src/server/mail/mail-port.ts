/** Outgoing mail. Production would plug an SMTP adapter in here; development writes a file. */
import { appendFile } from 'node:fs/promises';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The one-time link the message carries, if any (invitation, confirmation). */
  link?: string;
  kind: 'invitation' | 'confirmation' | 'welcome' | 'registration';
}

export interface MailPort {
  send(message: MailMessage): Promise<void>;
}

/** Appends each message as one JSON line (with `sentAt`) to a file tests and developers can read. */
export class FileOutbox implements MailPort {
  constructor(private readonly path: string) {}

  async send(message: MailMessage): Promise<void> {
    await appendFile(this.path, JSON.stringify({ ...message, sentAt: new Date().toISOString() }) + '\n', 'utf8');
  }
}
