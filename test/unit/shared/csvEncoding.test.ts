import { describe, expect, it } from 'vitest';
import { decodeCsvBytes } from '../../../src/shared/csvEncoding';

const ROW = 'First Name;Last Name;Email\r\nÅsa;Öberg-Lindén;asa@example.se\r\n';

function utf16le(text: string, bom: boolean): Uint8Array {
  const bytes = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  if (bom) bytes.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes[(bom ? 2 : 0) + i * 2] = code & 0xff;
    bytes[(bom ? 2 : 0) + i * 2 + 1] = code >> 8;
  }
  return bytes;
}

function swap(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1] ?? 0;
    out[i + 1] = bytes[i] ?? 0;
  }
  return out;
}

/** Windows-1252 for the Latin-1 range: one byte per character. */
function cp1252(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
}

describe('decodeCsvBytes', () => {
  it('reads UTF-8 with and without a byte-order mark', () => {
    const plain = new TextEncoder().encode(ROW);
    expect(decodeCsvBytes(plain)).toEqual({ ok: true, text: ROW, encoding: 'utf-8' });
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...plain]);
    expect(decodeCsvBytes(withBom)).toMatchObject({ ok: true, text: ROW, encoding: 'utf-8' });
  });

  it("reads Excel's UTF-16 (little endian with BOM, big endian, and without BOM)", () => {
    expect(decodeCsvBytes(utf16le(ROW, true))).toEqual({ ok: true, text: ROW, encoding: 'utf-16le' });
    expect(decodeCsvBytes(swap(utf16le(ROW, true)))).toEqual({ ok: true, text: ROW, encoding: 'utf-16be' });
    expect(decodeCsvBytes(utf16le(ROW, false))).toEqual({ ok: true, text: ROW, encoding: 'utf-16le' });
  });

  it('reads Windows-1252 (Excel "CSV" on Swedish Windows): Å, Ö, é survive', () => {
    const bytes = cp1252(ROW + 'René;Sjöström;rene@example.se\r\n');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(decodeCsvBytes(bytes)).toEqual({ ok: true, text: ROW + 'René;Sjöström;rene@example.se\r\n', encoding: 'windows-1252' });
    // € is 0x80 in Windows-1252 (and not Latin-1)
    expect(decodeCsvBytes(Uint8Array.from([0x80, 0x3b, 0x41, 0xe5]))).toMatchObject({ ok: true, text: '€;Aå' });
  });

  it('names the problem for a binary file, cut UTF-16 and invalid UTF-16', () => {
    const binary = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0xff, 0xd8]); // a zip (xlsx), not CSV
    expect(decodeCsvBytes(binary)).toMatchObject({ ok: false });
    expect(decodeCsvBytes(Uint8Array.from([0x41, 0x3b, 0x81, 0x42]))).toMatchObject({ ok: false, problem: { key: 'csv.encoding.unknown' } });
    expect(decodeCsvBytes(Uint8Array.from([0x41, 0x07, 0x42, 0x43]))).toMatchObject({ ok: false, problem: { key: 'csv.encoding.controlCharacters' } });
    const cut = utf16le(ROW, true).subarray(0, 11);
    expect(decodeCsvBytes(cut)).toMatchObject({ ok: false, problem: { key: 'csv.encoding.truncated', params: { encoding: 'UTF-16LE' } } });
    const lone = new Uint8Array([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]); // an unpaired surrogate
    expect(decodeCsvBytes(lone)).toMatchObject({ ok: false, problem: { key: 'csv.encoding.invalid' } });
  });
});
