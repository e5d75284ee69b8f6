/**
 * The admin area's data is fetched on demand (it is not a pushed slice): each action asks main,
 * stores the answer, and says what happened in `admin.status` for the polite live region.
 */
import type { CompanySettings, Template } from '../../../../shared/model';
import type { CsvJob, UserInput } from '../../../../shared/server-api';
import { describeError, invoke, showError } from './invoke';
import { tNow } from '../../i18n/current';
import { useSoftphone } from '../store';
import type { AdminState } from '../slices';

function patchAdmin(patch: Partial<AdminState>): void {
  useSoftphone.setState((s) => ({ admin: { ...s.admin, ...patch } }));
}

export async function loadTemplates(): Promise<void> {
  const templates = await invoke('admin.templates.list', null);
  if (templates) patchAdmin({ templates });
}

export async function openTemplate(templateId: string): Promise<void> {
  const template = await invoke('admin.templates.get', { templateId });
  if (template) patchAdmin({ template });
}

export function closeTemplate(): void {
  patchAdmin({ template: null });
}

export async function cloneTemplate(templateId: string, name: string): Promise<boolean> {
  const template = await invoke('admin.templates.clone', { templateId, name });
  if (!template) return false;
  patchAdmin({ template, status: { key: 'admin.status.templateCreated', params: { name: template.name } } });
  await loadTemplates();
  return true;
}

export async function saveTemplate(templateId: string, name: string, profiles: Template['profiles']): Promise<boolean> {
  const template = await invoke('admin.templates.save', { templateId, name, profiles });
  if (!template) return false;
  patchAdmin({ template, status: { key: 'admin.status.templateSaved', params: { name: template.name } } });
  await loadTemplates();
  return true;
}

export async function applyTemplate(templateId: string, userIds: string[] | 'all'): Promise<boolean> {
  const result = await invoke('admin.templates.apply', { templateId, userIds, confirmOverwrite: true });
  if (!result) return false;
  patchAdmin({ status: { key: 'admin.status.applied', params: { n: result.applied } } });
  await loadAudit();
  return true;
}

/** The apply's dry run (issue 13): per user, what it adds, changes, removes and whose choice falls back. */
export const previewApply = (templateId: string, userIds: string[] | 'all', onError: (message: string) => void) =>
  invoke('admin.templates.applyPreview', { templateId, userIds }, { onError });

export async function loadAudit(): Promise<void> {
  const audit = await invoke('admin.audit.list', null);
  if (audit) patchAdmin({ audit });
}

export async function loadUsers(): Promise<void> {
  const users = await invoke('admin.users.list', { includeDisabled: true });
  if (users) patchAdmin({ users });
}

export async function loadQueues(): Promise<void> {
  const queues = await invoke('admin.queues.list', null);
  if (queues) patchAdmin({ queues });
}

export async function loadCompany(): Promise<void> {
  const company = await invoke('admin.company.get', null);
  if (company) patchAdmin({ company });
}

/**
 * `shownPassword`: a password the form made (Random) to show once more with the server's answer,
 * as the server shows one it generated.
 */
export async function createUser(input: UserInput, onError: (message: string, error?: unknown) => void, shownPassword: string | null = null): Promise<boolean> {
  const result = await invoke('admin.users.create', input, { onError });
  if (!result) return false;
  const password = result.password ?? shownPassword;
  patchAdmin({
    status: { key: 'admin.status.userCreated', params: { name: result.user.userName } },
    createdPassword: password ? { userName: result.user.userName, password } : null,
  });
  await loadUsers();
  return true;
}

export async function updateUser(userId: string, changes: Partial<UserInput>, onError: (message: string, error?: unknown) => void): Promise<boolean> {
  const user = await invoke('admin.users.update', { userId, changes }, { onError });
  if (!user) return false;
  patchAdmin({ status: { key: 'admin.status.userSaved', params: { name: user.userName } } });
  await loadUsers();
  return true;
}

export async function setUserDisabled(userId: string, disabled: boolean): Promise<void> {
  const user = await invoke('admin.users.setDisabled', { userId, disabled });
  if (!user) return;
  patchAdmin({ status: { key: disabled ? 'admin.status.userDisabled' : 'admin.status.userEnabled', params: { name: user.userName } } });
  await loadUsers();
}

export async function inviteUsers(emails: string[], onError: (message: string) => void): Promise<boolean> {
  const result = await invoke('admin.users.invite', { emails }, { onError });
  if (!result) return false;
  patchAdmin({ status: { key: 'admin.status.invited', params: { n: result.invited } } });
  return true;
}

/** The CSV template as text and file name; the component turns it into a download. */
export const fetchCsvTemplate = () => invoke('admin.users.csvTemplate', null);
/** Every user of the company as CSV (seed 004: edit and upload again). */
export const fetchCsvExport = () => invoke('admin.users.csvExport', null);

export async function dryRunCsv(fileName: string, content: string): Promise<void> {
  const report = await invoke('admin.users.csvDryRun', { content });
  patchAdmin({ csv: report ? { fileName, content, report } : null });
}

/** How often the CSV screen asks about a running submit job. */
const CSV_JOB_POLL_MS = 400;

/**
 * Submits the chosen CSV as a server job and follows it to the end (issue 12): the progress bar
 * shows the rows done, and the outcome shown is the committed one (every row) or the failure
 * (no row). A passing failure to ask (the server restarting) is retried, not taken for the end.
 */
export async function submitCsv(): Promise<boolean> {
  const csv = useSoftphone.getState().admin.csv;
  if (!csv || csv.report.invalid.length > 0 || csv.job?.state === 'running') return false;
  const started = await invoke('admin.users.csvSubmit', { content: csv.content });
  if (!started) return false;
  let job: CsvJob = started;
  const setJob = (next: CsvJob) => {
    const current = useSoftphone.getState().admin.csv;
    if (current?.content === csv.content) patchAdmin({ csv: { ...current, job: next } });
  };
  setJob(job);
  let misses = 0;
  while (job.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, CSV_JOB_POLL_MS));
    const next: CsvJob | undefined = await invoke('admin.users.csvJob', { jobId: job.jobId }, { onError: () => misses++ });
    if (next) job = next;
    else if (misses > 5) {
      showError(tNow('admin.csv.lostJob'));
      return false;
    }
    setJob(job);
  }
  if (job.state === 'failed') {
    showError(job.error ? describeError(job.error) : tNow('error.generic'));
    return false;
  }
  const result = job.result ?? { created: 0, changed: 0 };
  patchAdmin({ csv: null, status: { key: 'admin.status.csvSubmitted', params: { created: result.created, changed: result.changed } } });
  await loadUsers();
  return true;
}

/** A new section starts without the previous section's outcome message. */
export function clearAdminStatus(): void {
  patchAdmin({ status: null });
}

export function clearCsv(): void {
  patchAdmin({ csv: null });
}

export function clearCreatedPassword(): void {
  patchAdmin({ createdPassword: null });
}

export async function updateCompany(changes: Partial<CompanySettings>, onError: (message: string) => void): Promise<boolean> {
  const settings = await invoke('admin.company.update', changes, { onError });
  if (!settings) return false;
  const company = useSoftphone.getState().admin.company;
  patchAdmin({ company: company ? { ...company, settings } : company, status: { key: 'admin.status.companySaved' } });
  return true;
}
