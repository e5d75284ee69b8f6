/** Row ⇄ record mapping for the SQLite store. JSON columns are parsed with the shared schemas. */
import { z } from 'zod';
import {
  CalendarEvent,
  CallerIdOverride,
  CompanySettings,
  CustomFieldValues,
  DirectoryScope,
  Language,
  ManualChoice,
  ProfileFields,
  QueueOverride,
  Role,
  UserNumbers,
} from '../../shared/model';
import type { Company } from '../../shared/model';
import { TextOrLegacy } from '../../shared/text';
import type { StoredProfile, TemplateRecord, UserRecord } from './store';

export interface UserRow {
  id: string;
  company_id: string;
  user_name: string;
  sip_user: string;
  email: string;
  first_name: string;
  last_name: string;
  language: string;
  role: string;
  numbers_json: string;
  custom_fields_json: string;
  softphone_enabled: number;
  disabled: number;
  confirmed: number;
  created_at: string;
  password_hash: string | null;
  sip_ha1: string;
  sip_realm: string;
  can_edit_profiles: number;
  visible_columns_json: string | null;
  revision: number;
  default_profile_id: string | null;
  manual_choice_json: string | null;
  queue_overrides_json: string;
  caller_id_override_json: string | null;
  calendar_url: string | null;
  calendar_events_json: string;
  calendar_fetched_at: string | null;
  calendar_error_json: string | null;
  site_id: string | null;
  directory_scope: string;
}

/**
 * JSON texts already validated, per schema. Stored values repeat a lot (after a template apply
 * thousands of users hold the same profile text; most users have `[]` overrides), and running
 * the schema on every read was most of a bulk apply's cost. A text is remembered only when
 * the schema's output serialises back to the same text, so `JSON.parse` alone then gives an
 * equal, fresh (mutable) value. Bounded per schema.
 */
const validTexts = new WeakMap<z.ZodType, Set<string>>();
const VALID_TEXTS_MAX = 5000;

function json<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let known = validTexts.get(schema);
  if (known?.has(text)) return JSON.parse(text) as T;
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`Stored ${what} is malformed: ${parsed.error.message}`);
  if (JSON.stringify(parsed.data) === text) {
    if (!known) validTexts.set(schema, (known = new Set()));
    if (known.size >= VALID_TEXTS_MAX) known.clear();
    known.add(text);
  }
  return parsed.data;
}

const Columns = z.array(z.string());
const QueueOverrides = z.array(QueueOverride);
const CalendarEvents = z.array(CalendarEvent);
const CalendarError = z.object({ at: z.string(), text: TextOrLegacy });

export function userFromRow(row: UserRow): UserRecord {
  return {
    id: row.id,
    companyId: row.company_id,
    userName: row.user_name,
    sipUser: row.sip_user,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    language: Language.parse(row.language),
    role: Role.parse(row.role),
    numbers: json(UserNumbers, row.numbers_json, 'numbers'),
    customFields: json(CustomFieldValues, row.custom_fields_json, 'custom fields'),
    softphoneEnabled: row.softphone_enabled === 1,
    disabled: row.disabled === 1,
    confirmed: row.confirmed === 1,
    createdAt: row.created_at,
    passwordHash: row.password_hash,
    sipHa1: row.sip_ha1,
    sipRealm: row.sip_realm,
    canEditProfiles: row.can_edit_profiles === 1,
    visibleColumns: row.visible_columns_json ? json(Columns, row.visible_columns_json, 'columns') : null,
    revision: row.revision,
    defaultProfileId: row.default_profile_id,
    manualChoice: row.manual_choice_json ? json(ManualChoice, row.manual_choice_json, 'manual choice') : null,
    queueOverrides: json(QueueOverrides, row.queue_overrides_json, 'queue overrides'),
    callerIdOverride: row.caller_id_override_json
      ? json(CallerIdOverride, row.caller_id_override_json, 'caller ID override')
      : null,
    calendarUrl: row.calendar_url,
    calendarEvents: json(CalendarEvents, row.calendar_events_json, 'calendar events'),
    calendarFetchedAt: row.calendar_fetched_at,
    calendarError: row.calendar_error_json ? json(CalendarError, row.calendar_error_json, 'calendar error') : null,
    siteId: row.site_id,
    directoryScope: DirectoryScope.parse(row.directory_scope),
  };
}

export function userToRow(user: UserRecord): UserRow {
  return {
    id: user.id,
    company_id: user.companyId,
    user_name: user.userName,
    sip_user: user.sipUser,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    language: user.language,
    role: user.role,
    numbers_json: JSON.stringify(user.numbers),
    custom_fields_json: JSON.stringify(user.customFields),
    softphone_enabled: user.softphoneEnabled ? 1 : 0,
    disabled: user.disabled ? 1 : 0,
    confirmed: user.confirmed ? 1 : 0,
    created_at: user.createdAt,
    password_hash: user.passwordHash,
    sip_ha1: user.sipHa1,
    sip_realm: user.sipRealm,
    can_edit_profiles: user.canEditProfiles ? 1 : 0,
    visible_columns_json: user.visibleColumns ? JSON.stringify(user.visibleColumns) : null,
    revision: user.revision,
    default_profile_id: user.defaultProfileId,
    manual_choice_json: user.manualChoice ? JSON.stringify(user.manualChoice) : null,
    queue_overrides_json: JSON.stringify(user.queueOverrides),
    caller_id_override_json: user.callerIdOverride ? JSON.stringify(user.callerIdOverride) : null,
    calendar_url: user.calendarUrl,
    calendar_events_json: JSON.stringify(user.calendarEvents),
    calendar_fetched_at: user.calendarFetchedAt,
    calendar_error_json: user.calendarError ? JSON.stringify(user.calendarError) : null,
    site_id: user.siteId ?? null,
    directory_scope: user.directoryScope ?? 'company',
  };
}

export interface CompanyRow {
  id: string;
  name: string;
  main_number: string | null;
  settings_json: string;
}

export function companyFromRow(row: CompanyRow): Company {
  return {
    id: row.id,
    name: row.name,
    mainNumber: row.main_number,
    settings: json(CompanySettings, row.settings_json, 'company settings'),
  };
}

export interface ProfileRow {
  id: string;
  user_id: string;
  position: number;
  template_key: string | null;
  fields_json: string;
}

export function profileFromRow(row: ProfileRow): StoredProfile {
  return {
    id: row.id,
    userId: row.user_id,
    position: row.position,
    templateKey: row.template_key,
    fields: json(ProfileFields, row.fields_json, 'profile'),
  };
}

export interface TemplateRow {
  id: string;
  company_id: string;
  name: string;
  built_in: number;
  profiles_json: string;
  updated_at: string;
  created_at: string;
}

const TemplateProfiles = z.array(ProfileFields.extend({ key: z.string() }));

export function templateFromRow(row: TemplateRow): TemplateRecord {
  return {
    id: row.id,
    companyId: row.company_id,
    name: row.name,
    builtIn: row.built_in === 1,
    profiles: json(TemplateProfiles, row.profiles_json, 'template profiles'),
    updatedAt: row.updated_at,
    createdAt: row.created_at,
  };
}
