/**
 * The renderer's state, split by domain. The first nine slices mirror the contract's events
 * one to one (main pushes the whole slice on every change, so the renderer never guesses);
 * `admin` holds what the admin area fetched on demand, and `ui` holds what only this window
 * cares about (current view, visible errors, search results).
 */
import type { z } from 'zod';
import type {
  CompanyChangeNote,
  ConnectionState,
  CallView,
  HistoryEntry,
  Notice,
  ProfilesState,
  RegistrationState,
  SessionState,
  Settings,
} from '../../../shared/ipc';
import type { ApplyAudit, CompanyRecording, CsvJob, CsvReport, Colleague, Mailbox, Recording, TemplateSummary } from '../../../shared/server-api';
import type { AdminQueue, Announcement, Application, AuditPage, CompanyCodes, CompanyDestinations } from '../../../shared/model';
import { initialSlices } from '../../../shared/defaults';
import type { MessageKey } from '../../../shared/i18n';
import type { CompanySettings, DirectoryEntry, PhoneNumber, Site, Template, User } from '../../../shared/model';

export interface SessionSlice {
  session: SessionState;
}
export interface RegistrationSlice {
  registration: RegistrationState;
}
export interface ConnectionSlice {
  connection: ConnectionState;
}
export interface ProfilesSlice {
  profiles: ProfilesState | null;
}
export interface CallsSlice {
  calls: CallView[];
}
export interface HistorySlice {
  history: HistoryEntry[];
}
export interface SettingsSlice {
  settings: Settings;
}
export interface NoticesSlice {
  notices: Notice[];
}
/** The user's mailbox, pushed by the server through main (null: not known yet, or signed out). */
export interface VoicemailSlice {
  voicemail: Mailbox | null;
}
/** Admins: the latest change to a user of their company (admin screens read again on it). */
export interface CompanyChangeSlice {
  companyChange: CompanyChangeNote | null;
}

/** Colleagues with their availability, pushed by the server through main (empty: not known yet). */
export interface PeopleSlice {
  people: Colleague[];
}

export interface CompanyInfo {
  name: string;
  mainNumber: PhoneNumber | null;
  settings: CompanySettings;
}

export interface AdminState {
  templates: z.infer<typeof TemplateSummary>[] | null;
  /** The template open in the editor, as last returned by main. */
  template: Template | null;
  users: User[] | null;
  audit: z.infer<typeof ApplyAudit>[] | null;
  company: CompanyInfo | null;
  /** The company's queues (the main number's destinations). */
  queues: AdminQueue[] | null;
  /** Issue 13: the audit screen's current page and the filter it shows. */
  auditLog: AuditPage | null;
  /**
   * The dry-run report of the CSV currently chosen, and that CSV's text; once submitted, the
   * server's job as last seen (rows done of total, then committed or failed).
   */
  csv: { fileName: string; content: string; report: CsvReport; job?: CsvJob } | null;
  /** A one-time password the server generated for a user just created. */
  createdPassword: { userName: string; password: string } | null;
  /** Outcome of the last admin action, as a message key (announced politely). */
  status: { key: MessageKey; params?: Record<string, string | number> } | null;
  /** The company's recorded calls. */
  recordings: CompanyRecording[] | null;
  /** Issue 11: the company's announcements, applications and feature codes. */
  announcements: Announcement[] | null;
  applications: Application[] | null;
  codes: CompanyCodes | null;
  /** Issue 13: the company's sites (none: no site settings anywhere). */
  sites?: Site[] | null;
}
export interface AdminSlice {
  admin: AdminState;
}

export type View = 'phone' | 'history' | 'voicemail' | 'profiles' | 'settings' | 'admin';
export interface VisibleError {
  id: number;
  message: string;
}
export interface UiState {
  /** True once the first snapshot has arrived. */
  ready: boolean;
  /** Set when there is no `window.softphone` or the first snapshot failed. */
  bootError: string | null;
  view: View;
  errors: VisibleError[];
  /** Commands in flight, by name, so buttons can show they are busy. */
  pending: Record<string, number>;
  directory: { query: string; results: DirectoryEntry[] } | null;
  /** The user's recorded calls (fetched when the history is shown); matched to entries by SIP Call-ID. */
  recordings: Recording[] | null;
  /** What the profile editors pick from by name (the company's announcements and applications). */
  destinations: CompanyDestinations | null;
}
export interface UiSlice {
  ui: UiState;
}

export type SoftphoneState = SessionSlice &
  RegistrationSlice &
  ConnectionSlice &
  ProfilesSlice &
  CallsSlice &
  HistorySlice &
  SettingsSlice &
  NoticesSlice &
  VoicemailSlice &
  CompanyChangeSlice &
  PeopleSlice &
  AdminSlice &
  UiSlice;

export const initialAdmin: AdminState = {
  templates: null,
  template: null,
  users: null,
  audit: null,
  company: null,
  queues: null,
  auditLog: null,
  csv: null,
  createdPassword: null,
  status: null,
  recordings: null,
  announcements: null,
  applications: null,
  codes: null,
};
const initialUi: UiState = { ready: false, bootError: null, view: 'phone', errors: [], pending: {}, directory: null, recordings: null, destinations: null };

export function initialState(): SoftphoneState {
  return {
    ...initialSlices(),
    admin: initialAdmin,
    ui: initialUi,
  };
}
