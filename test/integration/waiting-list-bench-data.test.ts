/**
 * W4's data and plans (bench/w4-waiting-list.ts), on both databases: the benchmark's data set S, loaded as W4 loads
 * it, has exactly one episode for each accepted referral (waiting when accepted in the last 78 weeks, on a caseload
 * before), and none for any other referral; and every query of W4's mix reads the episodes by an index and no large
 * table in full (the workload's own plan check).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkW4Plans } from '../../bench/w4-waiting-list.js';
import { WAITING_DAYS, loadDataSet } from '../../bench/data/load.js';
import { DATA_SETS, REFERENCE_DATE } from '../../bench/data/generate.js';
import { loadBenchReference, loadServiceDefinition } from '../../bench/data/reference.js';
import { openDatabase, type DatabaseHandle } from '../../src/data/create-db.js';
import { addDays } from '../../src/domain/care/london-time.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';

describeEachDialect("W4's data set and plans", (dialect) => {
  let testDb: TestDatabase;
  let handle: DatabaseHandle;
  const reference = loadBenchReference(loadServiceDefinition());

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect, { migrated: true });
    handle = openDatabase(testDb.url);
    await loadDataSet(handle.db, DATA_SETS.S, reference);
    if (dialect === 'postgres') await sql`vacuum analyze`.execute(handle.db);
  });
  afterAll(async () => {
    await handle.destroy();
    await testDb.drop();
  });

  it('opens one episode for each accepted referral and none for any other', async () => {
    const db = handle.db;
    const accepted = await db.selectFrom('referrals').select('id').where('status', '=', 'accepted').execute();
    const episodes = await db.selectFrom('episodes').select(['referral_id', 'status', 'wait_from']).execute();
    expect(accepted.length).toBeGreaterThan(100);
    expect(episodes.map((e) => e.referral_id).sort()).toEqual(accepted.map((r) => r.id).sort());
    const since = addDays(REFERENCE_DATE, -WAITING_DAYS);
    for (const e of episodes) expect(e.status).toBe(e.wait_from >= since ? 'waiting' : 'open');
  });

  it('reads no table in full for any page of the mix', async () => {
    const plans = await checkW4Plans(handle.db, dialect, reference.definition);
    expect(plans.bands.join('\n')).toMatch(/episodes_waiting_idx|Seq Scan on episodes/u);
  });
});
