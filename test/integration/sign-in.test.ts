import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { aStaffMember } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describeEachDialect('signing in and out', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('signs a member of staff in with a new session id, and out again', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const client = new TestClient(t.app);
    await client.get(paths.signIn.build());
    const before = [...client.cookies.values()][0];
    expect(before).toBeDefined();

    const home = await signIn(client, staff);
    expect(home.status).toBe(200);
    expect(home.screen.getByRole('heading', { level: 1, name: `Hello, ${staff.displayName}` })).toBeTruthy();
    expect(home.headers['cache-control']).toBe('no-store');
    const after = [...client.cookies.values()][0];
    expect(after).not.toBe(before);

    const out = await client.post(paths.signOut.build());
    expect(out.status).toBe(303);
    const staffHome = await client.get(paths.staff.home.build());
    expect(staffHome.status).toBe(303);
    expect(staffHome.location).toContain(paths.signIn.build());
  });

  it('gives the same message for a wrong password and an unknown account', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const client = new TestClient(t.app);
    await client.get(paths.signIn.build());
    const wrong = await client.post(paths.signIn.build(), { email: staff.email, password: 'not the password' });
    const unknown = await client.post(paths.signIn.build(), { email: 'nobody@nhs.test', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (p: typeof wrong) =>
      p.document.querySelector('.nhsuk-error-summary')?.textContent.replace(/\s+/g, ' ').trim();
    expect(message(wrong)).toBe(message(unknown));
    expect(message(wrong)).toContain('Enter a correct email address and password');
  });

  it('throttles an account after five wrong passwords, even when the sixth is right', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const client = new TestClient(t.app);
    await client.get(paths.signIn.build());
    for (let i = 0; i < 5; i++) {
      await client.post(paths.signIn.build(), { email: staff.email, password: `wrong ${String(i)}` });
    }
    const sixth = await client.post(paths.signIn.build(), { email: staff.email, password: staff.password });
    expect(sixth.status).toBe(429);
    expect(sixth.body).toContain('too many attempts');
  });

  it('refuses a disabled account with the generic message', async () => {
    const staff = await aStaffMember().withRoles('clinician').disabled().create(t.deps);
    const client = new TestClient(t.app);
    await client.get(paths.signIn.build());
    const page = await client.post(paths.signIn.build(), { email: staff.email, password: staff.password });
    expect(page.status).toBe(401);
  });
});
