import { describe, expect, it } from 'vitest';
import type { StaffUser } from '../../../domain/accounts/user.js';
import { errorsFromMessages } from '../../forms/form.js';
import { activateModel, afterSignIn, signInModel } from './auth.view-models.js';

const invited: StaffUser = {
  id: 'u-1',
  email: 'ada@nhs.test',
  displayName: 'Ada Lovelace',
  status: 'invited',
  version: 1,
};

describe('the sign-in page', () => {
  it('shows the address typed, never anything else sent, and where to go next', () => {
    const errors = errorsFromMessages([['email', 'Enter a correct email address and password']]);
    const model = signInModel({ email: 'ada@nhs.test', password: 'secret', returnTo: '/staff/triage' }, {}, errors);
    expect(model).toMatchObject({ errors, returnTo: '/staff/triage', activated: false });
    expect(model.fields.map((f) => [f.kind, f.name, f.value, f.autocomplete, f.error])).toEqual([
      ['email', 'email', 'ada@nhs.test', 'username', { text: 'Enter a correct email address and password' }],
      ['password', 'password', '', 'current-password', undefined],
    ]);
    expect(JSON.stringify(model)).not.toContain('secret');
  });

  it('takes where to go from the query on first showing, and only a staff page', () => {
    expect(signInModel({}, { returnTo: '/staff/audit', activated: '1' })).toMatchObject({
      returnTo: '/staff/audit',
      activated: true,
    });
    expect(signInModel({}, { returnTo: 'https://evil.test/staff' }).returnTo).toBe('');
    expect(signInModel({ email: ['a', 'b'] }, {}).fields[0]?.value).toBe('');
  });

  it('goes to the page asked for, else to choose a service when there are several', () => {
    expect(afterSignIn('/staff/triage', ['a', 'b'])).toBe('/staff/triage');
    expect(afterSignIn(undefined, ['a', 'b'])).toBe('/staff/service');
    expect(afterSignIn(undefined, ['a'])).toBe('/staff');
    expect(afterSignIn('//evil.test', [])).toBe('/staff');
  });
});

describe('the set-a-password page', () => {
  it('asks the first administrator for a name and address', () => {
    const model = activateModel({ kind: 'first-admin' }, 'tok', { displayName: 'Ada', email: 7, password: 'pw' });
    expect(model).toMatchObject({ firstAdmin: true, person: null, action: '/activate/tok', errors: undefined });
    expect(model.fields.map((f) => [f.name, f.value, f.autocomplete])).toEqual([
      ['displayName', 'Ada', 'name'],
      ['email', '', 'username'],
      ['password', '', 'new-password'],
      ['confirmPassword', '', 'new-password'],
    ]);
  });

  it('shows an invited person who they are', () => {
    const model = activateModel({ kind: 'invite', user: invited }, 'tok', {});
    expect(model.person).toEqual({ name: 'Ada Lovelace', email: 'ada@nhs.test' });
    expect(model.firstAdmin).toBe(false);
    expect(model.fields.map((f) => f.name)).toEqual(['password', 'confirmPassword']);
  });
});
