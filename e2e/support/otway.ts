/**
 * One Otway server and one Chromium per test file, and a fresh browser context (a person) whenever a test wants one.
 * After each test, every HTML response each person received is checked for the security headers.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser, newPerson } from './browser.js';
import { ResponseWatch } from './checks.js';
import { startServer, type RunningServer, type StartOptions } from './server.js';

export interface PersonInBrowser {
  context: BrowserContext;
  page: Page;
  watch: ResponseWatch;
}

export interface Otway {
  readonly server: RunningServer;
  /** A new person with a browser of their own (no cookies shared with anyone else). */
  person(options?: BrowserContextOptions): Promise<PersonInBrowser>;
}

/**
 * The file's one Chromium, shared by every Otway the file starts (the checker's file starts two, one after the other):
 * launched by the first to need it, closed by the last. Each `useOtway` counts itself in as the file is collected, so
 * the browser stays open from one describe block to the next.
 */
const shared: { browser: Promise<Browser> | undefined; users: number } = { browser: undefined, users: 0 };

function theBrowser(): Promise<Browser> {
  shared.browser ??= launchBrowser();
  return shared.browser;
}

async function doneWithBrowser(): Promise<void> {
  shared.users -= 1;
  const { browser } = shared;
  if (shared.users > 0 || browser === undefined) return;
  shared.browser = undefined;
  await browser.then(
    (b) => b.close(),
    () => undefined,
  );
}

/** `options.referenceData` starts the server with the shared GP practice and school extracts imported. */
export function useOtway(env: Record<string, string> = {}, options: StartOptions = {}): Otway {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let people: PersonInBrowser[] = [];
  shared.users += 1;

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([startServer(env, options), theBrowser()]);
    if (started.status === 'fulfilled') server = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
  });

  afterEach(async () => {
    const these = people;
    people = [];
    try {
      for (const p of these) await p.watch.expectAllSecure();
    } finally {
      await Promise.all(these.map((p) => p.context.close()));
    }
  });

  afterAll(async () => {
    await doneWithBrowser();
    await server?.stop();
  });

  return {
    get server() {
      if (server === undefined) throw new Error('Otway is not running');
      return server;
    },
    async person(options = {}) {
      if (server === undefined || browser === undefined) throw new Error('Otway is not running');
      const context = await newPerson(browser, server.baseUrl, options);
      const watch = new ResponseWatch(context, server.baseUrl);
      const page = await context.newPage();
      const person = { context, page, watch };
      people.push(person);
      return person;
    },
  };
}
