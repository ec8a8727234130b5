/**
 * Issue 10, item 9, on the triage page: the referrer's label keeps its capitals inside a sentence ("a GP", not
 * "a gp"), and the history gives each decision's time in UK time with its date, not a bare UTC time.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { tableRows, text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { aReferral } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describeEachDialect('the triage page in plain words', (dialect) => {
  let t: TestApp;
  let clinician: CreatedStaff;
  // British Summer Time: 09:30 UTC is 10:30 in the UK.
  const time = movableClock(new Date('2027-06-01T09:30:00Z'));
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock });
    clinician = await aStaffMember().called('Tess Triage').withRoles('triage-clinician').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  it('says "a GP", and gives the history’s times in UK time with the date', async () => {
    const { id } = await aReferral({ referrerType: 'gp' }).create(t.deps);
    const client = new TestClient(t.app);
    await signIn(client, clinician);
    const decided = await client.post(`/staff/triage/referrals/${id}/decision/accept`, {
      version: '1',
      pathway: 'coordination',
      priority: 'soon',
      setting: 'school',
    });
    const page = await client.follow(decided);
    const main = text(page.document.querySelector('main'));
    expect(main).toMatch(/, a GP\./u);
    expect(main).not.toContain('a gp');
    const history = tableRows(page, /Decisions made about this referral/u);
    expect(history).toHaveLength(1);
    expect(history[0]!['When (UK time)']).toBe('1 June 2027 at 10:30:00');
  });
});
