/**
 * What the sign-in and set-a-password pages show: pure functions of what was typed, the query and the link's holder.
 */
import type { StaffUser } from '../../../domain/accounts/user.js';
import type { Field } from '../../../domain/forms/fields.js';
import { fieldModels, problemsFrom } from '../../forms/field-models.js';
import type { FormErrors } from '../../forms/form.js';
import { safeReturnTo } from '../../forms/return-to.js';
import { paths } from '../../paths.js';
import { activateFirstAdminFields, activateInviteFields, confirmPasswordField, signInFields } from './auth.forms.js';

/** A page's fields drawn with what was typed (never a password: its kind does not show one back) and its errors. */
const drawn = (fields: readonly Field[], values: Record<string, unknown>, errors?: FormErrors) =>
  fieldModels(fields, {}, values, problemsFrom(errors), {}, { ownHeading: true });

/** The sign-in page: the address typed (never the password), where to go next, and "your password is set". */
export function signInModel(values: Record<string, unknown>, query: Record<string, unknown>, errors?: FormErrors) {
  return {
    errors,
    fields: drawn(signInFields, values, errors),
    returnTo: safeReturnTo(values.returnTo ?? query.returnTo, ''),
    activated: query.activated === '1',
    passwordReset: query.reset === '1',
    timedOut: query.timedOut === '1',
    forgottenHref: paths.forgottenPassword.build(),
  };
}

export type TokenHolder = { kind: 'first-admin' } | { kind: 'invite'; user: StaffUser };

/** The set-a-password page: the first administrator gives a name and address; an invited person sees theirs. */
export function activateModel(
  holder: TokenHolder,
  token: string,
  values: Record<string, unknown>,
  errors?: FormErrors,
) {
  return {
    firstAdmin: holder.kind === 'first-admin',
    person: holder.kind === 'invite' ? { name: holder.user.displayName, email: holder.user.email } : null,
    action: paths.activate.build({ token }),
    errors,
    fields: drawn(
      [...(holder.kind === 'first-admin' ? activateFirstAdminFields : activateInviteFields), confirmPasswordField],
      values,
      errors,
    ),
  };
}

/** Where a person goes once signed in: the page they asked for, else choosing a service when they have several. */
export function afterSignIn(returnTo: string | undefined, serviceIds: readonly string[]): string {
  const next = serviceIds.length > 1 ? paths.staff.chooseService.build() : paths.staff.home.build();
  return safeReturnTo(returnTo, next);
}
