import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { paths } from '../../src/web/paths.js';
import { PUBLIC_PAGE } from '../../src/web/route-access.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, toPage, type Page } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { signIn } from '../support/journeys.js';
import { securityHeaderProblems } from '../support/security-headers.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const heading = (page: Page) => page.screen.getByRole('heading', { level: 1 }).textContent;

describeEachDialect('pages not found, and errors', (dialect) => {
  let t: TestApp;
  let admin: CreatedStaff;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await aStaffMember().called('Ada Admin').withRoles('admin').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers an unknown page with the 404 page, signed in or not', async () => {
    for (const url of ['/no-such-page', '/staff/nothing-here', '/sign-in/extra', `/${'x'.repeat(300)}`]) {
      const page = await new TestClient(t.app).get(url);
      expect({ url, status: page.status, heading: heading(page) }).toEqual({
        url,
        status: 404,
        heading: 'Page not found',
      });
    }
    const client = new TestClient(t.app);
    await signIn(client, admin);
    const page = await client.get('/staff/admin/nothing-here');
    expect(page.status).toBe(404);
    expect(heading(page)).toBe('Page not found');
    expect(page.screen.getByRole('link', { name: 'Go to the home page' }).getAttribute('href')).toBe(
      paths.staff.home.build(),
    );
  });

  it('answers 404, naming nobody, for a staff member outside the service or an id that does not exist', async () => {
    const outsider = await aStaffMember()
      .called('Zebedee Outsider')
      .withEmail('zebedee.outsider@nhs.test')
      .create(t.deps);
    const client = new TestClient(t.app);
    await signIn(client, admin);
    for (const userId of [outsider.id, randomUUID(), 'not-an-id', 'x'.repeat(199), '..%2F..%2Fetc']) {
      const page = await client.get(paths.admin.user.build({ userId }));
      expect({ userId, status: page.status, heading: heading(page) }).toEqual({
        userId,
        status: 404,
        heading: 'Page not found',
      });
      expect(page.body).not.toContain('Zebedee');
      expect(page.body).not.toContain('zebedee.outsider');
    }
    // Nor may an admin change them: the change is refused in the same way.
    await client.get(paths.admin.users.build());
    const post = await client.post(paths.admin.disable.build({ userId: outsider.id }), { version: '1' });
    expect(post.status).toBe(404);
    const row = await t.deps.database.db
      .selectFrom('users')
      .select('status')
      .where('id', '=', outsider.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
  });

  it('answers a failure with the 500 page, with no stack trace or error message', async () => {
    const app = await buildApp(t.deps);
    app.get('/boom', { config: { routeAccess: PUBLIC_PAGE } }, () => {
      throw new Error('secret-internal-detail at /work/main/src/somewhere.ts:12');
    });
    await app.ready();
    try {
      const page = toPage(await app.inject({ method: 'GET', url: '/boom' }));
      expect(page.status).toBe(500);
      expect(heading(page)).toBe('Sorry, there is a problem with the service');
      expect(page.body).not.toContain('secret-internal-detail');
      expect(page.body).not.toMatch(/\bat .+:\d+:\d+|\.ts:\d+|Error:/u);
      expect(securityHeaderProblems(page, { signedIn: false })).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
