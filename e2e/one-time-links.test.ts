/**
 * Finding 2 of issue 12 (docs/adr/0029) in Chromium, against the real server in the embedded mode: a referrer asks
 * for a "save and come back later" link; the administrator's Messages page shows the message with its link taken out
 * (and passes axe); the link itself reaches only the local mailbox under DATA_DIR, and opens the draft once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { paths } from '../src/web/paths.js';
import { delay } from '../test/support/server-process.js';
import { describeInBrowser } from './support/browser.js';
import { press } from './support/checker.js';
import { checkPage } from './support/checks.js';
import { createFirstAdmin, heading, PASSWORD, signIn } from './support/journeys.js';
import { useOtway } from './support/otway.js';
import { REFER, startReferral, stepOf } from './support/referral.js';

const RESUME_LINK = /^(https?:\/\/\S+\/refer\/resume\/([A-Za-z0-9_-]{43}))$/mu;

/** Waits for the dispatcher to write the message to the local mailbox, and returns the link in it. */
async function linkFromMailbox(dataDir: string): Promise<{ link: string; secret: string }> {
  const folder = join(dataDir, 'local-mailbox');
  for (let i = 0; i < 100; i++) {
    let names: string[] = [];
    try {
      names = readdirSync(folder).filter((n) => n.endsWith('.txt'));
    } catch {
      // Not made until the first message is written.
    }
    for (const name of names) {
      const found = RESUME_LINK.exec(readFileSync(join(folder, name), 'utf8'));
      if (found !== null) return { link: found[1] ?? '', secret: found[2] ?? '' };
    }
    await delay(200);
  }
  throw new Error('No message with a resume link reached the local mailbox');
}

describeInBrowser('One-time links are never shown on the Messages pages', () => {
  const otway = useOtway({ OUTBOX_POLL_SECONDS: '1' });

  it('shows the saved-referral message without its link, and the link from the mailbox opens the draft', async () => {
    const { page: referrer } = await otway.person();
    await startReferral(referrer);
    await referrer.getByRole('link', { name: 'Save and come back later' }).click();
    await referrer.waitForURL(`**${REFER}/save-and-come-back-later`);
    await referrer.getByLabel('Email address', { exact: true }).fill('sam.okafor@nhs.test');
    await press(referrer, 'Send me a link');
    expect(await heading(referrer)).toBe('We have sent you a link');
    const { link, secret } = await linkFromMailbox(otway.server.env.DATA_DIR ?? '');

    const { page: admin, watch } = await otway.person();
    const person = { name: 'Ada Admin', email: 'ada.admin@nhs.test', password: PASSWORD };
    await createFirstAdmin(admin, otway.server.firstAdminLink, person);
    await signIn(admin, person);
    await admin.goto(paths.admin.outbox.build());
    expect(await admin.content()).not.toContain(secret);
    await admin.getByRole('table').getByRole('link').first().click();
    await admin.getByRole('heading', { name: 'What would have been sent' }).waitFor();
    const main = await admin.getByRole('main').innerText();
    expect(main).toContain('/refer/resume/••••••• (one-time link, not shown)');
    expect(main).toContain('Made when the message is sent; never stored or shown');
    expect(await admin.content()).not.toContain(secret);
    await checkPage(watch, admin, 'message with a one-time link', { status: 200, signedIn: true });

    // The referrer, on another device, carries on from the link; it works once.
    const { page: elsewhere } = await otway.person();
    await elsewhere.goto(link);
    expect(stepOf(elsewhere)).toBe('who-is-referring');
    const again = await (await otway.person()).page.goto(link);
    expect(again?.status()).toBe(410);
  });
});
