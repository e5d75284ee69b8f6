/**
 * The Store port's statements for the records that are appended, looked up by key and pruned:
 * sessions, sign-in failures, mail tokens, the change log, idempotent answers and PBX call
 * events. `StoreOps` (store-ops.ts) adds the directory (companies, users, numbers, profiles,
 * queues, templates).
 */
import type {
  ChangeRecord,
  IdempotentAnswer,
  MailToken,
  SessionRecord,
  SignInFailure,
} from './store';
import { PbxCallEvent, type Role } from '../../shared/model';
import { AccountOps } from './account-ops';

export abstract class RecordOps extends AccountOps {
  async getSession(tokenHash: string): Promise<SessionRecord | null> {
    const row = await this.one<{ token_hash: string; user_id: string; created_at: string; expires_at: string; revoked_at: string | null; address: string | null }>(
      'SELECT * FROM sessions WHERE token_hash = ?',
      tokenHash,
    );
    return row
      ? { tokenHash: row.token_hash, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at, revokedAt: row.revoked_at, address: row.address }
      : null;
  }
  async insertSession(s: SessionRecord): Promise<void> {
    await this.run(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at, revoked_at, address) VALUES (?, ?, ?, ?, ?, ?)',
      s.tokenHash,
      s.userId,
      s.createdAt,
      s.expiresAt,
      s.revokedAt,
      s.address,
    );
  }
  async revokeSession(tokenHash: string, at: string): Promise<void> {
    await this.run('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL', at, tokenHash);
  }
  async revokeUserSessions(userId: string, at: string): Promise<void> {
    await this.run('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', at, userId);
  }
  async getSignInFailure(key: string): Promise<SignInFailure | null> {
    const row = await this.one<{ key: string; failures: number; blocked_until: string | null }>('SELECT * FROM sign_in_failures WHERE key = ?', key);
    return row ? { key: row.key, failures: row.failures, blockedUntil: row.blocked_until } : null;
  }
  async putSignInFailure(f: SignInFailure): Promise<void> {
    await this.run(
      `INSERT INTO sign_in_failures (key, failures, blocked_until) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, blocked_until = excluded.blocked_until`,
      f.key,
      f.failures,
      f.blockedUntil,
    );
  }
  async clearSignInFailure(key: string): Promise<void> {
    await this.run('DELETE FROM sign_in_failures WHERE key = ?', key);
  }

  async getMailToken(tokenHash: string): Promise<MailToken | null> {
    const row = await this.one<{ token_hash: string; purpose: 'invitation' | 'confirmation'; company_id: string; email: string; user_id: string | null; role: Role | null; created_at: string; expires_at: string; used_at: string | null }>(
      'SELECT * FROM mail_tokens WHERE token_hash = ?',
      tokenHash,
    );
    return row
      ? {
          tokenHash: row.token_hash,
          purpose: row.purpose,
          companyId: row.company_id,
          email: row.email,
          userId: row.user_id,
          role: row.role,
          createdAt: row.created_at,
          expiresAt: row.expires_at,
          usedAt: row.used_at,
        }
      : null;
  }
  async insertMailToken(t: MailToken): Promise<void> {
    await this.run(
      'INSERT INTO mail_tokens (token_hash, purpose, company_id, email, user_id, role, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      t.tokenHash,
      t.purpose,
      t.companyId,
      t.email,
      t.userId,
      t.role,
      t.createdAt,
      t.expiresAt,
      t.usedAt,
    );
  }
  async markMailTokenUsed(tokenHash: string, at: string): Promise<void> {
    await this.run('UPDATE mail_tokens SET used_at = ? WHERE token_hash = ?', at, tokenHash);
  }

  async changesSince(userId: string, after: number): Promise<ChangeRecord[]> {
    return (await this.all<{ user_id: string; revision: number; at: string; reason: string; patch_json: string }>(
      'SELECT * FROM change_log WHERE user_id = ? AND revision > ? ORDER BY revision',
      userId,
      after,
    )).map((row) => ({ userId: row.user_id, revision: row.revision, at: row.at, reason: row.reason, patch: JSON.parse(row.patch_json) as Record<string, unknown> }));
  }
  async oldestKeptRevision(userId: string): Promise<number | null> {
    return (await this.one<{ r: number | null }>('SELECT MIN(revision) AS r FROM change_log WHERE user_id = ?', userId))?.r ?? null;
  }
  async appendChange(c: ChangeRecord): Promise<void> {
    await this.run(
      'INSERT INTO change_log (user_id, revision, at, reason, patch_json) VALUES (?, ?, ?, ?, ?)',
      c.userId,
      c.revision,
      c.at,
      c.reason,
      JSON.stringify(c.patch),
    );
  }
  async pruneChanges(userId: string, keep: number): Promise<void> {
    await this.run(
      'DELETE FROM change_log WHERE user_id = ? AND revision <= (SELECT MAX(revision) FROM change_log WHERE user_id = ?) - ?',
      userId,
      userId,
      keep,
    );
  }
  async getIdempotentAnswer(userId: string, key: string): Promise<IdempotentAnswer | null> {
    const row = await this.one<{ request: string; status: number; response_json: string }>(
      'SELECT request, status, response_json FROM idempotency_keys WHERE user_id = ? AND key = ?',
      userId,
      key,
    );
    return row ? { request: row.request, status: row.status, response: JSON.parse(row.response_json) as unknown } : null;
  }
  async putIdempotentAnswer(userId: string, key: string, answer: IdempotentAnswer, at: string): Promise<void> {
    await this.run(
      'INSERT INTO idempotency_keys (user_id, key, request, status, response_json, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      userId,
      key,
      answer.request,
      answer.status,
      JSON.stringify(answer.response ?? null),
      at,
    );
  }
  async pruneIdempotentAnswers(before: string): Promise<void> {
    await this.run('DELETE FROM idempotency_keys WHERE created_at < ?', before);
  }
  async recentPbxCalls(userId: string, limit: number): Promise<PbxCallEvent[]> {
    type Row = { id: string; at: string; from_number: string; called_number: string | null; outcome: string; target: string; reason: string; sip_call_id: string | null };
    return (await this.all<Row>('SELECT * FROM pbx_call_events WHERE user_id = ? ORDER BY at DESC, rowid DESC LIMIT ?', userId, limit)).map((row) =>
      PbxCallEvent.parse({ id: row.id, at: row.at, from: row.from_number, calledNumber: row.called_number, outcome: row.outcome, target: row.target, reason: row.reason, sipCallId: row.sip_call_id }),
    );
  }
  async insertPbxCall(userId: string, c: PbxCallEvent): Promise<void> {
    await this.run(
      'INSERT INTO pbx_call_events (id, user_id, at, from_number, called_number, outcome, target, reason, sip_call_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      c.id, userId, c.at, c.from, c.calledNumber, c.outcome, c.target, c.reason, c.sipCallId ?? null,
    );
  }
  async prunePbxCalls(userId: string, keep: number): Promise<void> {
    await this.run(
      'DELETE FROM pbx_call_events WHERE user_id = ? AND id NOT IN (SELECT id FROM pbx_call_events WHERE user_id = ? ORDER BY at DESC, rowid DESC LIMIT ?)',
      userId, userId, keep,
    );
  }
}
