/**
 * The Store port's statements, one set for both backends: written in the SQL SQLite and
 * PostgreSQL share, over the statement helpers of `Statements` (statements.ts), which
 * `SqliteOps` (sqlite-ops.ts) and `PgOps` (pg-ops.ts) implement for one connection each. This
 * file holds the directory (companies, users, numbers, profiles, queues, templates); the rest of
 * the chain (record-ops.ts → account, device, destination, recording, voicemail, audit and site
 * ops) holds the appended, pruned records and the features' tables.
 */
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
  type DirectoryNumber,
  type NumberBlock,
  type QueueRecord,
  type StoreWriter,
  type StoredProfile,
  type TemplateApplication,
  type TemplateRecord,
  type UserRecord,
} from './store';
import { RecordOps } from './record-ops';
import type { Company, CompanySettings, Device, NumberType } from '../../shared/model';
import { randomToken } from '../security/secrets';

type NumberRow = { number: string; company_id: string; type: NumberType; user_id: string | null; queue_id: string | null };
type BlockRow = { first_number: string; last_number: string; company_id: string; created_at: string };
const numberFromRow = (row: NumberRow): DirectoryNumber => ({ number: row.number, companyId: row.company_id, type: row.type, userId: row.user_id, queueId: row.queue_id });
const blockFromRow = (row: BlockRow): NumberBlock => ({ companyId: row.company_id, firstNumber: row.first_number, lastNumber: row.last_number, createdAt: row.created_at });

/** Ids per `IN (…)` list: well under both backends' limits on parameters. */
const IDS_PER_LIST = 500;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDS_PER_LIST) out.push(items.slice(i, i + IDS_PER_LIST));
  return out;
}
const marks = (items: readonly unknown[]): string => items.map(() => '?').join(', ');

/** All the statements; a backend's subclass binds them to one connection. */
export abstract class StoreOps extends RecordOps implements StoreWriter {
  async getCompany(id: string): Promise<Company | null> {
    const row = await this.one<CompanyRow>('SELECT * FROM companies WHERE id = ?', id);
    return row ? companyFromRow(row) : null;
  }
  async listCompanies(): Promise<Company[]> {
    return (await this.all<CompanyRow>('SELECT * FROM companies ORDER BY name')).map(companyFromRow);
  }
  async insertCompany(company: Company): Promise<void> {
    await this.run(
      'INSERT INTO companies (id, name, main_number, settings_json) VALUES (?, ?, ?, ?)',
      company.id,
      company.name,
      company.mainNumber,
      JSON.stringify(company.settings),
    );
    await this.run('UPDATE companies SET registration_token = ? WHERE id = ?', randomToken(), company.id);
    // The main number is the company's: a directory row of its own keeps anybody else off it.
    if (company.mainNumber) await this.insertNumberRow(company.mainNumber, company.id, 'main', null, null);
  }
  private async insertNumberRow(number: string, companyId: string, type: NumberType, userId: string | null, queueId: string | null): Promise<void> {
    await this.runNumber(number, 'INSERT INTO directory_numbers (number, company_id, type, user_id, queue_id) VALUES (?, ?, ?, ?, ?)', number, companyId, type, userId, queueId);
  }
  async insertNumberBlock(block: NumberBlock): Promise<void> {
    await this.run(
      'INSERT INTO company_number_blocks (first_number, last_number, company_id, created_at) VALUES (?, ?, ?, ?)',
      block.firstNumber, block.lastNumber, block.companyId, block.createdAt,
    );
  }
  async listNumberBlocks(companyId: string): Promise<NumberBlock[]> {
    return (await this.all<BlockRow>('SELECT * FROM company_number_blocks WHERE company_id = ? ORDER BY first_number', companyId)).map(blockFromRow);
  }
  async findNumberBlock(number: string): Promise<NumberBlock | null> {
    const row = await this.one<BlockRow>(
      'SELECT * FROM company_number_blocks WHERE length(first_number) = length(CAST(? AS TEXT)) AND first_number <= ? AND last_number >= ?',
      number, number, number,
    );
    return row ? blockFromRow(row) : null;
  }
  async overlappingNumberBlocks(firstNumber: string, lastNumber: string): Promise<NumberBlock[]> {
    return (await this.all<BlockRow>(
      'SELECT * FROM company_number_blocks WHERE length(first_number) = length(CAST(? AS TEXT)) AND first_number <= ? AND last_number >= ?',
      firstNumber, lastNumber, firstNumber,
    )).map(blockFromRow);
  }
  async findCompanyByRegistrationToken(token: string): Promise<Company | null> {
    const row = await this.one<CompanyRow>('SELECT * FROM companies WHERE registration_token = ?', token);
    return row ? companyFromRow(row) : null;
  }
  async getRegistrationToken(companyId: string): Promise<string | null> {
    return (await this.one<{ t: string | null }>('SELECT registration_token AS t FROM companies WHERE id = ?', companyId))?.t ?? null;
  }
  async setRegistrationToken(companyId: string, token: string): Promise<void> {
    await this.run('UPDATE companies SET registration_token = ? WHERE id = ?', token, companyId);
  }
  async findUserByEmailIn(companyId: string, email: string): Promise<UserRecord | null> {
    const row = await this.one<UserRow>('SELECT * FROM users WHERE company_id = ? AND email = ?', companyId, email);
    return row ? userFromRow(row) : null;
  }
  async updateCompanySettings(id: string, settings: CompanySettings): Promise<void> {
    await this.run('UPDATE companies SET settings_json = ? WHERE id = ?', JSON.stringify(settings), id);
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const row = await this.one<UserRow>(`SELECT * FROM users WHERE id = ?${this.forUpdate}`, id);
    return row ? userFromRow(row) : null;
  }
  async findUsersByLogin(login: string): Promise<UserRecord[]> {
    return (await this.all<UserRow>(
      'SELECT * FROM users WHERE user_name = ? OR email = ? ORDER BY created_at, id LIMIT 20',
      login,
      login,
    )).map(userFromRow);
  }
  async findUserByUserNameIn(companyId: string, userName: string): Promise<UserRecord | null> {
    const row = await this.one<UserRow>('SELECT * FROM users WHERE company_id = ? AND user_name = ?', companyId, userName);
    return row ? userFromRow(row) : null;
  }
  async findUserBySipUser(sipUser: string): Promise<UserRecord | null> {
    const row = await this.one<UserRow>('SELECT * FROM users WHERE sip_user = ?', sipUser);
    return row ? userFromRow(row) : null;
  }
  async findUserByEmail(email: string): Promise<UserRecord | null> {
    const row = await this.one<UserRow>('SELECT * FROM users WHERE email = ? ORDER BY created_at LIMIT 1', email);
    return row ? userFromRow(row) : null;
  }
  async listUsers(companyId: string): Promise<UserRecord[]> {
    return (await this.all<UserRow>('SELECT * FROM users WHERE company_id = ? ORDER BY created_at, user_name', companyId)).map(
      userFromRow,
    );
  }
  async getUsers(ids: readonly string[]): Promise<UserRecord[]> {
    const users: UserRecord[] = [];
    for (const chunk of chunks([...new Set(ids)].sort())) {
      const rows = await this.all<UserRow>(`SELECT * FROM users WHERE id IN (${marks(chunk)}) ORDER BY id${this.forUpdate}`, ...chunk);
      users.push(...rows.map(userFromRow));
    }
    return users;
  }
  async countEnabledAdmins(companyId: string): Promise<number> {
    return (
      (await this.one<{ n: number }>(
        "SELECT COUNT(*) AS n FROM users WHERE company_id = ? AND role = 'admin' AND disabled = 0",
        companyId,
      ))?.n ?? 0
    );
  }
  async insertUser(user: UserRecord): Promise<void> {
    const row = userToRow(user);
    const columns = Object.keys(row) as (keyof UserRow)[];
    await this.run(`INSERT INTO users (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, ...columns.map((c) => row[c]));
  }
  async updateUsers(users: readonly UserRecord[]): Promise<void> {
    await this.updateRows('users', 'id', users.map((u) => userToRow(u) as unknown as Record<string, unknown>));
  }
  async updateUser(user: UserRecord): Promise<void> {
    const row = userToRow(user);
    const columns = (Object.keys(row) as (keyof UserRow)[]).filter((c) => c !== 'id');
    await this.run(`UPDATE users SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`, ...columns.map((c) => row[c]), row.id);
  }
  async getRevision(userId: string): Promise<number | null> {
    return (await this.one<{ revision: number }>(`SELECT revision FROM users WHERE id = ?${this.forUpdate}`, userId))?.revision ?? null;
  }
  async setRevision(userId: string, revision: number): Promise<void> {
    await this.run('UPDATE users SET revision = ? WHERE id = ?', revision, userId);
  }
  async replaceUserNumbers(user: UserRecord): Promise<void> {
    await this.run('DELETE FROM directory_numbers WHERE user_id = ?', user.id);
    const entries: [string, NumberType][] = [];
    if (user.numbers.extension) entries.push([user.numbers.extension, 'internal']);
    for (const extra of user.numbers.extraExtensions) entries.push([extra, 'internal']);
    if (user.numbers.landline) entries.push([user.numbers.landline, 'landline']);
    if (user.numbers.mobile) entries.push([user.numbers.mobile, 'mobile']);
    for (const [number, type] of entries) {
      await this.runNumber(number, 'INSERT INTO directory_numbers (number, company_id, type, user_id, queue_id) VALUES (?, ?, ?, ?, NULL)', number, user.companyId, type, user.id);
    }
  }
  async findNumber(number: string): Promise<DirectoryNumber | null> {
    if (!number.startsWith('+')) return null;
    const row = await this.one<NumberRow>('SELECT * FROM directory_numbers WHERE number = ?', number);
    return row ? numberFromRow(row) : null;
  }
  async findNumberIn(companyId: string, number: string): Promise<DirectoryNumber | null> {
    const row = await this.one<NumberRow>('SELECT * FROM directory_numbers WHERE company_id = ? AND number = ?', companyId, number);
    return row ? numberFromRow(row) : null;
  }
  async listNumbers(companyId: string): Promise<DirectoryNumber[]> {
    return (await this.all<NumberRow>('SELECT * FROM directory_numbers WHERE company_id = ? ORDER BY number', companyId)).map(numberFromRow);
  }

  async listProfiles(userId: string): Promise<StoredProfile[]> {
    return (await this.all<ProfileRow>('SELECT * FROM profiles WHERE user_id = ? ORDER BY position', userId)).map(profileFromRow);
  }
  async listProfilesOfUsers(userIds: readonly string[]): Promise<Map<string, StoredProfile[]>> {
    const byUser = new Map<string, StoredProfile[]>();
    for (const chunk of chunks([...new Set(userIds)])) {
      for (const row of await this.all<ProfileRow>(`SELECT * FROM profiles WHERE user_id IN (${marks(chunk)}) ORDER BY user_id, position`, ...chunk)) {
        const profile = profileFromRow(row);
        const list = byUser.get(profile.userId);
        if (list) list.push(profile);
        else byUser.set(profile.userId, [profile]);
      }
    }
    return byUser;
  }
  async replaceProfiles(userId: string, profiles: StoredProfile[]): Promise<void> {
    await this.replaceProfilesOfUsers([{ userId, profiles }]);
  }
  async replaceProfilesOfUsers(entries: readonly { userId: string; profiles: StoredProfile[] }[]): Promise<void> {
    // Rows that stay (same id) are updated in place; only the others are deleted, which keeps
    // re-applying a template from churning the table's indexes.
    const keep = new Set(entries.flatMap((e) => e.profiles.map((p) => p.id)));
    const gone: string[] = [];
    for (const chunk of chunks(entries.map((e) => e.userId))) {
      for (const { id } of await this.all<{ id: string }>(`SELECT id FROM profiles WHERE user_id IN (${marks(chunk)})`, ...chunk)) if (!keep.has(id)) gone.push(id);
    }
    for (const chunk of chunks(gone)) await this.run(`DELETE FROM profiles WHERE id IN (${marks(chunk)})`, ...chunk);
    const rows = entries.flatMap((e) => e.profiles.map((p) => ({ id: p.id, user_id: p.userId, position: p.position, template_key: p.templateKey, fields_json: JSON.stringify(p.fields) })));
    if (rows.length > 0) await this.insertRows('profiles', rows, 'ON CONFLICT(id) DO UPDATE SET position = excluded.position, template_key = excluded.template_key, fields_json = excluded.fields_json');
  }
  async upsertProfile(profile: StoredProfile): Promise<void> {
    await this.run(
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
    await this.run('DELETE FROM profiles WHERE id = ?', profileId);
  }

  private async queueFromRow(row: { id: string; company_id: string; name: string; number: string }): Promise<QueueRecord> {
    const members = await this.all<{ user_id: string; devices_json: string | null }>('SELECT user_id, devices_json FROM queue_members WHERE queue_id = ? ORDER BY rowid', row.id);
    const memberDevices: Record<string, Device[]> = {};
    for (const m of members) if (m.devices_json) memberDevices[m.user_id] = JSON.parse(m.devices_json) as Device[];
    return { id: row.id, companyId: row.company_id, name: row.name, number: row.number, memberIds: members.map((m) => m.user_id), memberDevices };
  }
  private async queuesFromRows(rows: { id: string; company_id: string; name: string; number: string }[]): Promise<QueueRecord[]> {
    const queues: QueueRecord[] = [];
    for (const row of rows) queues.push(await this.queueFromRow(row));
    return queues;
  }
  async listQueues(companyId: string): Promise<QueueRecord[]> {
    return this.queuesFromRows(await this.all<{ id: string; company_id: string; name: string; number: string }>(
      'SELECT * FROM queues WHERE company_id = ? ORDER BY name',
      companyId,
    ));
  }
  async getQueue(id: string): Promise<QueueRecord | null> {
    const row = await this.one<{ id: string; company_id: string; name: string; number: string }>('SELECT * FROM queues WHERE id = ?', id);
    return row ? await this.queueFromRow(row) : null;
  }
  async queuesOfUser(userId: string): Promise<QueueRecord[]> {
    return this.queuesFromRows(await this.all<{ id: string; company_id: string; name: string; number: string }>(
      'SELECT q.* FROM queues q JOIN queue_members m ON m.queue_id = q.id WHERE m.user_id = ? ORDER BY q.name',
      userId,
    ));
  }
  async insertQueue(queue: QueueRecord): Promise<void> {
    await this.run('INSERT INTO queues (id, company_id, name, number) VALUES (?, ?, ?, ?)', queue.id, queue.companyId, queue.name, queue.number);
    await this.insertNumberRow(queue.number, queue.companyId, 'queue', null, queue.id);
    await this.setQueueMembers(queue.id, queue.memberIds, queue.memberDevices);
  }
  async setQueueMembers(queueId: string, memberIds: string[], devices: Record<string, Device[]> = {}): Promise<void> {
    await this.run('DELETE FROM queue_members WHERE queue_id = ?', queueId);
    for (const userId of memberIds) {
      await this.run('INSERT INTO queue_members (queue_id, user_id, devices_json) VALUES (?, ?, ?)', queueId, userId, devices[userId] ? JSON.stringify(devices[userId]) : null);
    }
  }
  async updateQueue(queue: QueueRecord): Promise<void> {
    const before = await this.one<{ number: string }>('SELECT number FROM queues WHERE id = ?', queue.id);
    await this.run('UPDATE queues SET name = ?, number = ? WHERE id = ?', queue.name, queue.number, queue.id);
    if (before && before.number !== queue.number) {
      await this.run('DELETE FROM directory_numbers WHERE queue_id = ?', queue.id);
      await this.insertNumberRow(queue.number, queue.companyId, 'queue', null, queue.id);
    }
  }
  async deleteQueue(id: string): Promise<void> {
    await this.run('DELETE FROM queue_members WHERE queue_id = ?', id);
    await this.run('DELETE FROM directory_numbers WHERE queue_id = ?', id);
    await this.run('DELETE FROM queues WHERE id = ?', id);
  }

  async listTemplates(companyId: string): Promise<TemplateRecord[]> {
    return (await this.all<TemplateRow>('SELECT * FROM templates WHERE company_id = ? ORDER BY built_in DESC, created_at, rowid', companyId)).map(
      templateFromRow,
    );
  }
  async getTemplate(id: string): Promise<TemplateRecord | null> {
    const row = await this.one<TemplateRow>('SELECT * FROM templates WHERE id = ?', id);
    return row ? templateFromRow(row) : null;
  }
  async insertTemplate(t: TemplateRecord): Promise<void> {
    await this.run(
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
    await this.run('UPDATE templates SET name = ?, profiles_json = ?, updated_at = ? WHERE id = ?', t.name, JSON.stringify(t.profiles), t.updatedAt, t.id);
  }
  async deleteTemplate(id: string): Promise<void> {
    await this.run('DELETE FROM templates WHERE id = ?', id);
  }
  async insertTemplateApplication(a: TemplateApplication): Promise<void> {
    await this.run(
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
    return (await this.all<{ id: string; company_id: string; template_id: string; template_name: string; applied_by: string; applied_at: string; user_ids_json: string }>(
      'SELECT * FROM template_applications WHERE company_id = ? ORDER BY applied_at DESC, rowid DESC',
      companyId,
    )).map((row) => ({
      id: row.id,
      companyId: row.company_id,
      templateId: row.template_id,
      templateName: row.template_name,
      appliedBy: row.applied_by,
      appliedAt: row.applied_at,
      userIds: JSON.parse(row.user_ids_json) as string[],
    }));
  }

  async usersWithCalendarUrl(): Promise<UserRecord[]> {
    return (await this.all<UserRow>('SELECT * FROM users WHERE calendar_url IS NOT NULL AND disabled = 0')).map(userFromRow);
  }
}
