/**
 * The online referral form, used as referrers use it: every referrer type completes it; the eligibility rules run
 * before sending (an ineligible referral cannot be sent, an unclear one goes to triage flagged); the draft survives a
 * lost cookie through a one-time link; a double click, a concurrent resubmission or a retry returns the same
 * reference; the child is matched, never merged silently; and one submission writes everything or nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, text } from '../support/html.js';
import { answersFor, completeReferral, REFERRER_TYPES, uploadFile } from '../support/referral.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const REFERENCE = /^OT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/u;

const h1 = (page: { document: Document }) => text(page.document.querySelector('h1'));
const referenceOn = (page: { document: Document }) => text(page.document.querySelector('.nhsuk-panel__body strong'));

describeEachDialect('the online referral form', (dialect) => {
  let t: TestApp;
  const time = movableClock(new Date('2026-11-27T10:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock });
  });
  afterAll(async () => {
    await t.close();
  });

  const db = () => t.deps.database.db;
  const referralRows = () => db().selectFrom('referrals').selectAll().orderBy('created_at').execute();

  async function submit(client: TestClient): Promise<{ status: number; reference: string }> {
    const sent = await client.post('/refer/check-your-answers');
    if (sent.status !== 303) return { status: sent.status, reference: '' };
    const confirmation = await client.follow(sent);
    return { status: sent.status, reference: referenceOn(confirmation) };
  }

  describe('for every referrer type', () => {
    it.each(REFERRER_TYPES)('%s can complete and send a referral', async (referrerType) => {
      const client = new TestClient(t.app);
      const check = await completeReferral(client, { referrerType });
      expect(h1(check)).toBe('Check your answers before sending the referral');
      expect(check.screen.getByRole('button', { name: 'Send referral' })).toBeTruthy();
      const { reference } = await submit(client);
      expect(reference).toMatch(REFERENCE);
      const row = await db()
        .selectFrom('referrals')
        .selectAll()
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
      expect(row.referrer_type).toBe(referrerType);
      expect(row.status).toBe('awaiting-triage');
      expect(row.source).toBe('online');
      expect(row.policy_version).toBe('2026-11-27.1');
      expect(JSON.parse(row.eligibility)).toMatchObject({
        outcome: row.eligibility_outcome,
        policyVersion: '2026-11-27.1',
      });
    });
  });

  it('asks a GP for the NHS number, and lets a teacher leave it out', async () => {
    const teacher = await completeReferral(new TestClient(t.app), {
      referrerType: 'education-staff',
      override: { 'child-nhs-number-optional': { childNhsNumber: '' } },
    });
    expect(text(teacher.document.querySelector('main'))).not.toContain('NHS number');
    const gp = completeReferral(new TestClient(t.app), {
      referrerType: 'gp',
      override: { 'child-nhs-number': { childNhsNumber: '' } },
    });
    await expect(gp).rejects.toThrow('Enter the child’s NHS number');
  });

  it('refuses an NHS number with a bad check digit, keeping every other answer', async () => {
    const client = new TestClient(t.app);
    await client.post('/refer/start', {}, { csrf: null });
    await client.get('/refer/who-is-referring');
    await client.post('/refer/who-is-referring', answersFor('who-is-referring', { referrerType: 'gp' }));
    await client.get('/refer/your-details');
    await client.post('/refer/your-details', answersFor('your-details', { referrerType: 'gp' }));
    await client.get('/refer/your-organisation');
    await client.post('/refer/your-organisation', answersFor('your-organisation', { referrerType: 'gp' }));
    for (const page of ['child-name', 'child-date-of-birth']) {
      await client.get(`/refer/${page}`);
      await client.post(`/refer/${page}`, answersFor(page, { referrerType: 'gp' }));
    }
    await client.get('/refer/child-nhs-number');
    const bad = await client.post('/refer/child-nhs-number', { childNhsNumber: '943 476 5918' });
    expect(bad.status).toBe(400);
    expect(errorSummary(bad)).toEqual(['Enter a valid NHS number']);
    expect(bad.screen.getByLabelText<HTMLInputElement>(/NHS number/u).value).toBe('943 476 5918');
    const back = await client.get('/refer/child-name');
    expect(back.screen.getByLabelText<HTMLInputElement>('First name').value).toBe('Amara');
  });

  describe('eligibility before sending', () => {
    it('does not let an ineligible referral be sent, and says why', async () => {
      const client = new TestClient(t.app);
      const check = await completeReferral(client, {
        referrerType: 'gp',
        otherNeeds: ['ayres-sensory-integration'],
      });
      expect(text(check.document.querySelector('main'))).toContain('We cannot accept this referral as it stands');
      expect(text(check.document.querySelector('.nhsuk-card--warning'))).toContain('Ayres Sensory Integration');
      expect(check.screen.queryByRole('button', { name: 'Send referral' })).toBeNull();
      const before = (await referralRows()).length;
      const forced = await client.post('/refer/check-your-answers');
      expect(forced.status).toBe(400);
      expect((await referralRows()).length).toBe(before);
    });

    it('sends an unclear referral to triage, flagged, after saying what is not known', async () => {
      const client = new TestClient(t.app);
      const check = await completeReferral(client, { referrerType: 'social-care', gp: 'not-known', school: 'none' });
      expect(text(check.document.querySelector('main'))).toContain('We will need to check some things');
      const { reference } = await submit(client);
      const row = await db()
        .selectFrom('referrals')
        .selectAll()
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
      expect(row.eligibility_outcome).toBe('unclear');
    });

    it('lets a parent refer again only within the re-referral window', async () => {
      const within = await completeReferral(new TestClient(t.app), {
        referrerType: 'parent-carer',
        dischargedOn: '2026-06-01',
      });
      expect(within.screen.getByRole('button', { name: 'Send referral' })).toBeTruthy();
      // Outside it, the parent is stopped straight after the date (referral-discharge-window.test.ts)...
      const client = new TestClient(t.app);
      const parent = { referrerType: 'parent-carer', dischargedOn: '2026-05-26' } as const;
      await expect(completeReferral(client, parent)).rejects.toThrow('cannot-refer-again');
      // ...and one who goes on by hand still cannot send it.
      const outside = await completeReferral(client, parent, '/refer', { from: '/refer/difficulties' });
      expect(outside.screen.queryByRole('button', { name: 'Send referral' })).toBeNull();
    });
  });

  describe('sending', () => {
    it('writes the child, the referral, the consent, the audit event and the acknowledgements together', async () => {
      const client = new TestClient(t.app);
      await completeReferral(client, {
        referrerType: 'health-professional',
        childGivenName: 'Zofia',
        childFamilyName: 'Kowalska',
        nhsNumber: '401 023 2137',
        referrerEmail: 'hv@nhs.test',
        familyEmail: 'parent@example.com',
      });
      const { reference } = await submit(client);
      const referral = await db()
        .selectFrom('referrals')
        .selectAll()
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
      const child = await db()
        .selectFrom('children')
        .selectAll()
        .where('id', '=', referral.child_id)
        .executeTakeFirstOrThrow();
      expect(child).toMatchObject({
        given_name: 'Zofia',
        family_name: 'Kowalska',
        nhs_number: '4010232137',
        postcode: 'LE1 6FB',
      });
      const consent = await db()
        .selectFrom('referral_consents')
        .selectAll()
        .where('referral_id', '=', referral.id)
        .executeTakeFirstOrThrow();
      expect(consent).toMatchObject({ given_by: 'parent', given_by_name: 'Grace Ndiaye', given_on: '2026-11-01' });
      expect(JSON.parse(consent.sharing)).toEqual(['gp', 'school']);
      const audit = await db().selectFrom('audit_events').selectAll().where('subject_id', '=', referral.id).execute();
      expect(audit.map((a) => a.action)).toEqual(['referral.submitted']);
      const messages = await db()
        .selectFrom('outbox_messages')
        .select(['template', 'recipient', 'channel'])
        .where('subject_id', '=', referral.id)
        .orderBy('template')
        .execute();
      expect(messages).toEqual([
        { template: 'referral-received-family', recipient: 'parent@example.com', channel: 'email' },
        { template: 'referral-received-referrer', recipient: 'hv@nhs.test', channel: 'email' },
      ]);
    });

    it('flags a referral with safeguarding concerns, keeping who to contact', async () => {
      const client = new TestClient(t.app);
      const check = await completeReferral(client, { referrerType: 'social-care', safeguarding: true });
      expect(text(check.document.querySelector('main'))).toContain('Missed appointments.');
      const { reference } = await submit(client);
      const row = await db()
        .selectFrom('referrals')
        .selectAll()
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
      expect(row.safeguarding_concern).toBe(1);
      expect(JSON.parse(row.answers)).toMatchObject({
        safeguarding: 'yes',
        safeguardingDetails: 'Missed appointments.',
      });
    });

    it('returns the same reference for a double click, a resubmission and two posts at once', async () => {
      const client = new TestClient(t.app);
      await completeReferral(client, {
        referrerType: 'gp',
        nhsNumber: '',
        override: { 'child-nhs-number': { childNhsNumber: '450 557 7104' } },
      });
      const token = client.csrfToken;
      const [a, b] = await Promise.all([
        client.post('/refer/check-your-answers'),
        client.post('/refer/check-your-answers'),
      ]);
      expect([a.status, b.status]).toEqual([303, 303]);
      const again = await client.post('/refer/check-your-answers', {}, { csrf: token ?? null });
      expect(again.status).toBe(303);
      const confirmation = await client.get('/refer/confirmation');
      const reference = referenceOn(confirmation);
      const rows = (await referralRows()).filter((r) => r.reference === reference);
      expect(rows).toHaveLength(1);
      const children = await db().selectFrom('children').select('id').where('nhs_number', '=', '4505577104').execute();
      expect(children).toHaveLength(1);
    });

    it('reuses the child known by NHS number, and flags a child who only looks the same', async () => {
      const first = new TestClient(t.app);
      await completeReferral(first, {
        referrerType: 'gp',
        childGivenName: 'Theo',
        childFamilyName: 'Brennan',
        dateOfBirth: '2015-03-03',
        override: { 'child-nhs-number': { childNhsNumber: '943 476 5870' } },
      });
      const one = await submit(first);
      const second = new TestClient(t.app);
      await completeReferral(second, {
        referrerType: 'gp',
        childGivenName: 'Theo',
        childFamilyName: 'Brennan',
        dateOfBirth: '2015-03-03',
        override: { 'child-nhs-number': { childNhsNumber: '943 476 5870' } },
      });
      const two = await submit(second);
      const third = new TestClient(t.app);
      await completeReferral(third, {
        referrerType: 'education-staff',
        childGivenName: 'théo',
        childFamilyName: 'BRENNAN',
        dateOfBirth: '2015-03-03',
        override: { 'child-nhs-number-optional': { childNhsNumber: '' } },
      });
      const three = await submit(third);
      const rows = await db()
        .selectFrom('referrals')
        .selectAll()
        .where('reference', 'in', [one.reference, two.reference, three.reference])
        .execute();
      const byRef = new Map(rows.map((r) => [r.reference, r]));
      expect(byRef.get(two.reference)?.child_id).toBe(byRef.get(one.reference)?.child_id);
      expect(byRef.get(two.reference)?.child_match).toBe('nhs-number');
      // Same name (accents and case aside), date of birth and postcode, no NHS number: a new record, flagged.
      expect(byRef.get(three.reference)?.child_id).not.toBe(byRef.get(one.reference)?.child_id);
      expect(byRef.get(three.reference)?.child_match).toBe('possible');
      expect(byRef.get(three.reference)?.possible_child_id).toBe(byRef.get(one.reference)?.child_id);
    });

    it('never tells the referrer whether the child was already known', async () => {
      const a = new TestClient(t.app);
      await completeReferral(a, {
        referrerType: 'gp',
        override: { 'child-nhs-number': { childNhsNumber: '943 476 5870' } },
      });
      const known = await a.follow(await a.post('/refer/check-your-answers'));
      const b = new TestClient(t.app);
      await completeReferral(b, {
        referrerType: 'gp',
        override: { 'child-nhs-number': { childNhsNumber: '999 000 0018' } },
      });
      const unknown = await b.follow(await b.post('/refer/check-your-answers'));
      const words = (p: { document: Document }) => text(p.document.querySelector('main')).replace(/OT-\S+/u, 'REF');
      expect(words(known)).toBe(words(unknown));
    });
  });

  describe('drafts', () => {
    it('keep every answer when the page is left and come back by a one-time link on another device', async () => {
      const client = new TestClient(t.app);
      await client.post('/refer/start', {}, { csrf: null });
      await client.get('/refer/who-is-referring');
      await client.post('/refer/who-is-referring', { referrerType: 'educational-psychologist' });
      await client.get('/refer/your-details');
      await client.post(
        '/refer/your-details',
        answersFor('your-details', { referrerType: 'educational-psychologist' }),
      );
      const save = await client.get('/refer/save-and-come-back-later');
      expect(save.screen.getByLabelText<HTMLInputElement>('Email address').value).toBe('sam.okafor@nhs.test');
      const saved = await client.post('/refer/save-and-come-back-later', { email: 'ep@school.test' });
      expect(h1(saved)).toBe('We have sent you a link');
      const message = await db()
        .selectFrom('outbox_messages')
        .selectAll()
        .where('template', '=', 'referral-draft-link')
        .where('recipient', '=', 'ep@school.test')
        .executeTakeFirstOrThrow();
      // The outbox holds only the link's placeholder (docs/adr/0029); the family's e-mail has the link, and in the
      // embedded mode that is the local mailbox's file of it.
      expect(JSON.parse(message.personalisation)).toMatchObject({ link: 'http://localhost:3000/refer/resume/•••••••' });
      await t.deps.outboxDispatcher.runOnce();
      const sent = await t.deps.localMailbox.read(message.id);
      const link = /http:\/\/localhost:3000\/refer\/resume\/[A-Za-z0-9_-]{43}$/mu.exec(sent)?.[0] ?? '';
      expect(link).toMatch(/^http:\/\/localhost:3000\/refer\/resume\/[A-Za-z0-9_-]{43}$/u);

      const elsewhere = new TestClient(t.app);
      const resumed = await elsewhere.get(link.replace('http://localhost:3000', ''));
      expect(resumed.location).toBe('/refer/your-organisation');
      const details = await elsewhere.get('/refer/your-details');
      expect(details.screen.getByLabelText<HTMLInputElement>('Full name').value).toBe('Sam Okafor');
      // The link works once, and the first device's cookie no longer opens the draft.
      expect((await new TestClient(t.app).get(link.replace('http://localhost:3000', ''))).status).toBe(410);
      expect((await client.get('/refer/your-details')).location).toBe('/refer');
    });

    it('cannot be changed by another site: a post without the draft’s form token changes nothing', async () => {
      const client = new TestClient(t.app);
      await client.post('/refer/start', {}, { csrf: null });
      await client.get('/refer/who-is-referring');
      expect((await client.post('/refer/who-is-referring', { referrerType: 'gp' }, { csrf: null })).status).toBe(403);
      expect((await client.post('/refer/who-is-referring', { referrerType: 'gp' }, { csrf: 'forged' })).status).toBe(
        403,
      );
      expect((await client.get('/refer/your-details')).location).toBe('/refer/who-is-referring');
    });

    it('tell someone whose cookie is gone to start again, without a 500', async () => {
      const client = new TestClient(t.app);
      const page = await client.post('/refer/child-name', { childGivenName: 'A', childFamilyName: 'B' }, { csrf: 'x' });
      expect(page.status).toBe(400);
      expect(h1(page)).toBe('Sorry, we could not find your referral');
    });

    it('are deleted with their files once their time is up, but a sent referral keeps its own', async () => {
      const unfinished = new TestClient(t.app);
      await completeReferral(unfinished, { referrerType: 'gp' });
      await uploadFile(unfinished, { name: 'report.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') });
      const sent = new TestClient(t.app);
      await completeReferral(sent, { referrerType: 'gp' });
      await uploadFile(sent, { name: 'kept.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') });
      await submit(sent);
      const files = () => db().selectFrom('referral_attachments').select(['file_name', 'referral_id']).execute();
      expect((await files()).map((f) => f.file_name)).toEqual(expect.arrayContaining(['report.pdf', 'kept.pdf']));
      time.advance(29 * 24 * 3600 * 1000);
      try {
        const purged = await t.deps.purgeExpiredDrafts();
        expect(purged.files).toBeGreaterThanOrEqual(1);
        const left = await files();
        expect(left.map((f) => f.file_name)).toContain('kept.pdf');
        expect(left.map((f) => f.file_name)).not.toContain('report.pdf');
        expect((await unfinished.get('/refer/check-your-answers')).location).toBe('/refer');
      } finally {
        time.advance(-29 * 24 * 3600 * 1000);
      }
    });

    it('refuse fields a page does not have', async () => {
      const client = new TestClient(t.app);
      await client.post('/refer/start', {}, { csrf: null });
      await client.get('/refer/who-is-referring');
      const page = await client.post('/refer/who-is-referring', { referrerType: 'gp', status: 'accepted' });
      expect(page.status).toBe(400);
    });
  });
});
