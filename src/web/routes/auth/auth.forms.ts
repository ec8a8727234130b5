import { z } from 'zod';
import { EMAIL_MAX_LENGTH, isValidEmail, normaliseEmail } from '../../../domain/accounts/email.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES, checkNewPassword } from '../../../domain/accounts/password-policy.js';
import { password, requiredText } from '../../forms/fields.js';
import { errorsFromMessages, type FormErrors } from '../../forms/form.js';

export const NAME_MAX_LENGTH = 100;

export const emailField = (missing: string) =>
  requiredText({
    missing,
    max: EMAIL_MAX_LENGTH,
    tooLong: `Email address must be ${String(EMAIL_MAX_LENGTH)} characters or fewer`,
    check: (v) =>
      isValidEmail(normaliseEmail(v)) ? null : 'Enter an email address in the correct format, like name@nhs.net',
  }).transform(normaliseEmail);

export const nameField = requiredText({
  missing: 'Enter their full name',
  max: NAME_MAX_LENGTH,
  tooLong: `Full name must be ${String(NAME_MAX_LENGTH)} characters or fewer`,
});

export const signInForm = z.object({
  email: emailField('Enter your email address'),
  password: password({ missing: 'Enter your password', max: PASSWORD_MAX_LENGTH, tooLong: 'Enter your password' }),
  returnTo: z.string().optional(),
});

const newPassword = password({
  missing: PASSWORD_MESSAGES.missing,
  max: PASSWORD_MAX_LENGTH,
  tooLong: PASSWORD_MESSAGES['too-long'],
});

export const activateInviteForm = z.object({
  password: newPassword,
  confirmPassword: z.unknown().optional(),
});

export const activateFirstAdminForm = z.object({
  displayName: requiredText({
    missing: 'Enter your full name',
    max: NAME_MAX_LENGTH,
    tooLong: `Full name must be ${String(NAME_MAX_LENGTH)} characters or fewer`,
  }),
  email: emailField('Enter your email address'),
  password: newPassword,
  confirmPassword: z.unknown().optional(),
});

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
