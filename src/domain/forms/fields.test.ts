import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORM_INCOMPLETE, parseField, parseFields, versionField, type Field } from './fields.js';

const TODAY = '2026-12-03';

/** The one message a field gives for what was sent, or its clean value. */
function outcome(field: Field, raw: unknown): { value: unknown } | { error: string } {
  const parsed = parseField(field, raw === undefined ? {} : { [field.name]: raw }, TODAY);
  return 'message' in parsed ? { error: parsed.message } : { value: parsed.value };
}

describe('a text field', () => {
  const name: Field = { kind: 'text', name: 'name', label: 'Name', missing: 'Enter a name', max: 5 };

  it.each([undefined, '', '   ', '\u200F \u202E'])('says the answer is missing for %j', (raw) => {
    expect(outcome(name, raw)).toEqual({ error: 'Enter a name' });
  });

  it('counts the length in code points, after cleaning', () => {
    expect(outcome(name, '😀😀😀😀😀')).toEqual({ value: '😀😀😀😀😀' });
    expect(outcome(name, '😀😀😀😀😀😀')).toEqual({ error: 'Name must be 5 characters or fewer' });
    expect(outcome(name, '   abcde   ')).toEqual({ value: 'abcde' });
  });

  it('refuses an answer sent twice or as anything but text', () => {
    expect(outcome(name, ['Ada', 'Bob'])).toEqual({ error: 'Enter one answer only' });
    expect(outcome(name, ['Ada'])).toEqual({ error: 'Enter one answer only' });
    expect(outcome(name, { nested: 'Ada' })).toEqual({ error: 'Enter one answer only' });
  });

  it('normalises to NFC, strips bidirectional controls and trims', () => {
    expect(outcome(name, ' Re\u0301a ')).toEqual({ value: 'R\u00E9a' });
    expect(outcome(name, 'A\u202Eda')).toEqual({ value: 'Ada' });
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

describe('a password field', () => {
  const password: Field = {
    kind: 'password',
    name: 'password',
    label: 'Password',
    missing: 'Enter your password',
    max: 10,
    tooLong: 'Password is too long',
  };

  it('keeps what was typed exactly, spaces and decomposed accents included', () => {
    expect(outcome(password, '  pa ss  ')).toEqual({ value: '  pa ss  ' });
    expect(outcome(password, 'cafe\u0301')).toEqual({ value: 'cafe\u0301' });
    expect(outcome(password, 'a\u202Eb')).toEqual({ value: 'a\u202Eb' });
  });

  it('says a missing password is missing, but not one of spaces', () => {
    expect(outcome(password, undefined)).toEqual({ error: 'Enter your password' });
    expect(outcome(password, '')).toEqual({ error: 'Enter your password' });
    expect(outcome(password, '   ')).toEqual({ value: '   ' });
  });

  it('limits the length in code points', () => {
    expect(outcome(password, '😀'.repeat(10))).toEqual({ value: '😀'.repeat(10) });
    expect(outcome(password, '😀'.repeat(11))).toEqual({ error: 'Password is too long' });
  });

  it('refuses a password sent twice', () => {
    expect(outcome(password, ['a', 'b'])).toEqual({ error: 'Enter one answer only' });
  });
});

describe("a staff account's email field", () => {
  const email: Field = { kind: 'email', account: true, name: 'email', label: 'Email address', missing: 'Enter it' };

  it('lower-cases and trims the address, as accounts are stored', () => {
    expect(outcome(email, '  Ada.Lovelace@NHS.Net ')).toEqual({ value: 'ada.lovelace@nhs.net' });
  });

  it('gives the staff pages’ messages', () => {
    expect(outcome(email, ' ')).toEqual({ error: 'Enter it' });
    expect(outcome(email, 'ada@nhs')).toEqual({
      error: 'Enter an email address in the correct format, like name@nhs.net',
    });
    expect(outcome(email, `${'a'.repeat(250)}@nhs.net`)).toEqual({
      error: 'Email address must be 254 characters or fewer',
    });
    expect(outcome(email, ['a@nhs.net', 'b@nhs.net'])).toEqual({ error: 'Enter one answer only' });
  });

  it('leaves the public email kind as it was', () => {
    const publicEmail: Field = { kind: 'email', name: 'email', label: 'Email', missing: 'Enter it' };
    expect(outcome(publicEmail, 'Ada@Example.com')).toEqual({ value: 'Ada@Example.com' });
    expect(outcome(publicEmail, 'ada@nhs')).toEqual({
      error: 'Enter an email address in the correct format, like name@example.com',
    });
  });
});

describe('a checkboxes field', () => {
  const roles: Field = {
    kind: 'checkboxes',
    name: 'roles',
    label: 'Roles',
    missing: 'Select at least one role',
    invalid: 'Select a role from the list',
    options: ['admin', 'clinician', 'auditor'].map((value) => ({ value, text: value })),
  };

  it('says nothing chosen is missing', () => {
    expect(outcome(roles, undefined)).toEqual({ error: 'Select at least one role' });
    expect(outcome(roles, [])).toEqual({ error: 'Select at least one role' });
  });

  it('takes one value sent as a string, or several, without duplicates', () => {
    expect(outcome(roles, 'clinician')).toEqual({ value: ['clinician'] });
    expect(outcome(roles, ['admin', 'auditor'])).toEqual({ value: ['admin', 'auditor'] });
    expect(outcome(roles, ['admin', 'admin', 'auditor', 'admin'])).toEqual({ value: ['admin', 'auditor'] });
  });

  it.each([['root'], [['admin', 'root']], [''], [['admin', 3]], [null], [{ admin: 'admin' }], ['Admin']])(
    'refuses a value not on the list with its own message: %j',
    (raw) => {
      expect(outcome(roles, raw)).toEqual({ error: 'Select a role from the list' });
    },
  );

  it('says a value not on the list is missing when it has no message for it', () => {
    const { invalid: _, ...plain } = roles;
    expect(outcome(plain, 'root')).toEqual({ error: 'Select at least one role' });
  });
});

describe('a hidden whole number (a version)', () => {
  it.each([
    ['0', '0'],
    ['7', '7'],
    ['007', '7'],
    ['999999999', '999999999'],
  ])('reads %j as %j', (raw, expected) => {
    expect(outcome(versionField, raw)).toEqual({ value: expected });
  });

  it.each([undefined, '', '-1', '1.5', '1e3', ' 1', '0x10', '1234567890', '١', ['1', '2'], ['1'], {}])(
    'refuses %j as a form not complete',
    (raw) => {
      expect(outcome(versionField, raw)).toEqual({ error: FORM_INCOMPLETE });
    },
  );
});

describe('parseFields', () => {
  const form = [
    { kind: 'text', name: 'name', label: 'Name', missing: 'Enter a name', max: 20 },
    {
      kind: 'checkboxes',
      name: 'roles',
      label: 'Roles',
      missing: 'Select a role',
      options: [{ value: 'admin', text: 'Admin' }],
    },
    { kind: 'text', name: 'note', label: 'Note', missing: '', max: 20, optional: true },
    versionField,
  ] as const satisfies readonly Field[];

  it('gives typed values: a list for checkboxes, a number for the version, nothing for an empty optional field', () => {
    const parsed = parseFields(form, { name: ' Ada ', roles: 'admin', version: '3' });
    expect(parsed).toEqual({ ok: true, values: { name: 'Ada', roles: ['admin'], note: undefined, version: 3 } });
    if (parsed.ok) {
      const version: number = parsed.values.version;
      const roles: string[] = parsed.values.roles;
      const note: string | undefined = parsed.values.note;
      expect([version, roles, note]).toEqual([3, ['admin'], undefined]);
    }
  });

  it('gives every problem, in the order of the fields', () => {
    expect(parseFields(form, { name: '' })).toEqual({
      ok: false,
      problems: [
        { field: 'name', message: 'Enter a name' },
        { field: 'roles', message: 'Select a role' },
        { field: 'version', message: FORM_INCOMPLETE },
      ],
    });
  });

  it('needs today for a form with a date', () => {
    const dated: Field[] = [{ kind: 'date', name: 'd', label: 'Date', what: 'The date', missing: 'Enter the date' }];
    expect(() => parseFields(dated, {})).toThrow('A form with a date needs today');
    expect(parseFields(dated, { 'd[day]': '1', 'd[month]': '12', 'd[year]': '2026' }, TODAY)).toEqual({
      ok: true,
      values: { d: '2026-12-01' },
    });
  });
});
