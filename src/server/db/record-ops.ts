/**
 * The Store port's statements for the records that are appended, looked up by key and pruned:
 * sessions, sign-in failures, mail tokens, the change log, idempotent answers and PBX call
 * events. `StoreOps` (store-ops.ts) adds the directory (companies, users, numbers, profiles,
 * queues, templates).
 */
import type { CsvJob } from '../../shared/server-api';
import type {
  ChangeRecord,
  CsvJobRecord,
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
  /**
   * Counts one more failed sign-in for `key` in one statement (`failures + 1` in the upsert,
   * so concurrent failures on several instances are all counted) and answers the new count.
   */
  async countSignInFailure(key: string): Promise<number> {
    const row = await this.one<{ failures: number }>(
      `INSERT INTO sign_in_failures (key, failures, blocked_until) VALUES (?, 1, NULL)
       ON CONFLICT(key) DO UPDATE SET failures = sign_in_failures.failures + 1
       RETURNING failures`,
      key,
    );
    return row?.failures ?? 1;
  }
  async blockSignIns(key: string, blockedUntil: string | null): Promise<void> {
    await this.run('UPDATE sign_in_failures SET blocked_until = ? WHERE key = ?', blockedUntil, key);
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
  async appendChanges(changes: readonly ChangeRecord[]): Promise<void> {
    if (changes.length === 0) return;
    await this.insertRows('change_log', changes.map((c) => ({ user_id: c.userId, revision: c.revision, at: c.at, reason: c.reason, patch_json: JSON.stringify(c.patch) })));
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
  /**
   * Claims `key` for this transaction: true when this call inserted it (the command may run),
   * false when it exists. On PostgreSQL a claim by a transaction still open elsewhere (another
   * instance running the same command) makes this wait until that one commits or rolls back.
   */
  async claimIdempotencyKey(userId: string, key: string, request: string, at: string): Promise<boolean> {
    const row = await this.one<{ key: string }>(
      `INSERT INTO idempotency_keys (user_id, key, request, status, response_json, created_at) VALUES (?, ?, ?, 0, 'null', ?)
       ON CONFLICT (user_id, key) DO NOTHING RETURNING key`,
      userId,
      key,
      request,
      at,
    );
    return row !== null;
  }
  /** Stores the answer of a command whose key this transaction claimed (or inserts it). */
  async putIdempotentAnswer(userId: string, key: string, answer: IdempotentAnswer, at: string): Promise<void> {
    await this.run(
      `INSERT INTO idempotency_keys (user_id, key, request, status, response_json, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_id, key) DO UPDATE SET request = excluded.request, status = excluded.status, response_json = excluded.response_json`,
      userId,
      key,
      answer.request,
      answer.status,
      JSON.stringify(answer.response ?? null),
      at,
    );
  }
  /**
   * One more hit of a rate limit's `key` (issue 15: shared by every instance on the database),
   * in one statement: a window that has ended starts again at `now` with count 1. Answers the
   * count in the window and when the window ends (epoch ms).
   */
  async hitRateLimit(key: string, windowMs: number, now: number): Promise<{ count: number; expiresAt: number }> {
    const row = await this.one<{ hits: number; expires_at: number }>(
      `INSERT INTO rate_limit_hits (key, window_start, expires_at, hits) VALUES (?, ?, ?, 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limit_hits.expires_at <= excluded.window_start THEN 1 ELSE rate_limit_hits.hits + 1 END,
         window_start = CASE WHEN rate_limit_hits.expires_at <= excluded.window_start THEN excluded.window_start ELSE rate_limit_hits.window_start END,
         expires_at = CASE WHEN rate_limit_hits.expires_at <= excluded.window_start THEN excluded.expires_at ELSE rate_limit_hits.expires_at END
       RETURNING hits, expires_at`,
      key,
      now,
      now + windowMs,
    );
    if (!row) throw new Error('The rate limit upsert answered no row');
    return { count: Number(row.hits), expiresAt: Number(row.expires_at) };
  }
  /** Deletes rate limit windows that ended before `now` (epoch ms). */
  async pruneRateLimitHits(now: number): Promise<void> {
    await this.run('DELETE FROM rate_limit_hits WHERE expires_at < ?', now);
  }
  async pruneIdempotentAnswers(before: string): Promise<void> {
    await this.run('DELETE FROM idempotency_keys WHERE created_at < ?', before);
  }
  async getCsvJob(id: string): Promise<CsvJobRecord | null> {
    const row = await this.one<{ id: string; company_id: string; job_json: string; updated_at: string }>('SELECT * FROM csv_jobs WHERE id = ?', id);
    return row ? { id: row.id, companyId: row.company_id, job: JSON.parse(row.job_json) as CsvJob, updatedAt: row.updated_at } : null;
  }
  async putCsvJob(r: CsvJobRecord): Promise<void> {
    await this.run(
      `INSERT INTO csv_jobs (id, company_id, job_json, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET job_json = excluded.job_json, updated_at = excluded.updated_at`,
      r.id,
      r.companyId,
      JSON.stringify(r.job),
      r.updatedAt,
    );
  }
  async pruneCsvJobs(before: string): Promise<void> {
    await this.run('DELETE FROM csv_jobs WHERE updated_at < ?', before);
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
