/**
 * CSV as spreadsheets write it (RFC 4180 plus what Excel and LibreOffice do in practice):
 * an optional UTF-8 byte-order mark, `,` or `;` or tab as delimiter (detected from the header
 * line), quoted fields containing delimiters, quotes (doubled) and line breaks, and CRLF, LF or
 * CR line endings. Each record carries the physical line it starts on, so reports can point
 * at the line a person sees in their editor.
 *
 * Formula cells: a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, tab or CR, so a
 * user name or e-mail could run in the admin's spreadsheet. Written cells that start so get a
 * leading `'` (the spreadsheets' own "this is text" mark, which they show without it), and a
 * read cell that starts with `'` and then one of those characters loses it: `+46…` numbers
 * survive the round trip.
 */

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`Line ${line}: ${message}`);
  }
}

const CANDIDATES = [',', ';', '\t'] as const;
export type Delimiter = (typeof CANDIDATES)[number];

/** The candidate that occurs most often outside quotes on the first line (comma on a tie or none). */
export function detectDelimiter(text: string): Delimiter {
  const counts = new Map<Delimiter, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch as Delimiter)) counts.set(ch as Delimiter, (counts.get(ch as Delimiter) ?? 0) + 1);
  }
  let best: Delimiter = ',';
  for (const candidate of CANDIDATES) if ((counts.get(candidate) ?? 0) > (counts.get(best) ?? 0)) best = candidate;
  return best;
}

const FORMULA_START = /^[=+\-@\t\r]/;

function escapeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function unescapeFormula(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses the whole text; blank lines are skipped; a quote left open is a syntax error. */
export function parseCsv(input: string, delimiter: Delimiter = detectDelimiter(stripBom(input))): CsvRecord[] {
  const text = stripBom(input);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let fieldStarted = false;

  const endRecord = (): void => {
    fields.push(unescapeFormula(field));
    const blank = fields.length === 1 && fields[0] === '' && !fieldStarted;
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      quoteLine = line;
      fieldStarted = true;
    } else if (ch === delimiter) {
      fields.push(unescapeFormula(field));
      field = '';
      fieldStarted = true;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      // A quote inside an unquoted field is kept as it is (what spreadsheets do).
      field += ch;
    }
  }
  if (quoted) throw new CsvSyntaxError(quoteLine, 'a quoted field is never closed (missing ")');
  if (field !== '' || fields.length > 0 || fieldStarted) endRecord();
  return records;
}

function quote(value: string, delimiter: Delimiter): string {
  const needs = value.includes(delimiter) || /["\r\n]/.test(value) || value !== value.trim();
  return needs ? `"${value.replaceAll('"', '""')}"` : value;
}

/** CRLF-separated, with a BOM so spreadsheet programs read it as UTF-8. */
export function writeCsv(rows: readonly (readonly string[])[], delimiter: Delimiter = ','): string {
  const cell = (value: string): string => quote(escapeFormula(value), delimiter);
  return '\uFEFF' + rows.map((row) => row.map(cell).join(delimiter)).join('\r\n') + '\r\n';
}
