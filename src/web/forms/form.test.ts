import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UnexpectedFieldsError, errorsFromMessages, fieldId, formValues, parseForm } from './form.js';

// `parseForm` reads query strings with zod schemas of their own (the worklist, the outbox and audit filters); the
// staff forms are fields of the form-component model, read by `readForm`.
const required = (message: string) => z.string({ error: message }).trim().min(1, message);
const schema = z.object({
  name: required('Enter a name').max(20, 'Name is too long'),
  roles: required('Select a role'),
  version: required('The form was not complete. Go back and try again').regex(/^\d+$/u),
});

describe('parseForm', () => {
  it('returns clean data for a good form', () => {
    expect(parseForm(schema, { name: ' Ada ', roles: 'admin', version: '3' })).toEqual({
      ok: true,
      data: { name: 'Ada', roles: 'admin', version: '3' },
    });
  });

  it('maps each problem to a summary link and a field message, in field order', () => {
    const result = parseForm(schema, { name: '', version: '1' });
    expect(result).toEqual({
      ok: false,
      errors: {
        summary: [
          { text: 'Enter a name', href: '#name' },
          { text: 'Select a role', href: '#roles' },
        ],
        fields: { name: { text: 'Enter a name' }, roles: { text: 'Select a role' } },
      },
      values: { name: '', version: '1' },
    });
  });

  it('links a checkbox group to the anchor given for it', () => {
    const result = parseForm(schema, { name: 'Ada', version: '1' }, { roles: fieldId('roles', 'admin') });
    expect(!result.ok && result.errors.summary).toEqual([{ text: 'Select a role', href: '#roles-admin' }]);
    expect(!result.ok && result.errors.fields).toEqual({ roles: { text: 'Select a role' } });
  });

  it('keeps what was sent for re-showing the form', () => {
    const body = { name: 'x'.repeat(21), roles: ['admin', 'clinician'], version: '1' };
    const result = parseForm(schema, body);
    expect(!result.ok && result.values).toBe(body);
  });

  it('reports every field that is wrong when nothing is sent', () => {
    const result = parseForm(schema, undefined);
    expect(!result.ok && Object.keys(result.errors.fields)).toEqual(['name', 'roles', 'version']);
  });

  it('refuses a form with a field it does not expect, naming it', () => {
    expect(() => parseForm(schema, { name: 'Ada', roles: 'admin', version: '1', role: 'clinician' })).toThrow(
      UnexpectedFieldsError,
    );
    const thrown = (() => {
      try {
        parseForm(schema, { name: 'Ada', isAdmin: 'true' });
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(UnexpectedFieldsError);
    expect(thrown).toMatchObject({ statusCode: 400, code: 'OTWAY_UNEXPECTED_FIELDS' });
    expect((thrown as Error).message).toContain('isAdmin');
  });

  it.each(['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__defineGetter__'])(
    'refuses a field named after an Object.prototype member: %s',
    (field) => {
      const body = { name: 'Ada', roles: 'admin', version: '1', [field]: 'x' };
      expect(Object.keys(body)).toContain(field);
      expect(() => parseForm(schema, body)).toThrow(UnexpectedFieldsError);
    },
  );

  it('shows only the first problem for a field', () => {
    const strict = z.object({
      code: z
        .string()
        .min(3, 'Code is too short')
        .regex(/^[A-Z]+$/u, 'Use capital letters'),
    });
    const result = parseForm(strict, { code: 'a' });
    expect(!result.ok && result.errors).toEqual({
      summary: [{ text: 'Code is too short', href: '#code' }],
      fields: { code: { text: 'Code is too short' } },
    });
  });

  it('links a problem with no field to the form', () => {
    const matching = z
      .object({ a: z.string(), b: z.string() })
      .refine((v) => v.a === v.b, { error: 'The two answers must match' });
    const result = parseForm(matching, { a: 'x', b: 'y' });
    expect(!result.ok && result.errors.summary).toEqual([{ text: 'The two answers must match', href: '#form' }]);
  });
});

describe('errorsFromMessages', () => {
  it('keeps the first message for each field and uses an href when given', () => {
    expect(
      errorsFromMessages([
        ['email', 'Enter an email address'],
        ['email', 'Enter a valid email address'],
        ['roles', 'Select a role', 'roles-admin'],
      ]),
    ).toEqual({
      summary: [
        { text: 'Enter an email address', href: '#email' },
        { text: 'Select a role', href: '#roles-admin' },
      ],
      fields: { email: { text: 'Enter an email address' }, roles: { text: 'Select a role' } },
    });
  });
});

describe('fieldId and formValues', () => {
  it('names the input a field error links to', () => {
    expect(fieldId('email')).toBe('email');
    expect(fieldId('roles', 'admin')).toBe('roles-admin');
  });

  it('turns anything that is not an object into no values', () => {
    expect(formValues(undefined)).toEqual({});
    expect(formValues(null)).toEqual({});
    expect(formValues('name=Ada')).toEqual({});
    expect(formValues(['Ada'])).toEqual({});
    expect(formValues({ name: 'Ada' })).toEqual({ name: 'Ada' });
  });
});
