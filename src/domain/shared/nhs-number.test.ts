import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNhsNumber, isValidNhsNumber, nhsNumberCheckDigit, normaliseNhsNumber } from './nhs-number.js';

/*
 * The check digits below were worked out by hand, not with the code under test. 943 476 591: 9x10 + 4x9 + 3x8 + 4x7
 * + 7x6 + 6x5 + 5x4 + 9x3 + 1x2 = 299 = 27x11 + 2, so the check digit is 11 - 2 = 9. 999 999 999: 9 x (10 + 9 + ...
 * + 2) = 486 = 44x11 + 2, check digit 9. 999 000 005: 90 + 81 + 72 + 5x2 = 253 = 23x11, so 11, written 0.
 * 123 456 789: 210 = 19x11 + 1, and 999 000 000: 243 = 22x11 + 1, so 10: no number has either prefix.
 */
describe('NHS numbers', () => {
  it.each(['9434765919', '9999999999', '4857773457', '4010232137'])('accepts %s', (number) => {
    expect(isValidNhsNumber(number)).toBe(true);
    expect(normaliseNhsNumber(number)).toBe(number);
  });

  it('accepts a number whose check digit comes out as 11, written 0', () => {
    expect(nhsNumberCheckDigit('999000005')).toBe(0);
    expect(isValidNhsNumber('9990000050')).toBe(true);
    expect(isValidNhsNumber('9990000051')).toBe(false);
  });

  it('refuses a wrong check digit', () => {
    for (const number of ['9434765910', '9434765918', '9999999990', '4857773458']) {
      expect(isValidNhsNumber(number)).toBe(false);
      expect(normaliseNhsNumber(number)).toBeNull();
    }
  });

  it('refuses every number whose check digit would be 10', () => {
    expect(nhsNumberCheckDigit('123456789')).toBeNull();
    expect(nhsNumberCheckDigit('999000000')).toBeNull();
    for (let last = 0; last <= 9; last++) {
      expect(isValidNhsNumber(`123456789${String(last)}`)).toBe(false);
      expect(isValidNhsNumber(`999000000${String(last)}`)).toBe(false);
    }
  });

  it.each([
    ['letters', '943476591A'],
    ['a letter among the digits', '94347G5919'],
    ['nine digits', '943476591'],
    ['eleven digits', '94347659190'],
    ['nothing', ''],
    ['only spaces', '   '],
    ['hyphens', '943-476-5919'],
    ['a sign', '+9434765919'],
    ['digits from another script', '٩٤٣٤٧٦٥٩١٩'],
  ])('refuses %s', (_, text) => {
    expect(isValidNhsNumber(text)).toBe(false);
    expect(normaliseNhsNumber(text)).toBeNull();
  });

  it('reads the number with spaces in it, wherever they are', () => {
    expect(normaliseNhsNumber('943 476 5919')).toBe('9434765919');
    expect(normaliseNhsNumber(' 943 4765 919 ')).toBe('9434765919');
    expect(normaliseNhsNumber('943\u00a0476\u00a05919')).toBe('9434765919');
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
  });

  it('formats the ten digits in groups of three, three and four', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
    expect(formatNhsNumber(' 943 476 5919 ')).toBe('943 476 5919');
    expect(formatNhsNumber('94347659')).toBe('94347659');
    expect(formatNhsNumber(' not a number ')).toBe('not a number');
  });

  it('gives every nine-digit prefix exactly one valid check digit, or none when the remainder gives 10', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{9}$/u), (prefix) => {
        const valid = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((d) => isValidNhsNumber(`${prefix}${String(d)}`));
        let sum = 0;
        for (let i = 0; i < 9; i++) sum += Number(prefix[i]) * (10 - i);
        if (sum % 11 === 1) {
          expect(valid).toEqual([]);
          expect(nhsNumberCheckDigit(prefix)).toBeNull();
        } else {
          expect(valid).toEqual([nhsNumberCheckDigit(prefix)]);
          // What is shown reads back as the same number.
          const number = `${prefix}${String(valid[0])}`;
          expect(normaliseNhsNumber(formatNhsNumber(number))).toBe(number);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
