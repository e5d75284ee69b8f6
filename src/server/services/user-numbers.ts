/**
 * Users' numbers as admins type them (issue 13): the form, the API and the CSV accept national
 * spellings (`070-123 45 67`, `08-123 456 78`), read in the company's country, and store E.164.
 * Extensions lose their separators. Validation (shared rules) runs on the result.
 */
import type { Company } from '../../shared/model';
import { compactNumber, DEFAULT_COUNTRY, storedNumber } from '../../shared/phone';

export function companyCountry(company: Company): string {
  return company.settings.country ?? DEFAULT_COUNTRY;
}

interface TypedNumbers {
  extension?: string | null | undefined;
  landline?: string | null | undefined;
  mobile?: string | null | undefined;
  extraExtensions?: string[] | undefined;
}

const asStored = (value: string | null | undefined, read: (s: string) => string) =>
  typeof value === 'string' && value.trim() !== '' ? read(value) : value;

/** The numbers in their stored form; fields not given stay not given. */
export function storedNumbers<T extends TypedNumbers>(numbers: T, country: string): T {
  const copy: T = { ...numbers };
  if ('extension' in numbers) copy.extension = asStored(numbers.extension, compactNumber);
  if ('landline' in numbers) copy.landline = asStored(numbers.landline, (s) => storedNumber(s, country));
  if ('mobile' in numbers) copy.mobile = asStored(numbers.mobile, (s) => storedNumber(s, country));
  if (numbers.extraExtensions !== undefined) copy.extraExtensions = numbers.extraExtensions.map(compactNumber).filter((n) => n !== '');
  return copy;
}

/** Allowed extensions as one CSV cell or form field: separated by spaces, commas or semicolons. */
export function splitExtensions(cell: string): string[] {
  return cell
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
