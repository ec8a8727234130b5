import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describeEachDialect('CSRF protection', (dialect) => {
  let t: TestApp;
  let admin: CreatedStaff;
  let otherAdmin: CreatedStaff;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await aStaffMember().called('Ada Admin').withRoles('admin').create(t.deps);
    otherAdmin = await aStaffMember().called('Otto Admin').withRoles('admin').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  /** An admin signed in, with the token they held before signing in and a token of someone else's session. */
  async function tokens(): Promise<{ client: TestClient; own: string; stale: string; foreign: string }> {
    const client = new TestClient(t.app);
    await client.get(paths.signIn.build());
    const stale = client.csrfToken!;
    await signIn(client, admin);
    await client.get(paths.admin.invite.build());
    const own = client.csrfToken!;
    const other = new TestClient(t.app);
    await signIn(other, otherAdmin);
    const foreign = other.csrfToken!;
    expect(new Set([own, stale, foreign]).size).toBe(3);
    return { client, own, stale, foreign };
  }

  const userStatus = async (email: string) =>
    t.deps.database.db.selectFrom('users').select(['status', 'version']).where('email', '=', email).executeTakeFirst();

  async function expectRefusedAndAudited(page: Page, since: number, route: string, reason: string): Promise<void> {
    expect(page.status).toBe(403);
    expect(page.screen.getByRole('heading', { level: 1 }).textContent).toBe('Sorry, this form could not be sent');
    const correlationId = String(page.headers['x-correlation-id']);
    const denials = await auditRows(t.deps, { action: 'access.denied', afterId: since, correlationId });
    expect(denials).toHaveLength(1);
    expect(denials[0]).toMatchObject({
      actor_user_id: admin.id,
      actor_roles: 'admin',
      outcome: 'denied',
      subject_type: 'route',
      subject_id: route,
    });
    expect(JSON.parse(denials[0]!.detail!)).toEqual({ reason });
  }

  it('refuses an invitation with no token, a stale token or a foreign token, and creates nobody', async () => {
    const { client, stale, foreign } = await tokens();
    const cases = [
      ['missing', null, 'csrf-missing'],
      ['stale', stale, 'csrf-mismatch'],
      ['foreign', foreign, 'csrf-mismatch'],
    ] as const;
    for (const [name, csrf, reason] of cases) {
      const email = `csrf-${name}@nhs.test`;
      const since = await lastAuditId(t.deps);
      const page = await client.post(
        paths.admin.invite.build(),
        { displayName: 'Mallory', email, roles: 'admin' },
        { csrf },
      );
      await expectRefusedAndAudited(page, since, 'POST /staff/admin/users/invite', reason);
      expect(await userStatus(email)).toBeUndefined();
      expect(await auditRows(t.deps, { action: 'user.invited', afterId: since })).toEqual([]);
    }

    // The same form with the session's own token goes through, so the token was the only thing wrong.
    await client.get(paths.admin.invite.build());
    const ok = await client.post(paths.admin.invite.build(), {
      displayName: 'Valid Person',
      email: 'csrf-valid@nhs.test',
      roles: 'clinician',
    });
    expect(ok.status).toBe(200);
    expect((await userStatus('csrf-valid@nhs.test'))?.status).toBe('invited');
  });

  it('refuses to disable an account without the session’s own token, and the account stays active', async () => {
    const target = await aStaffMember().called('Tess Target').withRoles('clinician').create(t.deps);
    const targetClient = new TestClient(t.app);
    await signIn(targetClient, target);
    const { client, stale, foreign } = await tokens();
    const before = await userStatus(target.email);
    const cases = [
      [null, 'csrf-missing'],
      [stale, 'csrf-mismatch'],
      [foreign, 'csrf-mismatch'],
      ['', 'csrf-mismatch'],
    ] as const;
    for (const [csrf, reason] of cases) {
      const since = await lastAuditId(t.deps);
      const page = await client.post(
        paths.admin.disable.build({ userId: target.id }),
        { version: String(before!.version) },
        { csrf },
      );
      await expectRefusedAndAudited(page, since, 'POST /staff/admin/users/:userId/disable', reason);
      expect(await userStatus(target.email)).toEqual(before);
    }
    expect(before?.status).toBe('active');
    expect((await targetClient.get(paths.staff.home.build())).status).toBe(200);
  });

  it('accepts the token in the X-CSRF-Token header only when it is the session’s own', async () => {
    const { client, own, foreign } = await tokens();
    const post = (token: string) =>
      client.request('POST', paths.extendSession.build(), {
        headers: { 'x-csrf-token': token, accept: 'application/json' },
      });
    expect((await post(foreign)).status).toBe(403);
    const ok = await post(own);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toHaveProperty('idleExpiresAt');
  });

  it('does not sign someone out, or in, on a forged request', async () => {
    const { client, foreign } = await tokens();
    const since = await lastAuditId(t.deps);
    const out = await client.post(paths.signOut.build(), {}, { csrf: foreign });
    expect(out.status).toBe(403);
    expect((await client.get(paths.staff.home.build())).status).toBe(200);

    const visitor = new TestClient(t.app);
    const forgedSignIn = await visitor.post(
      paths.signIn.build(),
      { email: otherAdmin.email, password: otherAdmin.password },
      { csrf: foreign },
    );
    expect(forgedSignIn.status).toBe(403);
    expect((await visitor.get(paths.staff.home.build())).status).toBe(303);
    expect(await auditRows(t.deps, { action: 'auth.sign-in', afterId: since })).toEqual([]);
    const denials = await auditRows(t.deps, { action: 'access.denied', afterId: since });
    // The visitor's look at the staff home, signed out, is a denial of its own.
    expect(denials.map((d) => d.subject_id)).toEqual(['POST /sign-out', 'POST /sign-in', 'GET /staff']);
  });
});
