import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemContext } from '../../src/services/shared/context.js';
import { paths } from '../../src/web/paths.js';
import { auditRows } from '../support/audit.js';
import { aStaffMember } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { HOUR_MS, movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

const FIRST_ADMIN = { displayName: 'Fran First', email: 'fran.first@nhs.test', password: 'lantern meadow quartz' };
const pathOf = (link: string) => new URL(link).pathname;

describeEachDialect('first run', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { twoServices: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives a one-time link that creates the first administrator in every service, once', async () => {
    const link = await t.deps.accounts.firstAdminLinkIfNeeded(systemContext('first-run-test-0001'));
    expect(link).toMatch(/^http:\/\/localhost:3000\/activate\/[A-Za-z0-9_-]{43}$/u);
    const path = pathOf(link!);
    expect(await auditRows(t.deps, { action: 'account.first-admin-link-issued' })).toHaveLength(1);

    const client = new TestClient(t.app);
    const page = await client.get(path);
    expect(page.status).toBe(200);
    expect(page.screen.getByRole('heading', { level: 1, name: 'Create the first administrator' })).toBeTruthy();
    expect(page.screen.getByLabelText('Full name')).toBeTruthy();
    expect(page.screen.getByLabelText(/^Email address/u)).toBeTruthy();

    const mismatch = await client.post(path, { ...FIRST_ADMIN, confirmPassword: 'something else entirely' });
    expect(mismatch.status).toBe(400);
    expect(errorSummary(mismatch)).toEqual(['Passwords do not match']);

    const done = await client.post(path, { ...FIRST_ADMIN, confirmPassword: FIRST_ADMIN.password });
    expect(done.status).toBe(303);
    const user = await t.deps.database.db
      .selectFrom('users')
      .select(['id', 'status', 'display_name'])
      .where('email', '=', FIRST_ADMIN.email)
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ status: 'active', display_name: 'Fran First' });
    const roles = await t.deps.database.db
      .selectFrom('user_roles')
      .select(['service_id', 'role'])
      .where('user_id', '=', user.id)
      .orderBy('service_id')
      .execute();
    expect(roles).toEqual([
      { service_id: LLR, role: 'admin' },
      { service_id: SECOND_SERVICE, role: 'admin' },
    ]);

    const chooser = await signIn(client, FIRST_ADMIN);
    expect(chooser.screen.getByRole('group', { name: 'Which service do you want to work in?' })).toBeTruthy();

    const reuse = new TestClient(t.app);
    expect((await reuse.get(path)).status).toBe(410);
    await reuse.get(paths.signIn.build());
    const second = await reuse.post(path, {
      displayName: 'Mal Second',
      email: 'mal.second@nhs.test',
      password: 'another long phrase',
      confirmPassword: 'another long phrase',
    });
    expect(second.status).toBe(410);
    expect(
      await t.deps.database.db.selectFrom('users').select('id').where('email', '=', 'mal.second@nhs.test').execute(),
    ).toEqual([]);
    expect(await t.deps.accounts.firstAdminLinkIfNeeded(systemContext('first-run-test-0002'))).toBeNull();
  });
});

describeEachDialect('first run, when the link is old', (dialect) => {
  let t: TestApp;
  const time = movableClock(new Date('2026-11-27T09:00:00.000Z'));
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock });
  });
  afterAll(async () => {
    await t.close();
  });

  it('works until 24 hours have passed, and is refused with 410 after', async () => {
    const path = pathOf((await t.deps.accounts.firstAdminLinkIfNeeded(systemContext('first-run-clock-01')))!);
    time.advance(24 * HOUR_MS - 60_000);
    const client = new TestClient(t.app);
    expect((await client.get(path)).status).toBe(200);

    time.advance(2 * 60_000);
    const late = await client.get(path);
    expect(late.status).toBe(410);
    expect(late.screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'This link has expired or has already been used',
    );
    await client.get(paths.signIn.build());
    const post = await client.post(path, { ...FIRST_ADMIN, confirmPassword: FIRST_ADMIN.password });
    expect(post.status).toBe(410);
    expect(await t.deps.database.db.selectFrom('users').select('id').execute()).toEqual([]);

    // A new link replaces the old one, and works.
    const fresh = pathOf((await t.deps.accounts.firstAdminLinkIfNeeded(systemContext('first-run-clock-02')))!);
    expect((await client.get(fresh)).status).toBe(200);
  });

  it('is not offered once any account exists', async () => {
    await aStaffMember().withRoles('clinician').create(t.deps);
    expect(await t.deps.accounts.firstAdminLinkIfNeeded(systemContext('first-run-clock-03'))).toBeNull();
  });
});
