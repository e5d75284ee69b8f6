/**
 * The Store port's statements for account upkeep (issue 12): password reset links and the
 * removal of self-registrations that were never confirmed.
 */
import type { PasswordResetRecord } from './store';
import { DeviceOps } from './device-ops';

interface PasswordResetRow {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Tables whose rows belong to one user, emptied before an expired registration is deleted. */
const USER_TABLES = [
  'directory_numbers',
  'profiles',
  'queue_members',
  'sessions',
  'mail_tokens',
  'change_log',
  'idempotency_keys',
  'pbx_call_events',
  'recording_expectations',
  'devices',
  'password_resets',
  // empty for an account nobody confirmed (no numbers reach it); listed so foreign keys never block the delete
  'recordings',
  'voicemail_messages',
  'voicemail_greetings',
] as const;

export abstract class AccountOps extends DeviceOps {
  async getPasswordReset(tokenHash: string): Promise<PasswordResetRecord | null> {
    const row = await this.one<PasswordResetRow>('SELECT * FROM password_resets WHERE token_hash = ?', tokenHash);
    return row ? { tokenHash: row.token_hash, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at, usedAt: row.used_at } : null;
  }
  async insertPasswordReset(r: PasswordResetRecord): Promise<void> {
    await this.run(
      'INSERT INTO password_resets (token_hash, user_id, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?)',
      r.tokenHash,
      r.userId,
      r.createdAt,
      r.expiresAt,
      r.usedAt,
    );
  }
  async usePasswordResets(userId: string, at: string): Promise<void> {
    await this.run('UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL', at, userId);
  }
  async deleteUnconfirmedUsersCreatedBefore(before: string): Promise<{ id: string; email: string }[]> {
    // Registrations are the unconfirmed accounts with a confirmation link (an admin's unconfirmed
    // user has none); one an admin has since given recordings or audit entries to is kept.
    const expired = await this.all<{ id: string; email: string }>(
      `SELECT id, email FROM users u WHERE confirmed = 0 AND created_at < ?
         AND EXISTS (SELECT 1 FROM mail_tokens t WHERE t.user_id = u.id AND t.purpose = 'confirmation')
         AND NOT EXISTS (SELECT 1 FROM recordings r WHERE r.user_id = u.id)
         AND NOT EXISTS (SELECT 1 FROM template_applications a WHERE a.applied_by = u.id)`,
      before,
    );
    for (const { id } of expired) {
      for (const table of USER_TABLES) await this.run(`DELETE FROM ${table} WHERE user_id = ?`, id);
      await this.run('DELETE FROM users WHERE id = ?', id);
    }
    return expired;
  }
}
