/**
 * The users CSV template's two note rows (seed 004, issue 13): under the header, the allowed
 * values of each column, then one example row, in the admin's language. Their Internal ID cell
 * starts with `#`: an upload skips them, so a template filled in under them imports as it is.
 */
import { format, type MessageKey } from '../../shared/i18n';
import type { Language } from '../../shared/model';
import { SCOPE_WORDS } from './users-csv-sites';

const ALLOWED: Record<string, MessageKey> = {
  'Internal ID': 'admin.csvTemplate.allowedValues',
  'User Name': 'admin.csvTemplate.userName',
  'First Name': 'admin.csvTemplate.firstName',
  'Last Name': 'admin.csvTemplate.lastName',
  Email: 'admin.csvTemplate.email',
  Language: 'admin.csvTemplate.language',
  Role: 'admin.csvTemplate.role',
  Extension: 'admin.csvTemplate.extension',
  'Allowed Extensions': 'admin.csvTemplate.extraExtensions',
  Landline: 'admin.csvTemplate.landline',
  Mobile: 'admin.csvTemplate.mobile',
  'Softphone Enabled': 'admin.csvTemplate.softphone',
  Site: 'admin.csvTemplate.site',
  'Directory Scope': 'admin.csvTemplate.directoryScope',
};

const EXAMPLE: Record<string, string> = {
  'User Name': 'anna.svensson',
  'First Name': 'Anna',
  'Last Name': 'Svensson',
  Email: 'anna.svensson@example.com',
  Language: 'sv',
  Role: 'user',
  Extension: '1050',
  'Allowed Extensions': '1051 1052',
  Landline: '',
  Mobile: '070-123 45 67',
  'Softphone Enabled': 'yes',
  'Directory Scope': 'company',
};

/** The allowed-values row and the example row for `header` (custom fields: free text). */
export function templateRows(header: readonly string[], language: Language): string[][] {
  const allowed = header.map((column) => format(language, ALLOWED[column] ?? 'admin.csvTemplate.custom', SCOPE_WORDS));
  const example = header.map((column) => (column === 'Internal ID' ? format(language, 'admin.csvTemplate.example') : (EXAMPLE[column] ?? '')));
  return [allowed, example];
}
