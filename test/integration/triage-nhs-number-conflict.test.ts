/**
 * A referral whose NHS number is recorded for another child (issue 10, item 1; hazard H23). Oliver Bennett is
 * referred; then Leo Smith, born five years earlier, with Oliver's NHS number (a typing slip, or a sibling's number).
 * Leo's referral must name Leo everywhere (the worklist row, the heading, the letters), flag the conflict, show both
 * records side by side, and let a clinician resolve it with any answer offered: the same child whose details were
 * given wrongly, the same child with a new name, or a different child whose NHS number is wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import type { TestClient } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { tableRows, text } from '../support/html.js';
import { aReferral as aReferralOf } from '../support/factories.js';
import { signedIn } from '../support/journeys.js';
import type { ReferralCase } from '../support/referral.js';
import * as nhsNumberConflicts from '../../src/data/migrations/2026-12-02T11-00-00-nhs-number-conflicts.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const OLIVERS_NUMBER = '943 476 5919';

describeEachDialect('triage: an NHS number recorded for another child', (dialect) => {
  let t: TestApp;
  let clinician: CreatedStaff;
  // Monday 30 November 2026.
  const time = movableClock(new Date('2026-11-30T10:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock });
    clinician = await aStaffMember().called('Tess Triage').withRoles('triage-clinician').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  const db = () => t.deps.database.db;
  const row = (id: string) => db().selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const child = (id: string) => db().selectFrom('children').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  const aReferral = (c: Partial<ReferralCase>) => aReferralOf({ referrerType: 'gp', ...c }).create(t.deps);

  /** A referral for `given family`, born `born`, with Oliver's NHS number; after Oliver's own referral. */
  async function aConflict(given: string, family: string, born: string, number = OLIVERS_NUMBER) {
    const oliver = await aReferral({
      childGivenName: 'Oliver',
      childFamilyName: 'Bennett',
      dateOfBirth: '2019-05-10',
      override: { 'child-nhs-number': { childNhsNumber: number } },
    });
    const other = await aReferral({
      childGivenName: given,
      childFamilyName: family,
      dateOfBirth: born,
      override: { 'child-nhs-number': { childNhsNumber: number } },
    });
    return { oliver: await row(oliver.id), other: await row(other.id) };
  }

  const asClinician = () => signedIn(t.app, clinician);

  const worklistRow = async (client: TestClient, reference: string) =>
    tableRows(await client.get('/staff/triage?status=all'), /^Referrals/u).find((r) =>
      r.Reference!.startsWith(reference),
    );

  describe('Leo Smith referred with Oliver Bennett’s NHS number', { timeout: 120_000 }, () => {
    it('names Leo on the worklist, the page and the letters, and flags the conflict', async () => {
      const { oliver, other: leo } = await aConflict('Leo', 'Smith', '2014-09-21', '999 000 0050');
      // Leo has a record of his own, as the referrer described him; Oliver's is the other side of the conflict.
      expect(leo).toMatchObject({ child_match: 'nhs-number-conflict', possible_child_id: oliver.child_id });
      expect(leo.child_id).not.toBe(oliver.child_id);
      expect(await child(leo.child_id)).toMatchObject({
        given_name: 'Leo',
        family_name: 'Smith',
        date_of_birth: '2014-09-21',
        nhs_number: '9990000050',
      });
      expect(await child(oliver.child_id)).toMatchObject({ given_name: 'Oliver', family_name: 'Bennett' });

      const client = await asClinician();
      const listed = await worklistRow(client, leo.reference);
      expect(listed).toMatchObject({ Child: 'LS', Age: '12' });
      expect(listed?.Reference).toContain('NHS number conflict');
      expect(await worklistRow(client, oliver.reference)).toMatchObject({ Child: 'OB', Age: '7' });
      // The flag filter finds it.
      const flagged = tableRows(await client.get('/staff/triage?flag=possible-duplicate&status=all'), /^Referrals/u);
      expect(flagged.map((r) => r.Reference!.split(' ')[0])).toContain(leo.reference);

      const page = await client.get(`/staff/triage/referrals/${leo.id}`);
      expect(text(page.document.querySelector('h1'))).toBe('Leo Smith');
      const main = text(page.document.querySelector('main'));
      expect(main).toContain('21 September 2014 (aged 12)');
      expect(main).toContain('This NHS number is recorded for another child');
      expect(main).toContain('already recorded for Oliver Bennett, born 10 May 2019');

      // Accepted before the conflict is resolved: every letter is about Leo, none about Oliver.
      await client.get(`/staff/triage/referrals/${leo.id}/decision/accept`);
      const accepted = await client.post(`/staff/triage/referrals/${leo.id}/decision/accept`, {
        version: '1',
        pathway: 'coordination',
        priority: 'routine',
        setting: 'clinic',
      });
      expect(accepted.status).toBe(303);
      const letters = await db().selectFrom('referral_letters').selectAll().where('referral_id', '=', leo.id).execute();
      expect(letters.length).toBeGreaterThan(0);
      for (const letter of letters) {
        expect(`${letter.subject} ${letter.html}`).toMatch(/Leo|LS/u);
        expect(`${letter.subject} ${letter.html} ${letter.content}`).not.toMatch(/Oliver|Bennett|10 May 2019/u);
      }
    });

    it('offers three answers side by side; "a different child" takes the number off and asks the referrer', async () => {
      const { oliver, other: leo } = await aConflict('Leo', 'Smith', '2014-09-21', '999 000 0069');
      const client = await asClinician();
      const page = await client.get(`/staff/triage/referrals/${leo.id}/child`);
      expect(text(page.document.querySelector('h1'))).toBe('Is this the same child?');
      const records = tableRows(page, /^The two records/u);
      expect(records.find((r) => r.Detail === 'Name')).toMatchObject({
        'In this referral': 'Leo Smith',
        'Record we hold with this NHS number': 'Oliver Bennett',
      });
      const offered = [...page.document.querySelectorAll('input[name="sameChild"]')].map((i) =>
        i.getAttribute('value'),
      );
      expect(offered).toEqual(['yes', 'yes-new-name', 'no']);

      const saved = await client.post(`/staff/triage/referrals/${leo.id}/child`, { version: '1', sameChild: 'no' });
      expect(saved.status).toBe(303);
      // Next: ask the referrer for the right number, already worded.
      expect(saved.location).toBe(`/staff/triage/referrals/${leo.id}/decision/request-information`);
      const ask = await client.follow(saved);
      const whatIsNeeded = ask.document.querySelector<HTMLTextAreaElement>('textarea[name="whatIsNeeded"]');
      expect(whatIsNeeded?.value).toContain('Please confirm the child');
      expect(whatIsNeeded?.value).toContain('999 000 0069');
      expect(whatIsNeeded?.value).not.toMatch(/Oliver|Bennett/u);

      expect(await row(leo.id)).toMatchObject({ child_match: 'nhs-number-wrong', child_id: leo.child_id, version: 2 });
      expect((await child(leo.child_id)).nhs_number).toBeNull();
      expect((await child(oliver.child_id)).nhs_number).toBe('9990000069');
      const shown = text((await client.get(`/staff/triage/referrals/${leo.id}`)).document.querySelector('main'));
      expect(shown).toContain('Confirmed a different child from the record with this NHS number');
      expect(shown).toContain("NHS number 999 000 0069 taken off this child's record");
      expect((await worklistRow(client, leo.reference))?.Reference).not.toContain('NHS number conflict');

      // A later referral for Oliver still finds Oliver's record.
      const again = await aReferral({
        childGivenName: 'Oliver',
        childFamilyName: 'Bennett',
        dateOfBirth: '2019-05-10',
        override: { 'child-nhs-number': { childNhsNumber: '999 000 0069' } },
      });
      expect(await row(again.id)).toMatchObject({ child_match: 'nhs-number', child_id: oliver.child_id });
    });

    it('merges into the record we hold when the same child, keeping its name or taking the new one', async () => {
      // A family name given wrongly: the record keeps its details.
      const typo = await aConflict('Oliver', 'Benet', '2019-05-10', '999 000 0077');
      const client = await asClinician();
      const kept = await client.post(`/staff/triage/referrals/${typo.other.id}/child`, {
        version: '1',
        sameChild: 'yes',
      });
      expect(kept.location).toBe(`/staff/triage/referrals/${typo.other.id}?decided=1`);
      expect(await row(typo.other.id)).toMatchObject({
        child_match: 'confirmed-same',
        child_id: typo.oliver.child_id,
      });
      expect(await child(typo.oliver.child_id)).toMatchObject({ given_name: 'Oliver', family_name: 'Bennett' });
      expect((await child(typo.other.child_id)).merged_into).toBe(typo.oliver.child_id);

      // A new family name (adopted, say): the record takes it, and the history says so.
      const renamed = await aConflict('Oliver', 'Carter', '2019-05-10', '999 000 0085');
      const saved = await client.post(`/staff/triage/referrals/${renamed.other.id}/child`, {
        version: '1',
        sameChild: 'yes-new-name',
      });
      expect(saved.status).toBe(303);
      expect(await row(renamed.other.id)).toMatchObject({ child_id: renamed.oliver.child_id });
      expect(await child(renamed.oliver.child_id)).toMatchObject({
        given_name: 'Oliver',
        family_name: 'Carter',
        date_of_birth: '2019-05-10',
      });
      const page = await client.get(`/staff/triage/referrals/${renamed.other.id}`);
      expect(text(page.document.querySelector('h1'))).toBe('Oliver Carter');
      expect(text(page.document.querySelector('main'))).toContain('Name changed from Oliver Bennett to Oliver Carter');
      // Oliver's first referral names him as he is now called.
      const first = await client.get(`/staff/triage/referrals/${renamed.oliver.id}`);
      expect(text(first.document.querySelector('h1'))).toBe('Oliver Carter');
    });

    it('gives a referral an earlier release attached to the wrong child a record of its own on upgrade', async () => {
      const { oliver, other: leo } = await aConflict('Leo', 'Smith', '2014-09-21', '999 000 0107');
      // As the earlier release left it: on Oliver's record, flagged "details differ".
      await db()
        .updateTable('referrals')
        .set({ child_id: oliver.child_id, possible_child_id: null, child_match: 'nhs-number-details-differ' })
        .where('id', '=', leo.id)
        .execute();
      await db().deleteFrom('children').where('id', '=', leo.child_id).execute();
      await nhsNumberConflicts.up(db());
      const after = await row(leo.id);
      expect(after).toMatchObject({
        child_match: 'nhs-number-conflict',
        possible_child_id: oliver.child_id,
        version: leo.version + 1,
      });
      expect(after.child_id).not.toBe(oliver.child_id);
      expect(await child(after.child_id)).toMatchObject({
        given_name: 'Leo',
        family_name: 'Smith',
        date_of_birth: '2014-09-21',
        nhs_number: '9990000107',
      });
      const client = await asClinician();
      expect(text((await client.get(`/staff/triage/referrals/${leo.id}`)).document.querySelector('h1'))).toBe(
        'Leo Smith',
      );
      // Oliver's own referral is untouched.
      expect(await row(oliver.id)).toMatchObject({ child_id: oliver.child_id, version: oliver.version });
    });

    it('refuses an answer that is not offered, and changes nothing', async () => {
      const { other } = await aConflict('Leo', 'Smith', '2014-09-21', '999 000 0093');
      const client = await asClinician();
      for (const sameChild of ['maybe', 'constructor', '__proto__']) {
        const refused = await client.post(`/staff/triage/referrals/${other.id}/child`, { version: '1', sameChild });
        expect(refused.status).toBe(400);
      }
      expect((await row(other.id)).child_match).toBe('nhs-number-conflict');
    });
  });
});
