/**
 * What every page must pass: the security headers, no Content-Security-Policy violation, and axe-core's WCAG 2.0, 2.1
 * and 2.2 A and AA rules. Each page checked is also saved as a screenshot under .tmp/screens/ for a person to look at
 * (not in CI: see saveScreenshot).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { AxeResults, RunOptions } from 'axe-core';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { expect } from 'vitest';

export const SCREENS_DIR = resolve(import.meta.dirname, '../../.tmp/screens');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** One directive of a Content-Security-Policy, with its name, or undefined. */
export function cspDirective(csp: string, name: string): string | undefined {
  return csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));
}

/** The problems with one HTML response's security headers (empty when it has none). */
export function headerProblems(headers: Record<string, string>): string[] {
  const problems: string[] = [];
  const csp = headers['content-security-policy'] ?? '';
  const directive = (name: string) => cspDirective(csp, name);
  if (csp === '') problems.push('no Content-Security-Policy');
  if (!/'nonce-[A-Za-z0-9+/=_-]{16,}'/u.test(directive('script-src') ?? '')) problems.push('script-src has no nonce');
  if (csp.includes("'unsafe-inline'")) problems.push("CSP allows 'unsafe-inline'");
  if (csp.includes("'unsafe-eval'")) problems.push("CSP allows 'unsafe-eval'");
  if (directive('object-src') !== "object-src 'none'") problems.push("object-src is not 'none'");
  if (directive('base-uri') !== "base-uri 'none'") problems.push("base-uri is not 'none'");
  if (directive('frame-ancestors') !== "frame-ancestors 'none'") problems.push("frame-ancestors is not 'none'");
  if (headers['x-content-type-options'] !== 'nosniff') problems.push('X-Content-Type-Options is not nosniff');
  const hsts = /max-age=(\d+)/u.exec(headers['strict-transport-security'] ?? '');
  if (hsts === null || Number(hsts[1]) < 31_536_000) problems.push('no Strict-Transport-Security of a year');
  const referrer = headers['referrer-policy'] ?? '';
  if (!['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'].includes(referrer))
    problems.push(`Referrer-Policy is "${referrer}"`);
  return problems;
}

/**
 * Watches every response Otway sends to one browser context: the security headers of each HTML response, and any
 * Content-Security-Policy violation the browser reports. Remembers each page's latest document for `checkPage`.
 */
export class ResponseWatch {
  private readonly pending: Promise<string | null>[] = [];
  private readonly cspViolations: string[] = [];
  private readonly documents = new WeakMap<Page, Response>();
  htmlResponses = 0;

  constructor(
    context: BrowserContext,
    private readonly baseUrl: string,
  ) {
    context.on('response', (response) => {
      this.onResponse(response);
    });
    context.on('console', (message) => {
      if (message.type() === 'error' && message.text().includes('Content Security Policy'))
        this.cspViolations.push(`${message.page()?.url() ?? '?'}: ${message.text()}`);
    });
  }

  private onResponse(response: Response): void {
    const url = response.url();
    if (!url.startsWith(this.baseUrl)) return;
    const request = response.request();
    const frame = request.frame();
    if (request.isNavigationRequest() && frame === frame.page().mainFrame()) this.documents.set(frame.page(), response);
    this.pending.push(
      response.allHeaders().then(
        (headers) => {
          if (!(headers['content-type'] ?? '').startsWith('text/html')) return null;
          this.htmlResponses += 1;
          const problems = headerProblems(headers);
          return problems.length === 0
            ? null
            : `${request.method()} ${url} (${String(response.status())}): ${problems.join('; ')}`;
        },
        () => null,
      ),
    );
  }

  /** The response that brought the page's current document. */
  documentOf(page: Page): Response {
    const response = this.documents.get(page);
    if (response === undefined) throw new Error(`No document response seen for ${page.url()}`);
    return response;
  }

  /** Every HTML response so far carried the security headers, and the browser reported no CSP violation. */
  async expectAllSecure(): Promise<void> {
    const problems = (await Promise.all(this.pending)).filter((p): p is string => p !== null);
    expect(problems, `HTML responses without the security headers:\n${problems.join('\n')}`).toEqual([]);
    expect(this.cspViolations, `Content-Security-Policy violations:\n${this.cspViolations.join('\n')}`).toEqual([]);
    expect(this.htmlResponses).toBeGreaterThan(0);
  }
}

type Violations = AxeResults['violations'];

function describeViolations(violations: Violations): string {
  return violations
    .map(
      (v) =>
        `- ${v.id} (${v.impact ?? 'unknown'}): ${v.help}\n  ${v.helpUrl}\n` +
        v.nodes.map((n) => `    at ${n.target.join(' ')}\n      ${n.failureSummary ?? ''}`).join('\n'),
    )
    .join('\n');
}

/** axe-core's own script, read once per test file and run in the page as @axe-core/playwright would. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG rules on the page as it stands: its violations, every node of each. axe runs in the page's own
 * frame (Otway's pages have no frames), injected once per document, and reports its violations alone: the passes and
 * rules that did not apply are neither gathered node by node nor sent back to the test, which nothing here reads.
 * @axe-core/playwright injected the 560 kB script twice for every check and returned every result of every rule:
 * half of each check's time, and a third of the browser tests' time went to checks (docs/performance.md).
 */
export async function axeViolations(page: Page): Promise<Violations> {
  const injected = await page.evaluate(
    () => typeof (window as unknown as { axe?: { run?: unknown } }).axe?.run === 'function',
  );
  if (!injected) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const { axe } = window as unknown as { axe: { run(on: Document, options: RunOptions): Promise<AxeResults> } };
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations;
  }, WCAG_TAGS);
}

/** axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules on the page as it stands: no violation. */
export async function expectNoAxeViolations(page: Page, name: string): Promise<void> {
  const violations = await axeViolations(page);
  expect
    .soft(
      violations.map((v) => v.id),
      `axe found violations on "${name}" (${page.url()}):\n${describeViolations(violations)}`,
    )
    .toEqual([]);
}

/**
 * Screenshots are for a person to look at, so they are taken on a developer's machine and not in CI, where the clone
 * is thrown away (a full-page screenshot costs about a third of a second); `E2E_SCREENSHOTS=1` takes them anyway.
 */
const TAKE_SCREENSHOTS =
  process.env.E2E_SCREENSHOTS === '1' ||
  (process.env.CI ?? '') === '' ||
  process.env.CI === 'false' ||
  process.env.CI === '0';

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  if (!TAKE_SCREENSHOTS) return;
  mkdirSync(SCREENS_DIR, { recursive: true });
  const file = `${name.toLowerCase().replace(/[^a-z0-9]+/gu, '-')}.png`;
  await page.screenshot({ path: resolve(SCREENS_DIR, file), fullPage: true, animations: 'disabled' });
}

export interface PageExpectations {
  status?: number;
  /** A signed-in page must not be kept by the browser or a proxy. */
  signedIn?: boolean;
}

/**
 * The full check of the page as it stands: its status, headers (and `no-store` when signed in), the nonce on its
 * script matching the CSP, no axe violation; then a screenshot. Soft assertions, so one test reports every problem
 * of every page it checks.
 */
export async function checkPage(
  watch: ResponseWatch,
  page: Page,
  name: string,
  expected: PageExpectations = {},
): Promise<void> {
  const response = watch.documentOf(page);
  const headers = await response.allHeaders();
  if (expected.status !== undefined) expect.soft(response.status(), `status of "${name}"`).toBe(expected.status);
  expect.soft(headerProblems(headers), `headers of "${name}"`).toEqual([]);
  if (expected.signedIn === true)
    expect.soft(headers['cache-control'], `Cache-Control of "${name}"`).toContain('no-store');
  // Every message is written for a person: none of a library's own wording leaks through.
  for (const summary of await page.locator('.nhsuk-error-summary').allInnerTexts())
    expect.soft(summary, `error summary on "${name}"`).not.toMatch(/invalid input|expected |undefined|null/iu);
  const scriptSrc = cspDirective(headers['content-security-policy'] ?? '', 'script-src') ?? '';
  const nonce = /'nonce-([^']+)'/u.exec(scriptSrc)?.[1];
  const scriptNonces = await page
    .locator('script[src]')
    .evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
  expect.soft(scriptNonces.length, `scripts on "${name}"`).toBeGreaterThan(0);
  for (const n of scriptNonces) expect.soft(n, `script nonce on "${name}"`).toBe(nonce);
  await expectNoAxeViolations(page, name);
  await saveScreenshot(page, name);
}
