/**
 * Letters about triage decisions, through the real decision pages: who gets each decision's letters and how (an
 * e-mail through the outbox where there is an address, the print queue otherwise, the GP always on paper), what they
 * say and never say, the letter pages and PDFs, the admin officers' print queue, and a failure while writing a letter
 * taking the whole decision back with it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import type { FormFields } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { text } from '../support/html.js';
import { aReferral as aReferralOf } from '../support/factories.js';
import { decideOnPage, signedIn } from '../support/journeys.js';
import type { ReferralCase } from '../support/referral.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

const SHARED = resolve(import.meta.dirname, '../../../shared/data');
const SAFEGUARDING = 'Missed appointments.';

/** A valid NHS number of its own for each referral, so that no two referrals here are matched to one child. */
let serial = 100;
function freshNhsNumber(): string {
  for (;;) {
    const base = `999${String(serial++).padStart(6, '0')}`;
    const check = 11 - (base.split('').reduce((sum, d, i) => sum + Number(d) * (10 - i), 0) % 11);
    if (check !== 10) return `${base}${String(check === 11 ? 0 : check)}`;
  }
}

describeEachDialect('decision letters', (dialect) => {
  let t: TestApp;
  let clinician: CreatedStaff;
  let officer: CreatedStaff;
  const time = movableClock(new Date('2026-11-27T10:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock });
    // The GP practices, so that a child's practice is known and its letter has an address.
    const name = 'epraccur_llr_and_neighbours.csv';
    await t.deps.referenceImport.importPractices({ name, bytes: readFileSync(resolve(SHARED, name)) });
    clinician = await aStaffMember().called('Tess Triage').withRoles('triage-clinician').create(t.deps);
    officer = await aStaffMember().called('Olu Officer').withRoles('admin-officer').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  const db = () => t.deps.database.db;

  /** A referral from a health visitor with an e-mail address, for a child registered at Empingham (C82044). */
  async function aReferral(c: Partial<ReferralCase> = {}): Promise<string> {
    const made = await aReferralOf({
      referrerType: 'health-professional',
      childGivenName: 'Ivy',
      childFamilyName: 'Okoro',
      gp: 'C82044',
      nhsNumber: freshNhsNumber(),
      ...c,
    }).create(t.deps);
    return made.id;
  }

  const as = (person: CreatedStaff) => signedIn(t.app, person);
  const decide = decideOnPage;

  const lettersOf = (referralId: string) =>
    db()
      .selectFrom('referral_letters')
      .selectAll()
      .where('referral_id', '=', referralId)
      .orderBy('created_at')
      .orderBy('recipient_role')
      .execute();
  const messagesAbout = (referralId: string) =>
    db().selectFrom('outbox_messages').selectAll().where('subject_id', '=', referralId).execute();
  const decisionMessages = (referralId: string) =>
    messagesAbout(referralId).then((rows) => rows.filter((m) => m.template === 'decision-letter'));
  const storedFiles = () => {
    const dir = join(t.deps.config.attachmentsDir, LLR);
    return existsSync(dir) ? readdirSync(dir).sort() : [];
  };

  it('accepts: e-mails the referrer, and queues the family’s and the GP’s letters to print', async () => {
    const id = await aReferral();
    const client = await as(clinician);
    const saved = await decide(client, id, 'accept', { pathway: 'coordination', priority: 'soon', setting: 'school' });
    expect(saved.status).toBe(303);
    const letters = await lettersOf(id);
    expect(letters.map((l) => [l.recipient_role, l.channel, l.recipient_name])).toEqual([
      ['family', 'print', 'Grace Ndiaye'],
      ['gp', 'print', 'EMPINGHAM MEDICAL CENTRE'],
      ['referrer', 'email', 'Sam Okafor'],
    ]);
    const event = await db()
      .selectFrom('referral_events')
      .select('id')
      .where('referral_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(new Set(letters.map((l) => l.event_id))).toEqual(new Set([event.id]));
    // The referrer's letter is an outbox e-mail in the same transaction; the printed ones have none.
    const [message] = await decisionMessages(id);
    expect(message).toMatchObject({ recipient: 'sam.okafor@nhs.test', channel: 'email', status: 'pending' });
    expect(letters.find((l) => l.recipient_role === 'referrer')?.outbox_message_id).toBe(message!.id);
    const personalisation = JSON.parse(message!.personalisation) as Record<string, string>;
    expect(Object.keys(personalisation).sort()).toEqual(['body', 'subject']);
    expect(personalisation.subject).toMatch(/^Referral accepted: Ivy Okoro, reference OT-/u);
    expect(personalisation.body).toContain('onto our Physical Disability: Coordination pathway');
    // The priority chosen is stated, so a wrong one can be seen and questioned (hazard H17).
    expect(personalisation.body).toMatch(/priority of soon/iu);
    // The GP's letter is addressed from the reference data.
    const gp = letters.find((l) => l.recipient_role === 'gp')!;
    expect(JSON.parse(gp.content)).toMatchObject({ addressLines: ['MAIN STREET', 'EMPINGHAM', 'OAKHAM', 'LE15 8PR'] });
    expect(gp.html).toContain('For your information: we have accepted a referral for your patient');
  });

  it.each<{ action: string; fields: FormFields; familyEmail: string; expected: string[][]; says: string }>([
    {
      action: 'decline',
      fields: { reason: 'not-significant', signposting: ['2', '3'] },
      familyEmail: 'grace@example.com',
      expected: [
        ['family', 'email'],
        ['gp', 'print'],
        ['referrer', 'email'],
      ],
      says: 'SENDIASS Leicester',
    },
    {
      action: 'redirect',
      fields: { to: 'physiotherapy', note: 'The main need is gross motor.' },
      familyEmail: '',
      expected: [
        ['family', 'print'],
        ['gp', 'print'],
        ['referrer', 'email'],
      ],
      says: 'The main need is gross motor.',
    },
    {
      action: 'request-information',
      fields: {
        whatIsNeeded: 'The school report',
        'replyBy[day]': '11',
        'replyBy[month]': '12',
        'replyBy[year]': '2026',
      },
      familyEmail: '',
      expected: [
        ['family', 'print'],
        ['referrer', 'email'],
      ],
      says: '11 December 2026',
    },
    {
      action: 'give-advice',
      fields: { advice: 'Try the handwriting strategies leaflet.' },
      familyEmail: 'grace@example.com',
      expected: [
        ['family', 'email'],
        ['gp', 'print'],
        ['referrer', 'email'],
      ],
      says: 'Try the handwriting strategies leaflet.',
    },
  ])(
    '$action: sends its letters to the right people by the right way',
    async ({ action, fields, familyEmail, expected, says }) => {
      const id = await aReferral({ familyEmail });
      const saved = await decide(await as(clinician), id, action, fields);
      expect(saved.status).toBe(303);
      const letters = await lettersOf(id);
      expect(letters.map((l) => [l.recipient_role, l.channel])).toEqual(expected);
      expect(letters.some((l) => l.html.includes(says))).toBe(true);
      const messages = await decisionMessages(id);
      expect(messages.map((m) => m.recipient).sort()).toEqual(
        letters
          .filter((l) => l.channel === 'email')
          .map((l) => (l.recipient_role === 'family' ? familyEmail : 'sam.okafor@nhs.test'))
          .sort(),
      );
    },
  );

  it('writes no letter for recording that information arrived', async () => {
    const id = await aReferral();
    const client = await as(clinician);
    await decide(client, id, 'request-information', {
      whatIsNeeded: 'The school report',
      'replyBy[day]': '11',
      'replyBy[month]': '12',
      'replyBy[year]': '2026',
    });
    const back = await client.post(`/staff/triage/referrals/${id}/decision/information-received`, {
      version: '2',
      note: 'Report arrived',
    });
    expect(back.status).toBe(303);
    expect(await lettersOf(id)).toHaveLength(2);
  });

  it('shows a child’s name with markup or template syntax as the literal text, in the letter, its page and its PDF', async () => {
    const id = await aReferral({ childGivenName: '<script>alert(1)</script>', childFamilyName: '{{7*7}}' });
    const client = await as(clinician);
    await decide(client, id, 'accept', { pathway: 'coordination', priority: 'routine', setting: 'clinic' });
    const letters = await lettersOf(id);
    for (const letter of letters) {
      expect(letter.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; {{7*7}}');
      expect(letter.html).not.toContain('<script>');
    }
    const page = await client.get(`/staff/triage/referrals/${id}`);
    const links = page.screen.getAllByRole('link', { name: /^Read the letter to/u });
    expect(links).toHaveLength(3);
    const letterPage = await client.get(links[0]!.getAttribute('href')!);
    expect(letterPage.status).toBe(200);
    expect(text(letterPage.document.querySelector('main'))).toContain('<script>alert(1)</script> {{7*7}}');
    for (const script of letterPage.document.querySelectorAll('script'))
      expect(script.textContent).not.toContain('alert');
    expect(letterPage.body).not.toContain('49,');
  });

  it('never puts safeguarding details in a letter or its e-mail', async () => {
    const id = await aReferral({ safeguarding: true, familyEmail: 'grace@example.com' });
    expect(
      (await db().selectFrom('referrals').select('answers').where('id', '=', id).executeTakeFirstOrThrow()).answers,
    ).toContain(SAFEGUARDING);
    await decide(await as(clinician), id, 'give-advice', { advice: 'Try the handwriting strategies leaflet.' });
    const letters = await lettersOf(id);
    expect(letters).toHaveLength(3);
    for (const letter of letters) {
      expect(letter.html).not.toContain(SAFEGUARDING);
      expect(letter.content).not.toContain(SAFEGUARDING);
    }
    for (const message of await messagesAbout(id)) expect(message.personalisation).not.toContain(SAFEGUARDING);
  });

  it('lists the letters on the referral page, shows each one, and downloads its PDF as an attachment; all audited', async () => {
    const id = await aReferral();
    const client = await as(clinician);
    await decide(client, id, 'accept', { pathway: 'early-years', priority: 'urgent', setting: 'home' });
    const page = await client.get(`/staff/triage/referrals/${id}`);
    const main = text(page.document.querySelector('main'));
    expect(main).toContain('The referrer: Sam Okafor');
    expect(main).toContain('By email: waiting to be sent');
    expect(main).toContain('By post: waiting to be printed');
    const read = page.screen.getByRole('link', { name: 'Read the letter to the family' }).getAttribute('href')!;
    const letter = await client.get(read);
    expect(text(letter.document.querySelector('h1'))).toMatch(/^We can help Ivy Okoro: reference OT-/u);
    expect(text(letter.document.querySelector('main'))).toContain('12 Granby Street');
    const pdfHref = page.screen.getByRole('link', { name: 'PDF of the letter to the family' }).getAttribute('href')!;
    const pdf = await client.get(pdfHref);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^attachment; filename="letter-OT-[0-9A-Z-]+-family\.pdf"$/u);
    expect(pdf.headers['x-content-type-options']).toBe('nosniff');
    expect(pdf.body.startsWith('%PDF-')).toBe(true);
    const viewed = await db()
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id'])
      .where('subject_id', '=', id)
      .where('action', '=', 'referral.letter-viewed')
      .execute();
    expect(viewed).toEqual([
      { action: 'referral.letter-viewed', actor_user_id: clinician.id },
      { action: 'referral.letter-viewed', actor_user_id: clinician.id },
    ]);
    // A letter asked for under another referral is not found.
    const other = await aReferral();
    expect((await client.get(read.replace(id, other))).status).toBe(404);
    expect((await client.get(pdfHref.replace(id, other))).status).toBe(404);
  });

  it('gives admin officers a print queue: download, print, mark printed', async () => {
    const id = await aReferral({ familyEmail: 'grace@example.com' });
    await decide(await as(clinician), id, 'accept', { pathway: 'coordination', priority: 'soon', setting: 'school' });
    const [gpLetter] = (await lettersOf(id)).filter((l) => l.channel === 'print');
    const emailed = (await lettersOf(id)).find((l) => l.recipient_role === 'family')!;
    expect(gpLetter?.recipient_role).toBe('gp');
    const client = await as(officer);
    const queue = await client.get('/staff/letters/print');
    expect(queue.status).toBe(200);
    expect(queue.screen.getByRole('link', { name: 'Letters to print' })).toBeTruthy();
    const reference = (
      await db().selectFrom('referrals').select('reference').where('id', '=', id).executeTakeFirstOrThrow()
    ).reference;
    const row = [...queue.document.querySelectorAll('tbody tr')].find((r) => text(r).includes(reference));
    expect(text(row ?? null)).toContain('The GP: EMPINGHAM MEDICAL CENTRE');
    expect(text(row ?? null)).toContain('LE15 8PR');
    const pdf = await client.get(`/staff/letters/print/${gpLetter!.id}/pdf`);
    expect(pdf.headers['content-disposition']).toMatch(/^attachment;/u);
    expect(pdf.body.startsWith('%PDF-')).toBe(true);
    // Only letters that go by post are on the queue's side.
    expect((await client.get(`/staff/letters/print/${emailed.id}/pdf`)).status).toBe(404);
    const marked = await client.post(`/staff/letters/print/${gpLetter!.id}/printed`, {});
    expect(marked.location).toBe('/staff/letters/print?printed=1');
    const after = await client.follow(marked);
    expect(text(after.screen.getByRole('alert'))).toContain('Letter marked as printed');
    expect(text(after.document.querySelector('main'))).not.toContain(reference);
    const stored = (await lettersOf(id)).find((l) => l.id === gpLetter!.id);
    expect(stored?.printed_at).not.toBeNull();
    expect(stored?.printed_by).toBe(officer.id);
    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('subject_id', '=', gpLetter!.id)
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'referral.letter-viewed', outcome: 'success' },
      { action: 'referral.letter-printed', outcome: 'success' },
    ]);
    // Triage sees that it went; a clinician may not use the queue.
    const triage = await (await as(clinician)).get(`/staff/triage/referrals/${id}`);
    expect(text(triage.document.querySelector('main'))).toContain('By post: printed');
    expect((await (await as(clinician)).get('/staff/letters/print')).status).toBe(403);
  });

  it('takes the decision back, with its letters, PDFs and e-mails, when writing a letter fails', async () => {
    const id = await aReferral();
    const before = storedFiles();
    const client = await as(clinician);
    const failing = vi.spyOn(t.deps.outbox, 'enqueue').mockRejectedValueOnce(new Error('The outbox is unavailable'));
    try {
      const failed = await decide(client, id, 'accept', {
        pathway: 'coordination',
        priority: 'soon',
        setting: 'school',
      });
      expect(failed.status).toBe(500);
      expect(failing).toHaveBeenCalledTimes(1);
    } finally {
      failing.mockRestore();
    }
    expect(
      await db().selectFrom('referrals').select(['status', 'version']).where('id', '=', id).executeTakeFirstOrThrow(),
    ).toEqual({
      status: 'awaiting-triage',
      version: 1,
    });
    expect(await db().selectFrom('referral_events').select('id').where('referral_id', '=', id).execute()).toEqual([]);
    expect(await lettersOf(id)).toEqual([]);
    expect(await decisionMessages(id)).toEqual([]);
    // The PDF written before the failure is gone too.
    expect(storedFiles()).toEqual(before);
    // Nothing is left half-done to get in the way: the same decision goes through afterwards.
    const retried = await decide(client, id, 'accept', {
      pathway: 'coordination',
      priority: 'soon',
      setting: 'school',
    });
    expect(retried.status).toBe(303);
    expect(await lettersOf(id)).toHaveLength(3);
    expect(storedFiles()).toHaveLength(before.length + 3);
  });

  describe('every letter written in this file', () => {
    it('holds no safeguarding details and no placeholder left unfilled', async () => {
      const all = await db().selectFrom('referral_letters').select(['html', 'content', 'subject']).execute();
      expect(all.length).toBeGreaterThan(10);
      for (const letter of all) {
        for (const part of [letter.html, letter.content, letter.subject]) {
          expect(part).not.toContain(SAFEGUARDING);
          expect(part).not.toContain('((');
        }
      }
    });
  });
});
