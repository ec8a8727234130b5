import { describe, expect, it } from 'vitest';
import { problem } from '../../../domain/shared/outcome.js';
import { refusedModel, singleSignOnModel } from './oidc.view-models.js';

describe('singleSignOnModel', () => {
  it('is nothing without a provider', () => {
    expect(singleSignOnModel(false, '/staff')).toBeNull();
  });

  it('carries a staff page to return to, and drops anywhere else', () => {
    expect(singleSignOnModel(true, '/staff/triage?x=1')).toEqual({
      href: '/sign-in/nhs-care-identity?returnTo=%2Fstaff%2Ftriage%3Fx%3D1',
    });
    for (const away of ['https://evil.test/', '//evil.test', '/refer', undefined, ['/staff', '/staff']]) {
      expect(singleSignOnModel(true, away)).toEqual({ href: '/sign-in/nhs-care-identity' });
    }
  });
});

describe('refusedModel', () => {
  it('answers an unreachable provider with 503, no account with 403, a failed check with 401', () => {
    const model = (
      code: 'unauthenticated' | 'forbidden',
      reason: 'provider-unavailable' | 'no-account' | 'unknown-state',
    ) => refusedModel(problem(code, 'message', { reason }));
    expect(model('unauthenticated', 'provider-unavailable')).toMatchObject({ status: 503 });
    expect(model('forbidden', 'no-account')).toMatchObject({
      status: 403,
      heading: 'You do not have an Otway account',
    });
    expect(model('unauthenticated', 'unknown-state')).toMatchObject({
      status: 401,
      heading: 'You could not be signed in',
      signInHref: '/sign-in',
    });
  });
});
