/**
 * The sign-in and set-a-password forms as fields of the one form-component model (ADR 0026): what they accept, in
 * their words, parsed by each field's kind; and the checks that need more than one field.
 */
import { PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES, checkNewPassword } from '../../../domain/accounts/password-policy.js';
import type { Field } from '../../../domain/forms/fields.js';
import { errorsFromMessages, type FormErrors } from '../../forms/form.js';

export const NAME_MAX_LENGTH = 100;

/** A member of staff's full name; `missing` says whose it is. */
export const nameField = <M extends string>(missing: M, autocomplete: 'name' | 'off') =>
  ({
    kind: 'text',
    name: 'displayName',
    label: 'Full name',
    missing,
    max: NAME_MAX_LENGTH,
    spellcheck: false,
    autocomplete,
  }) as const satisfies Field;

/** A staff account's address, lower-cased as accounts are stored. */
export const emailField = (missing: string, autocomplete: 'username' | 'off', hint?: string) =>
  ({
    kind: 'email',
    account: true,
    name: 'email',
    label: 'Email address',
    ...(hint !== undefined && { hint }),
    missing,
    autocomplete,
  }) as const satisfies Field;

/** Where to go after signing in, carried through the form: checked by `safeReturnTo`, never parsed as an answer. */
export const RETURN_TO = 'returnTo';

export const signInFields = [
  emailField('Enter your email address', 'username'),
  {
    kind: 'password',
    name: 'password',
    label: 'Password',
    missing: 'Enter your password',
    max: PASSWORD_MAX_LENGTH,
    tooLong: 'Enter your password',
    autocomplete: 'current-password',
  },
] as const satisfies readonly Field[];

const newPassword = {
  kind: 'password',
  name: 'password',
  label: 'Create a password',
  hint: 'Use 8 characters or more. A good way to make a strong password is to use 3 random words.',
  missing: PASSWORD_MESSAGES.missing,
  max: PASSWORD_MAX_LENGTH,
  tooLong: PASSWORD_MESSAGES['too-long'],
  autocomplete: 'new-password',
} as const satisfies Field;

/** The confirmation is drawn as a password box but read only against the password (`newPasswordProblems`). */
export const CONFIRM_PASSWORD = 'confirmPassword';
export const confirmPasswordField = {
  kind: 'password',
  name: CONFIRM_PASSWORD,
  label: 'Confirm password',
  missing: 'Passwords do not match',
  max: PASSWORD_MAX_LENGTH,
  tooLong: 'Passwords do not match',
  autocomplete: 'new-password',
} as const satisfies Field;

export const activateInviteFields = [newPassword] as const satisfies readonly Field[];

export const activateFirstAdminFields = [
  nameField('Enter your full name', 'name'),
  emailField('Enter your email address', 'username', 'You will use this to sign in'),
  newPassword,
] as const satisfies readonly Field[];

/** The checks that need more than one field: the password policy against the person, and the confirmation. */
export function newPasswordProblems(
  input: { password: string; confirmPassword?: unknown },
  person: { email?: string; name?: string },
): FormErrors | null {
  const problem = checkNewPassword(input.password, person);
  if (problem !== null) return errorsFromMessages([['password', PASSWORD_MESSAGES[problem]]]);
  if (input.confirmPassword !== input.password)
    return errorsFromMessages([['confirmPassword', 'Passwords do not match']]);
  return null;
}
