/**
 * Two things triage settles beside its decisions. Whether a referral's child is one the service already knows: a
 * possible match confirmed merges the new record into the known one, rejected keeps them apart, and either way the
 * worklist stops flagging it. And the triage clock: paused while more information is requested, so the days waited
 * for a reply do not count against the target once the reply arrives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import type { TestClient } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, tableRows, text } from '../support/html.js';
import { aReferral as aReferralOf } from '../support/factories.js';
import { decideOnPage, signedIn } from '../support/journeys.js';
import type { ReferralCase } from '../support/referral.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describeEachDialect('triage: the same child, and the paused clock', (dialect) => {
  let t: TestApp;
  let clinician: CreatedStaff;
  let colleague: CreatedStaff;
  let officer: CreatedStaff;
  // Monday 30 November 2026.
  const time = movableClock(new Date('2026-11-30T10:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock });
    clinician = await aStaffMember().called('Tess Triage').withRoles('triage-clinician').create(t.deps);
    colleague = await aStaffMember().called('Col League').withRoles('triage-clinician').create(t.deps);
    officer = await aStaffMember().called('Olu Officer').withRoles('admin-officer').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  const db = () => t.deps.database.db;

  async function aReferral(c: Partial<ReferralCase> = {}): Promise<{ id: string; reference: string }> {
    return aReferralOf({ referrerType: 'gp', childGivenName: 'Ivy', childFamilyName: 'Okoro', ...c }).create(t.deps);
  }

  const as = (person: CreatedStaff) => signedIn(t.app, person);

  const row = (id: string) => db().selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** A child known by NHS number, and a second referral for someone with their name, birthday and postcode. */
  async function aPossibleMatch(name: string, born: string, nhsNumber: string) {
    const known = await aReferral({
      childGivenName: name,
      childFamilyName: 'Brennan',
      dateOfBirth: born,
      override: { 'child-nhs-number': { childNhsNumber: nhsNumber } },
    });
    const alike = await aReferral({
      referrerType: 'education-staff',
      childGivenName: name,
      childFamilyName: 'Brennan',
      dateOfBirth: born,
      override: { 'child-nhs-number-optional': { childNhsNumber: '' } },
    });
    const [k, a] = [await row(known.id), await row(alike.id)];
    expect(a.child_match).toBe('possible');
    return { known: k, alike: a };
  }

  /** The references a worklist page lists, in order; none when it shows no table. */
  async function listed(client: TestClient, query: string): Promise<string[]> {
    const page = await client.get(`/staff/triage${query}`);
    if (page.document.querySelector('table') === null) return [];
    return tableRows(page, /^Referrals/u).map((r) => r.Reference!.split(' ')[0]!);
  }

  const flagged = (client: TestClient) => listed(client, '?flag=possible-duplicate&status=all');

  // Each test sends two or three referrals through the whole form first: slow on a busy machine.
  describe('is this the same child?', { timeout: 120_000 }, () => {
    it('merges the new record into the known one when confirmed, and stops flagging it', async () => {
      const { known, alike } = await aPossibleMatch('Theo', '2015-03-03', '999 000 0018');
      const client = await as(clinician);
      expect(await flagged(client)).toContain(alike.reference);
      const referralPage = await client.get(`/staff/triage/referrals/${alike.id}`);
      const link = referralPage.screen.getByRole('link', { name: 'Check whether this is the same child' });
      const page = await client.get(link.getAttribute('href') ?? '');
      expect(text(page.document.querySelector('h1'))).toBe('Is this the same child?');
      const records = tableRows(page, /^The two records/u);
      expect(records.find((r) => r.Detail === 'NHS number')).toMatchObject({
        'In this referral': 'Not given',
        'Already known': '999 000 0018',
      });

      const empty = await client.post(`/staff/triage/referrals/${alike.id}/child`, { version: '1' });
      expect(empty.status).toBe(400);
      expect(errorSummary(empty)).toEqual(['Select whether this is the same child']);

      const saved = await client.post(`/staff/triage/referrals/${alike.id}/child`, { version: '1', sameChild: 'yes' });
      expect(saved.location).toBe(`/staff/triage/referrals/${alike.id}?decided=1`);
      const after = await row(alike.id);
      expect(after).toMatchObject({ child_match: 'confirmed-same', child_id: known.child_id, version: 2 });
      const merged = await db()
        .selectFrom('children')
        .selectAll()
        .where('id', '=', alike.child_id)
        .executeTakeFirstOrThrow();
      expect(merged.merged_into).toBe(known.child_id);
      expect(await flagged(client)).not.toContain(alike.reference);

      const shown = await client.follow(saved);
      expect(text(shown.document.querySelector('main'))).toContain('the records were merged');
      expect(text(shown.document.querySelector('main'))).toContain('Confirmed the same child as a known record');
      const audit = await db()
        .selectFrom('audit_events')
        .select(['actor_user_id', 'detail'])
        .where('subject_id', '=', alike.id)
        .where('action', '=', 'referral.child-match-answered')
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]?.actor_user_id).toBe(clinician.id);

      // A later referral with the same details, and no NHS number, is matched to the known record, not the merged one.
      const later = await aReferral({
        referrerType: 'education-staff',
        childGivenName: 'Theo',
        childFamilyName: 'Brennan',
        dateOfBirth: '2015-03-03',
        override: { 'child-nhs-number-optional': { childNhsNumber: '' } },
      });
      expect(await row(later.id)).toMatchObject({ child_match: 'possible', possible_child_id: known.child_id });
      // Answered once, the question is not asked again.
      const again = await client.get(`/staff/triage/referrals/${alike.id}/child`);
      expect(again.status).toBe(303);
    });

    it('keeps the two records apart when rejected', async () => {
      const { known, alike } = await aPossibleMatch('Nell', '2016-04-04', '999 000 0026');
      const client = await as(clinician);
      const saved = await client.post(`/staff/triage/referrals/${alike.id}/child`, { version: '1', sameChild: 'no' });
      expect(saved.status).toBe(303);
      const after = await row(alike.id);
      expect(after).toMatchObject({ child_match: 'not-same', child_id: alike.child_id });
      expect(after.child_id).not.toBe(known.child_id);
      const page = await client.get(`/staff/triage/referrals/${alike.id}`);
      expect(text(page.document.querySelector('main'))).toContain('a different child from Nell Brennan');
      expect(await flagged(client)).not.toContain(alike.reference);
    });

    it('gives one of two clinicians answering at once the success, and the other the changed page', async () => {
      const { alike } = await aPossibleMatch('Rory', '2017-05-05', '999 000 0034');
      const [a, b] = [await as(clinician), await as(colleague)];
      const [first, second] = await Promise.all([
        a.post(`/staff/triage/referrals/${alike.id}/child`, { version: '1', sameChild: 'yes' }),
        b.post(`/staff/triage/referrals/${alike.id}/child`, { version: '1', sameChild: 'no' }),
      ]);
      expect([first.status, second.status].sort()).toEqual([303, 409]);
      const loser = first.status === 409 ? first : second;
      expect(text(loser.document.querySelector('h1'))).toBe('This referral was changed');
    });

    it('is a question for triage clinicians only, and a referral of nobody is not found', async () => {
      const { alike } = await aPossibleMatch('Ada', '2018-06-06', '999 000 0042');
      const client = await as(officer);
      expect((await client.get(`/staff/triage/referrals/${alike.id}/child`)).status).toBe(403);
      const clinicianClient = await as(clinician);
      const unknown = await clinicianClient.get('/staff/triage/referrals/00000000-0000-4000-8000-000000000000/child');
      expect(unknown.status).toBe(404);
      const forged = await clinicianClient.post(`/staff/triage/referrals/${alike.id}/child`, {
        version: '1',
        sameChild: 'yes',
        child_id: 'someone-else',
      });
      expect(forged.status).toBe(400);
      expect((await row(alike.id)).child_match).toBe('possible');
    });
  });

  describe('the triage clock', { timeout: 120_000 }, () => {
    /** Moves the clock to `iso` and signs the clinician in afresh (a session would have timed out by then). */
    async function at(iso: string): Promise<TestClient> {
      time.set(new Date(iso));
      return as(clinician);
    }

    const waitingOf = async (client: TestClient, reference: string) =>
      tableRows(await client.get('/staff/triage?status=all'), /^Referrals/u).find((r) =>
        r.Reference!.startsWith(reference),
      )?.Waiting;

    async function decide(client: TestClient, id: string, action: string, fields: Record<string, string>) {
      expect((await decideOnPage(client, id, action, fields)).status).toBe(303);
    }

    it('stops while more information is requested, and goes on from where it stopped when it arrives', async () => {
      time.set(new Date('2026-11-30T10:00:00Z'));
      const { id, reference } = await aReferral({ childGivenName: 'Clocky' });
      // Friday 4 December: 4 working days waited; more information asked for, due Friday 18th.
      await decide(await at('2026-12-04T10:00:00Z'), id, 'request-information', {
        version: '1',
        whatIsNeeded: 'The school report',
        'replyBy[day]': '18',
        'replyBy[month]': '12',
        'replyBy[year]': '2026',
      });
      // Tuesday 22 December: still paused at 4, and the reply is overdue.
      let client = await at('2026-12-22T10:00:00Z');
      expect(await waitingOf(client, reference)).toBe(
        '4 working days (clock paused) Reply due 18 December 2026 Reply overdue',
      );
      expect(await listed(client, '?waiting=reply-overdue')).toContain(reference);
      expect(await listed(client, '?waiting=over-target')).not.toContain(reference);
      // The reply arrives that day: 12 working days were paused, so the clock counts from 4 working days before today.
      await decide(client, id, 'information-received', { version: '2', note: 'School report arrived' });
      expect((await row(id)).clock_from).toBe('2026-12-16');
      expect(await waitingOf(client, reference)).toBe('4 working days');
      // Seven working days later it has waited 11 in all: over the 10-day target.
      client = await at('2026-12-31T10:00:00Z');
      expect(await waitingOf(client, reference)).toBe('11 working days Over target');
      expect(await listed(client, '?waiting=over-target')).toContain(reference);
    });

    it('orders by days waiting on the clock, not by the received dates, once a clock was paused', async () => {
      time.set(new Date('2027-01-04T10:00:00Z'));
      const paused = await aReferral({ childGivenName: 'Paused' });
      time.set(new Date('2027-01-05T10:00:00Z'));
      const plain = await aReferral({ childGivenName: 'Plain' });
      await decide(await at('2027-01-05T11:00:00Z'), paused.id, 'request-information', {
        version: '1',
        whatIsNeeded: 'A photo of the handwriting',
        'replyBy[day]': '15',
        'replyBy[month]': '1',
        'replyBy[year]': '2027',
      });
      await decide(await at('2027-01-12T10:00:00Z'), paused.id, 'information-received', {
        version: '2',
        note: 'Photo arrived',
      });
      const client = await at('2027-01-13T10:00:00Z');
      const both = (refs: string[]) => refs.filter((ref) => ref === paused.reference || ref === plain.reference);
      expect(both(await listed(client, '?sort=received'))).toEqual([paused.reference, plain.reference]);
      expect(both(await listed(client, '?sort=waiting'))).toEqual([plain.reference, paused.reference]);
    });
  });
});
