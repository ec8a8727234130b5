import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initials } from './submit-referral.js';

/** The definition: the first grapheme of each trimmed name, upper-cased (the worklist's fast path must agree). */
const graphemes = new Intl.Segmenter('en-GB', { granularity: 'grapheme' });
const first = (name: string) => {
  for (const { segment } of graphemes.segment(name.trim())) return segment.toUpperCase();
  return '';
};

describe('initials', () => {
  it('takes the first character as people see it, upper-cased', () => {
    expect(initials('Amara', 'Ndiaye')).toBe('AN');
    expect(initials('  olivia ', "o'neil")).toBe('OO');
    expect(initials('e\u0301mile', 'Zoë')).toBe('E\u0301Z');
    expect(initials('👩‍👧 x', 'ß')).toBe('👩‍👧SS');
    expect(initials('', ' ')).toBe('');
  });

  it('agrees with the grapheme segmenter for any names, ASCII or not', () => {
    const ascii = fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) });
    const mixed = fc.string({
      unit: fc.oneof(
        fc.constantFrom('a', 'Z', ' ', '\u0301', '\u200d', '\r', '\n'),
        fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      ),
    });
    const name = fc.oneof(ascii, mixed, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
    fc.assert(
      fc.property(name, name, (given, family) => {
        expect(initials(given, family)).toBe(`${first(given)}${first(family)}`);
      }),
      { numRuns: 2000 },
    );
  });
});
