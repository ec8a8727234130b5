import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { UndeclaredRouteError } from '../../src/web/plugins/access.js';
import { paths } from '../../src/web/paths.js';
import { matrixRoutes } from '../support/access-matrix.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** A concrete URL for a route pattern, with a made-up value for each parameter. */
const concrete = (url: string) => url.replace(/:([A-Za-z]+)/gu, '00000000-0000-4000-8000-000000000000');

describeEachDialect('deny by default', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses to start with a route that does not declare its access', async () => {
    const app = await buildApp(t.deps);
    try {
      const attempt = async () => {
        app.get('/undeclared', async () => 'reachable by anyone');
        await app.ready();
      };
      await expect(attempt()).rejects.toThrow(UndeclaredRouteError);
    } finally {
      await app.close();
    }
  });

  it('refuses a route without a declaration inside a plugin too, and one with a malformed declaration', async () => {
    for (const config of [{}, { routeAccess: { access: 'public' } }, { routeAccess: { audit: false } }]) {
      const app = await buildApp(t.deps);
      try {
        const attempt = async () => {
          await app.register(async (scope) => {
            scope.post('/undeclared', { config: config as object }, async () => 'changed');
          });
          await app.ready();
        };
        await expect(attempt()).rejects.toThrow(UndeclaredRouteError);
      } finally {
        await app.close();
      }
    }
  });

  it('sends someone signed out from every staff route to sign in, and records each refusal', async () => {
    const guarded = matrixRoutes(t.app.routeTable).filter((r) => r.routeAccess.access.kind !== 'public');
    expect(guarded.length).toBeGreaterThanOrEqual(8);
    const client = new TestClient(t.app, '198.51.100.7');
    for (const route of guarded) {
      const since = await lastAuditId(t.deps);
      const url = concrete(route.url);
      const page = await client.request(route.method as 'GET' | 'POST', url);
      const where = `${route.method} ${route.url}`;
      expect({ where, status: page.status, location: page.location?.split('?')[0] }).toEqual({
        where,
        status: 303,
        location: paths.signIn.build(),
      });
      if (route.method === 'GET') {
        expect(page.location).toBe(`${paths.signIn.build()}?returnTo=${encodeURIComponent(url)}`);
      }
      const rows = await auditRows(t.deps, { afterId: since });
      expect(rows.map((r) => [r.action, r.outcome, r.subject_id, r.actor_user_id, r.ip])).toEqual([
        ['access.denied', 'denied', where, null, '198.51.100.7'],
      ]);
      expect(rows[0]!.correlation_id).toBe(page.headers['x-correlation-id']);
      expect(JSON.parse(rows[0]!.detail!)).toEqual({ reason: 'not-signed-in' });
    }
  });

  it('gives a clinician 403 at an admin route and records the denial with their id and roles', async () => {
    const clinician = await aStaffMember().withRoles('clinician').create(t.deps);
    const client = new TestClient(t.app);
    await signIn(client, clinician);
    for (const url of [paths.admin.users.build(), paths.admin.invite.build(), paths.audit.search.build()]) {
      const since = await lastAuditId(t.deps);
      const page = await client.get(url);
      expect(page.status).toBe(403);
      expect(page.screen.getByRole('heading', { level: 1 }).textContent).toBe(
        'You do not have permission to see this page',
      );
      const rows = await auditRows(t.deps, { afterId: since });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: 'access.denied',
        outcome: 'denied',
        actor_user_id: clinician.id,
        actor_roles: 'clinician',
        service_id: 'llr-childrens-ot',
        subject_id: `GET ${url}`,
        correlation_id: page.headers['x-correlation-id'],
      });
    }
    // A state change is refused before its form is even read.
    const since = await lastAuditId(t.deps);
    const post = await client.post(paths.admin.invite.build(), {
      displayName: 'Sneaky',
      email: 'sneaky@nhs.test',
      roles: 'admin',
    });
    expect(post.status).toBe(403);
    expect((await auditRows(t.deps, { afterId: since })).map((r) => r.action)).toEqual(['access.denied']);
    const created = await t.deps.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'sneaky@nhs.test')
      .execute();
    expect(created).toEqual([]);
  });
});
