/**
 * What every HTML response must carry (docs/security.md, "Headers and output"), as a list of problems so a test
 * can check many pages at once and report every miss.
 */
import type { Page } from './client.js';
import { cspDirectives, scriptNonce, scripts } from './html.js';

const STRICT_REFERRER_POLICIES = new Set([
  'no-referrer',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
]);

function header(page: Page, name: string): string | undefined {
  const value = page.headers[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : undefined;
}

export function securityHeaderProblems(page: Page, options: { signedIn: boolean }): string[] {
  const problems: string[] = [];
  const csp = header(page, 'content-security-policy');
  if (csp === undefined) return ['no Content-Security-Policy'];
  if (csp.includes("'unsafe-inline'")) problems.push("CSP allows 'unsafe-inline'");
  const directives = cspDirectives(page);
  for (const [name, want] of [
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['frame-ancestors', "'none'"],
  ] as const) {
    const sources = directives.get(name);
    if (sources?.length !== 1 || sources[0] !== want) problems.push(`CSP ${name} is not ${want}`);
  }
  let nonce: string | undefined;
  try {
    nonce = scriptNonce(page);
  } catch (err) {
    problems.push(`CSP script-src: ${(err as Error).message}`);
  }
  const onPage = scripts(page);
  if (String(page.headers['content-type']).startsWith('text/html')) {
    if (onPage.length === 0) problems.push('the page has no script to check the nonce against');
    for (const s of onPage) {
      if (s.nonce !== nonce) problems.push(`a <script${s.src === null ? '' : ` src=${s.src}`}> lacks the CSP nonce`);
    }
  }
  const hsts = header(page, 'strict-transport-security') ?? '';
  if (!/(^|;)\s*max-age=31536000\s*(;|$)/u.test(hsts)) problems.push(`HSTS is "${hsts}", not a year`);
  if (header(page, 'x-content-type-options') !== 'nosniff') problems.push('no X-Content-Type-Options: nosniff');
  const referrer = header(page, 'referrer-policy') ?? '';
  if (!STRICT_REFERRER_POLICIES.has(referrer)) problems.push(`Referrer-Policy is "${referrer}"`);
  if (options.signedIn && header(page, 'cache-control') !== 'no-store') {
    problems.push(`Cache-Control is "${header(page, 'cache-control') ?? ''}" for someone signed in`);
  }
  return problems;
}
