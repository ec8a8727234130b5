import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

describeEachDialect('editing and disabling staff accounts', (dialect) => {
  let t: TestApp;
  let admin: CreatedStaff;
  let client: TestClient;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await aStaffMember().called('Ada Admin').withRoles('admin').create(t.deps);
    client = new TestClient(t.app);
    await signIn(client, admin);
  });
  afterAll(async () => {
    await t.close();
  });

  const account = async (id: string) => {
    const user = await t.deps.database.db
      .selectFrom('users')
      .select(['display_name', 'status', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const roles = await t.deps.database.db
      .selectFrom('user_roles')
      .select('role')
      .where('user_id', '=', id)
      .where('service_id', '=', LLR)
      .orderBy('role')
      .execute();
    return { ...user, roles: roles.map((r) => r.role) };
  };

  /** The version the page's forms carry (a hidden field, as the browser would send it). */
  const versionOn = (page: Page) => page.document.querySelector<HTMLInputElement>('form input[name="version"]')!.value;

  it('saves a change made from the latest version, and refuses one made from a stale version with 409', async () => {
    const member = await aStaffMember().called('Sam Staff').withRoles('clinician').create(t.deps);
    const page = await client.get(paths.admin.user.build({ userId: member.id }));
    expect(page.screen.getByRole('heading', { level: 1, name: 'Sam Staff' })).toBeTruthy();
    const staleVersion = versionOn(page);

    const saved = await client.post(paths.admin.user.build({ userId: member.id }), {
      displayName: 'Sam Staff-Jones',
      roles: ['clinician', 'triage-clinician'],
      version: staleVersion,
    });
    expect(saved.status).toBe(303);
    const after = await client.follow(saved);
    expect(after.screen.getByText('Changes saved')).toBeTruthy();
    const current = await account(member.id);
    expect(current).toMatchObject({ display_name: 'Sam Staff-Jones', roles: ['clinician', 'triage-clinician'] });

    const since = await lastAuditId(t.deps);
    const stale = await client.post(paths.admin.user.build({ userId: member.id }), {
      displayName: 'Overwritten Name',
      roles: 'admin',
      version: staleVersion,
    });
    expect(stale.status).toBe(409);
    expect(errorSummary(stale)).toEqual(['Someone else changed this account while you were editing it.']);
    // The page now shows the latest record, ready to be changed again.
    expect(stale.screen.getByLabelText<HTMLInputElement>('Full name').value).toBe('Sam Staff-Jones');
    expect(versionOn(stale)).toBe(String(current.version));
    expect(await account(member.id)).toEqual(current);
    expect(await auditRows(t.deps, { action: 'user.updated', afterId: since })).toEqual([]);
  });

  it('does not let an admin remove their own admin role or disable themselves', async () => {
    const before = await account(admin.id);
    const own = await client.get(paths.admin.user.build({ userId: admin.id }));
    expect(own.screen.queryByRole('button', { name: 'Disable account' })).toBeNull();

    const demote = await client.post(paths.admin.user.build({ userId: admin.id }), {
      displayName: 'Ada Admin',
      roles: 'clinician',
      version: versionOn(own),
    });
    expect(demote.status).toBe(409);
    expect(errorSummary(demote)).toEqual(['You cannot remove your own administrator role. Ask another administrator.']);

    const disable = await client.post(paths.admin.disable.build({ userId: admin.id }), { version: versionOn(own) });
    expect(disable.status).toBe(409);
    expect(errorSummary(disable)).toEqual(['You cannot disable your own account.']);

    expect(await account(admin.id)).toEqual(before);
    expect((await client.get(paths.admin.users.build())).status).toBe(200);
  });

  it('ends a person’s live session the moment their account is disabled, and lets them back once enabled', async () => {
    const member = await aStaffMember().called('Dee Disabled').withRoles('clinician').create(t.deps);
    const theirs = new TestClient(t.app);
    await signIn(theirs, member);
    expect((await theirs.get(paths.staff.home.build())).status).toBe(200);

    const page = await client.get(paths.admin.user.build({ userId: member.id }));
    expect(page.screen.getByRole('button', { name: 'Disable account' })).toBeTruthy();
    const disabled = await client.post(paths.admin.disable.build({ userId: member.id }), { version: versionOn(page) });
    expect(disabled.status).toBe(303);
    const shown = await client.follow(disabled);
    expect(shown.screen.getByText('Account disabled. They have been signed out.')).toBeTruthy();
    expect((await account(member.id)).status).toBe('disabled');

    const next = await theirs.get(paths.staff.home.build());
    expect(next.status).toBe(303);
    expect(next.location?.split('?')[0]).toBe(paths.signIn.build());
    const sessions = await t.deps.database.db
      .selectFrom('sessions')
      .select('id_hash')
      .where('user_id', '=', member.id)
      .execute();
    expect(sessions).toEqual([]);
    await theirs.get(paths.signIn.build());
    const refused = await theirs.post(paths.signIn.build(), { email: member.email, password: member.password });
    expect(refused.status).toBe(401);

    const enabled = await client.post(paths.admin.enable.build({ userId: member.id }), { version: versionOn(shown) });
    expect(enabled.status).toBe(303);
    expect((await account(member.id)).status).toBe('active');
    const home = await signIn(theirs, member);
    expect(home.screen.getByRole('heading', { level: 1, name: 'Hello, Dee Disabled' })).toBeTruthy();

    const events = await auditRows(t.deps, { actorUserId: admin.id });
    expect(events.filter((e) => e.subject_id === member.id).map((e) => e.action)).toEqual([
      'user.viewed',
      'user.disabled',
      'user.viewed',
      'user.enabled',
    ]);
  });
});
