/**
 * The referral factory makes referrals in every state through the use cases, on each database: what it makes is what
 * the pages would have made (the worklist and the referral page read it back; the audit trail names each decision).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/databases.js';
import { aReferral } from '../support/factories.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

describeEachDialect('referral factory', (dialect) => {
  let t: TestApp;
  let clinician: CreatedStaff;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    clinician = await aStaffMember().withRoles('triage-clinician').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  it('makes a referral waiting for triage, with the child and referrer the case names', async () => {
    const made = await aReferral({ childGivenName: 'Ivy', childFamilyName: 'Okoro' })
      .from('education-staff')
      .create(t.deps);
    expect(made.reference).toMatch(/^[A-Z]+-/u);
    const referral = await t.deps.triage.referral(LLR, made.id);
    expect(referral).toMatchObject({ status: 'awaiting-triage', version: made.version });
    expect(`${referral?.child.givenName ?? ''} ${referral?.child.familyName ?? ''}`).toBe('Ivy Okoro');
    expect(referral?.referrerType).toBe('education-staff');
  });

  it('takes each decision as a clinician, in order, and names them in the audit trail', async () => {
    const cases = [
      [aReferral().accepted({ priority: 'urgent' }), 'accepted'],
      [aReferral().declined(), 'not-accepted'],
      [aReferral().redirected(), 'redirected'],
      [aReferral().moreInformationRequested(), 'more-information-requested'],
      [aReferral().moreInformationRequested().informationReceived(), 'awaiting-triage'],
      [aReferral().accepted().withdrawn(), 'withdrawn'],
    ] as const;
    for (const [factory, status] of cases) {
      const made = await factory.decidedByUser(clinician.id).create(t.deps);
      const referral = await t.deps.triage.referral(LLR, made.id);
      expect(referral?.status).toBe(status);
      expect(referral?.version).toBe(made.version);
    }
    const accepted = await aReferral().accepted({ priority: 'urgent' }).decidedByUser(clinician.id).create(t.deps);
    expect(await t.deps.triage.referral(LLR, accepted.id)).toMatchObject({
      priority: 'urgent',
      pathway: 'coordination',
    });
    const decided = await t.deps.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id'])
      .where('subject_id', '=', accepted.id)
      .where('action', '=', 'referral.decided')
      .execute();
    expect(decided).toEqual([{ action: 'referral.decided', actor_user_id: clinician.id }]);
  });

  it('refuses a decision the referral cannot take, saying which', async () => {
    await expect(aReferral().declined().accepted().create(t.deps)).rejects.toThrow(/Deciding "accept" failed/u);
  });

  it('attaches files as the upload would', async () => {
    const made = await aReferral().withFile('report.pdf', Buffer.from('%PDF-1.4\n%%EOF\n')).create(t.deps);
    const referral = await t.deps.triage.referral(LLR, made.id);
    expect(referral?.attachments.map((a) => a.fileName)).toEqual(['report.pdf']);
  });
});
