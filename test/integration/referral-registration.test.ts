/**
 * An admin officer registers a referral that came by post, e-mail or telephone: the same questions as the online
 * form, with how and when it arrived (which starts the clock), sent to triage in their name, even when it does not
 * meet the criteria (it has already arrived and must be answered).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { tableRows, text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { answersFor, completeReferral } from '../support/referral.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describeEachDialect('registering a paper referral', (dialect) => {
  let t: TestApp;
  let officer: CreatedStaff;
  let clinician: CreatedStaff;
  let triager: CreatedStaff;
  const time = movableClock(new Date('2026-11-27T10:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock });
    officer = await aStaffMember().called('Olu Officer').withRoles('admin-officer').create(t.deps);
    clinician = await aStaffMember().called('Cal Clinician').withRoles('clinician').create(t.deps);
    triager = await aStaffMember().called('Tam Triage').withRoles('triage-clinician').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  async function started(): Promise<TestClient> {
    const client = new TestClient(t.app);
    await signIn(client, officer);
    const home = await client.get('/staff');
    expect(home.screen.getAllByRole('link', { name: 'Register a referral' }).length).toBeGreaterThan(0);
    await client.get('/staff/referrals/register');
    const begun = await client.post('/staff/referrals/register');
    expect(begun.location).toBe('/refer/received');
    return client;
  }

  it('asks how and when it arrived, then the same questions, and registers it in the officer’s name', async () => {
    const client = await started();
    const received = await client.get('/refer/received');
    expect(text(received.document.querySelector('h1'))).toBe('How did the referral arrive?');
    const check = await completeReferral(client, { referrerType: 'gp' }, '/refer', { from: '/refer/received' });
    expect(text(check.document.querySelector('main'))).toContain('How the referral arrived');
    expect(check.screen.getByRole('button', { name: 'Register referral' })).toBeTruthy();
    const sent = await client.post('/refer/check-your-answers');
    expect(sent.location).toBe('/refer/confirmation');
    const done = await client.follow(sent);
    expect(text(done.document.querySelector('h1'))).toBe('Referral registered');
    const row = await t.deps.database.db
      .selectFrom('referrals')
      .selectAll()
      .where('created_by', '=', officer.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source: 'post', received_on: '2026-11-20', status: 'awaiting-triage' });
    const audit = await t.deps.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('subject_id', '=', row.id)
      .execute();
    expect(audit.map((a) => [a.action, a.actor_user_id])).toEqual([['referral.submitted', officer.id]]);
    // It is on the one triage worklist with the online referrals, its clock running from the day it arrived.
    expect(row.clock_from).toBe('2026-11-20');
    const triage = new TestClient(t.app);
    await signIn(triage, triager);
    const worklist = await triage.get('/staff/triage');
    const listed = tableRows(worklist, /^Referrals/u).find((r) => r.Reference!.startsWith(row.reference));
    // Received on Friday 20 November, registered on Friday 27th: 5 working days waited already.
    expect(listed?.Waiting).toBe('5 working days');
  });

  it('registers a referral that does not meet the criteria, saying so', async () => {
    const client = await started();
    const check = await completeReferral(
      client,
      { referrerType: 'gp', otherNeeds: ['ayres-sensory-integration'] },
      '/refer',
      {
        from: '/refer/received',
      },
    );
    expect(text(check.document.querySelector('main'))).toContain('This referral does not meet the criteria');
    const sent = await client.post('/refer/check-your-answers');
    expect(sent.location).toBe('/refer/confirmation');
    const rows = await t.deps.database.db
      .selectFrom('referrals')
      .select('eligibility_outcome')
      .where('created_by', '=', officer.id)
      .execute();
    expect(rows.map((r) => r.eligibility_outcome)).toContain('ineligible');
  });

  it('asks the officer to sign in again before registering, when their session has ended, losing nothing', async () => {
    const client = await started();
    await completeReferral(client, { referrerType: 'social-care' }, '/refer', { from: '/refer/received' });
    client.cookies.delete('otway-session');
    const sent = await client.post('/refer/check-your-answers');
    expect(sent.location).toBe('/sign-in?returnTo=%2Frefer%2Fcheck-your-answers');
    await signIn(client, officer);
    const check = await client.get('/refer/check-your-answers');
    expect(check.status).toBe(200);
    expect((await client.post('/refer/check-your-answers')).location).toBe('/refer/confirmation');
  });

  it('is refused to staff without the permission, and the received date cannot be in the future', async () => {
    const other = new TestClient(t.app);
    await signIn(other, clinician);
    expect((await other.get('/staff/referrals/register')).status).toBe(403);
    const client = await started();
    await client.get('/refer/received');
    const future = await client.post('/refer/received', {
      ...answersFor('received', { referrerType: 'gp' }),
      'receivedOn[day]': '28',
    });
    expect(future.status).toBe(400);
    expect(text(future.document.querySelector('.nhsuk-error-summary'))).toContain(
      'The date it arrived must be today or in the past',
    );
  });
});
