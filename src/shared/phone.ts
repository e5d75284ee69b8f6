/**
 * Phone numbers: the one place that reads what people type or paste, compares numbers and
 * formats them for reading. Parsing, the country rules and formatting come from
 * libphonenumber-js; this module adds what a PBX needs on top (extensions, service codes, SIP
 * addresses pass through untouched).
 *
 * Decisions:
 * - Stored numbers are E.164 (`+46812345678`) or extensions (`rules/validation.ts` checks that
 *   form); everything typed is turned into that form here, never elsewhere.
 * - "(0)" right after an international prefix is the national trunk prefix written for readers
 *   at home (`+46 (0)8 123 45 67`): it is not dialled from abroad, so it is dropped.
 *   A leading `00` is the international prefix (`0046 8 …` = `+46 8 …`), as everywhere in Europe.
 * - libphonenumber-js's `min` metadata, deliberately: we need parsing, national-prefix rules
 *   and formats (all in `min`), not number types or exact per-range validity (what `max`
 *   adds). Numbers are accepted when they are *possible* (right length for their country):
 *   exact-range validity would refuse test and demo ranges and go stale with the metadata,
 *   and the PBX, not the softphone, knows which numbers exist. `min` also keeps the renderer
 *   bundle small.
 */
import {
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCallingCode,
} from 'libphonenumber-js/min';

/** Digits with the punctuation people write around them, optionally international. */
const NUMBER_SHAPE = /^\+?[\d\s().\-/]+$/;
/** Star and hash codes (`*41`, `#31#`): PBX features, dialled as typed (separators dropped). */
const SERVICE_CODE = /^[\d*#]*[*#][\d*#]*$/;
/** What people put between digits for readability. */
const SEPARATORS = /[\s().\-/]/g;
/** A trunk "(0)" after the country code of an international number. */
const INTERNATIONAL_TRUNK_ZERO = /^((?:\+|00)\s*\d{1,3})\s*\(0\)/;

/** True for `*41`, `#31#`, `*21*1002#`: dialled as typed. */
export function isServiceCode(text: string): boolean {
  return SERVICE_CODE.test(text.replace(SEPARATORS, ''));
}

/** True when the text is a number with the usual punctuation (not a name or SIP address). */
export function looksLikeNumber(text: string): boolean {
  const trimmed = text.trim();
  return NUMBER_SHAPE.test(trimmed) || isServiceCode(trimmed);
}

/**
 * The number without punctuation: spaces, dashes, dots, slashes, brackets and a trunk "(0)"
 * dropped, a leading `00` read as `+` (when more than a short extension follows: `0012` stays).
 * Service codes lose only their separators; text that is not a number comes back trimmed.
 */
export function compactNumber(text: string): string {
  const trimmed = text.trim();
  if (isServiceCode(trimmed)) return trimmed.replace(SEPARATORS, '');
  if (!NUMBER_SHAPE.test(trimmed)) return trimmed;
  const digits = trimmed.replace(INTERNATIONAL_TRUNK_ZERO, '$1').replace(/\D/g, '');
  if (trimmed.startsWith('+')) return `+${digits}`;
  return isInternational00(digits) ? `+${digits.slice(2)}` : digits;
}

/** `00` + country code + number; `0046` alone is too short to be more than an extension. */
function isInternational00(digits: string): boolean {
  return digits.startsWith('00') && digits.length > 4;
}

function parse(text: string, defaultCountryCallingCode?: string) {
  const compact = compactNumber(text);
  if (!/^\+?\d+$/.test(compact)) return undefined;
  return parsePhoneNumberFromString(compact, {
    extract: false,
    ...(defaultCountryCallingCode ? { defaultCallingCode: defaultCountryCallingCode } : {}),
  });
}

/**
 * E.164 for a number written in any usual way, or null when it is not a possible phone number.
 * National numbers (`070-123 45 67`, `08-123 45 67`) need the country calling code (`'46'`).
 */
export function toE164(input: string, defaultCountryCallingCode?: string): string | null {
  const number = parse(input, defaultCountryCallingCode);
  return number?.isPossible() ? number.number : null;
}

/**
 * What numbers are compared by: E.164 when the text is a possible number, else its compact
 * form (extensions as digits; anything that is not a number, trimmed).
 */
export function numberKey(number: string, defaultCountryCallingCode?: string): string {
  return toE164(number, defaultCountryCallingCode) ?? compactNumber(number);
}

/** Whether two spellings name the same number (`+46 (0)8 123 45 67` and `0046 8 1234567`). */
export function sameNumber(a: string, b: string, defaultCountryCallingCode?: string): boolean {
  return numberKey(a, defaultCountryCallingCode) === numberKey(b, defaultCountryCallingCode);
}

/**
 * A stored number for reading: national format for the reader's own country
 * (`08-123 45 67`), international otherwise (`+46 8 123 45 67`). Extensions, service codes
 * and anything not E.164 come back unchanged.
 */
export function formatForDisplay(number: string, ownCountryCallingCode?: string): string {
  if (!number.startsWith('+')) return number;
  const parsed = parsePhoneNumberFromString(number, { extract: false });
  if (!parsed?.isPossible()) return number;
  const own = ownCountryCallingCode as CountryCallingCode | undefined;
  return own !== undefined && parsed.countryCallingCode === own
    ? parsed.formatNational()
    : parsed.formatInternational();
}

export interface DialOptions {
  /** Country calling code without "+" for national numbers that start with a trunk 0 ("46"). */
  countryCallingCode?: string;
  /** Numbers with at most this many digits are extensions and never made international. */
  maxExtensionDigits?: number;
}

/**
 * What to dial for a typed number, or null when the text is not a number (a SIP user name or
 * address, handled by the caller):
 *   `*41` → `*41`; `1002` → `1002` (extension); `+46 (0)8 123 45 67`, `0046 8 123 45 67` and,
 *   with country 46, `08-123 45 67` → `+4681234567`; a national number without a configured
 *   country stays as its digits. Numbers the metadata does not know are dialled as compacted.
 */
export function toDialable(text: string, options: DialOptions = {}): string | null {
  const trimmed = text.trim();
  if (isServiceCode(trimmed)) return compactNumber(trimmed);
  if (!NUMBER_SHAPE.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (!digits) return null;
  if (trimmed.startsWith('+') || isInternational00(digits)) {
    const compact = compactNumber(trimmed);
    return toE164(compact) ?? compact;
  }
  if (digits.length <= (options.maxExtensionDigits ?? 6)) return digits;
  if (digits.startsWith('0') && options.countryCallingCode) {
    return (
      toE164(digits, options.countryCallingCode) ?? `+${options.countryCallingCode}${digits.slice(1)}`
    );
  }
  return digits;
}

/** The country a company's national numbers are read in when it has not said (issue 13). */
export const DEFAULT_COUNTRY = 'SE';

/** Every ISO country whose numbers can be read (what a company's country may be), e.g. `'SE'`. */
export function knownCountries(): string[] {
  return getCountries();
}

/** The calling code of an ISO country (`'SE'` → `'46'`), or null for a country we do not know. */
export function callingCodeOf(country: string): string | null {
  return isSupportedCountry(country) ? getCountryCallingCode(country) : null;
}

/**
 * A number as an admin types it into a user's number field (form, API or CSV), in the form it is
 * stored in: `070-123 45 67` and `08-123 456 78` (national, read in `country`), `+46 8 …` and
 * `0046 8 …` become E.164; a short number (`1002`) stays an extension. Text that is none of
 * these (`call me`, `070-12`: a national number too short) comes back trimmed, for the
 * validation to name the field.
 */
export function storedNumber(input: string, country: string = DEFAULT_COUNTRY): string {
  const trimmed = input.trim();
  if (!NUMBER_SHAPE.test(trimmed)) return trimmed;
  const compact = compactNumber(trimmed);
  if (compact.startsWith('+')) return toE164(compact) ?? compact;
  // A leading 0 is the national trunk prefix: a national number when it is a possible one.
  const callingCode = callingCodeOf(country);
  if (compact.startsWith('0') && callingCode !== null) {
    // `070-12` is a national number typed too short, not extension 07012: kept for the validation to refuse.
    return toE164(compact, callingCode) ?? (compact === trimmed ? compact : trimmed);
  }
  return compact;
}
