import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv.js';

/** A small RFC 4180 reader: rows end in CRLF, fields are bare or quoted, and "" inside quotes is one quote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text.charAt(i) === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text.charAt(i) === '"') {
          if (text.charAt(i + 1) === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else {
          field += text.charAt(i);
          i++;
        }
      }
    } else {
      while (i < text.length && text.charAt(i) !== ',' && text.charAt(i) !== '\r') {
        if (text.charAt(i) === '"' || text.charAt(i) === '\n')
          throw new Error(`bare ${JSON.stringify(text.charAt(i))} at ${String(i)}`);
        field += text.charAt(i);
        i++;
      }
    }
    row.push(field);
    if (text.charAt(i) === ',') {
      i++;
    } else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else {
      throw new Error(`unexpected ${JSON.stringify(text.charAt(i))} at ${String(i)}`);
    }
  }
  if (row.length > 0) throw new Error('last row not ended by CRLF');
  return rows;
}

/** The characters with which a spreadsheet may start a formula, some of them after spaces it ignores. */
const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r', '\u0000'];
const AFTER_SPACES = ['=', '+', '-', '@', '＝', '＋', '－', '＠'];
const startsFormula = (text: string) =>
  FORMULA_STARTS.some((c) => text.startsWith(c)) ||
  // eslint-disable-next-line no-control-regex -- NUL is one of the characters a spreadsheet skips
  AFTER_SPACES.some((c) => text.replace(/^[\s\u0000]*/u, '').startsWith(c));

/** What a cell should read as once neutralised. */
const neutralised = (text: string) => (startsFormula(text) ? `'${text}` : text);

describe('csvCell: formula injection', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+44 116 295 2495', "'+44 116 295 2495"],
    ['-2+3', "'-2+3"],
    ['@SUM(1)', "'@SUM(1)"],
    ['\tcmd', "'\tcmd"],
    ['\u0000x', "'\u0000x"],
    ['  =1+1', "'  =1+1"],
    ['＝1+1', "'＝1+1"],
  ])('neutralises %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('neutralises and quotes a cell starting with a carriage return', () => {
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
  });

  it('neutralises a negative number', () => {
    expect(csvCell(-5)).toBe("'-5");
  });

  it('neutralises a quoted formula such as a DDE payload', () => {
    expect(csvCell('=cmd|\' /C calc\'!A0,"x"')).toBe(`"'=cmd|' /C calc'!A0,""x"""`);
  });

  it.each(['Ada Lovelace', 'a=b', 'x-ray', 'jane@nhs.net', '42', ''])('leaves %j alone', (value) => {
    expect(csvCell(value)).toBe(value);
  });
});

describe('csvCell: quoting', () => {
  it('quotes a comma', () => {
    expect(csvCell('Okafor, Jane')).toBe('"Okafor, Jane"');
  });

  it('doubles quotes inside a quoted cell', () => {
    expect(csvCell('the "main" one')).toBe('"the ""main"" one"');
  });

  it('quotes newlines and carriage returns', () => {
    expect(csvCell('line one\nline two')).toBe('"line one\nline two"');
    expect(csvCell('line one\r\nline two')).toBe('"line one\r\nline two"');
  });

  it('writes nothing for null and undefined, and text for numbers and booleans', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(true)).toBe('true');
  });
});

describe('csvRow', () => {
  it('joins cells with commas and ends with CRLF', () => {
    expect(csvRow(['a', 1, null, 'b,c'])).toBe('a,1,,"b,c"\r\n');
  });

  it('reads back, through an RFC 4180 parser, as the neutralised values', () => {
    const unit = fc.oneof(
      fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '\u0000', '"', ',', "'", ' '),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    );
    const cell = fc.string({ unit, maxLength: 12 });
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 8 }), (cells) => {
        expect(parseCsv(csvRow(cells))).toEqual([cells.map(neutralised)]);
      }),
      { numRuns: 1000 },
    );
  });

  it('never writes a cell that a spreadsheet would read as a formula', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary-ascii' }), { minLength: 1, maxLength: 5 }), (cells) => {
        for (const value of parseCsv(csvRow(cells))[0]!) expect(startsFormula(value)).toBe(false);
      }),
    );
  });

  it('writes several rows that read back in order', () => {
    const text = csvRow(['id', 'name']) + csvRow([1, 'O\'Brien, "Pat"']) + csvRow([2, '=HYPERLINK("x")']);
    expect(parseCsv(text)).toEqual([
      ['id', 'name'],
      ['1', 'O\'Brien, "Pat"'],
      ['2', `'=HYPERLINK("x")`],
    ]);
  });
});
