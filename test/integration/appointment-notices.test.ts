/**
 * Telling families about appointments (issue 13 item 5, docs/adr/0040), on both databases: the appointment letter
 * (e-mailed with a one-time link, or left for printing), a recurring booking's one letter, reminders on schedule and
 * once (two runs, two servers, a movable clock), the service's cancellation, and minimum necessary in every message
 * (hazard "message to the wrong person"). The family's link is tested in appointment-family-links.test.ts.
 *
 * Appointments are written by test/support/care-appointments.ts and told to `deps.appointmentNotices` as the booking
 * use case tells it, inside one transaction.
 */
import { expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import {
  BOOKED_ON,
  FAMILY_EMAIL,
  LINK,
  MOBILE,
  NEVER_SENT,
  fieldsOf,
  noticeWorld,
} from '../support/appointment-notices.js';
import { aStaffMember } from '../support/builders.js';
import { aClinician, staffContext } from '../support/booking-world.js';
import { aChildWaiting, bookAndTell, cancelAndTell, placeAppointment } from '../support/care-appointments.js';
import { TestClient } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { text } from '../support/html.js';
import { signIn } from '../support/journeys.js';

describeEachDialect('appointment letters and reminders', (dialect) => {
  const w = noticeWorld(dialect);

  it('e-mails the letter to the parent with a one-time link, and keeps it for the appointment page', async () => {
    const child = await w.bookedChild('2027-02-02T10:30:00.000Z', { familyEmail: FAMILY_EMAIL.toUpperCase() });
    const letters = await w.t.deps.appointmentNotices.lettersFor('llr-childrens-ot', child.appointmentId);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ kind: 'booked', channel: 'email' });
    const [message] = await w.messagesOf('appointment-booked', FAMILY_EMAIL.toUpperCase());
    expect(message).toBeDefined();
    expect(message?.subject_type).toBe('family-link');
    const personalisation = JSON.parse(message?.personalisation ?? '{}') as Record<string, string>;
    expect(personalisation.link).toBe('http://localhost:3000/your-child/appointment/•••••••');
    expect(personalisation.subject).toBe('Appointment for Amara');
    expect(personalisation.body).toContain('Tuesday 2 February 2027, 10:30am to 11:30am (GMT)');
    expect(personalisation.body).toContain('Where: Bridge Park Clinic, 1 Bridge Park Road, Leicester, LE4 8BL');
    expect(personalisation.body).toContain('With: Jo Therapist');
    expect(personalisation.body).toContain('0116 295 2495');
    for (const never of NEVER_SENT) expect(JSON.stringify(personalisation)).not.toContain(never);

    // Staff with diary:read see the letter and its PDF; another appointment's id finds nothing.
    const staff = new TestClient(w.t.app);
    await signIn(staff, w.clinician);
    const letterId = letters[0]?.id ?? '';
    const page = await staff.get(paths.appointments.letter.build({ appointmentId: child.appointmentId, letterId }));
    expect(page.status).toBe(200);
    expect(text(page.document.querySelector('main'))).toContain('Appointment for Amara');
    const pdf = await staff.get(paths.appointments.letterPdf.build({ appointmentId: child.appointmentId, letterId }));
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const other = await w.bookedChild('2027-02-03T10:30:00.000Z');
    expect(
      (await staff.get(paths.appointments.letter.build({ appointmentId: other.appointmentId, letterId }))).status,
    ).toBe(404);
    const audited = await w
      .db()
      .selectFrom('audit_events')
      .select(['action', 'subject_id', 'detail'])
      .where('action', '=', 'appointment.letter-viewed')
      .execute();
    expect(audited.some((a) => a.subject_id === child.appointmentId)).toBe(true);
    expect(JSON.stringify(audited)).not.toContain('Amara');
  });

  it('leaves the letter for printing, to the family’s own address, when there is no e-mail address', async () => {
    const child = await w.bookedChild('2027-02-04T14:15:00.000Z', {});
    const [letter] = await w.t.deps.appointmentNotices.lettersFor('llr-childrens-ot', child.appointmentId);
    expect(letter).toMatchObject({ channel: 'print', printedAt: null });
    expect(letter?.letter.addressLines).toEqual(['12 Granby Street', 'Leicester', 'LE1 6FB']);
    expect(letter?.letter.recipientName).toBe('Grace Ndiaye');
    // The telephone, never a link: a printed letter cannot carry a secret that is not stored.
    expect(letter?.letter.paragraphs.join('\n')).toContain('Please call us on 0116 295 2495 to confirm');
    expect(letter?.letter.paragraphs.join('\n')).not.toContain('Granby');
    const toPrint = await w.t.deps.appointmentNotices.toPrint('llr-childrens-ot');
    expect(toPrint.map((l) => l.id)).toContain(letter?.id);

    // An admin officer prints it from the list of appointment letters to print, and marks it printed once.
    const officer = new TestClient(w.t.app);
    await signIn(officer, await aStaffMember().withRoles('admin-officer').create(w.t.deps));
    const list = await officer.get(paths.letters.appointmentLetters.build());
    expect(list.status).toBe(200);
    expect(text(list.document.querySelector('main'))).toContain('Grace Ndiaye');
    const letterId = letter?.id ?? '';
    const pdf = await officer.get(paths.appointments.letterPdf.build({ appointmentId: child.appointmentId, letterId }));
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((await officer.post(paths.letters.appointmentLetterPrinted.build({ letterId }))).status).toBe(303);
    expect((await officer.post(paths.letters.appointmentLetterPrinted.build({ letterId }))).status).toBe(404);
    expect(
      (await officer.post(paths.letters.appointmentLetterPrinted.build({ letterId }), { extra: '1' })).status,
    ).toBe(400);
    const [after] = await w.t.deps.appointmentNotices.lettersFor('llr-childrens-ot', child.appointmentId);
    expect(after?.printedAt).not.toBeNull();
    // A clinician may read the letter but not work the print list.
    const staff = new TestClient(w.t.app);
    await signIn(staff, w.clinician);
    expect((await staff.get(paths.letters.appointmentLetters.build())).status).toBe(403);
    const queued = await w
      .db()
      .selectFrom('outbox_messages')
      .select('id')
      .where('subject_id', '=', child.appointmentId)
      .execute();
    expect(queued).toEqual([]);
  });

  it('writes one letter for every session of a recurring booking, and says “at your home” for a home visit', async () => {
    w.time.set(BOOKED_ON);
    const child = await aChildWaiting(w.t.deps, { familyEmail: FAMILY_EMAIL });
    const weekly = ['2027-03-01T10:00:00.000Z', '2027-03-08T10:00:00.000Z', '2027-03-29T09:00:00.000Z'];
    const ids = await bookAndTell(
      w.t.deps,
      weekly.map((startsAt) => ({
        episodeId: child.episodeId,
        clinicianId: w.clinician.id,
        startsAt,
        type: 'therapy-session',
        place: 'home' as const,
        minutes: 45,
      })),
    );
    const letters = await w.t.deps.appointmentNotices.lettersFor('llr-childrens-ot', ids[0] ?? '');
    expect(letters).toHaveLength(1);
    const body = letters[0]?.letter.paragraphs.join('\n') ?? '';
    expect(body).toContain('We have booked 3 appointments for Amara');
    expect(body).toContain('Monday 1 March 2027, 10:00am to 10:45am (GMT)');
    // After the clocks go forward, 09:00 UTC is 10:00 in London, in British Summer Time.
    expect(body).toContain('Monday 29 March 2027, 10:00am to 10:45am (BST)');
    expect(body.match(/Where: At your home/gu)).toHaveLength(3);
    expect(body).not.toContain('Granby');
    expect(letters[0]?.letter.addressLines).toEqual([]);
  });

  it('is told by the booking use case itself: a block of home visits in one letter, then the service’s cancellation', async () => {
    w.time.set(BOOKED_ON);
    const therapist = await aClinician(w.t.deps, 'Priya Natarajan');
    const child = await aChildWaiting(w.t.deps, { familyEmail: FAMILY_EMAIL });
    const booked = await w.t.deps.booking.book(staffContext(therapist), 'llr-childrens-ot', {
      episodeId: child.episodeId,
      choice: {
        type: 'therapy-session',
        place: 'home',
        clinicianIds: [therapist.id],
        roomId: null,
        sessions: 3,
        everyWeeks: 1,
        capacity: null,
      },
      date: '2027-03-22',
      time: '10:00',
    });
    expect(booked.ok).toBe(true);
    if (!booked.ok) return;
    const [first = '', , third = ''] = booked.appointmentIds;
    const [letter] = await w.t.deps.appointmentNotices.lettersFor('llr-childrens-ot', first);
    const body = letter?.letter.paragraphs.join('\n') ?? '';
    expect(body).toContain('We have booked 3 appointments for Amara');
    // Across the clocks going forward on 28 March: 10:00 in London each week, GMT then BST.
    expect(body).toContain('Monday 22 March 2027, 10:00am to 10:45am (GMT)');
    expect(body).toContain('Monday 29 March 2027, 10:00am to 10:45am (BST)');
    expect(body).toContain('With: Priya Natarajan');
    expect(body).not.toContain('Granby');
    const cancelled = await w.t.deps.booking.cancelByService(
      staffContext(therapist),
      'llr-childrens-ot',
      third,
      1,
      'The therapist is on a course.',
    );
    expect(cancelled.ok).toBe(true);
    const [told] = await w.t.deps.appointmentNotices.lettersFor('llr-childrens-ot', third);
    expect(told?.kind).toBe('cancelled');
    expect(told?.letter.paragraphs.join('\n')).toContain('Monday 5 April 2027, 10:00am to 10:45am (BST)');
  });

  it('sends each reminder on its day, once, even when the job runs twice or on two servers at once', async () => {
    // Wednesday 17 February 2027, 10:30 in London (GMT); e-mail 7 days before, text message 2 days before.
    const child = await w.bookedChild('2027-02-17T10:30:00.000Z');
    const reminders = async () => [
      ...(await w.messagesOf('appointment-reminder', FAMILY_EMAIL)),
      ...(await w.messagesOf('appointment-reminder', MOBILE)),
    ];
    const mine = async () =>
      (await reminders()).filter((m) =>
        (JSON.parse(m.personalisation) as { when: string }).when.includes('17 February'),
      );

    w.time.set(new Date('2027-02-09T23:30:00.000Z')); // Tuesday 9 February: 8 days before.
    await w.t.deps.appointmentNotices.remindDue();
    expect(await mine()).toHaveLength(0);

    w.time.set(new Date('2027-02-10T00:05:00.000Z')); // Wednesday 10 February, just after midnight: 7 days before.
    await Promise.all([w.t.deps.appointmentNotices.remindDue(), w.t.deps.appointmentNotices.remindDue()]);
    await w.t.deps.appointmentNotices.remindDue();
    const email = await mine();
    expect(email.map((m) => m.channel)).toEqual(['email']);
    const emailFields = JSON.parse(email[0]?.personalisation ?? '{}') as Record<string, string>;
    expect(emailFields).toMatchObject({
      first_name: 'Amara',
      when: 'Wednesday 17 February 2027 at 10:30am (GMT)',
      place: 'Bridge Park Clinic',
      link: 'http://localhost:3000/your-child/appointment/•••••••',
    });

    w.time.set(new Date('2027-02-15T09:00:00.000Z')); // Monday 15 February: 2 days before.
    await w.t.deps.appointmentNotices.remindDue();
    await w.t.deps.appointmentNotices.remindDue();
    const both = await mine();
    expect(both.map((m) => m.channel)).toEqual(['email', 'sms']);
    expect(both[1]?.recipient).toBe(MOBILE);
    for (const m of both) for (const never of NEVER_SENT) expect(m.personalisation).not.toContain(never);

    // The text message as the local provider recorded it: first name, when, the clinic's name, the link filled in.
    await w.t.deps.outboxDispatcher.runOnce();
    const sms = await w.t.deps.localMailbox.read(both[1]?.id ?? '');
    expect(sms).toContain('Amara has an appointment on Wednesday 17 February 2027 at 10:30am (GMT) at Bridge Park');
    expect(sms).toMatch(LINK);
    for (const never of NEVER_SENT) expect(sms).not.toContain(never);

    // Once the appointment has started, nothing more goes.
    w.time.set(new Date('2027-02-17T10:31:00.000Z'));
    await w.t.deps.appointmentNotices.remindDue();
    expect(await mine()).toHaveLength(2);
    const recorded = await w
      .db()
      .selectFrom('appointment_reminders' as never)
      .selectAll()
      .where('appointment_id' as never, '=', child.appointmentId as never)
      .execute();
    expect(recorded).toHaveLength(2);
  });

  it('registers the reminders as the scheduled job remind-appointments', () => {
    expect(w.t.deps.jobs.names()).toContain('remind-appointments');
  });

  it('tells the family when the service cancels, with the reason and the telephone; the old link no longer works', async () => {
    const child = await w.bookedChild('2027-02-25T10:00:00.000Z');
    const [booked] = (await w.messagesOf('appointment-booked', FAMILY_EMAIL)).filter((m) =>
      fieldsOf(m).body?.includes('25 February'),
    );
    const token = await w.sentLink(booked?.id ?? '');
    w.time.set(new Date('2027-02-15T10:00:00.000Z'));
    await cancelAndTell(
      w.t.deps,
      { appointmentId: child.appointmentId, episodeId: child.episodeId },
      'The therapist is unwell.',
    );
    const [cancelled] = await w
      .db()
      .selectFrom('outbox_messages')
      .select(['personalisation', 'recipient'])
      .where('template', '=', 'appointment-cancelled')
      .where('subject_id', '=', child.appointmentId)
      .execute();
    expect(cancelled?.recipient).toBe(FAMILY_EMAIL);
    const fields = JSON.parse(cancelled?.personalisation ?? '{}') as Record<string, string>;
    expect(fields.subject).toBe('Appointment cancelled for Amara');
    expect(fields.body).toContain('Why: The therapist is unwell.');
    expect(fields.body).toContain('0116 295 2495');
    for (const never of NEVER_SENT) expect(JSON.stringify(fields)).not.toContain(never);
    const letters = await w.t.deps.appointmentNotices.lettersFor('llr-childrens-ot', child.appointmentId);
    expect(letters.map((l) => l.kind)).toEqual(['booked', 'cancelled']);
    expect((await new TestClient(w.t.app).get(paths.family.appointment.build({ token }))).status).toBe(410);
  });

  it('sends nothing to anyone but the referral’s parent contact', async () => {
    const child = await w.bookedChild('2027-02-26T10:00:00.000Z', { familyEmail: 'someone@family.test' });
    const sent = await w
      .db()
      .selectFrom('outbox_messages')
      .innerJoin('family_links', 'family_links.id', 'outbox_messages.subject_id')
      .select(['outbox_messages.recipient'])
      .where('family_links.episode_id', '=', child.episodeId)
      .execute();
    expect(sent.map((s) => s.recipient)).toEqual(['someone@family.test']);
    const placed = await placeAppointment(w.t.deps, {
      episodeId: child.episodeId,
      clinicianId: w.clinician.id,
      startsAt: '2027-02-27T10:00:00.000Z',
    });
    expect(placed.appointmentId).toBeTruthy();
  });
});
