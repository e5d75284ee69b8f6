/**
 * Bulk users by CSV (seed 004): the template/export carries the internal id, the fields and the
 * custom-field columns under the labels the company gave them; an upload is verified (dry run:
 * rows to create, rows to change, every invalid row with its line and reason) and submitted in
 * one transaction, all rows or none. The internal id column must not be changed: an id that is
 * not one of the company's users rejects the row. Rows whose Internal ID starts with `#` are
 * the template's notes (allowed values, the example row) and are skipped. Numbers may be
 * written nationally (`070-123 45 67`, read in the company's country) and are stored in E.164.
 */
import { isPublicNumber, ownsNumber } from './number-ownership';
import { realmOf } from '../config';
import type { Company, CustomFieldValues, DirectoryScope, Language } from '../../shared/model';
import { messages, validateNewUser, type NewUser } from '../../shared/rules';
import type { CsvReport } from '../../shared/server-api';
import { CsvSyntaxError, parseCsv, writeCsv } from '../csv/csv';
import type { SiteRecord, StoreReader, StoreWriter, UserRecord } from '../db/store';
import { hashPassword } from '../security/secrets';
import type { Caller } from './auth';
import { audit } from './audit';
import { writeWithChanges } from './changes';
import type { ServerContext } from './context';
import { ApiError, invalid } from './errors';
import { isCommonPassword } from './passwords';
import { text } from '../../shared/text';
import { insertUser, newUserRecord, saveUser } from './user-records';
import { giveNewUserProfiles } from './templates';
import { companyCountry, splitExtensions, storedNumbers } from './user-numbers';
import { templateRows } from './users-csv-template';
import { cellProblem, columnOf, EXTRA, invalidRow, PASSWORD, problem, SCOPE, SITE, syntaxProblem, type Problem } from './users-csv-problems';
import { siteCells } from './users-csv-sites';
import { scopeChanged } from './sites-admin';
import { presenceRescoped } from './presence';
import { mailWelcomes } from './welcome';

const ID = 'Internal ID';
const BASE_COLUMNS = [ID, 'User Name', 'First Name', 'Last Name', 'Email', 'Language', 'Role', 'Extension', EXTRA, 'Landline', 'Mobile', 'Softphone Enabled'] as const;
/** A row whose Internal ID starts so is a note for people (the template's), not a user. */
const NOTE = '#';
const REQUIRED = ['First Name', 'Last Name', 'Email'];

function customHeaders(company: Company): (string | null)[] {
  return company.settings.customFieldLabels.map((label) => (label && label.trim() ? label.trim() : null));
}

/** Site and Directory Scope come (after the base columns) only for a company with sites. */
function usersCsv(company: Company, users: UserRecord[], language: Language, templateOnly: boolean, sites: SiteRecord[]): string {
  const custom = customHeaders(company);
  const siteColumns = sites.length > 0 ? [SITE, SCOPE] : [];
  const header = [...BASE_COLUMNS, ...siteColumns, ...custom.filter((c): c is string => c !== null)];
  const siteName = new Map(sites.map((site) => [site.id, site.name]));
  if (templateOnly) return writeCsv([header, ...templateRows(header, language)]);
  const rows = users.map((u) => [
    u.id,
    u.userName,
    u.firstName,
    u.lastName,
    u.email,
    u.language,
    u.role,
    u.numbers.extension ?? '',
    u.numbers.extraExtensions.join(' '),
    u.numbers.landline ?? '',
    u.numbers.mobile ?? '',
    u.softphoneEnabled ? 'yes' : 'no',
    ...(sites.length > 0 ? [siteName.get(u.siteId ?? '') ?? '', u.directoryScope ?? 'company'] : []),
    ...custom.flatMap((label, i) => (label === null ? [] : [u.customFields[i] ?? ''])),
  ]);
  return writeCsv([header, ...rows]);
}

/**
 * The users CSV of the admin's company: every user (export, to edit and upload again), or the
 * template: the header, a row of allowed values and an example row (both notes, skipped on upload).
 */
export async function exportUsersCsv(ctx: ServerContext, caller: Caller, templateOnly: boolean): Promise<string> {
  const sites = await ctx.store.listSites(caller.company.id);
  return usersCsv(caller.company, templateOnly ? [] : await ctx.store.listUsers(caller.company.id), caller.user.language, templateOnly, sites);
}

interface PlannedCreate {
  line: number;
  user: NewUser;
  customFields: CustomFieldValues;
  site: { siteId: string | null; directoryScope: DirectoryScope };
}
interface PlannedChange {
  line: number;
  before: UserRecord;
  after: UserRecord;
  fields: string[];
}
interface Plan {
  report: CsvReport;
  creates: PlannedCreate[];
  changes: PlannedChange[];
}

const YES = new Set(['yes', 'true', '1', 'y', 'ja']);
const NO = new Set(['no', 'false', '0', 'n', 'nej']);

const invalidLine = (line: number, one: Problem): CsvReport['invalid'][number] => invalidRow(line, [one]);

async function plan(reader: StoreReader, company: Company, content: string): Promise<Plan> {
  const report: CsvReport = { create: [], change: [], invalid: [] };
  const result: Plan = { report, creates: [], changes: [] };
  let records;
  try {
    records = parseCsv(content);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      report.invalid.push(invalidLine(error.line, syntaxProblem(error.message.replace(/^Line \d+: /, ''))));
      return result;
    }
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) {
    report.invalid.push(invalidLine(1, problem('The file is empty; start from the downloaded template', 'csv.problem.empty')));
    return result;
  }
  const custom = customHeaders(company);
  const known = new Map<string, string>();
  for (const column of [...BASE_COLUMNS, PASSWORD, SITE, SCOPE]) known.set(column.toLowerCase(), column);
  custom.forEach((label, i) => label && known.set(label.toLowerCase(), `custom${i}`));
  const columns = header.fields.map((h) => known.get(h.trim().toLowerCase()) ?? null);
  const unknown = header.fields.filter((_, i) => columns[i] === null && header.fields[i]?.trim() !== '');
  if (unknown.length > 0) {
    const columns = unknown.join(', ');
    report.invalid.push(invalidLine(header.line, problem(`Unknown column(s): ${columns}. Use the headers of the downloaded template.`, 'csv.problem.unknownColumns', { columns })));
  }
  const repeated = header.fields.filter((_, i) => columns[i] !== null && columns.indexOf(columns[i] ?? null) !== i);
  if (repeated.length > 0) {
    const columns = repeated.map((h) => h.trim()).join(', ');
    report.invalid.push(invalidLine(header.line, problem(`Column(s) appearing twice: ${columns}. Keep one of each.`, 'csv.problem.repeatedColumns', { columns })));
  }
  const missing = [ID, ...REQUIRED].filter((c) => !columns.includes(c));
  if (missing.length > 0) report.invalid.push(invalidLine(header.line, problem(`Missing column(s): ${missing.join(', ')}`, 'csv.problem.missingColumns', { columns: missing.join(', ') })));
  if (report.invalid.length > 0) return result;

  const companyUsers = new Map((await reader.listUsers(company.id)).map((u) => [u.id, u]));
  const sites = await reader.listSites(company.id);
  const seenIds = new Set<string>();
  const seenNames = new Set<string>();
  const seenEmails = new Set<string>();
  const seenNumbers = new Map<string, number>();

  for (const row of rows) {
    const rawCell = (column: string): string | undefined => {
      const index = columns.indexOf(column);
      return index < 0 ? undefined : (row.fields[index] ?? '');
    };
    const cell = (column: string): string | undefined => rawCell(column)?.trim();
    // Every problem of the row is reported at once, so the admin fixes a row in one go.
    const problems: Problem[] = [];
    if (row.fields.length > header.fields.length && row.fields.slice(header.fields.length).some((f) => f.trim() !== '')) {
      const counts = { fields: row.fields.length, header: header.fields.length };
      problems.push(problem(`This row has ${counts.fields} fields but the header has ${counts.header}.`, 'csv.problem.extraFields', counts));
    }
    const id = cell(ID) ?? '';
    if (id.startsWith(NOTE)) continue;
    const existing = id ? companyUsers.get(id) : undefined;
    if (id && !existing) problems.push(problem(`Unknown Internal ID "${id}": do not change the Internal ID column (leave it empty for new users).`, 'csv.problem.unknownId', { id }));
    if (id && seenIds.has(id)) problems.push(problem(`Internal ID "${id}" appears more than once.`, 'csv.problem.repeatedId', { id }));
    const softphone = cell('Softphone Enabled');
    const softphoneValid = !softphone || YES.has(softphone.toLowerCase()) || NO.has(softphone.toLowerCase());
    if (!softphoneValid) problems.push(problem(`Softphone Enabled must be yes or no, not "${softphone}".`, 'csv.problem.yesNo', { column: 'Softphone Enabled', value: softphone }));
    const site = siteCells(cell(SITE), cell(SCOPE), sites, existing, problems);
    const customFields = custom.map((label, i) => {
      if (label === null) return existing?.customFields[i] ?? null;
      const value = cell(`custom${i}`);
      return value === undefined ? (existing?.customFields[i] ?? null) : value === '' ? null : value;
    }) as CustomFieldValues;
    const pick = (column: string, fallback: string | null | undefined): string | null | undefined => {
      const value = cell(column);
      return value === undefined ? fallback : value;
    };
    const candidate = {
      firstName: pick('First Name', existing?.firstName),
      lastName: pick('Last Name', existing?.lastName),
      email: pick('Email', existing?.email),
      userName: pick('User Name', existing?.userName) || undefined,
      language: (pick('Language', existing?.language) || 'en').toLowerCase(),
      role: (pick('Role', existing?.role) || 'user').toLowerCase(),
      numbers: storedNumbers(
        {
          extension: pick('Extension', existing?.numbers.extension),
          landline: pick('Landline', existing?.numbers.landline),
          mobile: pick('Mobile', existing?.numbers.mobile),
          extraExtensions: cell(EXTRA) === undefined ? (existing?.numbers.extraExtensions ?? []) : splitExtensions(cell(EXTRA) ?? ''),
        },
        companyCountry(company),
      ),
      customFields,
      softphoneEnabled: softphone && softphoneValid ? YES.has(softphone.toLowerCase()) : (existing?.softphoneEnabled ?? true),
      // a password exactly as typed (spaces count); an empty cell means none
      password: rawCell(PASSWORD) || undefined,
    };
    const userNameWanted = (candidate.userName ?? candidate.email ?? '').toLowerCase();
    const emailWanted = (candidate.email ?? '').toLowerCase();
    const holderOfName = userNameWanted ? await reader.findUserByUserNameIn(company.id, userNameWanted) : null;
    const holderOfEmail = emailWanted ? await reader.findUserByEmailIn(company.id, emailWanted) : null;
    const taken = {
      userNames: [
        ...(holderOfName && holderOfName.id !== existing?.id ? [holderOfName.userName] : []),
        ...(seenNames.has(userNameWanted) ? [userNameWanted] : []),
      ],
      emails: [
        ...(holderOfEmail && holderOfEmail.id !== existing?.id ? [holderOfEmail.email] : []),
        ...(seenEmails.has(emailWanted) ? [emailWanted] : []),
      ],
    };
    const validated = validateNewUser(candidate, taken);
    if (!validated.ok) {
      const fieldErrors = { ...validated.errors };
      // A row that does not parse is not checked for uniqueness by validateNewUser: do it here.
      if (taken.userNames.length > 0) fieldErrors.userName ??= messages.userNameTaken;
      if (taken.emails.length > 0) fieldErrors.email ??= messages.emailTaken;
      for (const [field, message] of Object.entries(fieldErrors)) problems.push(cellProblem(columnOf(field, custom), message));
    }
    const rawNumbers = [candidate.numbers.extension, ...(candidate.numbers.extraExtensions ?? []), candidate.numbers.landline, candidate.numbers.mobile]
      .map((n) => n?.trim())
      .filter((n): n is string => !!n);
    for (const number of rawNumbers) {
      const owner = isPublicNumber(number) ? await reader.findNumber(number) : await reader.findNumberIn(company.id, number);
      const landline = candidate.numbers.landline?.trim();
      if (number === landline && isPublicNumber(number) && !(await ownsNumber(reader, company.id, number))) {
        problems.push(problem(`The number ${number} is not one of your company's numbers.`, 'csv.problem.numberNotOwned', { number }));
      }
      if (owner && owner.userId !== existing?.id) problems.push(problem(`The number ${number} already belongs to someone else.`, 'csv.problem.numberTaken', { number }));
      else if (seenNumbers.has(number)) problems.push(problem(`The number ${number} is also on line ${seenNumbers.get(number)}.`, 'csv.problem.numberRepeated', { number, line: seenNumbers.get(number) ?? 0 }));
    }
    if (candidate.password && isCommonPassword(candidate.password)) problems.push(cellProblem(PASSWORD, messages.passwordCommon));
    if (problems.length > 0 || !validated.ok) {
      report.invalid.push(invalidRow(row.line, problems));
      continue;
    }
    const user = validated.value;
    const numbers = [user.numbers.extension, ...user.numbers.extraExtensions, user.numbers.landline, user.numbers.mobile].filter((n): n is string => !!n);
    if (id) seenIds.add(id);
    seenNames.add(user.userName.toLowerCase());
    seenEmails.add(user.email.toLowerCase());
    for (const number of numbers) seenNumbers.set(number, row.line);

    if (!existing) {
      result.creates.push({ line: row.line, user, customFields, site });
      report.create.push({ line: row.line, userName: user.userName, email: user.email });
      continue;
    }
    const after: UserRecord = {
      ...existing,
      userName: user.userName,
      firstName: user.firstName,
      lastName: user.lastName,
      email: user.email,
      language: user.language,
      role: user.role,
      numbers: user.numbers,
      customFields,
      softphoneEnabled: user.softphoneEnabled,
      ...site,
    };
    const fields = (['userName', 'firstName', 'lastName', 'email', 'language', 'role', 'numbers', 'customFields', 'softphoneEnabled', 'siteId', 'directoryScope'] as const).filter(
      (key) => JSON.stringify(after[key] ?? null) !== JSON.stringify(existing[key] ?? (key === 'directoryScope' ? 'company' : null)),
    );
    const passwordGiven = candidate.password !== undefined;
    if (fields.length === 0 && !passwordGiven) continue;
    result.changes.push({ line: row.line, before: existing, after, fields: passwordGiven ? [...fields, 'password'] : fields });
    report.change.push({ line: row.line, id: existing.id, userName: after.userName, fields: passwordGiven ? [...fields, 'password'] : fields });
  }

  // Backup-administrator rule over the whole file.
  const adminsAfter = [...companyUsers.values()].filter((u) => {
    const changed = result.changes.find((c) => c.before.id === u.id);
    return !u.disabled && (changed ? changed.after.role : u.role) === 'admin';
  }).length + result.creates.filter((c) => c.user.role === 'admin').length;
  if (adminsAfter === 0) {
    const demotion = result.changes.find((c) => c.before.role === 'admin' && c.after.role !== 'admin');
    report.invalid.push(invalidLine(demotion?.line ?? 1, problem('The company would have no enabled administrator left (keep a backup administrator)', 'csv.problem.noAdminLeft')));
  }
  return result;
}

export async function dryRun(ctx: ServerContext, caller: Caller, content: string): Promise<CsvReport> {
  return (await plan(ctx.store, caller.company, content)).report;
}

/** A verified upload, ready to be submitted (`verifySubmit`, then `submit`). */
export interface VerifiedUpload {
  content: string;
  /** Rows to write: each one is a step of the submit's progress. */
  rows: number;
  preview: Plan;
}

/** Plans the upload and refuses it (400 with the report) when any row is invalid. */
export async function verifySubmit(ctx: ServerContext, caller: Caller, content: string): Promise<VerifiedUpload> {
  const preview = await plan(ctx.store, caller.company, content);
  if (preview.report.invalid.length > 0) throw invalid('The file has invalid rows; nothing was changed', preview.report, text('error.csvInvalidRows'));
  return { content, rows: preview.creates.length + preview.changes.length, preview };
}

/**
 * Applies a verified upload: the rows' passwords are hashed first (slow: `progress` is told after
 * each row), then the plan is re-made and applied in one transaction, every row or none.
 */
export async function submit(
  ctx: ServerContext,
  caller: Caller,
  upload: VerifiedUpload,
  progress: (done: number) => void = () => undefined,
): Promise<{ created: number; changed: number }> {
  const { content, preview } = upload;
  let done = 0;
  const hashes = new Map<number, string>();
  for (const item of [...preview.creates.map((c) => ({ line: c.line, password: c.user.password }))]) {
    if (item.password) hashes.set(item.line, await hashPassword(item.password, ctx.config.scryptCost));
    progress(++done);
  }
  const changeHashes = new Map<number, string>();
  const rows = parseCsv(content);
  const passwordIndex = rows[0]?.fields.findIndex((h) => h.trim().toLowerCase() === PASSWORD.toLowerCase()) ?? -1;
  for (const change of preview.changes) {
    const password = passwordIndex >= 0 ? rows.find((r) => r.line === change.line)?.fields[passwordIndex] : undefined;
    if (password) changeHashes.set(change.line, await hashPassword(password, ctx.config.scryptCost));
    progress(++done);
  }
  const signedOut: string[] = [];
  const roleChanged: string[] = [];
  const welcome: UserRecord[] = [];
  let rescoped = false;
  const commit = () => writeWithChanges(ctx, async (tx: StoreWriter, recorder) => {
    const fresh = await plan(tx, caller.company, content);
    if (fresh.report.invalid.length > 0) throw invalid('The file has invalid rows; nothing was changed', fresh.report, text('error.csvInvalidRows'));
    const now = ctx.now();
    const touched: string[] = [];
    let profilesFrom: string | null = null;
    for (const create of fresh.creates) {
      const { user } = create;
      rescoped ||= scopeChanged({}, create.site);
      const record = newUserRecord(
        {
          companyId: caller.company.id,
          userName: user.userName,
          email: user.email,
          firstName: user.firstName,
          lastName: user.lastName,
          language: user.language,
          role: user.role,
          numbers: user.numbers,
          customFields: create.customFields,
          softphoneEnabled: user.softphoneEnabled,
          passwordHash: hashes.get(create.line) ?? null,
          sipRealm: realmOf(ctx.config),
        },
        now,
      );
      Object.assign(record, create.site);
      await insertUser(tx, record);
      // New rows only: an updated user's profiles are theirs.
      profilesFrom = await giveNewUserProfiles(tx, recorder, record);
      touched.push(record.id);
      // Without a password in the file, the welcome mail lets the user choose one (issue 13).
      if (record.passwordHash === null) welcome.push(record);
    }
    for (const change of fresh.changes) {
      const hash = changeHashes.get(change.line);
      const after = hash ? { ...change.after, passwordHash: hash } : change.after;
      await saveUser(tx, after, change.fields.includes('numbers'));
      rescoped ||= scopeChanged(change.before, after);
      if (hash) await tx.revokeUserSessions(after.id, now.toISOString());
      if (hash) signedOut.push(after.id);
      else if (change.before.role !== after.role) roleChanged.push(after.id);
      if (change.fields.includes('numbers')) await recorder.record(after.id, 'admin-edit', ['allowedCallerIds']);
      touched.push(after.id);
    }
    await audit(ctx, tx, caller, 'users.csvImport', { kind: 'users', id: null, name: `${fresh.creates.length} + ${fresh.changes.length}` }, {
      created: fresh.creates.length,
      changed: fresh.changes.length,
      userIds: touched.slice(0, 1000),
      ...(fresh.creates.length > 0 ? { profilesFrom } : {}),
    });
    return { created: fresh.creates.length, changed: fresh.changes.length };
  });
  let answer: { created: number; changed: number };
  try {
    answer = await commit();
  } catch (error) {
    // Another writer took one of the file's names, emails or numbers between this transaction's
    // check and its insert (PostgreSQL runs writers side by side; SQLite one after the other):
    // nothing was written, and the file is checked again against what they committed, so the
    // answer names the row instead of a bare conflict.
    if (!(error instanceof ApiError && error.code === 'conflict')) throw error;
    signedOut.length = 0;
    roleChanged.length = 0;
    welcome.length = 0;
    rescoped = false;
    answer = await commit();
  }
  // Revoked sessions end their open sockets; a new role starts them over (see updateUser).
  for (const id of signedOut) ctx.hub.endUser(id, 'Your password was changed; sign in again', text('auth.passwordChanged'));
  for (const id of roleChanged) ctx.hub.reconnectUser(id, 'Your role changed');
  await mailWelcomes(ctx, welcome, caller.company.name);
  if (rescoped) await presenceRescoped(ctx, caller.company.id);
  return answer;
}
