/**
 * "Forgotten your password?" (docs/adr/0032) on each database: the same answer for any address, an e-mail through the
 * outbox whose one-time link is never stored, a link good once for an hour, the password policy, and every other
 * session ended.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { auditRows } from '../support/audit.js';
import { aStaffMember, TEST_PASSWORD } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { HOUR_MS, movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { signIn, signedIn } from '../support/journeys.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const RESET_LINK = /http:\/\/localhost:3000\/reset-password\/([A-Za-z0-9_-]{43})/;
const NEW_PASSWORD = 'purple elephant marmalade';
const text = (page: Page) => (page.document.querySelector('main')?.textContent ?? '').replace(/\s+/g, ' ').trim();

describeEachDialect('resetting a forgotten password', (dialect) => {
  let t: TestApp;
  const time = movableClock(new Date('2026-12-03T10:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock });
  });
  afterAll(async () => {
    await t.close();
  });

  const resetMessages = (recipient: string) =>
    t.deps.database.db
      .selectFrom('outbox_messages')
      .select(['id', 'personalisation'])
      .where('template', '=', 'password-reset-link')
      .where('recipient', '=', recipient)
      .orderBy('created_at')
      .execute();

  async function ask(email: string): Promise<Page> {
    const client = new TestClient(t.app);
    await client.get(paths.forgottenPassword.build());
    return client.post(paths.forgottenPassword.build(), { email });
  }

  /** Asks for a link, sends the outbox, and reads the link from the message as it went. */
  async function linkFor(email: string): Promise<string> {
    await ask(email);
    await t.deps.outboxDispatcher.runOnce();
    const messages = await resetMessages(email);
    const last = messages.at(-1);
    if (last === undefined) throw new Error('No reset message');
    const mail = await t.deps.localMailbox.read(last.id);
    const token = RESET_LINK.exec(mail)?.[1];
    if (token === undefined) throw new Error('No link in the message');
    return token;
  }

  it('answers the same for an account, an unknown address and a disabled account, and e-mails only the account', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const disabled = await aStaffMember().withRoles('clinician').disabled().create(t.deps);
    const known = await ask(staff.email);
    const unknown = await ask('nobody@nhs.test');
    const off = await ask(disabled.email);
    for (const page of [known, unknown, off]) expect(page.status).toBe(200);
    const strip = (page: Page, email: string) => text(page).replace(email, 'X');
    expect(strip(known, staff.email)).toBe(strip(unknown, 'nobody@nhs.test'));
    expect(strip(known, staff.email)).toBe(strip(off, disabled.email));
    expect(text(known)).toContain('Check your email');

    expect(await resetMessages(staff.email)).toHaveLength(1);
    expect(await resetMessages('nobody@nhs.test')).toHaveLength(0);
    expect(await resetMessages(disabled.email)).toHaveLength(0);
    // The queued message holds the link's placeholder, never a link.
    const [queued] = await resetMessages(staff.email);
    expect(queued?.personalisation).toContain('/reset-password/•••••••');
    const requested = await auditRows(t.deps, { action: 'account.password-reset-requested' });
    expect(requested.map((r) => r.outcome).sort()).toEqual(['failure', 'failure', 'success']);
  });

  it('refuses a malformed address with a field error', async () => {
    const client = new TestClient(t.app);
    await client.get(paths.forgottenPassword.build());
    const page = await client.post(paths.forgottenPassword.build(), { email: 'not an address' });
    expect(page.status).toBe(400);
    expect(page.document.querySelector('.nhsuk-error-summary')).not.toBeNull();
    const empty = await client.post(paths.forgottenPassword.build(), { email: '' });
    expect(empty.status).toBe(400);
  });

  it('sets a new password from the link, once; ends every other session; the old password stops working', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const elsewhere = await signedIn(t.app, staff);
    const token = await linkFor(staff.email);
    // The link is nowhere in the database.
    const stored = await t.deps.database.db.selectFrom('outbox_messages').select('personalisation').execute();
    expect(JSON.stringify(stored)).not.toContain(token);

    const client = new TestClient(t.app);
    const page = await client.get(paths.resetPassword.build({ token }));
    expect(page.status).toBe(200);
    expect(text(page)).toContain(staff.email);
    const weak = await client.post(paths.resetPassword.build({ token }), {
      password: 'password',
      confirmPassword: 'password',
    });
    expect(weak.status).toBe(400);
    const mismatch = await client.post(paths.resetPassword.build({ token }), {
      password: NEW_PASSWORD,
      confirmPassword: 'something else',
    });
    expect(mismatch.status).toBe(400);
    const done = await client.post(paths.resetPassword.build({ token }), {
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${paths.signIn.build()}?reset=1`);

    expect((await elsewhere.get(paths.staff.home.build())).status).toBe(303);
    const again = await client.get(paths.resetPassword.build({ token }));
    expect(again.status).toBe(410);
    const oldPassword = new TestClient(t.app);
    await oldPassword.get(paths.signIn.build());
    expect((await oldPassword.post(paths.signIn.build(), { email: staff.email, password: TEST_PASSWORD })).status).toBe(
      401,
    );
    const home = await signIn(new TestClient(t.app), { email: staff.email, password: NEW_PASSWORD });
    expect(home.status).toBe(200);
    expect(await auditRows(t.deps, { action: 'account.password-reset', actorUserId: staff.id })).toHaveLength(1);
  });

  it('refuses a link after an hour, a link replaced by a newer one, and a made-up link', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const first = await linkFor(staff.email);
    const second = await linkFor(staff.email);
    const client = new TestClient(t.app);
    expect((await client.get(paths.resetPassword.build({ token: first }))).status).toBe(410);
    expect((await client.get(paths.resetPassword.build({ token: 'x'.repeat(43) }))).status).toBe(410);
    time.advance(HOUR_MS + 1000);
    expect((await client.get(paths.resetPassword.build({ token: second }))).status).toBe(410);
    await client.get(paths.forgottenPassword.build()); // a page with a form, for the form token
    const post = await client.post(paths.resetPassword.build({ token: second }), {
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(post.status).toBe(410);
  });
});
