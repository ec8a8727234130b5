/**
 * What the single sign-on pages show (docs/adr/0033): the button on the sign-in page, and the page of a refused
 * sign-in, whose heading says which kind of refusal it is and whose text says what to do.
 */
import type { OidcProblem, OidcRefusal } from '../../../services/accounts/oidc.service.js';
import { safeReturnTo } from '../../forms/return-to.js';
import { statusOf } from '../../outcome.js';
import { paths } from '../../paths.js';

/**
 * The "Sign in with NHS Care Identity" link on the sign-in page, carrying where to go afterwards (a staff page only),
 * or null when no provider is configured.
 */
export function singleSignOnModel(enabled: boolean, returnTo: unknown) {
  if (!enabled) return null;
  const next = safeReturnTo(returnTo, '');
  const start = paths.oidc.start.build();
  return { href: next === '' ? start : `${start}?${new URLSearchParams({ returnTo: next }).toString()}` };
}

const HEADINGS: Partial<Record<OidcRefusal, string>> = {
  'provider-unavailable': 'Signing in with NHS Care Identity is not available',
  'no-account': 'You do not have an Otway account',
  'account-not-active': 'Your Otway account cannot be used',
  'identity-conflict': 'Your Otway account is linked to someone else',
  'claim-missing': 'Otway cannot find your account',
  'email-not-verified': 'Otway cannot find your account',
};

export function refusedModel(found: OidcProblem) {
  return {
    status: found.reason === 'provider-unavailable' ? 503 : statusOf(found),
    heading: HEADINGS[found.reason] ?? 'You could not be signed in',
    message: found.message,
    signInHref: paths.signIn.build(),
  };
}
