import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, codePointLength, hasUnsafeCharacters } from './text.js';

const BIDI_CONTROLS = [
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
];

/** Units that stress normalisation and stripping: controls between a letter and its accent, jamo, spaces, anything. */
const trickyUnit = fc.oneof(
  fc.constantFrom(
    ...BIDI_CONTROLS,
    '\u0301',
    '\u0308',
    '\u0327',
    'e',
    'c',
    'A',
    '\u1100',
    '\u1161',
    '\u11A8',
    ' ',
    '\t',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);
const trickyText = fc.string({ unit: trickyUnit, maxLength: 30 });

describe('hasUnsafeCharacters', () => {
  it('finds NUL anywhere', () => {
    expect(hasUnsafeCharacters('\u0000')).toBe(true);
    expect(hasUnsafeCharacters('Ada\u0000Lovelace')).toBe(true);
    expect(hasUnsafeCharacters('Ada\u0000')).toBe(true);
  });

  it('finds lone high and lone low surrogates', () => {
    expect(hasUnsafeCharacters('\uD83D')).toBe(true);
    expect(hasUnsafeCharacters('abc\uD83D')).toBe(true);
    expect(hasUnsafeCharacters('\uDE00abc')).toBe(true);
    // A pair written the wrong way round is two lone surrogates.
    expect(hasUnsafeCharacters('\uDE00\uD83D')).toBe(true);
    // The second high surrogate has no low one to pair with.
    expect(hasUnsafeCharacters('\uD83D\uD83D\uDE00')).toBe(true);
  });

  it('accepts ordinary text, emoji (surrogate pairs) and zero-width-joiner sequences', () => {
    expect(hasUnsafeCharacters('')).toBe(false);
    expect(hasUnsafeCharacters("Siân O'Brien-Nuñez")).toBe(false);
    expect(hasUnsafeCharacters('😀')).toBe(false);
    expect(hasUnsafeCharacters('👨‍👩‍👧‍👦 family')).toBe(false);
    expect(hasUnsafeCharacters('🏳️‍🌈')).toBe(false);
    expect(hasUnsafeCharacters('محمد')).toBe(false);
    expect(hasUnsafeCharacters('line one\nline two\ttab')).toBe(false);
  });

  it('is false for every well-formed string without NUL', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(hasUnsafeCharacters(s)).toBe(s.includes('\u0000'));
      }),
    );
  });

  it('is true whenever a lone surrogate is inserted', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.nat(), (s, code, at) => {
        const cut = Array.from(s);
        const i = at % (cut.length + 1);
        // Spaces either side so the surrogate cannot pair with a neighbour.
        const value = [...cut.slice(0, i), ' ', String.fromCharCode(code), ' ', ...cut.slice(i)].join('');
        expect(hasUnsafeCharacters(value)).toBe(true);
      }),
    );
  });
});

describe('cleanText', () => {
  it('normalises to NFC, so a decomposed é equals the composed one', () => {
    const nfd = 'Ame\u0301lie';
    const nfc = 'Am\u00E9lie';
    expect(nfd).not.toBe(nfc);
    expect(cleanText(nfd)).toBe(nfc);
    expect(cleanText(nfc)).toBe(nfc);
  });

  it.each(BIDI_CONTROLS.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, c]))(
    'strips the bidirectional control %s',
    (_, control) => {
      expect(cleanText(`abc${control}def`)).toBe('abcdef');
      expect(cleanText(`${control}abc`)).toBe('abc');
    },
  );

  it('strips a right-to-left override used to disguise a file name', () => {
    expect(cleanText('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
  });

  it('keeps right-to-left scripts, emoji and joiners', () => {
    expect(cleanText('فاطمة')).toBe('فاطمة');
    expect(cleanText('👨‍👩‍👧')).toBe('👨‍👩‍👧');
  });

  it('trims whitespace at both ends, including whitespace left once controls are stripped', () => {
    expect(cleanText('  Ada Lovelace \n')).toBe('Ada Lovelace');
    expect(cleanText('\u200F  Ada  \u202C')).toBe('Ada');
    expect(cleanText(' \t ')).toBe('');
    expect(cleanText('Ada  Lovelace')).toBe('Ada  Lovelace');
  });

  it('gives NFC even when a control stood between a letter and its accent', () => {
    // Removing the mark brings e and U+0301 together: the result must still be composed.
    expect(cleanText('e\u200E\u0301')).toBe('\u00E9');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(trickyText, (s) => {
        const once = cleanText(s);
        expect(cleanText(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('always returns NFC text without bidirectional controls or surrounding whitespace', () => {
    fc.assert(
      fc.property(trickyText, (s) => {
        const out = cleanText(s);
        expect(out.normalize('NFC')).toBe(out);
        expect(out).toBe(out.trim());
        for (const c of BIDI_CONTROLS) expect(out.includes(c)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('codePointLength', () => {
  it('counts an emoji once, not as two UTF-16 units', () => {
    expect('😀'.length).toBe(2);
    expect(codePointLength('😀')).toBe(1);
    expect(codePointLength('a😀b')).toBe(3);
  });

  it('counts each code point of a joiner sequence', () => {
    // man, ZWJ, woman, ZWJ, girl
    expect(codePointLength('👨‍👩‍👧')).toBe(5);
  });

  it('counts ordinary and accented text', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('Ada')).toBe(3);
    expect(codePointLength('\u00E9')).toBe(1);
    expect(codePointLength('e\u0301')).toBe(2);
  });

  it('agrees with Array.from for any string, lone surrogates included', () => {
    const anyUnit = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    );
    fc.assert(
      fc.property(fc.string({ unit: anyUnit }), (s) => {
        expect(codePointLength(s)).toBe(Array.from(s).length);
      }),
    );
  });
});
