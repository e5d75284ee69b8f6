/**
 * The Store port's statements for SQLite, bound to one better-sqlite3 connection. `SqliteStore`
 * (sqlite-store.ts) owns the connections and transactions and uses one of these per connection.
 */
import type Database from 'better-sqlite3';
import {
  companyFromRow,
  profileFromRow,
  templateFromRow,
  userFromRow,
  userToRow,
  type CompanyRow,
  type ProfileRow,
  type TemplateRow,
  type UserRow,
} from './sqlite-rows';
import {
  NumberTakenError,
  UniqueViolationError,
  type ChangeRecord,
  type DirectoryNumber,
  type IdempotentAnswer,
  type MailToken,
  type QueueRecord,
  type SessionRecord,
  type SignInFailure,
  type StoreWriter,
  type StoredProfile,
  type TemplateApplication,
  type TemplateRecord,
  type UserRecord,
} from './store';
import { PbxCallEvent, type Company, type CompanySettings, type NumberType, type Role } from '../../shared/model';

function translateConstraint(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  if (/UNIQUE constraint failed: users\.user_name/.test(message)) throw new UniqueViolationError('userName');
  if (/UNIQUE constraint failed: users\.email/.test(message)) throw new UniqueViolationError('email');
  if (/UNIQUE constraint failed: templates\./.test(message)) throw new UniqueViolationError('templateName');
  throw error;
}

/** All the statements, bound to one connection. */
export class SqliteOps implements StoreWriter {
  /** Prepared once per connection: preparing is a large share of a small statement's cost. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }
  private all<T>(sql: string, ...params: unknown[]): T[] {
    return this.prepare(sql).all(...params) as T[];
  }
  private one<T>(sql: string, ...params: unknown[]): T | null {
    return (this.prepare(sql).get(...params) as T | undefined) ?? null;
  }
  private run(sql: string, ...params: unknown[]): void {
    try {
      this.prepare(sql).run(...params);
    } catch (error) {
      translateConstraint(error);
    }
  }

  async getCompany(id: string): Promise<Company | null> {
    const row = this.one<CompanyRow>('SELECT * FROM companies WHERE id = ?', id);
    return row ? companyFromRow(row) : null;
  }
  async listCompanies(): Promise<Company[]> {
    return this.all<CompanyRow>('SELECT * FROM companies ORDER BY name').map(companyFromRow);
  }
  async insertCompany(company: Company): Promise<void> {
    this.run(
      'INSERT INTO companies (id, name, main_number, settings_json) VALUES (?, ?, ?, ?)',
      company.id,
      company.name,
      company.mainNumber,
      JSON.stringify(company.settings),
    );
  }
  async updateCompanySettings(id: string, settings: CompanySettings): Promise<void> {
    this.run('UPDATE companies SET settings_json = ? WHERE id = ?', JSON.stringify(settings), id);
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const row = this.one<UserRow>('SELECT * FROM users WHERE id = ?', id);
    return row ? userFromRow(row) : null;
  }
  async findUserByLogin(login: string): Promise<UserRecord | null> {
    const row = this.one<UserRow>('SELECT * FROM users WHERE user_name = ? OR email = ? LIMIT 1', login, login);
    return row ? userFromRow(row) : null;
  }
  async findUserByUserName(userName: string): Promise<UserRecord | null> {
    const row = this.one<UserRow>('SELECT * FROM users WHERE user_name = ?', userName);
    return row ? userFromRow(row) : null;
  }
  async findUserByEmail(email: string): Promise<UserRecord | null> {
    const row = this.one<UserRow>('SELECT * FROM users WHERE email = ?', email);
    return row ? userFromRow(row) : null;
  }
  async listUsers(companyId: string): Promise<UserRecord[]> {
    return this.all<UserRow>('SELECT * FROM users WHERE company_id = ? ORDER BY created_at, user_name', companyId).map(
      userFromRow,
    );
  }
  async countEnabledAdmins(companyId: string): Promise<number> {
    return (
      this.one<{ n: number }>(
        "SELECT COUNT(*) AS n FROM users WHERE company_id = ? AND role = 'admin' AND disabled = 0",
        companyId,
      )?.n ?? 0
    );
  }
  async insertUser(user: UserRecord): Promise<void> {
    const row = userToRow(user);
    const columns = Object.keys(row);
    this.run(
      `INSERT INTO users (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`,
      row,
    );
  }
  async updateUser(user: UserRecord): Promise<void> {
    const row = userToRow(user);
    const columns = Object.keys(row).filter((c) => c !== 'id');
    this.run(`UPDATE users SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`, row);
  }
  async getRevision(userId: string): Promise<number | null> {
    return this.one<{ revision: number }>('SELECT revision FROM users WHERE id = ?', userId)?.revision ?? null;
  }
  async setRevision(userId: string, revision: number): Promise<void> {
    this.run('UPDATE users SET revision = ? WHERE id = ?', revision, userId);
  }
  async replaceUserNumbers(user: UserRecord): Promise<void> {
    this.run('DELETE FROM directory_numbers WHERE user_id = ?', user.id);
    const entries: [string, NumberType][] = [];
    if (user.numbers.extension) entries.push([user.numbers.extension, 'internal']);
    for (const extra of user.numbers.extraExtensions) entries.push([extra, 'internal']);
    if (user.numbers.landline) entries.push([user.numbers.landline, 'landline']);
    if (user.numbers.mobile) entries.push([user.numbers.mobile, 'mobile']);
    const insert = this.prepare(
      'INSERT INTO directory_numbers (number, company_id, type, user_id, queue_id) VALUES (?, ?, ?, ?, NULL)',
    );
    for (const [number, type] of entries) {
      try {
        insert.run(number, user.companyId, type, user.id);
      } catch (error) {
        if (error instanceof Error && /UNIQUE|PRIMARY KEY/.test(error.message)) throw new NumberTakenError(number);
        throw error;
      }
    }
  }
  async findNumber(number: string): Promise<DirectoryNumber | null> {
    const row = this.one<{ number: string; company_id: string; type: NumberType; user_id: string | null; queue_id: string | null }>(
      'SELECT * FROM directory_numbers WHERE number = ?',
      number,
    );
    return row
      ? { number: row.number, companyId: row.company_id, type: row.type, userId: row.user_id, queueId: row.queue_id }
      : null;
  }
  async listNumbers(companyId: string): Promise<DirectoryNumber[]> {
    return this.all<{ number: string; company_id: string; type: NumberType; user_id: string | null; queue_id: string | null }>(
      'SELECT * FROM directory_numbers WHERE company_id = ? ORDER BY number',
      companyId,
    ).map((row) => ({ number: row.number, companyId: row.company_id, type: row.type, userId: row.user_id, queueId: row.queue_id }));
  }

  async listProfiles(userId: string): Promise<StoredProfile[]> {
    return this.all<ProfileRow>('SELECT * FROM profiles WHERE user_id = ? ORDER BY position', userId).map(profileFromRow);
  }
  async replaceProfiles(userId: string, profiles: StoredProfile[]): Promise<void> {
    // Rows that stay (same id) are updated in place; only the others are deleted, which keeps
    // re-applying a template from churning the table's indexes.
    const keep = new Set(profiles.map((p) => p.id));
    for (const { id } of this.all<{ id: string }>('SELECT id FROM profiles WHERE user_id = ?', userId)) {
      if (!keep.has(id)) this.run('DELETE FROM profiles WHERE id = ?', id);
    }
    for (const profile of profiles) await this.upsertProfile(profile);
  }
  async upsertProfile(profile: StoredProfile): Promise<void> {
    this.run(
      `INSERT INTO profiles (id, user_id, position, template_key, fields_json) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET position = excluded.position, template_key = excluded.template_key, fields_json = excluded.fields_json`,
      profile.id,
      profile.userId,
      profile.position,
      profile.templateKey,
      JSON.stringify(profile.fields),
    );
  }
  async deleteProfile(profileId: string): Promise<void> {
    this.run('DELETE FROM profiles WHERE id = ?', profileId);
  }

  private queueFromRow(row: { id: string; company_id: string; name: string; number: string }): QueueRecord {
    const members = this.all<{ user_id: string }>('SELECT user_id FROM queue_members WHERE queue_id = ? ORDER BY rowid', row.id);
    return { id: row.id, companyId: row.company_id, name: row.name, number: row.number, memberIds: members.map((m) => m.user_id) };
  }
  async listQueues(companyId: string): Promise<QueueRecord[]> {
    return this.all<{ id: string; company_id: string; name: string; number: string }>(
      'SELECT * FROM queues WHERE company_id = ? ORDER BY name',
      companyId,
    ).map((row) => this.queueFromRow(row));
  }
  async getQueue(id: string): Promise<QueueRecord | null> {
    const row = this.one<{ id: string; company_id: string; name: string; number: string }>('SELECT * FROM queues WHERE id = ?', id);
    return row ? this.queueFromRow(row) : null;
  }
  async queuesOfUser(userId: string): Promise<QueueRecord[]> {
    return this.all<{ id: string; company_id: string; name: string; number: string }>(
      'SELECT q.* FROM queues q JOIN queue_members m ON m.queue_id = q.id WHERE m.user_id = ? ORDER BY q.name',
      userId,
    ).map((row) => this.queueFromRow(row));
  }
  async insertQueue(queue: QueueRecord): Promise<void> {
    this.run('INSERT INTO queues (id, company_id, name, number) VALUES (?, ?, ?, ?)', queue.id, queue.companyId, queue.name, queue.number);
    try {
      this
        .prepare("INSERT INTO directory_numbers (number, company_id, type, user_id, queue_id) VALUES (?, ?, 'queue', NULL, ?)")
        .run(queue.number, queue.companyId, queue.id);
    } catch (error) {
      if (error instanceof Error && /UNIQUE|PRIMARY KEY/.test(error.message)) throw new NumberTakenError(queue.number);
      throw error;
    }
    await this.setQueueMembers(queue.id, queue.memberIds);
  }
  async setQueueMembers(queueId: string, memberIds: string[]): Promise<void> {
    this.run('DELETE FROM queue_members WHERE queue_id = ?', queueId);
    const insert = this.prepare('INSERT INTO queue_members (queue_id, user_id) VALUES (?, ?)');
    for (const userId of memberIds) insert.run(queueId, userId);
  }

  async getSession(tokenHash: string): Promise<SessionRecord | null> {
    const row = this.one<{ token_hash: string; user_id: string; created_at: string; expires_at: string; revoked_at: string | null; address: string | null }>(
      'SELECT * FROM sessions WHERE token_hash = ?',
      tokenHash,
    );
    return row
      ? { tokenHash: row.token_hash, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at, revokedAt: row.revoked_at, address: row.address }
      : null;
  }
  async insertSession(s: SessionRecord): Promise<void> {
    this.run(
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
    this.run('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL', at, tokenHash);
  }
  async revokeUserSessions(userId: string, at: string): Promise<void> {
    this.run('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', at, userId);
  }
  async getSignInFailure(key: string): Promise<SignInFailure | null> {
    const row = this.one<{ key: string; failures: number; blocked_until: string | null }>('SELECT * FROM sign_in_failures WHERE key = ?', key);
    return row ? { key: row.key, failures: row.failures, blockedUntil: row.blocked_until } : null;
  }
  async putSignInFailure(f: SignInFailure): Promise<void> {
    this.run(
      `INSERT INTO sign_in_failures (key, failures, blocked_until) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, blocked_until = excluded.blocked_until`,
      f.key,
      f.failures,
      f.blockedUntil,
    );
  }
  async clearSignInFailure(key: string): Promise<void> {
    this.run('DELETE FROM sign_in_failures WHERE key = ?', key);
  }

  async listTemplates(companyId: string): Promise<TemplateRecord[]> {
    return this.all<TemplateRow>('SELECT * FROM templates WHERE company_id = ? ORDER BY built_in DESC, created_at, rowid', companyId).map(
      templateFromRow,
    );
  }
  async getTemplate(id: string): Promise<TemplateRecord | null> {
    const row = this.one<TemplateRow>('SELECT * FROM templates WHERE id = ?', id);
    return row ? templateFromRow(row) : null;
  }
  async insertTemplate(t: TemplateRecord): Promise<void> {
    this.run(
      'INSERT INTO templates (id, company_id, name, built_in, profiles_json, updated_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      t.id,
      t.companyId,
      t.name,
      t.builtIn ? 1 : 0,
      JSON.stringify(t.profiles),
      t.updatedAt,
      t.createdAt,
    );
  }
  async updateTemplate(t: TemplateRecord): Promise<void> {
    this.run('UPDATE templates SET name = ?, profiles_json = ?, updated_at = ? WHERE id = ?', t.name, JSON.stringify(t.profiles), t.updatedAt, t.id);
  }
  async deleteTemplate(id: string): Promise<void> {
    this.run('DELETE FROM templates WHERE id = ?', id);
  }
  async insertTemplateApplication(a: TemplateApplication): Promise<void> {
    this.run(
      'INSERT INTO template_applications (id, company_id, template_id, template_name, applied_by, applied_at, user_ids_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
      a.id,
      a.companyId,
      a.templateId,
      a.templateName,
      a.appliedBy,
      a.appliedAt,
      JSON.stringify(a.userIds),
    );
  }
  async listTemplateApplications(companyId: string): Promise<TemplateApplication[]> {
    return this.all<{ id: string; company_id: string; template_id: string; template_name: string; applied_by: string; applied_at: string; user_ids_json: string }>(
      'SELECT * FROM template_applications WHERE company_id = ? ORDER BY applied_at DESC, rowid DESC',
      companyId,
    ).map((row) => ({
      id: row.id,
      companyId: row.company_id,
      templateId: row.template_id,
      templateName: row.template_name,
      appliedBy: row.applied_by,
      appliedAt: row.applied_at,
      userIds: JSON.parse(row.user_ids_json) as string[],
    }));
  }

  async getMailToken(tokenHash: string): Promise<MailToken | null> {
    const row = this.one<{ token_hash: string; purpose: 'invitation' | 'confirmation'; company_id: string; email: string; user_id: string | null; role: Role | null; created_at: string; expires_at: string; used_at: string | null }>(
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
    this.run(
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
    this.run('UPDATE mail_tokens SET used_at = ? WHERE token_hash = ?', at, tokenHash);
  }

  async changesSince(userId: string, after: number): Promise<ChangeRecord[]> {
    return this.all<{ user_id: string; revision: number; at: string; reason: string; patch_json: string }>(
      'SELECT * FROM change_log WHERE user_id = ? AND revision > ? ORDER BY revision',
      userId,
      after,
    ).map((row) => ({ userId: row.user_id, revision: row.revision, at: row.at, reason: row.reason, patch: JSON.parse(row.patch_json) as Record<string, unknown> }));
  }
  async oldestKeptRevision(userId: string): Promise<number | null> {
    return this.one<{ r: number | null }>('SELECT MIN(revision) AS r FROM change_log WHERE user_id = ?', userId)?.r ?? null;
  }
  async appendChange(c: ChangeRecord): Promise<void> {
    this.run(
      'INSERT INTO change_log (user_id, revision, at, reason, patch_json) VALUES (?, ?, ?, ?, ?)',
      c.userId,
      c.revision,
      c.at,
      c.reason,
      JSON.stringify(c.patch),
    );
  }
  async pruneChanges(userId: string, keep: number): Promise<void> {
    this.run(
      'DELETE FROM change_log WHERE user_id = ? AND revision <= (SELECT MAX(revision) FROM change_log WHERE user_id = ?) - ?',
      userId,
      userId,
      keep,
    );
  }
  async getIdempotentAnswer(userId: string, key: string): Promise<IdempotentAnswer | null> {
    const row = this.one<{ request: string; status: number; response_json: string }>(
      'SELECT request, status, response_json FROM idempotency_keys WHERE user_id = ? AND key = ?',
      userId,
      key,
    );
    return row ? { request: row.request, status: row.status, response: JSON.parse(row.response_json) as unknown } : null;
  }
  async putIdempotentAnswer(userId: string, key: string, answer: IdempotentAnswer, at: string): Promise<void> {
    this.run(
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
    this.run('DELETE FROM idempotency_keys WHERE created_at < ?', before);
  }
  async usersWithCalendarUrl(): Promise<UserRecord[]> {
    return this.all<UserRow>('SELECT * FROM users WHERE calendar_url IS NOT NULL AND disabled = 0').map(userFromRow);
  }
  async recentPbxCalls(userId: string, limit: number): Promise<PbxCallEvent[]> {
    type Row = { id: string; at: string; from_number: string; called_number: string | null; outcome: string; target: string; reason: string; sip_call_id: string | null };
    return this.all<Row>('SELECT * FROM pbx_call_events WHERE user_id = ? ORDER BY at DESC, rowid DESC LIMIT ?', userId, limit).map((row) =>
      PbxCallEvent.parse({ id: row.id, at: row.at, from: row.from_number, calledNumber: row.called_number, outcome: row.outcome, target: row.target, reason: row.reason, sipCallId: row.sip_call_id }),
    );
  }
  async insertPbxCall(userId: string, c: PbxCallEvent): Promise<void> {
    this.run(
      'INSERT INTO pbx_call_events (id, user_id, at, from_number, called_number, outcome, target, reason, sip_call_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      c.id, userId, c.at, c.from, c.calledNumber, c.outcome, c.target, c.reason, c.sipCallId ?? null,
    );
  }
  async prunePbxCalls(userId: string, keep: number): Promise<void> {
    this.run(
      'DELETE FROM pbx_call_events WHERE user_id = ? AND id NOT IN (SELECT id FROM pbx_call_events WHERE user_id = ? ORDER BY at DESC, rowid DESC LIMIT ?)',
      userId, userId, keep,
    );
  }
}

