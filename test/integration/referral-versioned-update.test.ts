/**
 * The one versioned update of a referral (src/data/referrals/triage.repository.ts, docs/adr/0019), on every database:
 * it changes the referral only at the version it was read at, moves it on by one, and when it changes nothing tells
 * "someone else changed it" (with the referral as it is now) from "it is not there". Two transactions updating the same
 * version at once: exactly one succeeds, the other is shown the winner's change.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/data/create-db.js';
import { migrateToLatest } from '../../src/data/migrate.js';
import { insertChild } from '../../src/data/referrals/children.repository.js';
import { insertReferral, referralById } from '../../src/data/referrals/referrals.repository.js';
import { findTriageReferral, updateReferralAtVersion } from '../../src/data/referrals/triage.repository.js';
import { upsertService } from '../../src/data/services/services.repository.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';

const SERVICE = 'llr-childrens-ot';
const OTHER = 'another-service';
const CREATED = '2026-12-01T09:00:00.000Z';

describeEachDialect('updateReferralAtVersion', (dialect) => {
  let testDb: TestDatabase;
  let handle: DatabaseHandle;

  beforeEach(async () => {
    testDb = await createTestDatabase(dialect);
    handle = openDatabase(testDb.url);
    await migrateToLatest(handle.db);
    for (const id of [SERVICE, OTHER]) {
      await upsertService(handle.db, { id, name: id, organisationName: 'NHS' }, CREATED);
    }
    await insertChild(handle.db, {
      id: 'child-1',
      service_id: SERVICE,
      nhs_number: null,
      given_name: 'Amara',
      family_name: 'Ndiaye',
      known_as: null,
      date_of_birth: '2019-03-04',
      sex: 'female',
      address_line_1: '1 High Street',
      address_line_2: null,
      town: 'Leicester',
      postcode: 'LE1 1AA',
      gp_practice_code: null,
      school_urn: null,
      gp_practice_typed: null,
      school_typed: null,
      language: null,
      interpreter_needed: 0,
      access_needs: null,
      created_at: CREATED,
      updated_at: CREATED,
      version: 1,
      merged_into: null,
    });
    await insertReferral(handle.db, {
      id: 'referral-1',
      service_id: SERVICE,
      reference: 'OT-TEST-0001',
      child_id: 'child-1',
      status: 'awaiting-triage',
      source: 'online',
      received_at: CREATED,
      received_on: '2026-12-01',
      referrer_type: 'gp',
      referrer_name: 'Dr Patel',
      referrer_email: null,
      answers: '{}',
      eligibility_outcome: 'eligible',
      eligibility: '{}',
      policy_version: 'test',
      child_match: 'new',
      possible_child_id: null,
      safeguarding_concern: 0,
      idempotency_key: 'key-1',
      created_by: null,
      created_at: CREATED,
      updated_at: CREATED,
      version: 1,
      pathway: null,
      priority: null,
      setting: null,
      reply_due_on: null,
      decided_at: null,
      overridden: 0,
      clock_from: '2026-12-01',
      reply_reminded_at: null,
    });
  });

  afterEach(async () => {
    await handle.destroy();
    await testDb.drop();
  });

  it('changes the referral at the version it was read at and moves it on by one', async () => {
    const now = '2026-12-02T10:00:00.000Z';
    const result = await updateReferralAtVersion(
      handle.db,
      SERVICE,
      'referral-1',
      1,
      { status: 'accepted', pathway: 'sensory', decided_at: now },
      now,
    );
    expect(result).toEqual({ ok: true });
    const row = await referralById(handle.db, SERVICE, 'referral-1');
    expect(row).toMatchObject({ status: 'accepted', pathway: 'sensory', decided_at: now, updated_at: now, version: 2 });
  });

  it('changes nothing at a stale version and shows the referral as it is now', async () => {
    const now = '2026-12-02T10:00:00.000Z';
    await updateReferralAtVersion(handle.db, SERVICE, 'referral-1', 1, { status: 'accepted' }, now);
    const stale = await updateReferralAtVersion(handle.db, SERVICE, 'referral-1', 1, { status: 'redirected' }, now);
    expect(stale.ok).toBe(false);
    if (stale.ok || stale.reason !== 'conflict') throw new Error(`expected a conflict, got ${JSON.stringify(stale)}`);
    expect(stale.current).toMatchObject({ id: 'referral-1', status: 'accepted', version: 2 });
    expect(stale.current.child).toMatchObject({ id: 'child-1', givenName: 'Amara' });
    expect((await referralById(handle.db, SERVICE, 'referral-1'))?.status).toBe('accepted');
  });

  it('answers not-found for a referral that is not there, or is another service’s', async () => {
    const now = '2026-12-02T10:00:00.000Z';
    expect(await updateReferralAtVersion(handle.db, SERVICE, 'no-such', 1, { status: 'accepted' }, now)).toEqual({
      ok: false,
      reason: 'not-found',
    });
    expect(await updateReferralAtVersion(handle.db, OTHER, 'referral-1', 1, { status: 'accepted' }, now)).toEqual({
      ok: false,
      reason: 'not-found',
    });
    expect((await referralById(handle.db, SERVICE, 'referral-1'))?.version).toBe(1);
  });

  it('lets exactly one of two transactions that read the same version win; the other sees the winner', async () => {
    // Both clinicians read version 1; each update runs in its own transaction, at the same time.
    const attempt = (status: string, at: string) =>
      handle.db.transaction().execute((trx) => updateReferralAtVersion(trx, SERVICE, 'referral-1', 1, { status }, at));
    const results = await Promise.all([
      attempt('accepted', '2026-12-02T10:00:00.000Z'),
      attempt('redirected', '2026-12-02T10:00:01.000Z'),
    ]);
    const row = await referralById(handle.db, SERVICE, 'referral-1');
    expect(row?.version).toBe(2);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const losers = results.flatMap((r) => (!r.ok && r.reason === 'conflict' ? [r] : []));
    expect(losers).toHaveLength(1);
    expect(losers[0]?.current).toMatchObject({ version: 2, status: row?.status });
    expect(await findTriageReferral(handle.db, SERVICE, 'referral-1')).toMatchObject({ version: 2 });
  });
});
