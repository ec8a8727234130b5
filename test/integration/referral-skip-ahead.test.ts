/**
 * The referral form does not let anyone skip ahead by typing a later page's address: a question page is shown and
 * answered only once every page before it that applies has its answer, or when it has its own answer already (going
 * back, a "Change" link from check your answers). Otherwise the form sends the person, 303, to the first page that
 * still needs an answer, as the eligibility checker does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { answersFor, completeReferral, uploadFile } from '../support/referral.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const GP = { referrerType: 'gp' } as const;

describeEachDialect('no skipping ahead in the referral form', (dialect) => {
  let t: TestApp;
  let officer: CreatedStaff;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    officer = await aStaffMember().called('Olu Officer').withRoles('admin-officer').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  const attachmentRows = async () =>
    (await t.deps.database.db.selectFrom('referral_attachments').select('id').execute()).length;

  /** A client with a new online draft, on its first page (for the form token). */
  async function begun(): Promise<TestClient> {
    const client = new TestClient(t.app);
    const started = await client.post('/refer/start', {}, { csrf: null });
    expect(started.location).toBe('/refer/who-is-referring');
    expect((await client.follow(started)).status).toBe(200);
    return client;
  }

  /** Shows and answers a page, as a person does; returns where the form goes next. */
  async function answer(client: TestClient, id: string): Promise<string | undefined> {
    expect((await client.get(`/refer/${id}`)).status).toBe(200);
    const answered = await client.post(`/refer/${id}`, answersFor(id, GP));
    expect(answered.status).toBe(303);
    return answered.location;
  }

  describe('a later page, before the pages ahead of it are answered', () => {
    it('is not shown: the form sends the person to the first page still to answer', async () => {
      const client = await begun();
      for (const id of ['child-name', 'consent', 'hopes', 'attachments']) {
        const page = await client.get(`/refer/${id}`);
        expect({ id, status: page.status, location: page.location }).toEqual({
          id,
          status: 303,
          location: '/refer/who-is-referring',
        });
      }
      expect(await answer(client, 'who-is-referring')).toBe('/refer/your-details');
      const later = await client.get('/refer/child-nhs-number');
      expect([later.status, later.location]).toEqual([303, '/refer/your-details']);
    });

    it('is not answered: what it sends is not kept, and the form still asks the pages in order', async () => {
      const client = await begun();
      const sent = await client.post('/refer/child-name', { childGivenName: 'Skip', childFamilyName: 'Ahead' });
      expect([sent.status, sent.location]).toEqual([303, '/refer/who-is-referring']);
      // Neither its answers nor its having been seen are kept: it is asked, empty, when its turn comes.
      let next = await answer(client, 'who-is-referring');
      while (next !== '/refer/child-name') {
        if (next === undefined) throw new Error('The form never asked for the child’s name');
        next = await answer(client, next.slice('/refer/'.length));
      }
      const page = await client.get('/refer/child-name');
      expect(page.status).toBe(200);
      expect(page.screen.getByLabelText<HTMLInputElement>('First name').value).toBe('');
      const check = await client.get('/refer/check-your-answers');
      expect([check.status, check.location]).toEqual([303, '/refer/child-name']);
    });

    it('takes no file on the attachments page before it is reached', async () => {
      const client = await begun();
      await answer(client, 'who-is-referring');
      const before = await attachmentRows();
      const upload = await uploadFile(client, { name: 'report.pdf', bytes: PDF });
      expect([upload.status, upload.location]).toEqual([303, '/refer/your-details']);
      expect(await attachmentRows()).toBe(before);
    });

    it('is not shown to staff registering a paper referral before they say how it arrived', async () => {
      const client = new TestClient(t.app);
      await signIn(client, officer);
      await client.get('/staff/referrals/register');
      const begunByStaff = await client.post('/staff/referrals/register');
      expect(begunByStaff.location).toBe('/refer/received');
      const skipped = await client.get('/refer/who-is-referring');
      expect([skipped.status, skipped.location]).toEqual([303, '/refer/received']);
      const check = await completeReferral(client, GP, '/refer', { from: '/refer/received' });
      expect(check.screen.getByRole('button', { name: 'Register referral' })).toBeTruthy();
    });
  });

  describe('a page already answered', () => {
    it('stays open: going back, and every "Change" link from check your answers', async () => {
      const client = new TestClient(t.app);
      const check = await completeReferral(client, GP);
      const changes = check.screen.getAllByRole('link', { name: /^Change/u }).map((a) => a.getAttribute('href') ?? '');
      expect(changes.length).toBeGreaterThan(20);
      for (const href of new Set(changes)) {
        const page = await client.get(href);
        expect({ href, status: page.status }).toEqual({ href, status: 200 });
      }
      // Changed and sent again, it goes back to check your answers.
      const changed = await client.post('/refer/child-name', {
        ...answersFor('child-name', GP),
        childGivenName: 'Ama',
      });
      expect(changed.location).toBe('/refer/check-your-answers');
    });

    it('stays open after an earlier change adds a page, while the new page and what follows it wait their turn', async () => {
      const client = new TestClient(t.app);
      await completeReferral(client, GP);
      await client.get('/refer/who-is-referring');
      const changed = await client.post('/refer/who-is-referring', { referrerType: 'parent-carer' });
      expect(changed.location).toBe('/refer/your-contact-details');
      // Answered before the change, after the new gap: still open, with its answer.
      const name = await client.get('/refer/child-name');
      expect(name.status).toBe(200);
      expect(name.screen.getByLabelText<HTMLInputElement>('First name').value).toBe('Amara');
      // New to a parent, after the gap: not yet.
      const discharge = await client.get('/refer/discharge');
      expect([discharge.status, discharge.location]).toEqual([303, '/refer/your-contact-details']);
      const check = await client.get('/refer/check-your-answers');
      expect([check.status, check.location]).toEqual([303, '/refer/your-contact-details']);
      // Once the gap is answered, the form carries on to the next page it needs.
      await client.get('/refer/your-contact-details');
      const filled = await client.post('/refer/your-contact-details', answersFor('your-contact-details', GP));
      expect(filled.location).toBe('/refer/child-nhs-number-optional');
      const still = await client.get('/refer/discharge');
      expect([still.status, still.location]).toEqual([303, '/refer/child-nhs-number-optional']);
      const optional = await client.get('/refer/child-nhs-number-optional');
      expect(text(optional.document.querySelector('h1'))).toContain('NHS number');
    });
  });
});
