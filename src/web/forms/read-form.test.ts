import { describe, expect, it } from 'vitest';
import { FORM_INCOMPLETE, versionField, type Field } from '../../domain/forms/fields.js';
import { fieldId, UnexpectedFieldsError } from './form.js';
import { readForm } from './read-form.js';

const fields = [
  { kind: 'text', name: 'name', label: 'Name', missing: 'Enter a name', max: 20 },
  {
    kind: 'checkboxes',
    name: 'roles',
    label: 'Roles',
    missing: 'Select a role',
    options: [
      { value: 'admin', text: 'Admin' },
      { value: 'clinician', text: 'Clinician' },
    ],
  },
  versionField,
] as const satisfies readonly Field[];

describe('readForm', () => {
  it('returns typed data for a good form, and what was sent', () => {
    const body = { name: ' Ada ', roles: 'admin', version: '3' };
    expect(readForm(fields, body)).toEqual({
      ok: true,
      data: { name: 'Ada', roles: ['admin'], version: 3 },
      values: body,
    });
  });

  it('maps each problem to a summary link and a field message, in field order', () => {
    const result = readForm(fields, { name: '', version: '1' });
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
    const result = readForm(fields, { name: 'Ada', version: '1' }, { anchors: { roles: fieldId('roles', 'admin') } });
    expect(!result.ok && result.errors.summary).toEqual([{ text: 'Select a role', href: '#roles-admin' }]);
    expect(!result.ok && result.errors.fields).toEqual({ roles: { text: 'Select a role' } });
  });

  it('keeps what was sent for re-showing the form', () => {
    const body = { name: 'x'.repeat(21), roles: ['admin', 'clinician'], version: '1' };
    const result = readForm(fields, body);
    expect(!result.ok && result.values).toBe(body);
  });

  it('reports every field that is wrong when nothing is sent', () => {
    const result = readForm(fields, undefined);
    expect(!result.ok && Object.keys(result.errors.fields)).toEqual(['name', 'roles', 'version']);
    expect(!result.ok && result.errors.fields.version).toEqual({ text: FORM_INCOMPLETE });
  });

  it('refuses a form with a field it does not expect, naming it', () => {
    expect(() => readForm(fields, { name: 'Ada', roles: 'admin', version: '1', role: 'clinician' })).toThrow(
      UnexpectedFieldsError,
    );
    const thrown = (() => {
      try {
        readForm(fields, { name: 'Ada', isAdmin: 'true' });
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(UnexpectedFieldsError);
    expect(thrown).toMatchObject({ statusCode: 400, code: 'OTWAY_UNEXPECTED_FIELDS' });
    expect((thrown as Error).message).toContain('isAdmin');
  });

  it('accepts the other names a form says it may send, without parsing them', () => {
    const body = { name: 'Ada', roles: 'admin', version: '1', confirm: ['x', 'y'] };
    expect(readForm(fields, body, { also: ['confirm'] })).toMatchObject({ ok: true, values: body });
  });

  it('refuses a form with no fields that is sent anything', () => {
    expect(readForm([], {})).toEqual({ ok: true, data: {}, values: {} });
    expect(() => readForm([], { name: 'Ada' })).toThrow(UnexpectedFieldsError);
  });

  it.each(['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__defineGetter__', '__proto__'])(
    'refuses a field named after an Object.prototype member: %s',
    (field) => {
      const body: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      Object.assign(body, { name: 'Ada', roles: 'admin', version: '1' });
      Object.defineProperty(body, field, { value: 'x', enumerable: true });
      expect(Object.keys(body)).toContain(field);
      expect(() => readForm(fields, body)).toThrow(UnexpectedFieldsError);
    },
  );
});
