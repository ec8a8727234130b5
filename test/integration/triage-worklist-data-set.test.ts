/**
 * The benchmark's data set S loaded into a real database (bench/data/load.ts), as W3 loads it: every referral state
 * present, the triage columns set as a decision sets them, the references unique, and the worklist working on it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DATA_SETS, REFERENCE_DATE } from '../../bench/data/generate.js';
import { loadDataSet, type LoadReport } from '../../bench/data/load.js';
import { loadBenchReference, loadServiceDefinition } from '../../bench/data/reference.js';
import { REFERRAL_STATUSES } from '../../src/domain/referrals/lifecycle.js';
import { paths } from '../../src/web/paths.js';
import { aStaffMember } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { tableRows, text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

const reference = loadBenchReference(loadServiceDefinition());
const { definition } = reference;

describeEachDialect('data set S loaded for the benchmarks', (dialect) => {
  let t: TestApp;
  let report: LoadReport;
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: movableClock(new Date(`${REFERENCE_DATE}T12:00:00Z`)).clock });
    report = await loadDataSet(t.deps.database.db, DATA_SETS.S, reference);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const db = () => t.deps.database.db;

  it('holds every child and referral of S, in every state', async () => {
    expect(report).toMatchObject({ serviceIds: [LLR], children: 2_500, referrals: 3_000 });
    const counts = await db()
      .selectFrom('referrals')
      .select((eb) => ['status', eb.fn.countAll().as('n')])
      .groupBy('status')
      .execute();
    const byStatus = Object.fromEntries(counts.map((c) => [c.status, Number(c.n)]));
    expect(byStatus).toEqual(report.byStatus);
    expect(Object.keys(byStatus).sort()).toEqual([...REFERRAL_STATUSES].sort());
    const children = await db()
      .selectFrom('children')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(children.n)).toBe(2_500);
  });

  it('sets the triage columns as decisions do, and gives every referral its own reference', async () => {
    const rows = await db()
      .selectFrom('referrals')
      .select(['reference', 'status', 'pathway', 'priority', 'setting', 'decided_at', 'reply_due_on', 'received_on'])
      .execute();
    const pathways = definition.pathways.map((p) => p.id);
    for (const r of rows) {
      const waiting = r.status === 'awaiting-triage' || r.status === 'more-information-requested';
      expect({ status: r.status, decided: r.decided_at !== null }).toEqual({ status: r.status, decided: !waiting });
      if (r.status === 'accepted') {
        expect(pathways).toContain(r.pathway);
        expect(['urgent', 'soon', 'routine']).toContain(r.priority);
        expect(definition.offers.settings).toContain(r.setting);
      } else {
        expect([r.pathway, r.priority, r.setting]).toEqual([null, null, null]);
      }
      expect(r.reply_due_on !== null).toBe(r.status === 'more-information-requested');
      if (r.decided_at !== null) expect(r.decided_at.slice(0, 10) >= r.received_on).toBe(true);
    }
    expect(new Set(rows.map((r) => r.reference)).size).toBe(rows.length);
  });

  it('gives the worklist referrals over the target, and pages of 25', async () => {
    const triager = await aStaffMember().withRoles('triage-clinician').create(t.deps);
    const client = new TestClient(t.app);
    await signIn(client, triager);
    const page = await client.get(paths.triage.worklist.build());
    expect(page.status).toBe(200);
    expect(tableRows(page, /^Referrals/u)).toHaveLength(25);
    const waiting = (report.byStatus['awaiting-triage'] ?? 0) + (report.byStatus['more-information-requested'] ?? 0);
    const main = text(page.document.querySelector('main'));
    expect(main).toContain(`${String(waiting)} referrals (page 1 of ${String(Math.ceil(waiting / 25))})`);
    expect(main).toMatch(/\d+ referrals? ha(s|ve) waited longer than the 10 working day target/u);
  });
});
