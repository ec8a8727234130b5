/**
 * Triage decisions on one referral: its page (read, audited), each decision through its page, the override a
 * clinician needs to go ahead with a referral the rules did not find eligible, illegal moves refused, and two
 * clinicians deciding at once: one success, and one "this referral was changed" page showing the other decision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, text } from '../support/html.js';
import { signedIn } from '../support/journeys.js';
import { aReferral as aReferralOf } from '../support/factories.js';
import type { ReferralCase } from '../support/referral.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describeEachDialect('triage decisions', (dialect) => {
  let t: TestApp;
  let clinician: CreatedStaff;
  let colleague: CreatedStaff;
  let officer: CreatedStaff;
  const time = movableClock(new Date('2026-11-27T10:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock });
    clinician = await aStaffMember().called('Tess Triage').withRoles('triage-clinician').create(t.deps);
    colleague = await aStaffMember().called('Col League').withRoles('triage-clinician').create(t.deps);
    officer = await aStaffMember().called('Olu Officer').withRoles('admin-officer').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A referral from a GP, waiting for triage (with a file, when asked); returns its id. */
  async function aReferral(c: Partial<ReferralCase> = {}, withFile = false): Promise<string> {
    const referral = aReferralOf({ referrerType: 'gp', childGivenName: 'Ivy', childFamilyName: 'Okoro', ...c });
    if (withFile) referral.withFile('report.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'));
    return (await referral.create(t.deps)).id;
  }

  const as = (person: CreatedStaff) => signedIn(t.app, person);

  const row = (id: string) =>
    t.deps.database.db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('shows the referral with its eligibility criterion by criterion, and records that it was read', async () => {
    const id = await aReferral({}, true);
    const client = await as(clinician);
    const page = await client.get(`/staff/triage/referrals/${id}`);
    expect(page.status).toBe(200);
    expect(text(page.document.querySelector('h1'))).toBe('Ivy Okoro');
    expect(text(page.document.querySelector('main'))).toContain('Decided against version 2026-11-27.1');
    expect(page.screen.getByRole('link', { name: 'Accept onto a care pathway' })).toBeTruthy();
    const audit = await t.deps.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id'])
      .where('subject_id', '=', id)
      .where('action', '=', 'referral.viewed')
      .execute();
    expect(audit).toEqual([{ action: 'referral.viewed', actor_user_id: clinician.id }]);
    // Its file downloads as an attachment that the browser may not run or sniff.
    const link = page.screen.getByRole('link', { name: 'report.pdf' }).getAttribute('href') ?? '';
    const file = await client.get(link);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="report.pdf"/u);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-security-policy']).toContain('sandbox');
  });

  it('accepts onto a pathway with a priority and a setting, and keeps the history', async () => {
    const id = await aReferral();
    const client = await as(clinician);
    const form = await client.get(`/staff/triage/referrals/${id}/decision/accept`);
    expect(text(form.document.querySelector('h1'))).toBe('Accept onto a care pathway');
    const empty = await client.post(`/staff/triage/referrals/${id}/decision/accept`, { version: '1' });
    expect(empty.status).toBe(400);
    expect(errorSummary(empty)).toEqual([
      'Select a care pathway',
      'Select a priority',
      'Select where the child should be seen',
    ]);
    const saved = await client.post(`/staff/triage/referrals/${id}/decision/accept`, {
      version: '1',
      pathway: 'coordination',
      priority: 'soon',
      setting: 'school',
    });
    expect(saved.location).toBe(`/staff/triage/referrals/${id}?decided=1`);
    expect(await row(id)).toMatchObject({
      status: 'accepted',
      pathway: 'coordination',
      priority: 'soon',
      setting: 'school',
      version: 2,
    });
    const page = await client.follow(saved);
    expect(text(page.screen.getByRole('alert'))).toContain('Decision recorded: Accepted');
    expect(text(page.document.querySelector('main'))).toContain('Tess Triage');
    // In words, not codes: the history and the summary name the pathway, the priority and the setting.
    const main = text(page.document.querySelector('main'));
    for (const line of ['Pathway: Physical Disability: Coordination', 'Priority: Soon', 'Seen first: At school']) {
      expect(main).toContain(line);
    }
    expect(main).toContain('Priority: Soon. Seen first: at school.');
    expect(main).not.toMatch(/priority soon|setting: school/u);
  });

  it('gives one of two clinicians deciding at once the success, and shows the other what was decided', async () => {
    const id = await aReferral();
    const [a, b] = [await as(clinician), await as(colleague)];
    await a.get(`/staff/triage/referrals/${id}/decision/decline`);
    await b.get(`/staff/triage/referrals/${id}/decision/redirect`);
    const [first, second] = await Promise.all([
      a.post(`/staff/triage/referrals/${id}/decision/decline`, { version: '1', reason: 'not-significant' }),
      b.post(`/staff/triage/referrals/${id}/decision/redirect`, {
        version: '1',
        to: 'physiotherapy',
        note: 'Gross motor',
      }),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([303, 409]);
    const loser = first.status === 409 ? first : second;
    expect(text(loser.document.querySelector('h1'))).toBe('This referral was changed');
    expect(text(loser.document.querySelector('main'))).toMatch(/(Tess Triage|Col League) recorded/u);
    const events = await t.deps.database.db
      .selectFrom('referral_events')
      .select('action')
      .where('referral_id', '=', id)
      .execute();
    expect(events).toHaveLength(1);
  });

  it('needs a recorded reason to go ahead with a referral the rules found unclear, and shows the override', async () => {
    const id = await aReferral({ gp: 'not-known', school: 'none' });
    expect((await row(id)).eligibility_outcome).toBe('unclear');
    const client = await as(clinician);
    await client.get(`/staff/triage/referrals/${id}/decision/accept`);
    const fields = { version: '1', pathway: 'early-years', priority: 'routine', setting: 'home' };
    const without = await client.post(`/staff/triage/referrals/${id}/decision/accept`, fields);
    expect(without.status).toBe(400);
    expect(errorSummary(without)).toEqual([
      'Give the reason for going ahead with a referral the criteria found unclear',
    ]);
    const withReason = await client.post(`/staff/triage/referrals/${id}/decision/accept`, {
      ...fields,
      override: 'Registered with a Leicester GP, confirmed by telephone',
    });
    expect(withReason.status).toBe(303);
    expect((await row(id)).overridden).toBe(1);
    const page = await client.get(`/staff/triage/referrals/${id}`);
    expect(text(page.document.querySelector('main'))).toContain('a clinician went ahead with a recorded reason');
    expect(text(page.document.querySelector('main'))).toContain('confirmed by telephone');
  });

  it('redirects a referral the rules did not find eligible without asking for a reason to go ahead', async () => {
    const id = await aReferral({ gp: 'not-known', school: 'none' });
    expect((await row(id)).eligibility_outcome).toBe('unclear');
    const client = await as(clinician);
    const page = await client.get(`/staff/triage/referrals/${id}/decision/redirect`);
    expect(page.document.querySelector('[name="override"]')).toBeNull();
    expect(text(page.document.querySelector('main'))).not.toMatch(/going ahead|go ahead/iu);
    const saved = await client.post(`/staff/triage/referrals/${id}/decision/redirect`, {
      version: '1',
      to: 'physiotherapy',
      note: 'Gross motor difficulties only',
    });
    expect(saved.status).toBe(303);
    expect(await row(id)).toMatchObject({ status: 'redirected', overridden: 0 });
    // The history says what happened: redirected, where, and why; never an override.
    const main = text((await client.follow(saved)).document.querySelector('main'));
    expect(main).toContain("Redirected to: Children's physiotherapy");
    expect(main).toContain('Gross motor difficulties only');
    expect(main).not.toMatch(/went ahead|Reason for going ahead/u);
    // A forged override is refused as a field the page does not have.
    const forged = await aReferral({ gp: 'not-known', school: 'none' });
    await client.get(`/staff/triage/referrals/${forged}/decision/redirect`);
    const refused = await client.post(`/staff/triage/referrals/${forged}/decision/redirect`, {
      version: '1',
      to: 'physiotherapy',
      note: 'Gross motor',
      override: 'Forged',
    });
    expect(refused.status).toBe(400);
    expect((await row(forged)).status).toBe('awaiting-triage');
  });

  it('asks for more information, pausing until it arrives, and refuses a move that is not legal', async () => {
    const id = await aReferral();
    const client = await as(clinician);
    await client.get(`/staff/triage/referrals/${id}/decision/request-information`);
    const past = await client.post(`/staff/triage/referrals/${id}/decision/request-information`, {
      version: '1',
      whatIsNeeded: 'The school report',
      'replyBy[day]': '1',
      'replyBy[month]': '11',
      'replyBy[year]': '2026',
    });
    expect(errorSummary(past)).toEqual(['The reply-by date must be in the future']);
    const asked = await client.post(`/staff/triage/referrals/${id}/decision/request-information`, {
      version: '1',
      whatIsNeeded: 'The school report',
      'replyBy[day]': '11',
      'replyBy[month]': '12',
      'replyBy[year]': '2026',
    });
    expect(asked.status).toBe(303);
    expect(await row(id)).toMatchObject({ status: 'more-information-requested', reply_due_on: '2026-12-11' });
    // Accepting now is not a legal move: the page sends them back, and a forced post is refused.
    expect((await client.get(`/staff/triage/referrals/${id}/decision/accept`)).location).toBe(
      `/staff/triage/referrals/${id}`,
    );
    const forced = await client.post(`/staff/triage/referrals/${id}/decision/accept`, {
      version: '2',
      pathway: 'early-years',
      priority: 'routine',
      setting: 'home',
    });
    expect(forced.status).toBe(409);
    const back = await client.post(`/staff/triage/referrals/${id}/decision/information-received`, {
      version: '2',
      note: 'Report arrived',
    });
    expect(back.status).toBe(303);
    expect(await row(id)).toMatchObject({ status: 'awaiting-triage', reply_due_on: null });
  });

  describe('reach', () => {
    it('answers 404 with no name for a referral that does not exist, and 403 to staff without triage', async () => {
      const client = await as(clinician);
      const missing = await client.get('/staff/triage/referrals/00000000-0000-4000-8000-000000000000');
      expect(missing.status).toBe(404);
      expect(missing.body).not.toContain('Okoro');
      expect((await client.get('/staff/triage/referrals/x/decision/destroy')).status).toBe(404);
      const id = await aReferral();
      const other = await as(officer);
      expect((await other.get(`/staff/triage/referrals/${id}`)).status).toBe(403);
    });
  });
});
