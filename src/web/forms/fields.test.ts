import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkboxes, hiddenInteger, password, requiredText } from './fields.js';

/** The one message a field gives for a value, or its clean value. */
function outcome(schema: z.ZodType, raw: unknown): { value: unknown } | { error: string } {
  const result = schema.safeParse(raw);
  if (result.success) return { value: result.data };
  expect(result.error.issues).toHaveLength(1);
  return { error: result.error.issues[0]!.message };
}

const name = requiredText({ missing: 'Enter a name', tooLong: 'Name must be 5 characters or fewer', max: 5 });

describe('requiredText', () => {
  it.each([undefined, null, '', '   ', '\u200F \u202E'])('says the answer is missing for %j', (raw) => {
    expect(outcome(name, raw)).toEqual({ error: 'Enter a name' });
  });

  it('counts the length in code points', () => {
    expect(outcome(name, '😀😀😀😀😀')).toEqual({ value: '😀😀😀😀😀' });
    expect(outcome(name, '😀😀😀😀😀😀')).toEqual({ error: 'Name must be 5 characters or fewer' });
    expect(outcome(name, 'abcdef')).toEqual({ error: 'Name must be 5 characters or fewer' });
  });

  it('measures the length after cleaning, so surrounding spaces do not count', () => {
    expect(outcome(name, '   abcde   ')).toEqual({ value: 'abcde' });
  });

  it('refuses a name sent twice', () => {
    expect(outcome(name, ['Ada', 'Bob'])).toEqual({ error: 'Enter one answer only' });
    expect(outcome(name, ['Ada'])).toEqual({ error: 'Enter one answer only' });
    expect(outcome(name, { nested: 'Ada' })).toEqual({ error: 'Enter one answer only' });
  });

  it('normalises to NFC, strips bidirectional controls and trims', () => {
    expect(outcome(name, ' Re\u0301a ')).toEqual({ value: 'R\u00E9a' });
    expect(outcome(name, 'A\u202Eda')).toEqual({ value: 'Ada' });
  });

  it('runs the extra check on the clean value', () => {
    const code = requiredText({
      missing: 'Enter a code',
      tooLong: 'Too long',
      max: 10,
      check: (v) => (/^[A-Z]+$/u.test(v) ? null : 'Enter capital letters only'),
    });
    expect(outcome(code, ' ABC ')).toEqual({ value: 'ABC' });
    expect(outcome(code, 'abc')).toEqual({ error: 'Enter capital letters only' });
  });

  it('gives NFC text of at most max code points, or one message', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 8 }), (raw) => {
        const result = outcome(name, raw);
        if ('value' in result) {
          const value = result.value as string;
          expect(value.normalize('NFC')).toBe(value);
          expect(Array.from(value).length).toBeLessThanOrEqual(5);
          expect(value.length).toBeGreaterThan(0);
        } else {
          expect(['Enter a name', 'Name must be 5 characters or fewer']).toContain(result.error);
        }
      }),
    );
  });
});

describe('password', () => {
  const field = password({ missing: 'Enter your password', max: 10, tooLong: 'Password is too long' });

  it('keeps what was typed exactly, spaces and decomposed accents included', () => {
    expect(outcome(field, '  pa ss  ')).toEqual({ value: '  pa ss  ' });
    expect(outcome(field, 'cafe\u0301')).toEqual({ value: 'cafe\u0301' });
  });

  it('says a missing password is missing, but not one of spaces', () => {
    expect(outcome(field, undefined)).toEqual({ error: 'Enter your password' });
    expect(outcome(field, '')).toEqual({ error: 'Enter your password' });
    expect(outcome(field, '   ')).toEqual({ value: '   ' });
  });

  it('limits the length in code points', () => {
    expect(outcome(field, '😀'.repeat(10))).toEqual({ value: '😀'.repeat(10) });
    expect(outcome(field, '😀'.repeat(11))).toEqual({ error: 'Password is too long' });
  });

  it('refuses a password sent twice', () => {
    expect(outcome(field, ['a', 'b'])).toEqual({ error: 'Enter one answer only' });
  });
});

describe('checkboxes', () => {
  const roles = checkboxes(['admin', 'clinician', 'auditor'] as const, {
    missing: 'Select at least one role',
    invalid: 'Select a role from the list',
  });

  it('says nothing chosen is missing', () => {
    expect(outcome(roles, undefined)).toEqual({ error: 'Select at least one role' });
    expect(outcome(roles, [])).toEqual({ error: 'Select at least one role' });
  });

  it('takes one value sent as a string', () => {
    expect(outcome(roles, 'clinician')).toEqual({ value: ['clinician'] });
  });

  it('takes several values sent as an array', () => {
    expect(outcome(roles, ['admin', 'auditor'])).toEqual({ value: ['admin', 'auditor'] });
  });

  it('removes duplicates', () => {
    expect(outcome(roles, ['admin', 'admin', 'auditor', 'admin'])).toEqual({ value: ['admin', 'auditor'] });
  });

  it.each([['root'], [['admin', 'root']], [''], [['admin', 3]], [null], [{ admin: 'admin' }], ['Admin']])(
    'refuses a value not on the list: %j',
    (raw) => {
      expect(outcome(roles, raw)).toEqual({ error: 'Select a role from the list' });
    },
  );
});

describe('hiddenInteger', () => {
  const version = hiddenInteger();
  const incomplete = { error: 'The form was not complete. Go back and try again' };

  it.each([
    ['0', 0],
    ['7', 7],
    ['007', 7],
    ['999999999', 999_999_999],
  ])('reads %j as %d', (raw, expected) => {
    expect(outcome(version, raw)).toEqual({ value: expected });
  });

  it.each([undefined, '', '-1', '1.5', '1e3', ' 1', '0x10', '1234567890', '١', ['1', '2'], ['1'], {}])(
    'refuses %j',
    (raw) => {
      expect(outcome(version, raw)).toEqual(incomplete);
    },
  );
});
