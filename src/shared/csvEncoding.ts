/**
 * The text of a CSV file from its bytes, in the encodings spreadsheets write: UTF-8 (with or
 * without a byte-order mark), UTF-16 (Excel's "Unicode text", little or big endian, with a BOM
 * or recognised by its zero bytes) and Windows-1252 (Excel's "CSV" on Swedish and other Western
 * Windows systems: `Å`, `ä`, `ö` are single bytes that are not valid UTF-8). Anything else is
 * named as an encoding problem rather than read as mojibake.
 *
 * Uses the WHATWG `TextDecoder`, present in Node and in the renderer. A problem is a text of the
 * catalog (the renderer says it in the admin's language, the server answers it in English too).
 */
import { text, type Text } from './text';

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
type Decodable = Exclude<CsvEncoding, 'windows-1252'>;

export type DecodedCsv =
  | { ok: true; text: string; encoding: CsvEncoding }
  | { ok: false; problem: Text };

/** Share of NUL bytes at odd (or even) offsets that marks UTF-16 text without a BOM. */
const UTF16_ZERO_SHARE = 0.3;
/** Characters Windows-1252 leaves undefined or that are control characters: not a text file. */
const NOT_TEXT = /(?![\t\n\r])\p{Cc}/u;

function decode(bytes: Uint8Array, encoding: Decodable): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** Which UTF-16 the zero bytes point to: ASCII text in UTF-16LE has a zero after every letter. */
function utf16ByZeros(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const sample = bytes.subarray(0, Math.min(bytes.length, 4096));
  if (sample.length < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  }
  const pairs = sample.length / 2;
  if (odd / pairs > UTF16_ZERO_SHARE && even < odd / 10) return 'utf-16le';
  if (even / pairs > UTF16_ZERO_SHARE && odd < even / 10) return 'utf-16be';
  return null;
}

function named(content: string, encoding: CsvEncoding): DecodedCsv {
  if (NOT_TEXT.test(content)) {
    return { ok: false, problem: text('csv.encoding.controlCharacters', { encoding: encoding.toUpperCase() }) };
  }
  return { ok: true, text: content, encoding };
}

/**
 * Windows-1252's 0x80–0x9F (the rest is Latin-1). Spelled out because Node's TextDecoder gives
 * ISO-8859-1 for this label (C1 controls where Windows has €, quotes and dashes); 0 marks the
 * five bytes Windows leaves undefined.
 */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

function decodeWindows1252(bytes: Uint8Array): string | null {
  let out = '';
  for (let start = 0; start < bytes.length; start += 8192) {
    const codes: number[] = [];
    for (const byte of bytes.subarray(start, start + 8192)) {
      const code = byte >= 0x80 && byte < 0xa0 ? (CP1252_HIGH[byte - 0x80] ?? 0) : byte;
      if (code === 0) return null;
      codes.push(code);
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes, 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes, 'utf-16be');
  const zeros = utf16ByZeros(bytes);
  if (zeros) return utf16(bytes, zeros);
  const utf8 = decode(bytes, 'utf-8');
  if (utf8 !== null) return named(utf8, 'utf-8');
  // Not UTF-8: Windows-1252 maps all but five bytes; the check for control characters decides.
  const latin = decodeWindows1252(bytes);
  return latin === null
    ? { ok: false, problem: text('csv.encoding.unknown') }
    : named(latin, 'windows-1252');
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedCsv {
  if (bytes.length % 2 !== 0) {
    return { ok: false, problem: text('csv.encoding.truncated', { encoding: encoding.toUpperCase() }) };
  }
  const content = decode(bytes, encoding);
  return content === null
    ? { ok: false, problem: text('csv.encoding.invalid', { encoding: encoding.toUpperCase() }) }
    : named(content, encoding);
}
