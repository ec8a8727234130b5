import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { auditRows } from '../support/audit.js';
import { aStaffMember } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describeEachDialect("the auditor's check of the hash chain", (dialect) => {
  let t: TestApp;
  let auditor: TestClient;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    auditor = new TestClient(t.app);
    await signIn(auditor, await aStaffMember().withRoles('auditor').create(t.deps));
  });
  afterAll(async () => {
    await t.close();
  });

  it('is offered from the search page, says the trail is intact, and is itself audited', async () => {
    const search = await auditor.get(paths.audit.search.build());
    const link = search.screen.getByRole('link', { name: 'Check that the audit trail has not been changed' });
    expect(link.getAttribute('href')).toBe(paths.audit.verify.build());

    const check = await auditor.get(paths.audit.verify.build());
    expect(check.status).toBe(200);
    expect(check.screen.getByText(/The audit trail has not been changed: all \d+ events/u)).toBeTruthy();
    expect(await auditRows(t.deps, { action: 'audit.chain-checked' })).toHaveLength(1);
  });

  it('warns, naming the event, when a row has been edited behind the application', async () => {
    const db = t.deps.database.db;
    const [first] = await auditRows(t.deps, { serviceId: 'llr-childrens-ot' });
    // Only someone who can drop the database's own guard could do this; the chain still shows it.
    if (dialect === 'sqlite') await sql`drop trigger audit_events_no_update`.execute(db);
    else await sql`drop trigger audit_events_no_update_delete on audit_events`.execute(db);
    await db.updateTable('audit_events').set({ ip: '10.9.9.9' }).where('id', '=', first!.id).execute();

    const check = await auditor.get(paths.audit.verify.build());
    expect(check.screen.getByRole('heading', { name: /The audit trail has been changed/u })).toBeTruthy();
    expect(check.body).toContain(`at event ${String(first!.id)}`);
  });

  it('is not open to staff without the auditor role', async () => {
    const clinician = new TestClient(t.app);
    await signIn(clinician, await aStaffMember().withRoles('clinician', 'admin').create(t.deps));
    expect((await clinician.get(paths.audit.verify.build())).status).toBe(403);
  });
});
