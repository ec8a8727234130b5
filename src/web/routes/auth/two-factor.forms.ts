/**
 * The second step's forms (docs/adr/0032) and the forgotten-password forms, in the one form-component model.
 */
import { PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES } from '../../../domain/accounts/password-policy.js';
import type { Field } from '../../../domain/forms/fields.js';
import { emailField } from './auth.forms.js';

/** A code from the app (6 digits) or, when signing in, a recovery code (8 letters and digits). */
const codeField = (hint: string, missing: string) =>
  ({
    kind: 'text',
    name: 'code',
    label: 'Security code',
    hint,
    missing,
    max: 20,
    width: 'one-third',
    spellcheck: false,
    autocomplete: 'one-time-code',
  }) as const satisfies Field;

export const codeFields = [
  codeField(
    'The 6-digit code your authenticator app shows now. If you cannot use the app, enter one of your recovery codes.',
    'Enter the security code from your authenticator app',
  ),
] as const satisfies readonly Field[];

export const setUpFields = [
  codeField(
    'The 6-digit code your authenticator app shows for Otway.',
    'Enter the 6-digit code from your authenticator app',
  ),
] as const satisfies readonly Field[];

export const forgottenFields = [
  emailField('Enter your email address', 'username', 'The email address you sign in with'),
] as const satisfies readonly Field[];

export const resetFields = [
  {
    kind: 'password',
    name: 'password',
    label: 'Create a new password',
    hint: 'Use 8 characters or more. A good way to make a strong password is to use 3 random words.',
    missing: PASSWORD_MESSAGES.missing,
    max: PASSWORD_MAX_LENGTH,
    tooLong: PASSWORD_MESSAGES['too-long'],
    autocomplete: 'new-password',
  },
] as const satisfies readonly Field[];
