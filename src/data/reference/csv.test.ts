import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';
import { ReferenceFileError } from './errors.js';

function errorOf(text: string): ReferenceFileError {
  try {
    parseCsv(text);
  } catch (err) {
    if (err instanceof ReferenceFileError) return err;
    throw err;
  }
  throw new Error('expected the text to be refused');
}

describe('parseCsv', () => {
  it('reads quoted and unquoted fields, with LF or CRLF line ends', () => {
    expect(parseCsv('a,"b",c\r\n"1",2,""\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', ''] },
    ]);
  });

  it('keeps commas and doubled quotes inside quoted fields', () => {
    expect(parseCsv('"St Mary\'s, ""The Grange""",x')).toEqual([
      { line: 1, fields: ['St Mary\'s, "The Grange"', 'x'] },
    ]);
  });

  it('keeps empty trailing fields and reads a last line without a line end', () => {
    expect(parseCsv('a,,\nb,c,')).toEqual([
      { line: 1, fields: ['a', '', ''] },
      { line: 2, fields: ['b', 'c', ''] },
    ]);
  });

  it('skips blank lines but still counts them', () => {
    expect(parseCsv('a\n\nb\r\n\r\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 3, fields: ['b'] },
    ]);
  });

  it('counts the lines inside a quoted field that spans them', () => {
    expect(parseCsv('"one\ntwo",x\nnext')).toEqual([
      { line: 1, fields: ['one\ntwo', 'x'] },
      { line: 3, fields: ['next'] },
    ]);
  });

  it('names the line of a quote that is never closed', () => {
    expect(errorOf('a\nb\n"c,d\n').message).toBe('Line 3: a quoted field is never closed');
  });

  it('names the line of text after a closing quote, and of a stray quote', () => {
    expect(errorOf('a\n"b"c\n').line).toBe(2);
    expect(errorOf('a\nb\nc"d\n').message).toBe('Line 3: a quote inside an unquoted field');
  });

  it('returns nothing for an empty text', () => {
    expect(parseCsv('')).toEqual([]);
  });
});
