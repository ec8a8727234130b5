/**
 * The reminder when a requested reply is overdue: sent once the reply-by date has passed and not before, once for each
 * request (a second pass, or two passes at once, send no more), never after the information arrived, and again for a
 * new request; to the referrer, by e-mail through the outbox or on the print queue, saying what was asked for and the
 * dates, never the safeguarding details; in the referral's history and the audit trail; and without changing the
 * referral's version, so a clinician's open decision page goes through.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { auditRows } from '../support/audit.js';
import type { TestClient } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { text } from '../support/html.js';
import { aReferral as aReferralOf } from '../support/factories.js';
import { signedIn } from '../support/journeys.js';
import type { ReferralCase } from '../support/referral.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

const SAFEGUARDING = 'Missed appointments.';

/** A valid NHS number of its own for each referral, so that no two referrals here are matched to one child. */
let serial = 500;
function freshNhsNumber(): string {
  for (;;) {
    const base = `999${String(serial++).padStart(6, '0')}`;
    const check = 11 - (base.split('').reduce((sum, d, i) => sum + Number(d) * (10 - i), 0) % 11);
    if (check !== 10) return `${base}${String(check === 11 ? 0 : check)}`;
  }
}

const dateFields = (name: string, iso: string) => {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { [`${name}[day]`]: String(Number(day)), [`${name}[month]`]: String(Number(month)), [`${name}[year]`]: year };
};

describeEachDialect('reminders for overdue replies', (dialect) => {
  let t: TestApp;
  let clinician: CreatedStaff;
  let officer: CreatedStaff;
  // Time only moves forward in this file, so that each test's referrals are settled before the next test's passes.
  let now = new Date('2026-11-27T10:00:00Z').getTime();
  const setTime = (iso: string) => {
    const next = new Date(iso).getTime();
    if (next < now) throw new Error(`The clock only moves forward here: ${iso}`);
    now = next;
  };
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: () => new Date(now) });
    clinician = await aStaffMember().called('Tess Triage').withRoles('triage-clinician').create(t.deps);
    officer = await aStaffMember().called('Olu Officer').withRoles('admin-officer').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  const db = () => t.deps.database.db;
  const pass = () => t.deps.replyReminders.remindOverdue();

  /** A referral from a health visitor with an e-mail address, unless the case says otherwise; returns its id. */
  async function aReferral(c: Partial<ReferralCase> = {}): Promise<string> {
    const made = await aReferralOf({
      referrerType: 'health-professional',
      childGivenName: 'Ivy',
      childFamilyName: 'Okoro',
      nhsNumber: freshNhsNumber(),
      ...c,
    }).create(t.deps);
    return made.id;
  }

  /** Signed in now: sessions end when the clock moves on by days, so each step signs in afresh. */
  const as = (person: CreatedStaff) => signedIn(t.app, person);

  async function requestInformation(id: string, version: number, whatIsNeeded: string, replyBy: string) {
    const client = await as(clinician);
    await client.get(`/staff/triage/referrals/${id}/decision/request-information`);
    const asked = await client.post(`/staff/triage/referrals/${id}/decision/request-information`, {
      version: String(version),
      whatIsNeeded,
      ...dateFields('replyBy', replyBy),
    });
    expect(asked.status).toBe(303);
  }

  async function informationReceived(client: TestClient, id: string, version: number) {
    return client.post(`/staff/triage/referrals/${id}/decision/information-received`, {
      version: String(version),
      note: 'The report arrived',
    });
  }

  const referral = (id: string) =>
    db().selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const reminders = (id: string) =>
    db()
      .selectFrom('referral_events')
      .selectAll()
      .where('referral_id', '=', id)
      .where('action', '=', 'reply-reminder')
      .orderBy('occurred_at')
      .execute();
  const remindersLetters = async (id: string) => {
    const events = new Set((await reminders(id)).map((e) => e.id));
    const letters = await db()
      .selectFrom('referral_letters')
      .selectAll()
      .where('referral_id', '=', id)
      .orderBy('created_at')
      .execute();
    return letters.filter((l) => events.has(l.event_id));
  };
  const message = (id: string | null) =>
    db()
      .selectFrom('outbox_messages')
      .selectAll()
      .where('id', '=', id ?? '')
      .executeTakeFirstOrThrow();
  const storedFiles = () => {
    const dir = join(t.deps.config.attachmentsDir, LLR);
    return existsSync(dir) ? readdirSync(dir).sort() : [];
  };

  it('reminds the referrer by e-mail once the reply-by date has passed, and not before; once', async () => {
    const id = await aReferral();
    await requestInformation(id, 1, 'The school’s report on handwriting', '2026-12-11');
    const asked = await referral(id);
    expect(asked).toMatchObject({ status: 'more-information-requested', version: 2, reply_reminded_at: null });

    // Not while the reply is still due: the day it was asked, on the reply-by date, or in its last minute.
    for (const time of ['2026-11-27T10:00:00Z', '2026-12-11T10:00:00Z', '2026-12-11T23:59:00Z']) {
      setTime(time);
      expect(await pass()).toEqual({ reminded: 0, failed: 0 });
    }
    expect(await reminders(id)).toEqual([]);

    // A clinician opens the page to record that the information arrived, just before the reminder goes.
    setTime('2026-12-12T00:00:30Z');
    const client = await as(clinician);
    await client.get(`/staff/triage/referrals/${id}/decision/information-received`);
    expect(await pass()).toEqual({ reminded: 1, failed: 0 });

    // The reminder is not a decision: the status, the version and the last decision stay as they were.
    const reminded = await referral(id);
    expect(reminded).toMatchObject({
      status: 'more-information-requested',
      version: 2,
      reply_due_on: '2026-12-11',
      reply_reminded_at: '2026-12-12T00:00:30.000Z',
      decided_at: asked.decided_at,
      updated_at: asked.updated_at,
    });
    const [event, ...more] = await reminders(id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      service_id: LLR,
      actor_user_id: null,
      from_status: 'more-information-requested',
      to_status: 'more-information-requested',
      occurred_at: '2026-12-12T00:00:30.000Z',
    });
    expect(JSON.parse(event!.detail)).toEqual({
      whatIsNeeded: 'The school’s report on handwriting',
      replyBy: '2026-12-11',
    });

    // One letter, to the referrer, e-mailed through the outbox, saying what was asked for, when and by when.
    const [letter, ...others] = await remindersLetters(id);
    expect(others).toEqual([]);
    expect(letter).toMatchObject({ recipient_role: 'referrer', recipient_name: 'Sam Okafor', channel: 'email' });
    expect(letter!.subject).toMatch(/^Reminder: more information needed for Ivy Okoro, reference OT-/u);
    const sent = await message(letter!.outbox_message_id);
    expect(sent).toMatchObject({
      template: 'decision-letter',
      channel: 'email',
      recipient: 'sam.okafor@nhs.test',
      status: 'pending',
    });
    const body = (JSON.parse(sent.personalisation) as { body: string }).body;
    for (const expected of [
      '12 December 2026',
      'On 27 November 2026 we wrote to ask you for some more information about this referral.',
      'We asked for:\nThe school’s report on handwriting',
      'We asked you to send it by 11 December 2026. We have not had it yet.',
      'please call us on 0116 295 2495',
    ]) {
      expect(body).toContain(expected);
    }
    expect(letter!.html).toContain('The school’s report on handwriting');

    // The audit trail has it, done by no one (the system), in the service's chain.
    const audited = await auditRows(t.deps, { action: 'referral.reply-reminder-sent' });
    expect(audited.filter((a) => a.subject_id === id)).toEqual([
      expect.objectContaining({
        service_id: LLR,
        actor_user_id: null,
        subject_type: 'referral',
        outcome: 'success',
      }),
    ]);
    expect(JSON.parse(audited.find((a) => a.subject_id === id)!.detail ?? '{}')).toEqual({
      replyBy: '2026-12-11',
      letters: 1,
    });

    // The clinician's page, opened before the reminder, still goes through: the version did not move.
    const recorded = await informationReceived(client, id, 2);
    expect(recorded.location).toBe(`/staff/triage/referrals/${id}?decided=1`);
    expect(await referral(id)).toMatchObject({ status: 'awaiting-triage', version: 3 });

    // A second pass, later, sends nothing more.
    setTime('2026-12-14T09:00:00Z');
    expect(await pass()).toEqual({ reminded: 0, failed: 0 });
    expect(await reminders(id)).toHaveLength(1);
    expect(await remindersLetters(id)).toHaveLength(1);

    // The history shows it, with its letter.
    const again = await as(clinician);
    const page = await again.get(`/staff/triage/referrals/${id}`);
    const history = [...page.document.querySelectorAll('tbody tr')].map((r) => text(r));
    expect(history).toContainEqual(expect.stringContaining('Reminder sent: reply overdue'));
    const row = history.find((r) => r.includes('Reminder sent: reply overdue'))!;
    expect(row).toContain('Sent automatically');
    expect(row).toContain('Information needed: The school’s report on handwriting');
    expect(row).toContain('Reply by: 11 December 2026');
    expect(page.screen.getAllByRole('link', { name: 'Read the letter to the referrer' })).toHaveLength(2);
  });

  it('sends exactly one reminder when two passes run at once', async () => {
    const id = await aReferral();
    await requestInformation(id, 1, 'The physiotherapy report', '2026-12-20');
    setTime('2026-12-21T09:00:00Z');
    const [a, b] = await Promise.all([pass(), pass()]);
    expect(a.reminded + b.reminded).toBe(1);
    expect(a.failed + b.failed).toBe(0);
    expect(await reminders(id)).toHaveLength(1);
    const letters = await remindersLetters(id);
    expect(letters).toHaveLength(1);
    const messages = await db()
      .selectFrom('outbox_messages')
      .select('id')
      .where('subject_id', '=', id)
      .where('template', '=', 'decision-letter')
      .execute();
    // The request's e-mail to the referrer, and one reminder.
    expect(messages).toHaveLength(2);
    expect(
      (await auditRows(t.deps, { action: 'referral.reply-reminder-sent' })).filter((r) => r.subject_id === id),
    ).toHaveLength(1);
  });

  it('sends no reminder once the information has arrived', async () => {
    const id = await aReferral();
    await requestInformation(id, 1, 'The school report', '2026-12-30');
    const back = await informationReceived(await as(clinician), id, 2);
    expect(back.status).toBe(303);
    setTime('2026-12-31T09:00:00Z');
    expect(await pass()).toEqual({ reminded: 0, failed: 0 });
    expect(await reminders(id)).toEqual([]);
    expect(await referral(id)).toMatchObject({ status: 'awaiting-triage', reply_reminded_at: null });
  });

  it('reminds a new request again once it is overdue in its turn', async () => {
    const id = await aReferral();
    await requestInformation(id, 1, 'The school report', '2027-01-08');
    setTime('2027-01-09T09:00:00Z');
    expect(await pass()).toEqual({ reminded: 1, failed: 0 });
    const back = await informationReceived(await as(clinician), id, 2);
    expect(back.status).toBe(303);
    await requestInformation(id, 3, 'The report from the paediatrician', '2027-01-20');
    expect(await referral(id)).toMatchObject({ reply_due_on: '2027-01-20', reply_reminded_at: null });
    expect(await pass()).toEqual({ reminded: 0, failed: 0 });
    setTime('2027-01-21T09:00:00Z');
    expect(await pass()).toEqual({ reminded: 1, failed: 0 });
    const events = await reminders(id);
    expect(events.map((e) => JSON.parse(e.detail) as unknown)).toEqual([
      { whatIsNeeded: 'The school report', replyBy: '2027-01-08' },
      { whatIsNeeded: 'The report from the paediatrician', replyBy: '2027-01-20' },
    ]);
    const letters = await remindersLetters(id);
    expect(letters).toHaveLength(2);
    // The second reminder speaks of the second request: what it asked for, when and by when.
    const second = letters.find((l) => l.event_id === events[1]!.id)!;
    expect(second.html).toContain('The report from the paediatrician');
    expect(second.html).toContain('On 9 January 2027 we wrote');
    expect(second.html).toContain('by 20 January 2027');
    expect(second.html).not.toContain('The school report');
  });

  it('puts the reminder on the print queue for a referrer with no e-mail address, never with safeguarding details', async () => {
    // A parent who referred their own child, with no e-mail address, and a safeguarding concern.
    const id = await aReferral({ referrerType: 'parent-carer', safeguarding: true });
    expect((await referral(id)).answers).toContain(SAFEGUARDING);
    await requestInformation(id, 1, 'Your notes about the missed appointments.', '2027-02-01');
    setTime('2027-02-02T09:00:00Z');
    expect(await pass()).toEqual({ reminded: 1, failed: 0 });
    const [letter, ...others] = await remindersLetters(id);
    expect(others).toEqual([]);
    // The parent was the one asked, so the reminder is theirs, as the referrer, and it says what is needed.
    expect(letter).toMatchObject({
      recipient_role: 'referrer',
      recipient_name: 'Grace Ndiaye',
      channel: 'print',
      outbox_message_id: null,
    });
    for (const part of [letter!.html, letter!.content, letter!.subject]) {
      expect(part.toLowerCase()).not.toContain(SAFEGUARDING.toLowerCase());
    }
    expect(letter!.html).toContain('We asked for:<br>Your notes about the [withheld]');
    expect(letter!.html).toContain('by 1 February 2027');
    const queue = await (await as(officer)).get('/staff/letters/print');
    const { reference } = await referral(id);
    const rows = [...queue.document.querySelectorAll('tbody tr')].map((r) => text(r));
    const row = rows.find((r) => r.includes(reference) && r.includes('The referrer'));
    expect(row).toContain('The referrer: Grace Ndiaye');
  });

  it('leaves a referral whose reminder failed to the next pass, taking back everything it wrote', async () => {
    const id = await aReferral();
    await requestInformation(id, 1, 'The school report', '2027-02-10');
    setTime('2027-02-11T09:00:00Z');
    const before = storedFiles();
    const failing = vi.spyOn(t.deps.outbox, 'enqueue').mockRejectedValueOnce(new Error('The outbox is unavailable'));
    try {
      expect(await pass()).toEqual({ reminded: 0, failed: 1 });
    } finally {
      failing.mockRestore();
    }
    expect(await referral(id)).toMatchObject({ reply_reminded_at: null, version: 2 });
    expect(await reminders(id)).toEqual([]);
    expect(storedFiles()).toEqual(before);
    expect(
      (await auditRows(t.deps, { action: 'referral.reply-reminder-sent' })).filter((r) => r.subject_id === id),
    ).toEqual([]);
    setTime('2027-02-11T09:15:00Z');
    expect(await pass()).toEqual({ reminded: 1, failed: 0 });
    expect(await remindersLetters(id)).toHaveLength(1);
  });

  describe('every reminder written in this file', () => {
    it('left the service’s audit chain intact', async () => {
      for (const check of await t.deps.audit.verify(LLR)) expect(check.brokenAtId).toBeNull();
    });

    it('holds no safeguarding details and no placeholder left unfilled', async () => {
      const letters = await db()
        .selectFrom('referral_letters')
        .innerJoin('referral_events', 'referral_events.id', 'referral_letters.event_id')
        .select(['referral_letters.html', 'referral_letters.content', 'referral_letters.subject'])
        .where('referral_events.action', '=', 'reply-reminder')
        .execute();
      expect(letters.length).toBeGreaterThanOrEqual(6);
      for (const letter of letters) {
        for (const part of [letter.html, letter.content, letter.subject]) {
          expect(part).not.toContain(SAFEGUARDING);
          expect(part).not.toContain('((');
        }
      }
    });
  });
});
