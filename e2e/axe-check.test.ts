/**
 * The accessibility check the browser tests rely on, shown to catch what it must (so a pass means something): axe-core
 * run in the page by `axeViolations` finds a WCAG violation, every node of it, finds it again on the same document
 * after the page changed (axe injected once), and finds nothing on a page without one.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchBrowser } from './support/browser.js';
import { axeViolations } from './support/checks.js';

const CLEAN = `<!doctype html><html lang="en"><head><title>Clean</title></head>
<body><main><h1>A page</h1><p>Text.</p><img src="data:," alt="A picture"></main></body></html>`;

describeInBrowser('the accessibility check', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('finds nothing on a page without a violation', async () => {
    await page.setContent(CLEAN);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('finds each WCAG violation with every node, and again after the same document changed', async () => {
    await page.setContent(
      CLEAN.replace('alt="A picture"', '').replace('<p>Text.</p>', '<p>Text.</p><img src="data:,">'),
    );
    const first = await axeViolations(page);
    expect(first.map((v) => v.id)).toEqual(['image-alt']);
    expect(first[0]?.nodes).toHaveLength(2);

    // The same document, axe already in it: a field without a label added by script is found too.
    await page.evaluate(() => {
      document.querySelector('main')?.insertAdjacentHTML('beforeend', '<input type="text">');
    });
    expect((await axeViolations(page)).map((v) => v.id).sort()).toEqual(['image-alt', 'label']);
  });

  it('checks the WCAG 2.2 AA rules, not only 2.0', async () => {
    // target-size (2.5.8, WCAG 2.2 AA): two small buttons touching each other.
    await page.setContent(
      CLEAN.replace(
        '<p>Text.</p>',
        '<p><button style="width:10px;height:10px;padding:0;border:0">a</button><button style="width:10px;height:10px;padding:0;border:0">b</button></p>',
      ),
    );
    expect((await axeViolations(page)).map((v) => v.id)).toContain('target-size');
  });
});
