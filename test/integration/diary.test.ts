/**
 * Diaries of clinicians and rooms, and blocks of non-clinical time: the week and the day, with working hours,
 * booked appointments (initials only) and blocks; nothing of another service; the clocks going back on 25 October
 * 2026 with 09:00 blocks at 09:00 on both sides; blocks refused over time already taken (by the database itself:
 * a direct overlapping claim throws a clash on both databases, and two claims racing for one slot give one success);
 * a time the clocks skip, and an end before the start, refused; removal; access; bad query strings (400).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { claimBusy, userResource } from '../../src/data/care/diary-busy.repository.js';
import { isDiaryClash } from '../../src/data/errors.js';
import type { Role } from '../../src/domain/access/roles.js';
import type { RequestContext } from '../../src/services/shared/context.js';
import { paths } from '../../src/web/paths.js';
import { auditRows } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { aReferral } from '../support/factories.js';
import { errorSummary, tableRows, text } from '../support/html.js';
import { signIn, signedIn } from '../support/journeys.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

/** Tuesday 20 October 2026, 10:00 BST: this week (19 to 25 October) holds the clocks going back. */
const NOW = new Date('2026-10-20T09:00:00Z');

const ctxOf = (serviceId: string, userId: string, roles: Role[]): RequestContext & { serviceId: string } => ({
  serviceId,
  actorUserId: userId,
  actorRoles: roles,
  ip: null,
  correlationId: `test-${randomUUID()}`,
  recorded: new Set(),
});

const dateFields = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}[day]`]: String(Number(d)), [`${name}[month]`]: String(Number(m)), [`${name}[year]`]: y! };
};

const blockForm = (fields: {
  kind?: string;
  date: string;
  timing?: string;
  start?: string;
  end?: string;
  lastDate?: string;
  note?: string;
}) => ({
  kind: fields.kind ?? 'admin',
  ...dateFields('date', fields.date),
  timing: fields.timing ?? 'times',
  start: fields.start ?? '',
  end: fields.end ?? '',
  ...(fields.lastDate === undefined ? {} : dateFields('lastDate', fields.lastDate)),
  note: fields.note ?? '',
});

/** The rows of one day's table: "Monday 19 October 2026". */
const dayRows = (page: Page, day: string) => {
  const caption = [...page.document.querySelectorAll('caption')].find((c) => text(c) === day);
  return caption === undefined ? [] : tableRows(page, day);
};

describeEachDialect('diaries', (dialect) => {
  let t: TestApp;
  let cerys: CreatedStaff;
  let dev: CreatedStaff;
  let officer: CreatedStaff;
  let elsewhere: CreatedStaff;
  let client: TestClient;
  let roomId: string;
  let childInitials: string;

  beforeAll(async () => {
    const clock = movableClock(new Date('2026-12-01T10:00:00Z'));
    t = await createTestApp(dialect, { clock: clock.clock, twoServices: true });
    cerys = await aStaffMember().called('Cerys Clinician').withRoles('clinician').create(t.deps);
    dev = await aStaffMember().called('Dev Clinician').withRoles('clinician').create(t.deps);
    officer = await aStaffMember().called('Ade Officer').withRoles('admin-officer').create(t.deps);
    elsewhere = await aStaffMember().called('Olu Elsewhere').inService(SECOND_SERVICE, 'clinician').create(t.deps);
    const manager = ctxOf(LLR, officer.id, ['service-manager']);
    const location = await t.deps.places.addLocation(manager, {
      name: 'Loughborough Clinic',
      addressLine1: '1 Baxter Gate',
      addressLine2: null,
      town: 'Loughborough',
      postcode: 'LE11 1TG',
      isClinic: true,
    });
    if (!location.ok) throw new Error('no location');
    const room = await t.deps.places.addRoom(manager, location.id, { name: 'Sensory room', capacity: 4 });
    if (!room.ok) throw new Error('no room');
    roomId = room.id;
    // Cerys works Monday to Thursday; Wednesday afternoons off.
    const profile = await t.deps.places.updateProfile(manager, cerys.id, {
      teamId: null,
      baseLocationId: location.id,
      workingPattern: {
        mon: { start: '09:00', end: '17:00' },
        tue: { start: '09:00', end: '17:00' },
        wed: { start: '09:00', end: '12:30' },
        thu: { start: '08:00', end: '16:00' },
      },
      version: 0,
    });
    if (!profile.ok) throw new Error('no profile');

    // A booked review with Cerys in the room on Thursday 22 October at 14:00 BST, and a cancelled one beside it.
    // (Referred in December, after the factory's consent date; the diary is then read as on 20 October.)
    const referral = await aReferral({ childGivenName: 'Zephyr', childFamilyName: 'Quill' }).accepted().create(t.deps);
    clock.set(NOW);
    const db = t.deps.database.db;
    const episode = await db
      .selectFrom('episodes')
      .select('id')
      .where('referral_id', '=', referral.id)
      .executeTakeFirstOrThrow();
    childInitials = 'ZQ';
    for (const [status, startsAt, endsAt] of [
      ['booked', '2026-10-22T13:00:00.000Z', '2026-10-22T14:00:00.000Z'],
      ['cancelled', '2026-10-22T15:00:00.000Z', '2026-10-22T16:00:00.000Z'],
    ] as const) {
      const id = randomUUID();
      await db
        .insertInto('appointments')
        .values({
          id,
          service_id: LLR,
          reference: `OT-A-${id.slice(0, 6)}`,
          type: 'review',
          starts_at: startsAt,
          ends_at: endsAt,
          place: 'clinic',
          location_id: location.id,
          room_id: roomId,
          school_urn: null,
          capacity: 1,
          series_id: null,
          status,
          cancelled_by: null,
          cancelled_reason: null,
          cancelled_at: null,
          created_at: NOW.toISOString(),
          created_by: officer.id,
          updated_at: NOW.toISOString(),
          version: 1,
        })
        .execute();
      await db
        .insertInto('appointment_staff')
        .values({ appointment_id: id, user_id: cerys.id, service_id: LLR })
        .execute();
      await db
        .insertInto('appointment_children')
        .values({ appointment_id: id, episode_id: episode.id, service_id: LLR, late_cancellation: 0 })
        .execute();
      if (status === 'booked') {
        await claimBusy(db, LLR, [
          {
            resource: userResource(cerys.id),
            startMs: Date.parse(startsAt),
            endMs: Date.parse(endsAt),
            appointmentId: id,
          },
        ]);
      }
    }
    client = new TestClient(t.app);
    await signIn(client, cerys);
  });

  afterAll(async () => {
    await t.close();
  });

  it('shows the clinician’s own week, Monday to Sunday, with working hours and the booked appointment by initials', async () => {
    const page = await client.get(paths.diary.mine.build());
    expect(page.status).toBe(200);
    expect(text(page.document.querySelector('h1'))).toBe('My diary');
    const main = text(page.document.querySelector('main'));
    expect(main).toContain('Week from Monday 19 October 2026');
    expect(main).toContain('Working 08:00 to 16:00');
    expect(main).toContain('Wednesday 21 October 2026 Working 09:00 to 12:30');
    expect(main).toContain('Friday 23 October 2026 Not working');
    const thursday = dayRows(page, 'Thursday 22 October 2026');
    expect(thursday).toEqual([
      {
        Time: '14:00 BST to 15:00 BST',
        What: 'Review',
        Where: 'Sensory room, Loughborough Clinic',
        Children: childInitials,
        Actions: '',
      },
    ]);
    // Initials only: the child's name is nowhere on the page.
    expect(page.body).not.toContain('Zephyr');
    expect(page.body).not.toContain('Quill');
    const link = page.screen.getByRole('link', { name: 'Review' });
    expect(link.getAttribute('href')).toMatch(/^\/staff\/appointments\/[0-9a-f-]{36}$/u);
    const viewed = await auditRows(t.deps, { action: 'diary.viewed' });
    expect(viewed.at(-1)).toMatchObject({ actor_user_id: cerys.id, outcome: 'success' });
  });

  it('adds a block through the form, shows it, and refuses one over it (the database’s refusal, as a form error)', async () => {
    const path = paths.diary.block.build({ userId: cerys.id });
    expect((await client.get(path)).status).toBe(200);
    const added = await client.post(
      path,
      blockForm({ kind: 'meeting', date: '2026-10-19', start: '9:30', end: '11:00', note: 'Team meeting' }),
    );
    expect(added.status, errorSummary(added).join('; ')).toBe(303);
    const page = await client.follow(added);
    expect(text(page.document.querySelector('main'))).toContain('Time added to the diary');
    expect(dayRows(page, 'Monday 19 October 2026')).toEqual([
      { Time: '09:30 BST to 11:00 BST', What: 'Meeting: Team meeting', Where: '', Children: '', Actions: 'Remove' },
    ]);
    const audit = await auditRows(t.deps, { action: 'diary.block-added' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: cerys.id, subject_type: 'diary-block' });
    expect(audit[0]!.detail ?? '').not.toContain('Team meeting');

    await client.get(path);
    const clash = await client.post(path, blockForm({ date: '2026-10-19', start: '10:30', end: '12:00' }));
    expect(clash.status).toBe(409);
    expect(errorSummary(clash)).toEqual(['Cerys Clinician already has an appointment or block at that time']);
    const overAppointment = await client.post(path, blockForm({ date: '2026-10-22', start: '13:30', end: '14:30' }));
    expect(overAppointment.status).toBe(409);
    // Touching is not overlapping: 11:00 to 12:00 fits after the meeting.
    const after = await client.post(path, blockForm({ date: '2026-10-19', start: '11:00', end: '12:00' }));
    expect(after.status).toBe(303);
  });

  it('refuses an overlapping claim in the database itself, on both databases, and lets one of two racing claims win', async () => {
    const db = t.deps.database.db;
    const resource = userResource(dev.id);
    const start = Date.parse('2026-11-02T10:00:00Z');
    await claimBusy(db, LLR, [{ resource, startMs: start, endMs: start + 3_600_000 }]);
    let thrown: unknown;
    try {
      await claimBusy(db, LLR, [{ resource, startMs: start + 1_800_000, endMs: start + 5_400_000 }]);
    } catch (err) {
      thrown = err;
    }
    expect(isDiaryClash(thrown)).toBe(true);

    const slot = Date.parse('2026-11-03T10:00:00Z');
    const race = await Promise.allSettled(
      [0, 1].map(() =>
        db.transaction().execute(async (trx) => {
          await claimBusy(trx, LLR, [{ resource, startMs: slot, endMs: slot + 3_600_000 }]);
        }),
      ),
    );
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = race.find((r) => r.status === 'rejected');
    expect(isDiaryClash(lost?.status === 'rejected' ? lost.reason : undefined)).toBe(true);
    const rows = await db.selectFrom('diary_busy').select('id').where('resource', '=', resource).execute();
    expect(rows).toHaveLength(2);
  });

  it('shows 09:00 blocks at 09:00 on both sides of the clocks going back, marked BST and GMT', async () => {
    const path = paths.diary.block.build({ userId: dev.id });
    const devClient = await signedIn(t.app, dev);
    for (const date of ['2026-10-24', '2026-10-25', '2026-10-26']) {
      await devClient.get(path);
      const added = await devClient.post(path, blockForm({ kind: 'training', date, start: '09:00', end: '10:00' }));
      expect(added.status, errorSummary(added).join('; ')).toBe(303);
    }
    const blocks = await t.deps.database.db
      .selectFrom('diary_blocks')
      .select(['starts_at'])
      .where('user_id', '=', dev.id)
      .orderBy('starts_at')
      .execute();
    expect(blocks.map((b) => b.starts_at)).toEqual([
      '2026-10-24T08:00:00.000Z',
      '2026-10-25T09:00:00.000Z',
      '2026-10-26T09:00:00.000Z',
    ]);
    const week = await devClient.get(`${paths.diary.mine.build()}?view=week&date=2026-10-25`);
    expect(week.status).toBe(200);
    expect(text(week.document.querySelector('main'))).toContain(
      'The clocks go back an hour at 02:00 on Sunday 25 October 2026',
    );
    expect(dayRows(week, 'Saturday 24 October 2026').map((r) => r.Time)).toEqual(['09:00 BST to 10:00 BST']);
    expect(dayRows(week, 'Sunday 25 October 2026').map((r) => r.Time)).toEqual(['09:00 GMT to 10:00 GMT']);
    // The next week has no clock change: times without a zone.
    const next = await devClient.get(`${paths.diary.mine.build()}?view=week&date=2026-10-26`);
    expect(dayRows(next, 'Monday 26 October 2026').map((r) => r.Time)).toEqual(['09:00 to 10:00']);
    expect(text(next.document.querySelector('main'))).not.toContain('The clocks go');
    // The day view shows one day.
    const day = await devClient.get(`${paths.diary.mine.build()}?view=day&date=2026-10-25`);
    expect(text(day.document.querySelector('main'))).toContain('Sunday 25 October 2026');
    expect(text(day.document.querySelector('main'))).not.toContain('Saturday 24 October 2026');
  });

  it('refuses a time the clocks skip, an end before the start, and other bad input, with the form (400)', async () => {
    const path = paths.diary.block.build({ userId: cerys.id });
    await client.get(path);
    const skipped = await client.post(path, blockForm({ date: '2027-03-28', start: '01:30', end: '03:00' }));
    expect(skipped.status).toBe(400);
    expect(errorSummary(skipped)[0]).toContain('There is no 01:30 on 28 March 2027');
    const backwards = await client.post(path, blockForm({ date: '2026-10-27', start: '15:00', end: '14:00' }));
    expect(backwards.status).toBe(400);
    expect(errorSummary(backwards)).toEqual(['The end time must be after the start time']);
    const noTimes = await client.post(path, blockForm({ date: '2026-10-27' }));
    expect(errorSummary(noTimes)).toEqual(['Enter a start time, or choose all day']);
    const badKind = await client.post(
      path,
      blockForm({ kind: 'room-closed', date: '2026-10-27', start: '09:00', end: '10:00' }),
    );
    expect(badKind.status).toBe(400);
    const badDate = await client.post(path, {
      ...blockForm({ date: '2026-10-27', start: '9', end: '25:00' }),
      'date[day]': '31',
      'date[month]': '2',
    });
    expect(badDate.status).toBe(400);
    expect(errorSummary(badDate).length).toBe(3);
    const lastBefore = await client.post(
      path,
      blockForm({ kind: 'leave', date: '2026-10-27', timing: 'all-day', lastDate: '2026-10-26' }),
    );
    expect(lastBefore.status).toBe(400);
    expect(errorSummary(lastBefore)).toEqual(['The last day must be the same as or after the first day']);
    const unexpected = await client.post(path, {
      ...blockForm({ date: '2026-10-27', start: '09:00', end: '10:00' }),
      userId: dev.id,
    });
    expect(unexpected.status).toBe(400);
    const blocks = await t.deps.database.db
      .selectFrom('diary_blocks')
      .select('id')
      .where('starts_at', '>=', '2026-10-27')
      .where('user_id', '=', cerys.id)
      .execute();
    expect(blocks).toEqual([]);
  });

  it('adds leave all day from one date to another, shown as all day on each day', async () => {
    const path = paths.diary.block.build({ userId: cerys.id });
    await client.get(path);
    const leave = await client.post(
      path,
      blockForm({ kind: 'leave', date: '2026-11-02', timing: 'all-day', lastDate: '2026-11-04', start: '99:99' }),
    );
    // Times are not read for all day, but a box with nonsense in it is still refused as it stands.
    expect(leave.status).toBe(400);
    const ok = await client.post(
      path,
      blockForm({ kind: 'leave', date: '2026-11-02', timing: 'all-day', lastDate: '2026-11-04' }),
    );
    expect(ok.status, errorSummary(ok).join('; ')).toBe(303);
    const week = await client.get(`${paths.diary.mine.build()}?date=2026-11-04`);
    for (const day of ['Monday 2 November 2026', 'Tuesday 3 November 2026', 'Wednesday 4 November 2026']) {
      expect(dayRows(week, day).map((r) => `${r.Time} ${r.What}`)).toEqual(['All day Leave']);
    }
    expect(dayRows(week, 'Thursday 5 November 2026')).toEqual([]);
  });

  it('removes a block and frees its time, audited; only one’s own unless an admin officer or manager', async () => {
    const week = await client.get(`${paths.diary.mine.build()}?date=2026-11-02`);
    const form = week.document.querySelector<HTMLFormElement>('form[action^="/staff/diary/blocks/"]');
    const action = form?.getAttribute('action') ?? '';
    const blockId = action.split('/')[4]!;

    // Dev, a clinician, may neither remove Cerys's block nor add to her diary.
    const devClient = await signedIn(t.app, dev);
    await devClient.get(paths.diary.mine.build());
    expect((await devClient.post(action)).status).toBe(403);
    expect((await devClient.get(paths.diary.block.build({ userId: cerys.id }))).status).toBe(403);
    const devOthers = await devClient.get(paths.diary.clinician.build({ userId: cerys.id }));
    expect(devOthers.status).toBe(200);
    expect(devOthers.document.querySelector('form[action^="/staff/diary/blocks/"]')).toBeNull();

    const removed = await client.post(action);
    expect(removed.status).toBe(303);
    expect(removed.location).toBe(`${paths.diary.clinician.build({ userId: cerys.id })}?done=removed`);
    expect(
      await t.deps.database.db.selectFrom('diary_busy').select('id').where('block_id', '=', blockId).execute(),
    ).toEqual([]);
    expect((await auditRows(t.deps, { action: 'diary.block-removed' })).at(-1)).toMatchObject({ subject_id: blockId });
    expect((await client.post(action)).status).toBe(404);

    // An admin officer blocks Cerys's diary over the time the leave held.
    const officerClient = await signedIn(t.app, officer);
    const path = paths.diary.block.build({ userId: cerys.id });
    expect((await officerClient.get(path)).status).toBe(200);
    const again = await officerClient.post(
      path,
      blockForm({ kind: 'training', date: '2026-11-03', start: '10:00', end: '12:00' }),
    );
    expect(again.status).toBe(303);
  });

  it('shows a room’s diary: its appointments and its closures, not working hours', async () => {
    const closed = await t.deps.diary.addBlock(
      ctxOf(LLR, officer.id, ['admin-officer']),
      { kind: 'room', roomId },
      {
        kind: 'room-closed',
        date: '2026-10-23',
        allDay: true,
        lastDate: null,
        start: null,
        end: null,
        note: 'Deep clean',
      },
    );
    expect(closed.ok).toBe(true);
    const page = await client.get(paths.diary.room.build({ roomId }));
    expect(page.status).toBe(200);
    expect(text(page.document.querySelector('h1'))).toBe('Diary of Sensory room, Loughborough Clinic');
    expect(dayRows(page, 'Thursday 22 October 2026').map((r) => `${r.Time} ${r.What} ${r.Children}`)).toEqual([
      `14:00 BST to 15:00 BST Review ${childInitials}`,
    ]);
    expect(dayRows(page, 'Friday 23 October 2026').map((r) => `${r.Time} ${r.What}`)).toEqual([
      'All day Room closed: Deep clean',
    ]);
    expect(text(page.document.querySelector('main'))).not.toContain('Working');
    // A clinician may not close a room.
    const refused = await t.deps.diary.addBlock(
      ctxOf(LLR, cerys.id, ['clinician']),
      { kind: 'room', roomId },
      {
        kind: 'room-closed',
        date: '2026-10-30',
        allDay: true,
        lastDate: null,
        start: null,
        end: null,
        note: null,
      },
    );
    expect(refused.ok ? 'ok' : refused.problem.code).toBe('forbidden');
  });

  it('hides other services’ diaries and blocks: not found', async () => {
    const theirs = await t.deps.diary.addBlock(
      ctxOf(SECOND_SERVICE, elsewhere.id, ['clinician']),
      { kind: 'clinician', userId: elsewhere.id },
      {
        kind: 'admin',
        date: '2026-10-21',
        allDay: false,
        lastDate: null,
        start: '09:00',
        end: '10:00',
        note: 'Physio admin',
      },
    );
    if (!theirs.ok) throw new Error(theirs.problem.message);
    expect((await client.get(paths.diary.clinician.build({ userId: elsewhere.id }))).status).toBe(404);
    await client.get(paths.diary.mine.build());
    expect((await client.post(paths.diary.removeBlock.build({ blockId: theirs.id }))).status).toBe(404);
    expect((await client.get(paths.diary.block.build({ userId: elsewhere.id }))).status).toBe(404);
    expect((await client.get(paths.diary.room.build({ roomId: randomUUID() }))).status).toBe(404);
    expect((await client.get(paths.diary.clinician.build({ userId: officer.id }))).status).toBe(404);
    const page = await client.get(paths.diary.mine.build());
    expect(page.body).not.toContain('Physio admin');
    expect(page.body).not.toContain('Olu Elsewhere');
    expect(
      await t.deps.database.db.selectFrom('diary_blocks').select('id').where('id', '=', theirs.id).execute(),
    ).toHaveLength(1);
  });

  it('reads the query string from its allow-lists: anything else is 400, never a 500', async () => {
    const mine = paths.diary.mine.build();
    for (const query of [
      '?view=month',
      '?date=2026-02-30',
      '?date=tomorrow',
      '?date=2026-10-20&date=2026-10-21',
      '?view=week&sort=name',
      '?done=hacked',
      '?view[]=day',
    ]) {
      const page = await client.get(`${mine}${query}`);
      expect(page.status, query).toBe(400);
    }
    expect((await client.get(`${mine}?view=day&date=2026-10-22`)).status).toBe(200);
  });

  it('is for those with diary:read; someone who sees no children has no diary of their own but finds the others', async () => {
    for (const role of ['triage-clinician', 'safeguarding-lead'] as const) {
      const other = await signedIn(t.app, await aStaffMember().withRoles(role).create(t.deps));
      expect((await other.get(paths.diary.mine.build())).status, role).toBe(403);
      expect((await other.get(paths.diary.clinician.build({ userId: cerys.id }))).status, role).toBe(403);
    }
    const officerClient = await signedIn(t.app, officer);
    const own = await officerClient.get(paths.diary.mine.build());
    expect(own.status).toBe(200);
    expect(text(own.document.querySelector('main'))).toContain('You do not have a diary in this service');
    expect(own.screen.getByRole('link', { name: 'Cerys Clinician' }).getAttribute('href')).toBe(
      paths.diary.clinician.build({ userId: cerys.id }),
    );
    const hers = await officerClient.get(paths.diary.clinician.build({ userId: cerys.id }));
    expect(text(hers.document.querySelector('h1'))).toBe('Diary of Cerys Clinician');
    expect(hers.screen.getByRole('button', { name: 'Add time to the diary' }).getAttribute('href')).toBe(
      paths.diary.block.build({ userId: cerys.id }),
    );
  });
});
