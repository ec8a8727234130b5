import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashAuditRow } from '../../src/data/audit/audit.repository.js';
import type { RequestContext } from '../../src/services/shared/context.js';
import { systemContext } from '../../src/services/shared/context.js';
import { auditRows } from '../support/audit.js';
import { describeEachDialect } from '../support/databases.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

/**
 * Many requests append to one chain at once (every view of the worklist is audited): each append must still find
 * the hash its predecessor wrote, whether it runs on its own or inside a use case's transaction, and a chain's first
 * events may race to create its head.
 */
describeEachDialect('the audit chain under concurrent appends', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps one unbroken chain per service, with text that is not ASCII hashed as written', async () => {
    const db = t.deps.database.db;
    const ctx = (i: number, serviceId: string | null): RequestContext => ({
      ...systemContext(`concurrent-${String(i)}`),
      serviceId,
      actorRoles: ['triage-clinician'],
      ip: '203.0.113.7',
    });
    const appends = Array.from({ length: 60 }, (_, i) => {
      // The instance chain has no events yet: its first appends race to give it a head.
      const serviceId = i % 3 === 0 ? null : LLR;
      const event = {
        action: 'triage.worklist-viewed' as const,
        subjectType: 'route',
        subjectId: `Zoë “${String(i)}” 👩‍👧 \\ "`,
        detail: { n: i, note: 'ünïcode, a quote " and a backslash \\' },
      };
      // Some inside a transaction of their own, as use cases record them.
      return i % 4 === 0
        ? db.transaction().execute((trx) => t.deps.audit.record(trx, ctx(i, serviceId), event))
        : t.deps.audit.record(db, ctx(i, serviceId), event);
    });
    await Promise.all(appends);

    for (const chain of [LLR, 'instance']) {
      const rows = (await auditRows(t.deps)).filter((r) => r.chain === chain);
      expect(rows.length).toBeGreaterThanOrEqual(chain === LLR ? 40 : 20);
      rows.forEach((row, i) => {
        const { id: _id, hash, ...fields } = row;
        expect(hash).toBe(hashAuditRow(fields));
        if (i > 0) expect(row.prev_hash).toBe(rows[i - 1]!.hash);
      });
      const head = await db
        .selectFrom('audit_chain_heads')
        .selectAll()
        .where('chain', '=', chain)
        .executeTakeFirstOrThrow();
      expect([head.last_hash, head.last_id]).toEqual([rows.at(-1)!.hash, rows.at(-1)!.id]);
    }
    expect((await t.deps.audit.verify(LLR)).map((c) => c.brokenAtId)).toEqual([null, null]);
  });

  it('fails only the event that cannot be written when events recorded together share a commit', async () => {
    const db = t.deps.database.db;
    const ctx = (i: number): RequestContext => ({ ...systemContext(`together-${String(i)}`), serviceId: LLR });
    const before = (await auditRows(t.deps)).length;
    // Recorded in the same turn of the event loop: on SQLite they are appended in one transaction. The refused one
    // (an outcome the table does not allow) must not take the others with it.
    const results = await Promise.allSettled(
      Array.from({ length: 9 }, (_, i) =>
        t.deps.audit.record(db, ctx(i), {
          action: 'triage.worklist-viewed',
          subjectId: `together-${String(i)}`,
          outcome: (i === 4 ? 'unheard-of' : 'success') as 'success',
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([
      ...Array(4).fill('fulfilled'),
      'rejected',
      ...Array(4).fill('fulfilled'),
    ]);
    const written = (await auditRows(t.deps)).slice(before);
    // In the order recorded on SQLite; PostgreSQL's pool may run them in any order.
    expect(written.map((r) => r.subject_id).sort()).toEqual(
      [0, 1, 2, 3, 5, 6, 7, 8].map((i) => `together-${String(i)}`),
    );
    expect((await t.deps.audit.verify(LLR)).map((c) => c.brokenAtId)).toEqual([null, null]);
  });
});
