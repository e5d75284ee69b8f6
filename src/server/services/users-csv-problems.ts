/**
 * The users CSV's row problems (issue 13): each one in English (the API's `reason`/`problems`,
 * kept for scripts) and as a `Text` the admin's screen puts into their language, naming the
 * row's column where the problem is in one. Also the column names of validation fields.
 */
import { validationText } from '../../shared/rules';
import type { CsvReport } from '../../shared/server-api';
import { plainText, text, type MessageKey, type Text, type TextParam } from '../../shared/text';

export interface Problem {
  english: string;
  text: Text;
}

export const EXTRA = 'Allowed Extensions';
export const PASSWORD = 'Password';
export const SITE = 'Site';
export const SCOPE = 'Directory Scope';

export function problem(english: string, key: MessageKey, params?: Record<string, TextParam>): Problem {
  return { english, text: text(key, params) };
}

/** A problem of one cell: "Email: …", and the same naming the column in the admin's language. */
export function cellProblem(column: string, english: string, said?: Text): Problem {
  return { english: `${column}: ${english}`, text: text('csv.problem.cell', { column, problem: said ?? validationText(english) ?? plainText(english) }) };
}

export function invalidRow(line: number, problems: readonly Problem[]): CsvReport['invalid'][number] {
  return { line, reason: problems.map((p) => p.english).join(' '), problems: problems.map((p) => p.english), texts: problems.map((p) => p.text) };
}

/** The CSV column a validation field path comes from, so a problem names what the admin sees. */
const FIELD_COLUMNS: Record<string, string> = {
  firstName: 'First Name',
  lastName: 'Last Name',
  email: 'Email',
  userName: 'User Name',
  language: 'Language',
  role: 'Role',
  'numbers.extension': 'Extension',
  'numbers.landline': 'Landline',
  'numbers.mobile': 'Mobile',
  'numbers.extraExtensions': EXTRA,
  password: PASSWORD,
};

export function columnOf(field: string, labels: readonly (string | null)[] = []): string {
  const custom = /^customFields\.(\d)$/.exec(field);
  if (custom) return labels[Number(custom[1])] ?? field;
  return FIELD_COLUMNS[field] ?? field;
}

/** A CSV syntax error's problem (the parser's English message). */
export function syntaxProblem(message: string): Problem {
  return /never closed/.test(message) ? problem(message, 'csv.problem.unclosedQuote') : problem(message, 'csv.problem.syntax', { reason: message });
}
