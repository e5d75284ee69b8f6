import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, detectDelimiter, parseCsv, writeCsv } from '../../../src/server/csv/csv';

describe('CSV parser', () => {
  it('reads a plain comma-separated file with physical line numbers', () => {
    expect(parseCsv('a,b\n1,2\n3,4\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
  });

  it('strips a UTF-8 byte-order mark', () => {
    expect(parseCsv('\uFEFFName,Ort\nZoë,Malmö')[0]?.fields).toEqual(['Name', 'Ort']);
  });

  it('handles quoted delimiters, escaped quotes and line breaks inside quotes', () => {
    const text = 'id,note,x\r\n1,"Hello, ""world""",y\r\n2,"two\r\nlines\nthree",z\r\n3,plain,w';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['id', 'note', 'x'] },
      { line: 2, fields: ['1', 'Hello, "world"', 'y'] },
      { line: 3, fields: ['2', 'two\r\nlines\nthree', 'z'] },
      { line: 6, fields: ['3', 'plain', 'w'] },
    ]);
  });

  it('detects semicolons (European Excel) and tabs', () => {
    expect(detectDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(detectDelimiter('a\tb\n')).toBe('\t');
    expect(detectDelimiter('"x;y",b\n')).toBe(',');
    expect(parseCsv('Förnamn;Efternamn\n"Anna; B";Öberg\n')).toEqual([
      { line: 1, fields: ['Förnamn', 'Efternamn'] },
      { line: 2, fields: ['Anna; B', 'Öberg'] },
    ]);
  });

  it('skips blank lines but keeps their line numbers counted', () => {
    expect(parseCsv('a,b\n\n\r\n1,2\n').map((r) => r.line)).toEqual([1, 4]);
  });

  it('keeps empty fields and a trailing empty field', () => {
    expect(parseCsv('a,,c,\n')[0]?.fields).toEqual(['a', '', 'c', '']);
    expect(parseCsv('""\n')[0]?.fields).toEqual(['']);
  });

  it('reports an unclosed quote with the line it opened on', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a,b\n1,"open\n2,3\n');
    } catch (error) {
      expect((error as CsvSyntaxError).line).toBe(2);
    }
  });

  it('handles old Mac CR line endings', () => {
    expect(parseCsv('a,b\r1,2\r').map((r) => r.line)).toEqual([1, 2]);
  });

  it('writes formula cells as text so they cannot run in a spreadsheet, and reads them back', () => {
    const rows = [
      ['=HYPERLINK("http://evil.test","x")', '+46701234567', '-5', '@SUM(A1)', '\tx', '\rx'],
      ['plain', "it's", "'quoted already", '1+1', 'a=b', ''],
    ];
    const text = writeCsv(rows);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe(`"'=HYPERLINK(""http://evil.test"",""x"")",'+46701234567,'-5,'@SUM(A1),'\tx,"'\rx"`);
    expect(lines[1]).toBe("plain,it's,'quoted already,1+1,a=b,");
    expect(parseCsv(text).map((r) => r.fields)).toEqual(rows);
    expect(parseCsv(writeCsv(rows, ';')).map((r) => r.fields)).toEqual(rows);
    // A file a person typed: the text mark before a formula character is dropped on import.
    expect(parseCsv("'+46701234567,'=1\n").map((r) => r.fields)).toEqual([['+46701234567', '=1']]);
  });

  it('writes what it reads back (BOM, quoting, CRLF)', () => {
    const rows = [
      ['id', 'note'],
      ['1', 'comma, "quote"\nnewline'],
      ['2', ' padded '],
    ];
    const text = writeCsv(rows);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(parseCsv(text).map((r) => r.fields)).toEqual(rows);
    expect(parseCsv(writeCsv(rows, ';')).map((r) => r.fields)).toEqual(rows);
  });
});
