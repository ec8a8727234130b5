/**
 * The header check the browser tests rely on, shown to catch what it must (so a pass means something).
 */
import { describe, expect, it } from 'vitest';
import { headerProblems } from './support/checks.js';

const GOOD = {
  'content-security-policy':
    "default-src 'self';script-src 'self' 'nonce-0f2f6e7830b90b8150673186d903bd3d';style-src 'self';object-src 'none';base-uri 'none';frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

describe('the security header check', () => {
  it('passes the headers Otway must send', () => {
    expect(headerProblems(GOOD)).toEqual([]);
  });

  it.each([
    ['no CSP', { 'content-security-policy': '' }, 'no Content-Security-Policy'],
    [
      'unsafe-inline',
      {
        'content-security-policy': GOOD['content-security-policy'].replace(
          "'self' 'nonce",
          "'self' 'unsafe-inline' 'nonce",
        ),
      },
      "CSP allows 'unsafe-inline'",
    ],
    [
      'no nonce',
      { 'content-security-policy': GOOD['content-security-policy'].replace(/ 'nonce-[^']+'/u, '') },
      'script-src has no nonce',
    ],
    [
      'framing allowed',
      {
        'content-security-policy': GOOD['content-security-policy'].replace(
          "frame-ancestors 'none'",
          "frame-ancestors 'self'",
        ),
      },
      "frame-ancestors is not 'none'",
    ],
    ['sniffing allowed', { 'x-content-type-options': '' }, 'X-Content-Type-Options is not nosniff'],
    ['a short HSTS', { 'strict-transport-security': 'max-age=300' }, 'no Strict-Transport-Security of a year'],
    ['a loose referrer policy', { 'referrer-policy': 'unsafe-url' }, 'Referrer-Policy is "unsafe-url"'],
  ])('refuses %s', (_name, change, problem) => {
    expect(headerProblems({ ...GOOD, ...change })).toContain(problem);
  });
});
