import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { auditRows } from '../support/audit.js';
import { aStaffMember } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const MINUTE = 60_000;

describeEachDialect('session lifetime', (dialect) => {
  let t: TestApp;
  const time = movableClock(new Date('2026-11-27T09:00:00.000Z'));

  beforeAll(async () => {
    t = await createTestApp(dialect, {
      clock: time.clock,
      env: { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '10' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('ends a session after 30 idle minutes, sends the person to sign in, and records it', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const client = new TestClient(t.app);
    await signIn(client, staff);

    time.advance(29 * MINUTE);
    expect((await client.get(paths.staff.home.build())).status).toBe(200);

    time.advance(31 * MINUTE);
    const later = await client.get(paths.staff.home.build());
    expect(later.status).toBe(303);
    expect(later.location).toContain(paths.signIn.build());

    const [expired] = await auditRows(t.deps, { action: 'auth.session-expired', actorUserId: staff.id });
    expect(expired?.service_id).toBe('llr-childrens-ot');
    expect(expired?.outcome).toBe('failure');
  });

  it('ends a session at its absolute lifetime however busy it is', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const client = new TestClient(t.app);
    await signIn(client, staff);
    for (let elapsed = 0; elapsed < 10 * 60; elapsed += 20) {
      time.advance(20 * MINUTE);
      const page = await client.get(paths.staff.home.build());
      if (elapsed + 20 < 10 * 60) expect(page.status).toBe(200);
      else expect(page.status).toBe(303);
    }
  });

  it('shows when the session will time out, and "Stay signed in" restarts the idle clock', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const client = new TestClient(t.app);
    const home = await signIn(client, staff);
    const warning = home.document.querySelector<HTMLElement>('[data-module="app-session-timeout"]');
    expect(warning?.hidden).toBe(true);
    const shown = Date.parse(warning?.dataset.idleExpiresAt ?? '');
    expect(shown).toBe(time.clock().getTime() + 30 * MINUTE);

    time.advance(29 * MINUTE);
    const extended = await client.request('POST', paths.extendSession.build(), {
      headers: { accept: 'application/json', 'x-csrf-token': client.csrfToken ?? '' },
    });
    expect(extended.status).toBe(200);
    const body = JSON.parse(extended.body) as { idleExpiresAt: string };
    expect(Date.parse(body.idleExpiresAt)).toBe(time.clock().getTime() + 30 * MINUTE);

    time.advance(29 * MINUTE);
    expect((await client.get(paths.staff.home.build())).status).toBe(200);
  });

  it('refuses to extend a session without the CSRF token', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const client = new TestClient(t.app);
    await signIn(client, staff);
    const refused = await client.request('POST', paths.extendSession.build(), {
      headers: { accept: 'application/json' },
    });
    expect(refused.status).toBe(403);
  });
});
