/**
 * Hazard H33 (a child lost from the waiting list): accepting a referral opens the child's episode of care on the
 * waiting list in the decision's own transaction, with the wait counted from the day the referral was received less
 * the days triage was paused; a withdrawal after acceptance closes it; nothing else opens one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findEpisodeOfReferral } from '../../src/data/care/episodes.repository.js';
import type { RequestContext } from '../../src/services/shared/context.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { aReferral } from '../support/factories.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

const DAY_MS = 86_400_000;
const ctx: RequestContext = {
  serviceId: LLR,
  actorUserId: null,
  actorRoles: ['triage-clinician'],
  ip: null,
  correlationId: 'episodes-test',
  recorded: new Set(),
};

describeEachDialect('episodes of care opened by triage', (dialect) => {
  let t: TestApp;
  const time = movableClock(new Date('2026-12-07T10:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock });
  });
  afterAll(async () => {
    await t.close();
  });

  it('puts an accepted child on the waiting list, the wait from the day received and the first contact due', async () => {
    time.set(new Date('2026-12-07T10:00:00Z'));
    const referral = await aReferral({ childGivenName: 'Ivy' })
      .accepted({ pathway: 'coordination', priority: 'soon', setting: 'school' })
      .create(t.deps);
    const episode = await findEpisodeOfReferral(t.deps.database.db, LLR, referral.id);
    expect(episode).toMatchObject({
      status: 'waiting',
      pathway: 'coordination',
      priority: 'soon',
      setting: 'school',
      waitFrom: '2026-12-07',
      // The service writes to waiting families every 12 weeks.
      nextContactOn: '2027-03-01',
      unansweredContacts: 0,
      leadClinicianId: null,
    });
  });

  it('does not count the days triage waited for more information', async () => {
    time.set(new Date('2026-12-07T10:00:00Z'));
    const referral = await aReferral().moreInformationRequested().create(t.deps);
    time.advance(9 * DAY_MS);
    let current = await t.deps.triage.referral(LLR, referral.id);
    const received = await t.deps.triage.decide(ctx, LLR, referral.id, current!.version, {
      type: 'information-received',
      note: 'The school report came.',
    });
    expect(received.ok).toBe(true);
    time.advance(2 * DAY_MS);
    current = await t.deps.triage.referral(LLR, referral.id);
    const accepted = await t.deps.triage.decide(ctx, LLR, referral.id, current!.version, {
      type: 'accept',
      pathway: 'sensory-needs',
      priority: 'routine',
      setting: 'home',
    });
    expect(accepted.ok).toBe(true);
    const episode = await findEpisodeOfReferral(t.deps.database.db, LLR, referral.id);
    // Received 7 December, paused 7 to 16 December: the wait counts as if from 16 December.
    expect(episode?.waitFrom).toBe('2026-12-16');
  });

  it('closes the episode when an accepted referral is withdrawn, and opens none for other decisions', async () => {
    time.set(new Date('2026-12-07T10:00:00Z'));
    const withdrawn = await aReferral().accepted().withdrawn().create(t.deps);
    expect(await findEpisodeOfReferral(t.deps.database.db, LLR, withdrawn.id)).toMatchObject({
      status: 'closed',
      closedReason: 'referral-withdrawn',
      nextContactOn: null,
    });
    for (const referral of [
      await aReferral().declined().create(t.deps),
      await aReferral().redirected().create(t.deps),
      await aReferral().closedWithAdvice().create(t.deps),
      await aReferral().withdrawn().create(t.deps),
      await aReferral().create(t.deps),
    ]) {
      expect(await findEpisodeOfReferral(t.deps.database.db, LLR, referral.id)).toBeUndefined();
    }
  });

  it('opens no episode when the acceptance does not commit (two clinicians accepting at once: one episode)', async () => {
    const referral = await aReferral().create(t.deps);
    const current = await t.deps.triage.referral(LLR, referral.id);
    const accept = { type: 'accept', pathway: 'coordination', priority: 'routine', setting: 'clinic' } as const;
    const results = await Promise.all([
      t.deps.triage.decide(ctx, LLR, referral.id, current!.version, accept),
      t.deps.triage.decide(ctx, LLR, referral.id, current!.version, accept),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const rows = await t.deps.database.db
      .selectFrom('episodes')
      .select('id')
      .where('referral_id', '=', referral.id)
      .execute();
    expect(rows).toHaveLength(1);
  });
});
