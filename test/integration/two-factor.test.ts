/**
 * The second factor for staff (docs/adr/0032), through the app on each database: set-up at the first sign-in, the
 * code step, replay, lock-out, recovery codes, the 5-minute limit, the administrator's reset, and the setting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { auditRows } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { codeAt, secretFromSetUpPage, signInAndSetUp, signInWithCode } from '../support/two-factor.js';

const REQUIRED = { STAFF_TWO_FACTOR: 'required' };
const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const STEP = 30_000;

describeEachDialect('a second factor for staff', (dialect) => {
  let t: TestApp;
  const time = movableClock(new Date('2026-12-03T10:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp(dialect, { env: REQUIRED, clock: time.clock });
  });
  afterAll(async () => {
    await t.close();
  });

  const clinician = () => aStaffMember().withRoles('clinician').create(t.deps);
  /** Moves three 30-second steps on, past any code used (one step ahead at most), so that a new code is due. */
  const nextStep = () => {
    time.advance(3 * STEP);
  };

  it('asks a person with no app to set it up after the password; they are not signed in until the code is right', async () => {
    const staff = await clinician();
    const client = new TestClient(t.app);
    await client.get(paths.signIn.build());
    const password = await client.post(paths.signIn.build(), { email: staff.email, password: staff.password });
    expect(password.status).toBe(303);
    expect(password.location).toBe(paths.signInSetUp.build());
    // Half-way through, the staff pages still send them to sign in.
    const early = await client.get(paths.staff.home.build());
    expect(early.status).toBe(303);
    expect(early.location).toContain(paths.signIn.build());

    const setUp = await client.get(paths.signInSetUp.build());
    expect(setUp.status).toBe(200);
    expect(setUp.document.querySelector('main svg[role="img"] title')?.textContent).toContain('QR code');
    const shown = text(setUp.document.querySelector('#secret-key'));
    expect(shown).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    // Reloading shows the same secret, and it is stored sealed, never in clear.
    expect(text((await client.get(paths.signInSetUp.build())).document.querySelector('#secret-key'))).toBe(shown);
    const row = await t.deps.database.db
      .selectFrom('staff_two_factor')
      .selectAll()
      .where('user_id', '=', staff.id)
      .executeTakeFirstOrThrow();
    expect(row.enrolled_at).toBeNull();
    expect(row.secret_enc).toMatch(/^v1\./);
    expect(row.secret_enc.toUpperCase()).not.toContain(shown.replace(/ /g, '').slice(0, 16));

    const wrong = await client.post(paths.signInSetUp.build(), { code: '000000' });
    expect(wrong.status).toBe(401);
    expect(text(wrong.document.querySelector('.nhsuk-error-summary'))).toContain(
      'Enter the 6-digit code your authenticator app shows now',
    );

    const secret = secretFromSetUpPage(setUp);
    const page = await client.post(paths.signInSetUp.build(), { code: codeAt(secret, time.clock()) });
    const recoveryCodes = [...page.document.querySelectorAll('.app-recovery-codes code')].map((c) => c.textContent);
    expect(secret.length).toBe(20);
    expect(page.status).toBe(200);
    expect(page.screen.getByRole('heading', { level: 1, name: 'Save your recovery codes' })).toBeTruthy();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(page.document.querySelector('a[download]')?.getAttribute('href')).toMatch(/^data:text\/plain/);
    const home = await client.get(paths.staff.home.build());
    expect(home.status).toBe(200);

    // Only hashes of the recovery codes are kept.
    const hashes = await t.deps.database.db
      .selectFrom('staff_recovery_codes')
      .select('code_hash')
      .where('user_id', '=', staff.id)
      .execute();
    expect(hashes).toHaveLength(10);
    for (const code of recoveryCodes) expect(JSON.stringify(hashes)).not.toContain(code);
    const enrolled = await auditRows(t.deps, { action: 'auth.second-factor-enrolled', actorUserId: staff.id });
    expect(enrolled).toHaveLength(1);
    const signedIn = await auditRows(t.deps, { action: 'auth.sign-in', actorUserId: staff.id });
    expect(signedIn.map((r) => r.detail)).toEqual([JSON.stringify({ via: 'totp' })]);
  });

  describe('once the app is set up', () => {
    let staff: CreatedStaff;
    let secret: Uint8Array;
    let recoveryCodes: string[];
    beforeAll(async () => {
      staff = await clinician();
      ({ secret, recoveryCodes } = await signInAndSetUp(new TestClient(t.app), t.deps, staff));
    });

    it('signs in with the password and then the code the app shows now (one step either side too)', async () => {
      nextStep();
      const client = new TestClient(t.app);
      const done = await signInWithCode(client, staff, codeAt(secret, new Date(time.clock().getTime() + STEP)));
      expect(done.status).toBe(303);
      expect(done.location).toBe(paths.staff.home.build());
      expect((await client.get(paths.staff.home.build())).status).toBe(200);
    });

    it('refuses a code already used in its time step, and counts it as a failure', async () => {
      nextStep();
      const code = codeAt(secret, time.clock());
      expect((await signInWithCode(new TestClient(t.app), staff, code)).status).toBe(303);
      const client = new TestClient(t.app);
      const replay = await signInWithCode(client, staff, code);
      expect(replay.status).toBe(401);
      expect(text(replay.document.querySelector('.nhsuk-error-summary'))).toContain('Enter the security code');
      expect((await client.get(paths.staff.home.build())).status).toBe(303);
      const failures = await auditRows(t.deps, { action: 'auth.second-factor-failed' });
      expect(failures.some((r) => r.subject_id === staff.id && r.detail?.includes('replayed-code'))).toBe(true);
      // A clean sign-in clears the count for the next test.
      nextStep();
      expect((await signInWithCode(new TestClient(t.app), staff, codeAt(secret, time.clock()))).status).toBe(303);
    });

    it('refuses a code from two steps ago, and an entry that is not a code', async () => {
      nextStep();
      nextStep();
      const client = new TestClient(t.app);
      const old = await signInWithCode(client, staff, codeAt(secret, new Date(time.clock().getTime() - 2 * STEP)));
      expect(old.status).toBe(401);
      // Too long, or with a NUL byte: refused as input before any check (not counted as a guess).
      expect((await client.post(paths.signInCode.build(), { code: '1'.repeat(21) })).status).toBe(400);
      expect((await client.post(paths.signInCode.build(), { code: '123\u0000456' })).status).toBe(400);
      for (const bad of ['', '12345', '１２３４５６']) {
        const page = await client.post(paths.signInCode.build(), { code: bad });
        expect([400, 401]).toContain(page.status);
      }
      // A clean sign-in clears the count for the next test.
      expect((await client.post(paths.signInCode.build(), { code: codeAt(secret, time.clock()) })).status).toBe(303);
    });

    it('takes a recovery code once, says how many are left, and refuses it the second time', async () => {
      nextStep();
      const [first] = recoveryCodes;
      const client = new TestClient(t.app);
      const used = await signInWithCode(client, staff, (first ?? '').toUpperCase());
      expect(used.status).toBe(200);
      expect(text(used.document.querySelector('main'))).toContain('You have 9 recovery codes left');
      expect((await client.get(paths.staff.home.build())).status).toBe(200);
      const again = await signInWithCode(new TestClient(t.app), staff, first ?? '');
      expect(again.status).toBe(401);
      const signIns = await auditRows(t.deps, { action: 'auth.sign-in', actorUserId: staff.id });
      expect(signIns.some((r) => r.detail === JSON.stringify({ via: 'recovery-code' }))).toBe(true);
      nextStep();
      await signInWithCode(new TestClient(t.app), staff, codeAt(secret, time.clock()));
    });

    it('ends a waiting sign-in after 5 minutes', async () => {
      nextStep();
      const client = new TestClient(t.app);
      await client.get(paths.signIn.build());
      await client.post(paths.signIn.build(), { email: staff.email, password: staff.password });
      await client.get(paths.signInCode.build());
      time.advance(5 * 60_000 + 1000);
      const late = await client.post(paths.signInCode.build(), { code: codeAt(secret, time.clock()) });
      expect(late.status).toBe(303);
      expect(late.location).toBe(`${paths.signIn.build()}?timedOut=1`);
      expect((await client.get(paths.staff.home.build())).status).toBe(303);
    });

    it('locks the account after five wrong codes, even against the right code and password', async () => {
      nextStep();
      const client = new TestClient(t.app);
      let last = await signInWithCode(client, staff, '111111');
      expect(last.status).toBe(401);
      for (let i = 0; i < 4; i++) last = await client.post(paths.signInCode.build(), { code: `22222${String(i)}` });
      expect(last.status).toBe(429);
      expect(last.body).toContain('too many attempts');
      const retry = new TestClient(t.app);
      await retry.get(paths.signIn.build());
      const password = await retry.post(paths.signIn.build(), { email: staff.email, password: staff.password });
      expect(password.status).toBe(429);
      time.advance(16 * 60_000);
    });
  });

  it('lets an administrator see who has set it up and reset it, audited; the person sets it up again', async () => {
    const admin = await aStaffMember().called('Ada Admin').withRoles('admin').create(t.deps);
    const adminClient = new TestClient(t.app);
    const { secret: adminSecret } = await signInAndSetUp(adminClient, t.deps, admin);
    expect(adminSecret.length).toBe(20);
    const person = await aStaffMember().called('Pat Person').withRoles('clinician').create(t.deps);
    const personClient = new TestClient(t.app);
    await signInAndSetUp(personClient, t.deps, person);

    const list = await adminClient.get(paths.admin.users.build());
    const row = [...list.document.querySelectorAll('tbody tr')].find((r) => r.textContent.includes('Pat Person'));
    expect(text(row)).toContain('Set up');
    const page = await adminClient.get(paths.admin.user.build({ userId: person.id }));
    expect(text(page.document.querySelector('.nhsuk-summary-list'))).toContain('Authenticator app Set up');

    const reset = await adminClient.post(paths.admin.resetTwoFactor.build({ userId: person.id }), {});
    expect(reset.status).toBe(303);
    const after = await adminClient.follow(reset);
    expect(text(after.document.querySelector('.nhsuk-summary-list'))).toContain('Authenticator app Not set up');
    expect(text(after.document.querySelector('.nhsuk-notification-banner'))).toContain('Security codes reset');
    const events = await auditRows(t.deps, { action: 'user.two-factor-reset', actorUserId: admin.id });
    expect(events.map((e) => [e.subject_id, e.outcome])).toEqual([[person.id, 'success']]);
    // Their session ended; the next sign-in asks them to set the app up again.
    expect((await personClient.get(paths.staff.home.build())).status).toBe(303);
    nextStep();
    const again = await signInAndSetUp(new TestClient(t.app), t.deps, person);
    expect(again.recoveryCodes).toHaveLength(10);

    // Someone without the right cannot reset anyone.
    nextStep();
    const other = new TestClient(t.app);
    await signInAndSetUp(other, t.deps, await clinician());
    await other.get(paths.staff.home.build());
    const refused = await other.post(paths.admin.resetTwoFactor.build({ userId: person.id }), {});
    expect([403, 404]).toContain(refused.status);
  });
});

describeEachDialect('with STAFF_TWO_FACTOR=off', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { env: { STAFF_TWO_FACTOR: 'off' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('signs in with the password alone', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const client = new TestClient(t.app);
    const home = await signIn(client, staff);
    expect(home.status).toBe(200);
    expect((await client.get(paths.signInCode.build())).location).toBe(`${paths.signIn.build()}?timedOut=1`);
  });
});
