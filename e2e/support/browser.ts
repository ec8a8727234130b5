/**
 * Debian's Chromium through playwright-core (never a downloaded browser). Without Chromium the browser tests are
 * skipped with a loud warning on a developer's machine, and fail in CI.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { describe, it } from 'vitest';

/**
 * Debian's headless shell of Chromium (`apt-get install chromium-headless-shell`) where it is installed, else Debian's
 * Chromium, unless CHROMIUM_PATH names another. The headless shell is the same Blink and V8 as `chromium` without
 * the browser's own window system, and what Playwright itself runs headless tests in: the same pages cost it about a
 * third less CPU (docs/adr/0049), and the browser tests are bound by the browser's CPU on two cores.
 */
export const CHROMIUM_PATH =
  process.env.CHROMIUM_PATH ??
  ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((path) => existsSync(path)) ??
  '/usr/bin/chromium-headless-shell';
const IN_CI = (process.env.CI ?? '') !== '' && process.env.CI !== 'false' && process.env.CI !== '0';
const MISSING = `Chromium was not found at ${CHROMIUM_PATH}. Install it with \`apt-get install chromium-headless-shell\` (or chromium) or set CHROMIUM_PATH.`;

/** `describe` for browser tests: runs them when Chromium is installed; otherwise fails (CI) or skips loudly. */
export function describeInBrowser(name: string, suite: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, suite);
  } else if (IN_CI) {
    describe(name, () => {
      it('needs Chromium to run the browser tests', () => {
        throw new Error(MISSING);
      });
    });
  } else {
    process.stderr.write(`\n  !!! SKIPPING the browser tests "${name}": ${MISSING}\n\n`);
    describe.skip(name, suite);
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Every name but Otway's own resolves to nothing, so a page never reaches the internet (the NHS font service):
      // refused by the browser's resolver rather than by intercepting each request, which would cost every request a
      // round trip to the test and turn the browser's cache off.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
}

/**
 * A browser context for one person. The browser talks only to this machine (see `launchBrowser`): requests anywhere
 * else (the NHS font service) fail, so the tests never reach the internet and behave the same offline.
 */
export async function newPerson(
  browser: Browser,
  baseUrl: string,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(15_000);
  return context;
}
