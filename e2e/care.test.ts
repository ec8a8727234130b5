/**
 * Issue 13 in Chromium ("Done when", third bullet): after acceptance. A triage clinician accepts a referral in the
 * browser (six more children are accepted by the factory) and the waiting list shows all seven, with its bands. An
 * admin officer books from the waiting list: an initial assessment in a clinic room, a home visit, a school visit and
 * a group session with places, then adds a second child to the group from the appointment's page; a clinician books a
 * weekly block of therapy sessions from their caseload; the appointments' pages and the clinician's diary week show
 * them, and the booked children leave the list (those not booked stay). For appointments placed in the past, a
 * clinician records Was Not Brought twice (mouse, then keyboard) and opens the follow-up task. Families answer through
 * the links in the local mailbox: one confirms with JavaScript off, another asks to cancel with the keyboard, and the
 * admin officer sees the task. Messages show the letters and a reminder (the reminder use case on a clock a week
 * before the visit); posted letters are on the print list. Then the safeguarding flags and the team's caseloads.
 * Every page passes the full check (axe WCAG 2.x A/AA and headers), but those a family opens with JavaScript off.
 */
import pino from 'pino';
import { expect, it } from 'vitest';
import { buildDependencies } from '../src/composition.js';
import { loadConfig } from '../src/config.js';
import { findEpisodeOfReferral } from '../src/data/care/episodes.repository.js';
import { paths } from '../src/web/paths.js';
import { placeAppointment } from '../test/support/care-appointments-h6.js';
import { LLR } from '../test/support/test-app.js';
import { describeInBrowser } from './support/browser.js';
import {
  appointmentLinkFor,
  bookFromChoicePage,
  childrenWaiting,
  follow,
  longDay,
  messageTo,
  staffSessions,
  waitingBands,
  type Booked,
} from './support/care.js';
import {
  CHILD_KEYS,
  FAMILY_EMAIL,
  nameOf,
  ROOM_1,
  ROOM_2,
  seedCareWorld,
  type CareWorld,
  type ChildKey,
  type StaffKey,
} from './support/care-world.js';
import { andWaitForPage, expectErrorSummary, press, tick } from './support/checker.js';
import { checkPage, saveScreenshot } from './support/checks.js';
import { chooseRadio, pressByKeys, typeInto } from './support/referral.js';
import { heading } from './support/journeys.js';
import { useOtway } from './support/otway.js';
import { useSeeding } from './support/seed.js';

/** Seven children, some thirty bookings and outcome pages with axe on each: minutes when the two cores are shared. */
const SLOW = 300_000;
const DAY_MS = 86_400_000;
const NOTE = 'No one answered the door; the family did not call.';
const CHLOE_REASON = 'Chloe has a school trip that day.';

describeInBrowser('After acceptance: the waiting list, booking, outcomes, families and caseloads', () => {
  const otway = useOtway({ OUTBOX_POLL_SECONDS: '1' }, { referenceData: true });
  const seeding = useSeeding(otway);
  let world: CareWorld | undefined;
  const booked: Partial<Record<'assessment' | 'home' | 'school' | 'group' | 'block', Booked>> = {};
  const dataDir = () => otway.server.env.DATA_DIR ?? '';

  const signedIn = staffSessions(otway);
  const asStaff = (key: StaffKey) => signedIn(seeded().staff[key]);

  const seeded = (): CareWorld => {
    if (world === undefined) throw new Error('The first test seeds the staff and the children');
    return world;
  };
  const ref = (key: ChildKey) => seeded().children[key].reference;
  const staffName = (key: StaffKey) => seeded().staff[key].displayName;

  it(
    'a triage clinician accepts a referral, and the waiting list shows every child accepted, with its bands',
    async () => {
      world = await seedCareWorld(await seeding());

      const { page, watch } = await asStaff('triager');
      await page.goto(paths.triage.worklist.build());
      await checkPage(watch, page, 'care: triage worklist', { status: 200, signedIn: true });
      await follow(page, ref('a'));
      await follow(page, 'Accept onto a care pathway');
      await tick(page, 'Physical Disability: Coordination', 'Soon', 'In clinic');
      await press(page, 'Save decision');
      expect(await page.getByRole('main').innerText()).toContain('Decision recorded: Accepted');

      await andWaitForPage(page, () =>
        page.getByRole('banner').getByRole('link', { name: 'Waiting list', exact: true }).click(),
      );
      expect(await heading(page)).toBe('Waiting list');
      expect((await childrenWaiting(page)).sort()).toEqual(CHILD_KEYS.map(nameOf).sort());
      const bands = await waitingBands(page);
      expect(Object.keys(bands).length, 'the NHS England bands of weeks waited').toBeGreaterThan(3);
      expect(
        Object.values(bands).reduce((a, b) => a + b, 0),
        JSON.stringify(bands),
      ).toBe(7);
      await checkPage(watch, page, 'care: waiting list', { status: 200, signedIn: true });
      // A band's link filters the list to it; every child is still somewhere on it.
      await follow(page, Object.entries(bands).find(([, n]) => n > 0)![0]);
      expect((await childrenWaiting(page)).length).toBeGreaterThan(0);
      await checkPage(watch, page, 'care: waiting list, one band', { status: 200, signedIn: true });
    },
    SLOW,
  );

  it(
    'an admin officer books from the waiting list, a clinician books a weekly block, and the diary shows them',
    async () => {
      const { page, watch } = await asStaff('officer');
      const clinician = staffName('clinician');
      const colleague = staffName('colleague');
      /** From the waiting list, the child's entry, then "Book an appointment". */
      const startBooking = async (key: ChildKey, check?: string) => {
        await page.goto(paths.waitingList.list.build());
        await follow(page, nameOf(key));
        expect(await heading(page)).toBe(nameOf(key));
        if (check !== undefined) await checkPage(watch, page, check, { status: 200, signedIn: true });
        await andWaitForPage(page, () => page.getByRole('button', { name: 'Book an appointment' }).click());
      };
      const main = () => page.getByRole('main').innerText();

      await startBooking('a', 'care: waiting list entry');
      booked.assessment = await bookFromChoicePage(
        page,
        watch,
        { type: 'Initial assessment', place: 'In clinic', clinician, room: ROOM_1, weeksAhead: 2 },
        'care: initial assessment in clinic',
      );
      expect(await main()).toContain(nameOf('a'));
      expect(await main()).toMatch(/In clinic: Castle Clinic, Room 1/u);
      await checkPage(watch, page, 'care: appointment in clinic', { status: 200, signedIn: true });

      await startBooking('b');
      booked.home = await bookFromChoicePage(
        page,
        watch,
        { type: 'Initial assessment', place: 'At home', clinician: colleague, weeksAhead: 2 },
        'care: home visit',
      );
      expect(await main()).toContain('At home');
      expect(await main()).toContain(colleague);
      await checkPage(watch, page, 'care: home visit appointment', { status: 200, signedIn: true });

      await startBooking('c');
      booked.school = await bookFromChoicePage(page, watch, {
        type: 'School visit',
        place: 'At school',
        clinician: colleague,
        weeksAhead: 2,
      });
      expect(await main()).toContain('At school');
      await checkPage(watch, page, 'care: school visit appointment', { status: 200, signedIn: true });

      await startBooking('d');
      booked.group = await bookFromChoicePage(
        page,
        watch,
        { type: 'Group session', place: 'In clinic', clinician, room: ROOM_2, capacity: 4, weeksAhead: 2 },
        'care: group session',
      );
      expect(await main()).toContain('1 of 4 taken');
      // No double booking: each clinician's second appointment that week took the next free time, not the first.
      expect([booked.group.slot, booked.school.slot]).not.toContain(booked.assessment.slot);
      expect(booked.school.slot).not.toBe(booked.home.slot);
      await page
        .getByLabel('Referral reference of a child on the waiting list or a caseload', { exact: true })
        .fill(ref('e'));
      await press(page, 'Add to the group');
      expect(await main()).toContain(nameOf('e'));
      expect(await main()).toContain('2 of 4 taken');
      await checkPage(watch, page, 'care: group session with two children', { status: 200, signedIn: true });

      // Booked children leave the list; the two not booked stay on it.
      await page.goto(paths.waitingList.list.build());
      expect((await childrenWaiting(page)).sort()).toEqual([nameOf('f'), nameOf('g')].sort());
      await checkPage(watch, page, 'care: waiting list after booking', { status: 200, signedIn: true });

      // The first child's clinician books a block of four weekly therapy sessions from their caseload.
      const { page: own, watch: ownWatch } = await asStaff('clinician');
      await own.goto(paths.caseload.mine.build());
      expect(await own.getByRole('main').innerText()).toContain(nameOf('a'));
      await checkPage(ownWatch, own, 'care: my caseload', { status: 200, signedIn: true });
      await andWaitForPage(own, () =>
        own.getByRole('link', { name: `Book an appointment for ${nameOf('a')}` }).click(),
      );
      booked.block = await bookFromChoicePage(
        own,
        ownWatch,
        { type: 'Therapy session', place: 'In clinic', clinician, room: ROOM_1, sessions: 4, weeksAhead: 3 },
        'care: weekly block',
      );
      await checkPage(ownWatch, own, 'care: first session of the block', { status: 200, signedIn: true });

      // The clinician's diary, the week of the assessment and the group, and each week of the block.
      const diaryWeek = (date: string) => `${paths.diary.mine.build()}?view=week&date=${date}`;
      const linksTo = (id: string) =>
        own.locator(`a[href="${paths.appointments.appointment.build({ appointmentId: id })}"]`).count();
      await own.goto(diaryWeek(booked.assessment.date));
      expect(await linksTo(booked.assessment.appointmentId), 'the assessment in the diary').toBe(1);
      expect(await linksTo(booked.group.appointmentId), 'the group in the diary').toBe(1);
      await checkPage(ownWatch, own, 'care: clinician diary week', { status: 200, signedIn: true });
      for (let week = 0; week < 4; week += 1) {
        const date = new Date(Date.parse(`${booked.block.date}T12:00:00Z`) + week * 7 * DAY_MS);
        await own.goto(diaryWeek(date.toISOString().slice(0, 10)));
        const sessionsThatWeek = await own.getByRole('link', { name: /Therapy session/u }).count();
        expect(sessionsThatWeek, `a therapy session in week ${String(week + 1)} of the block`).toBe(1);
      }
    },
    SLOW,
  );

  it(
    'a clinician records Was Not Brought on the outcome page and opens the follow-up task',
    async () => {
      const deps = await seeding();
      const episode = await findEpisodeOfReferral(deps.database.db, LLR, seeded().children.f.id);
      const clinicianId = seeded().staff.clinician.id;
      const now = Date.now();
      const missed: { appointmentId: string }[] = [];
      for (const daysAgo of [14, 0])
        missed.push(
          await placeAppointment(deps, {
            episodeIds: [episode!.id],
            clinicianIds: [clinicianId],
            startsAt: new Date(now - daysAgo * DAY_MS - 3 * 3_600_000).toISOString(),
          }),
        );

      const { page, watch } = await asStaff('clinician');
      for (const [i, appointment] of missed.entries()) {
        await page.goto(paths.appointments.appointment.build({ appointmentId: appointment.appointmentId }));
        if (i === 0) await checkPage(watch, page, 'care: appointment in the past', { status: 200, signedIn: true });
        await andWaitForPage(page, () =>
          page
            .getByRole('link', { name: /^Record the outcome/u })
            .first()
            .click(),
        );
        if (i === 0) {
          await checkPage(watch, page, 'care: outcome', { status: 200, signedIn: true });
          await press(page, 'Save the outcome');
          await expectErrorSummary(page, 'Select what happened at the appointment');
          await checkPage(watch, page, 'care: outcome with errors', { status: 400, signedIn: true });
        }
        // The first with the mouse; the second with the keyboard alone.
        if (i === 0) {
          await tick(page, 'Was Not Brought');
          await page.getByLabel('What happened (note)', { exact: true }).fill(NOTE);
          await press(page, 'Save the outcome');
        } else {
          await chooseRadio(page, 'Attended', 'Was Not Brought');
          await typeInto(page, 'What happened (note)', NOTE);
          await pressByKeys(page, 'Save the outcome');
        }
        const banner = await page.getByRole('main').innerText();
        expect(banner).toContain('A follow-up task has been made for the clinician');
        if (i === 1)
          expect
            .soft(banner, 'two Was Not Brought in a row flag the child')
            .toContain('The safeguarding lead has been told');
      }
      await checkPage(watch, page, 'care: outcome recorded', { status: 200, signedIn: true });
      await follow(page, 'Open the follow-up task');
      expect(await heading(page)).toBe('Was Not Brought: follow up');
      expect(await page.getByRole('main').innerText()).toContain(ref('f'));
      await checkPage(watch, page, 'care: follow-up task', { status: 200, signedIn: true });
      await page.goto(paths.tasks.list.build());
      expect(await page.getByRole('link', { name: 'Was Not Brought: follow up' }).count()).toBe(2);
      await checkPage(watch, page, 'care: clinician tasks', { status: 200, signedIn: true });
    },
    SLOW,
  );

  it(
    'families answer through their links (one without JavaScript); letters, the print list and a reminder',
    async () => {
      // The home visit's family confirms, with JavaScript off (axe needs scripts: the same pages are checked below).
      const home = await appointmentLinkFor(dataDir(), FAMILY_EMAIL.b);
      expect(home.message).toContain('Ben');
      expect(home.message).not.toMatch(/Chloe|Amara|Dev|Ella|Finn|Hari/u);
      const family = await otway.person({ javaScriptEnabled: false });
      await family.page.goto(home.link);
      expect(await heading(family.page)).toBe('Ben’s appointment');
      await saveScreenshot(family.page, 'care: family appointment without javascript');
      await tick(family.page, 'Yes, we will come');
      await press(family.page, 'Send your answer');
      expect(family.watch.documentOf(family.page).status()).toBe(200);
      expect(await family.page.getByRole('main').innerText()).toContain('We look forward to seeing Ben');
      await saveScreenshot(family.page, 'care: family confirmed without javascript');
      // The link works once.
      const again = await (await otway.person({ javaScriptEnabled: false })).page.goto(home.link);
      expect.soft(again?.status(), 'the link used a second time').toBe(410);

      // The school visit's family asks to cancel, first forgetting to say why.
      const school = await appointmentLinkFor(dataDir(), FAMILY_EMAIL.c);
      const other = await otway.person();
      await other.page.goto(school.link);
      expect(await heading(other.page)).toBe('Chloe’s appointment');
      await checkPage(other.watch, other.page, 'care: family appointment', { status: 200 });
      // With the keyboard alone.
      await chooseRadio(other.page, 'Yes, we will come', 'No, please cancel it');
      await pressByKeys(other.page, 'Send your answer');
      await expectErrorSummary(other.page, 'Tell us why you are asking to cancel or for another time');
      expect(await other.page.getByLabel('No, please cancel it', { exact: true }).isChecked()).toBe(true);
      await checkPage(other.watch, other.page, 'care: family cancel without a reason', { status: 400 });
      await typeInto(other.page, 'If you are asking to cancel or for another time, tell us why', CHLOE_REASON);
      await pressByKeys(other.page, 'Send your answer');
      expect(await other.page.getByRole('main').innerText()).toContain('We will cancel the appointment');
      await checkPage(other.watch, other.page, 'care: family asked to cancel', { status: 200 });

      // The admin officer's tasks: the family's request to cancel.
      const { page, watch } = await asStaff('officer');
      await page.goto(paths.tasks.list.build());
      await checkPage(watch, page, 'care: admin officer tasks', { status: 200, signedIn: true });
      await follow(page, 'Family asks to cancel an appointment');
      const task = await page.getByRole('main').innerText();
      expect(task).toContain(ref('c'));
      expect.soft(task, "the family's reason on the task").toContain(CHLOE_REASON);
      const toAppointment = paths.appointments.appointment.build({ appointmentId: booked.school!.appointmentId });
      expect
        .soft(await page.locator(`main a[href="${toAppointment}"]`).count(), 'a link to the appointment from the task')
        .toBe(1);
      await checkPage(watch, page, 'care: cancel request task', { status: 200, signedIn: true });

      // Letters to post, for the families without an e-mail address.
      await page.goto(paths.letters.appointmentLetters.build());
      const toPrint = await page.getByRole('main').innerText();
      for (const key of ['a', 'd'] as const) expect(toPrint, `a letter to post for ${key}`).toContain(ref(key));
      expect.soft(toPrint, 'the letter for the child added to the group').toContain(ref('e'));
      expect(toPrint).not.toContain(ref('b'));
      await checkPage(watch, page, 'care: appointment letters to print', { status: 200, signedIn: true });

      // The reminder use case, on a clock a week before the home visit, as the remind-appointments job runs it.
      const at = new Date(Date.parse(booked.home!.slot) - 7 * DAY_MS);
      const later = await buildDependencies(
        loadConfig({ ...otway.server.env, LOG_LEVEL: 'silent' }),
        pino({ level: 'silent' }),
        { clock: () => at },
      );
      try {
        const { sent } = await later.appointmentNotices.remindDue();
        expect(sent).toBeGreaterThan(0);
        // The reminder is queued at that time, so the server's dispatcher (on today's clock) would leave it until then:
        // the dispatcher on the same clock sends it to the local mailbox now.
        await later.outboxDispatcher.runOnce();
      } finally {
        await later.database.destroy();
      }
      // The reminder reaches the home visit's family, about their child and that appointment only.
      const reminder = await messageTo(dataDir(), FAMILY_EMAIL.b, 'Subject: Reminder: Ben’s appointment');
      expect(reminder).toContain(longDay(booked.home!.date));
      expect(reminder).not.toMatch(/Chloe|Amara|Dev|Ella|Finn|Hari/u);

      const { page: admin, watch: adminWatch } = await asStaff('admin');
      await admin.goto(paths.admin.outbox.build());
      const outbox = await admin.getByRole('main').innerText();
      expect(outbox).toContain('An appointment letter, to the family');
      expect(outbox).toContain('An appointment reminder, to the family');
      expect(await admin.content()).not.toContain(home.link);
      await checkPage(adminWatch, admin, 'care: messages', { status: 200, signedIn: true });
    },
    SLOW,
  );

  it(
    "the safeguarding lead's flags and a service manager's team caseloads",
    async () => {
      const { page, watch } = await asStaff('lead');
      await page.goto(paths.safeguarding.flags.build());
      expect.soft(await page.getByRole('main').innerText(), 'the flagged child').toContain(nameOf('f'));
      await checkPage(watch, page, 'care: safeguarding flags', { status: 200, signedIn: true });

      const manager = await asStaff('manager');
      await manager.page.goto(paths.caseload.team.build());
      const team = await manager.page.getByRole('main').innerText();
      expect(team).toContain(staffName('clinician'));
      expect(team).toContain(staffName('colleague'));
      await checkPage(manager.watch, manager.page, 'care: team caseloads', { status: 200, signedIn: true });
      await follow(manager.page, staffName('clinician'));
      expect(await manager.page.getByRole('main').innerText()).toContain(nameOf('a'));
      await checkPage(manager.watch, manager.page, "care: a clinician's caseload", { status: 200, signedIn: true });
    },
    SLOW,
  );
});
