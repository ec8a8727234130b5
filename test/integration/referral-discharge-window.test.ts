/**
 * Issue 10, item 5: a parent or carer whose child was discharged longer ago than the re-referral window is told on
 * the page straight after the date, not at check your answers eleven pages later; a date in the future is an error on
 * the date's own page; a date inside the window goes on as before. The window is the eligibility engine's own rule.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TestClient, type Page } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, text } from '../support/html.js';
import { answersFor, completeReferral, type ReferralCase } from '../support/referral.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const h1 = (page: { document: Document }) => text(page.document.querySelector('h1'));

describeEachDialect('a parent re-referring after the window ended', (dialect) => {
  let t: TestApp;
  const time = movableClock(new Date('2026-11-27T10:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock });
  });
  afterAll(async () => {
    await t.close();
  });

  /** Answers every page from the start up to and including the discharge page; returns the response to that post. */
  async function throughDischarge(client: TestClient, c: ReferralCase) {
    const started = await client.post('/refer/start', {}, { csrf: null });
    let path = started.location ?? '';
    for (let step = 0; step < 40; step += 1) {
      await client.get(path);
      const answered = await client.post(path, answersFor(path.slice('/refer/'.length), c));
      if (path === '/refer/discharge') return answered;
      if (answered.location === undefined) throw new Error(`POST ${path}: ${errorSummary(answered).join('; ')}`);
      path = answered.location;
    }
    throw new Error('The form never asked for the discharge date');
  }

  it('says on the home page and the form’s start page how long after discharge a parent may refer again', async () => {
    const home = await new TestClient(t.app).get('/');
    expect(text(home.document.querySelector('main'))).toContain(
      'Professionals, and parents whose child we discharged in the last 6 months, can refer a child online.',
    );
    const start = await new TestClient(t.app).get('/refer');
    expect(text(start.document.querySelector('main'))).toContain(
      'A parent or carer can refer their child again themselves if we discharged them in the last 6 months.',
    );
  });

  it('says at once, after the date, that the parent cannot refer, who can, and how to change the date', async () => {
    const client = new TestClient(t.app);
    const sent = await throughDischarge(client, { referrerType: 'parent-carer', dischargedOn: '2026-05-26' });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/refer/cannot-refer-again');
    const page: Page = await client.follow(sent);
    expect(page.status).toBe(200);
    expect(h1(page)).toBe('You cannot refer the child again yourself');
    const main = text(page.document.querySelector('main'));
    expect(main).toContain('A parent or carer can refer a child again only within 6 months of the date we discharged');
    expect(main).toContain('You told us we discharged the child on 26 May 2026. That time ended on 26 November 2026');
    // Who can refer comes from the definition, in words: its labels and their examples.
    const items = [...page.document.querySelectorAll('main li')].map((li) => text(li));
    expect(items).toContain('A GP');
    expect(items).toContain('Education or teaching staff, for example SENCO');
    expect(items.some((i) => i.startsWith('A health professional, for example') && i.includes('health visitor'))).toBe(
      true,
    );
    const change = page.screen.getByRole('link', { name: 'Change the date we discharged the child' });
    expect(change.getAttribute('href')).toBe('/refer/discharge');
  });

  it('goes on to the next question when the date is the last day of the window, by the engine’s rule', async () => {
    const client = new TestClient(t.app);
    // 27 May 2026 plus 6 months is 27 November 2026: today is the last day a parent may refer.
    const sent = await throughDischarge(client, { referrerType: 'parent-carer', dischargedOn: '2026-05-27' });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/refer/difficulties');
    // The interruption page is not for this draft: it sends the parent on.
    const page = await client.get('/refer/cannot-refer-again');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/refer/difficulties');
  });

  it('refuses a date in the future on the date’s own page', async () => {
    const client = new TestClient(t.app);
    const sent = await throughDischarge(client, { referrerType: 'parent-carer', dischargedOn: '2026-11-28' });
    expect(sent.status).toBe(400);
    expect(errorSummary(sent)).toEqual(['Date of discharge must be today or in the past']);
  });

  it('lets a parent who changes the date carry on to check your answers', async () => {
    const client = new TestClient(t.app);
    await throughDischarge(client, { referrerType: 'parent-carer', dischargedOn: '2025-01-01' });
    const check = await completeReferral(
      client,
      { referrerType: 'parent-carer', dischargedOn: '2026-09-30' },
      '/refer',
      {
        from: '/refer/discharge',
      },
    );
    expect(h1(check)).toBe('Check your answers before sending the referral');
    expect(check.screen.getByRole('button', { name: 'Send referral' })).toBeTruthy();
  });
});
