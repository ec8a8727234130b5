import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/data/database.js';
import { systemContext } from '../../src/services/shared/context.js';
import { paths } from '../../src/web/paths.js';
import { hashAuditRow } from '../../src/data/audit/audit.repository.js';
import { auditRows } from '../support/audit.js';
import { aStaffMember } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

describeEachDialect('the audit trail is append-only', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const client = new TestClient(t.app);
    await signIn(client, staff);
    await client.post(paths.signOut.build());
    await client.get(paths.signIn.build());
    const failed = await client.post(paths.signIn.build(), { email: 'nobody@nhs.test', password: 'a wrong password' });
    expect(failed.status).toBe(401);
  });
  afterAll(async () => {
    await t.close();
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database itself, and the rows stay as they were', async () => {
    const db = t.deps.database.db;
    const before = await auditRows(t.deps);
    expect(before.length).toBeGreaterThanOrEqual(3);
    const target = before[0]!;
    const attempts: [string, () => Promise<unknown>][] = [
      [
        'kysely update',
        () => db.updateTable('audit_events').set({ action: 'tampered' }).where('id', '=', target.id).execute(),
      ],
      ['kysely update of every row', () => db.updateTable('audit_events').set({ outcome: 'success' }).execute()],
      ['raw update', () => sql`update audit_events set actor_user_id = null where id = ${target.id}`.execute(db)],
      ['kysely delete', () => db.deleteFrom('audit_events').where('id', '=', target.id).execute()],
      ['raw delete of every row', () => sql`delete from audit_events`.execute(db)],
    ];
    if (dialect === 'postgres') attempts.push(['truncate', () => sql`truncate audit_events`.execute(db)]);
    for (const [name, attempt] of attempts) {
      await expect(attempt(), name).rejects.toThrow(/append-only/u);
    }
    expect(await auditRows(t.deps)).toEqual(before);
  });

  it('is refused changes inside a transaction too, which then changes nothing', async () => {
    const before = await auditRows(t.deps);
    const attempt = t.deps.database.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ display_name: 'Changed in the same transaction' }).execute();
      await trx.deleteFrom('audit_events').where('id', '=', before.at(-1)!.id).execute();
    });
    await expect(attempt).rejects.toThrow(/append-only/u);
    expect(await auditRows(t.deps)).toEqual(before);
    const names = await t.deps.database.db.selectFrom('users').select('display_name').execute();
    expect(names.map((n) => n.display_name)).not.toContain('Changed in the same transaction');
  });

  it('checks out as intact when nothing has been changed', async () => {
    const checks = await t.deps.audit.verify(LLR);
    expect(checks.map((c) => c.brokenAtId)).toEqual([null, null]);
    expect(checks.find((c) => c.chain === LLR)?.checked).toBeGreaterThanOrEqual(2);
    expect(checks.find((c) => c.chain === 'instance')?.checked).toBeGreaterThanOrEqual(1);
  });
});

describeEachDialect('the audit hash chain shows tampering (in a throwaway database)', (dialect) => {
  let t: TestApp;
  let db: Kysely<Database>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    db = t.deps.database.db;
    for (let i = 0; i < 6; i++) {
      await t.deps.audit.record(
        db,
        { ...systemContext(`chain-test-${String(i)}`), serviceId: LLR },
        {
          action: 'user.viewed',
          subjectType: 'user',
          subjectId: `subject-${String(i)}`,
        },
      );
      await t.deps.audit.record(db, systemContext(`chain-test-i${String(i)}`), {
        action: 'auth.sign-in-failed',
        outcome: 'failure',
      });
    }
    // Only someone who can drop the database's own protection could do what follows.
    if (dialect === 'sqlite') {
      await sql`drop trigger audit_events_no_update`.execute(db);
      await sql`drop trigger audit_events_no_delete`.execute(db);
    } else {
      await sql`drop trigger audit_events_no_update_delete on audit_events`.execute(db);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const brokenAt = async () => Object.fromEntries((await t.deps.audit.verify(LLR)).map((c) => [c.chain, c.brokenAtId]));
  const chainRows = async (chain: string) =>
    db.selectFrom('audit_events').selectAll().where('chain', '=', chain).orderBy('id').execute();

  it('starts intact', async () => {
    expect(await brokenAt()).toEqual({ [LLR]: null, instance: null });
  });

  it('reports the id of an edited row', async () => {
    const rows = await chainRows(LLR);
    const edited = rows[2]!;
    await db.updateTable('audit_events').set({ action: 'user.list-viewed' }).where('id', '=', edited.id).execute();
    expect(await brokenAt()).toEqual({ [LLR]: edited.id, instance: null });
    // Putting it back mends the chain: the check is of content, not of a flag.
    await db.updateTable('audit_events').set({ action: edited.action }).where('id', '=', edited.id).execute();
    expect(await brokenAt()).toEqual({ [LLR]: null, instance: null });
  });

  it('reports the next row when an edited row is given a new, matching hash', async () => {
    const rows = await chainRows(LLR);
    const [edited, next] = [rows[1]!, rows[2]!];
    const { id: _id, hash: _hash, ...fields } = { ...edited, subject_id: 'someone-else' };
    await db
      .updateTable('audit_events')
      .set({ subject_id: 'someone-else', hash: hashAuditRow(fields) })
      .where('id', '=', edited.id)
      .execute();
    expect(await brokenAt()).toEqual({ [LLR]: next.id, instance: null });
  });

  it('reports a removed last row', async () => {
    const rows = await chainRows('instance');
    const last = rows.at(-1)!;
    await db.deleteFrom('audit_events').where('id', '=', last.id).execute();
    expect((await brokenAt()).instance).toBe(last.id);
  });

  it("warns the auditor on the audit trail's check page", async () => {
    const auditor = await aStaffMember().withRoles('auditor').create(t.deps);
    const client = new TestClient(t.app);
    await signIn(client, auditor);
    const page = await client.get(paths.audit.verify.build());
    expect(page.status).toBe(200);
    expect(page.screen.getByText('The audit trail has been changed')).toBeTruthy();
    expect(page.screen.queryByText(/The audit trail has not been changed/u)).toBeNull();
  });
});
