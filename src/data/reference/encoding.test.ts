import { describe, expect, it } from 'vitest';
import { decodeReferenceFile, decodeWindows1252 } from './encoding.js';

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

describe('decodeReferenceFile', () => {
  it('reads UTF-8, and drops a byte-order mark', () => {
    const utf8 = new TextEncoder().encode('St Mary’s, Café');
    expect(decodeReferenceFile(utf8)).toEqual({ text: 'St Mary’s, Café', encoding: 'utf-8' });
    expect(decodeReferenceFile(bytes(0xef, 0xbb, 0xbf, ...utf8))).toEqual({
      text: 'St Mary’s, Café',
      encoding: 'utf-8',
    });
  });

  it('reads anything that is not UTF-8 as Windows-1252, with its curly apostrophe at 0x92', () => {
    const cp1252 = bytes(...ascii('St Mary'), 0x92, ...ascii('s Caf'), 0xe9, 0x20, 0x80);
    expect(decodeReferenceFile(cp1252)).toEqual({ text: 'St Mary’s Café €', encoding: 'windows-1252' });
  });
});

describe('decodeWindows1252', () => {
  it('maps the 0x80-0x9F range to the characters Windows-1252 puts there', () => {
    expect(decodeWindows1252(bytes(0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x85))).toBe('‘’“”–—…');
    expect(decodeWindows1252(bytes(0xa3, 0xff))).toBe('£ÿ');
  });

  it('decodes long inputs in chunks', () => {
    const long = new Uint8Array(100_000).fill(0x41);
    expect(decodeWindows1252(long)).toBe('A'.repeat(100_000));
  });
});
