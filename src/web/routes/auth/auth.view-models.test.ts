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
    expect(model).toEqual({ errors, values: { email: 'ada@nhs.test' }, returnTo: '/staff/triage', activated: false });
  });

  it('takes where to go from the query on first showing, and only a staff page', () => {
    expect(signInModel({}, { returnTo: '/staff/audit', activated: '1' })).toMatchObject({
      returnTo: '/staff/audit',
      activated: true,
    });
    expect(signInModel({}, { returnTo: 'https://evil.test/staff' }).returnTo).toBe('');
    expect(signInModel({ email: ['a', 'b'] }, {}).values.email).toBe('');
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
    const model = activateModel({ kind: 'first-admin' }, 'tok', { displayName: 'Ada', email: 7 });
    expect(model).toEqual({
      firstAdmin: true,
      person: null,
      action: '/activate/tok',
      errors: undefined,
      values: { displayName: 'Ada', email: '' },
    });
  });

  it('shows an invited person who they are', () => {
    const model = activateModel({ kind: 'invite', user: invited }, 'tok', {});
    expect(model.person).toEqual({ name: 'Ada Lovelace', email: 'ada@nhs.test' });
    expect(model.firstAdmin).toBe(false);
  });
});
