/**
 * Teams, clinic locations and rooms, and each clinician's team, base and working pattern, as a service manager sets
 * them up: the overview, the forms and their errors (400, never a 500), a name used twice (409), another service's
 * ids (404), the places:manage permission (403 for others), the audit of each change, and the functions booking and
 * the diaries use (`workingPatternOf`, `clinicians`, `rooms`, `locations`).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { auditRows } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, fieldError, tableRows, text } from '../support/html.js';
import { signIn, signedIn } from '../support/journeys.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-12-07T10:00:00Z');
const LIST = paths.places.list.build();

describeEachDialect('teams, clinics and clinicians', (dialect) => {
  let t: TestApp;
  let manager: CreatedStaff;
  let clinician: CreatedStaff;
  let otherClinician: CreatedStaff;
  let client: TestClient;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: movableClock(NOW).clock, twoServices: true });
    manager = await aStaffMember().called('Morag Manager').withRoles('service-manager').create(t.deps);
    clinician = await aStaffMember().called('Cerys Clinician').withRoles('clinician').create(t.deps);
    otherClinician = await aStaffMember().called('Olu Elsewhere').inService(SECOND_SERVICE, 'clinician').create(t.deps);
    client = new TestClient(t.app);
    await signIn(client, manager);
  });

  afterAll(async () => {
    await t.close();
  });

  const locationIdOf = async (name: string, serviceId = LLR) =>
    (await t.deps.places.locations(serviceId)).find((l) => l.name === name)?.id ?? '';

  it('adds a team, a location and a room, audited as places changed, and lists them', async () => {
    await client.get(paths.places.team.build());
    const team = await client.post(paths.places.team.build(), { name: 'North team' });
    expect(team.status).toBe(303);
    expect(team.location).toBe(`${LIST}?done=team`);

    await client.get(paths.places.location.build());
    const location = await client.post(paths.places.location.build(), {
      name: 'Loughborough Clinic',
      addressLine1: '1 Baxter Gate',
      addressLine2: '',
      town: 'Loughborough',
      postcode: 'le11 1tg',
      use: 'clinic',
    });
    expect(location.status).toBe(303);
    const locationId = await locationIdOf('Loughborough Clinic');

    await client.get(paths.places.room.build({ locationId }));
    const room = await client.post(paths.places.room.build({ locationId }), { name: 'Sensory room', capacity: '6' });
    expect(room.status).toBe(303);

    const page = await client.follow(room);
    expect(page.status).toBe(200);
    const main = text(page.document.querySelector('main'));
    expect(main).toContain('Room added');
    expect(main).toContain('North team');
    expect(main).toContain('1 Baxter Gate, Loughborough, LE11 1TG');
    expect(tableRows(page, 'Rooms at Loughborough Clinic')).toEqual([
      { Room: 'Sensory room', Capacity: '6 children', Diary: 'Diary of Sensory room, Loughborough Clinic' },
    ]);
    const changes = await auditRows(t.deps, { action: 'places.changed' });
    expect(changes.map((r) => r.subject_type).sort()).toEqual(['location', 'room', 'team']);
    expect(changes.every((r) => r.actor_user_id === manager.id && r.service_id === LLR)).toBe(true);

    expect(await t.deps.places.rooms(LLR)).toEqual([
      {
        id: expect.any(String),
        name: 'Sensory room',
        location: { id: locationId, name: 'Loughborough Clinic' },
        capacity: 6,
      },
    ]);
    expect(await t.deps.places.rooms(SECOND_SERVICE)).toEqual([]);
  });

  it('lists the clinicians with the service’s usual pattern until they have their own', async () => {
    const page = await client.get(LIST);
    const rows = tableRows(page, 'Staff who see children');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ Name: 'Cerys Clinician', Team: 'No team', Base: 'No base' });
    expect(rows[0]!['Working pattern']).toContain('Monday 09:00 to 17:00');
    expect(rows[0]!['Working pattern']).toContain('(the service’s usual pattern)');
    expect(await t.deps.places.workingPatternOf(LLR, clinician.id)).toEqual(
      t.deps.registry.byId(LLR)?.care.appointments.defaultWorkingPattern,
    );
  });

  it('saves a clinician’s team, base and working pattern, audited as the staff profile changed', async () => {
    const teamId = (await t.deps.places.overview(LLR)).teams[0]!.id;
    const baseId = await locationIdOf('Loughborough Clinic');
    const path = paths.places.staff.build({ userId: clinician.id });
    const form = await client.get(path);
    expect(form.status).toBe(200);
    const saved = await client.post(path, {
      version: '0',
      team: teamId,
      base: baseId,
      'mon-start': '8:30',
      'mon-end': '16:30',
      'tue-start': '',
      'tue-end': '',
      'wed-start': '09:00',
      'wed-end': '13:00',
    });
    expect(saved.status, errorSummary(saved).join('; ')).toBe(303);
    expect(await t.deps.places.workingPatternOf(LLR, clinician.id)).toEqual({
      mon: { start: '08:30', end: '16:30' },
      wed: { start: '09:00', end: '13:00' },
    });
    expect(await t.deps.places.clinicians(LLR)).toEqual([
      { id: clinician.id, name: 'Cerys Clinician', active: true, team: 'North team', base: 'Loughborough Clinic' },
    ]);
    const audit = await auditRows(t.deps, { action: 'staff-profile.changed' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subject_type: 'user', subject_id: clinician.id, outcome: 'success' });

    // The page drawn before the save (version 0) cannot overwrite it.
    const stale = await client.post(path, { version: '0', team: 'none', base: 'none' });
    expect(stale.status).toBe(409);
    expect(errorSummary(stale).join(' ')).toContain('Someone else changed this profile');
    expect((await t.deps.places.clinicians(LLR))[0]!.team).toBe('North team');

    const page = await client.get(LIST);
    const row = tableRows(page, 'Staff who see children')[0]!;
    expect(row['Working pattern']).toBe('Monday 08:30 to 16:30 Wednesday 09:00 to 13:00');
  });

  it('refuses bad input with the form and its errors (400), never a 500', async () => {
    await client.get(paths.places.team.build());
    const empty = await client.post(paths.places.team.build(), { name: '  ' });
    expect(empty.status).toBe(400);
    expect(errorSummary(empty)).toEqual(['Enter the team name']);

    const long = await client.post(paths.places.team.build(), { name: 'x'.repeat(121) });
    expect(long.status).toBe(400);

    const twice = await client.post(paths.places.team.build(), { name: 'North team' });
    expect(twice.status).toBe(409);
    expect(fieldError(twice, 'Team name')).toBe('There is already a team called North team');

    const unexpected = await client.post(paths.places.team.build(), { name: 'South', isAdmin: 'yes' });
    expect(unexpected.status).toBe(400);

    await client.get(paths.places.location.build());
    const badPostcode = await client.post(paths.places.location.build(), {
      name: 'Hinckley Clinic',
      addressLine1: '2 Station Road',
      town: 'Hinckley',
      postcode: 'NOT A POSTCODE',
      use: 'somewhere',
    });
    expect(badPostcode.status).toBe(400);
    expect(errorSummary(badPostcode)).toEqual([
      'Enter a full UK postcode, like LE1 6TH',
      'Select whether children are seen here',
    ]);

    const locationId = await locationIdOf('Loughborough Clinic');
    const roomPath = paths.places.room.build({ locationId });
    for (const capacity of ['0', '31', 'six', '-1', '2.5', '']) {
      await client.get(roomPath);
      const room = await client.post(roomPath, { name: 'Gym', capacity });
      expect(room.status, capacity).toBe(400);
      expect(errorSummary(room).join(' ')).toMatch(/Capacity must be a whole number from 1 to 30|Enter the capacity/u);
    }
    const sameRoom = await client.post(roomPath, { name: 'Sensory room', capacity: '2' });
    expect(sameRoom.status).toBe(409);

    const staffPath = paths.places.staff.build({ userId: clinician.id });
    await client.get(staffPath);
    const version = String((await t.deps.places.clinician(LLR, clinician.id))?.version);
    const badTimes = await client.post(staffPath, {
      version,
      team: 'none',
      base: 'none',
      'mon-start': '17:00',
      'mon-end': '09:00',
      'tue-start': '25:00',
      'tue-end': '26:00',
      'wed-start': '09:00',
      'wed-end': '',
    });
    expect(badTimes.status).toBe(400);
    expect(errorSummary(badTimes)).toEqual([
      "Enter Tuesday's start time on the 24-hour clock, like 09:00 or 14:30",
      "Enter Tuesday's end time on the 24-hour clock, like 09:00 or 14:30",
    ]);
    const halfDay = await client.post(staffPath, {
      version,
      team: 'none',
      base: 'none',
      'mon-start': '17:00',
      'mon-end': '09:00',
      'wed-start': '09:00',
    });
    expect(halfDay.status).toBe(400);
    expect(errorSummary(halfDay)).toEqual([
      "Monday's end time must be after its start time",
      "Enter Wednesday's end time, or leave both empty",
    ]);
    const strangeTeam = await client.post(staffPath, { version, team: 'not-a-team', base: 'none' });
    expect(strangeTeam.status).toBe(400);
    expect(errorSummary(strangeTeam)).toEqual(['Select a team, or no team']);
    const noVersion = await client.post(staffPath, { team: 'none', base: 'none' });
    expect(noVersion.status).toBe(400);
  });

  it('treats another service’s clinicians and locations, and strange ids, as not found', async () => {
    const theirs = await signedIn(
      t.app,
      await aStaffMember().inService(SECOND_SERVICE, 'service-manager').create(t.deps),
    );
    await theirs.get(paths.places.location.build());
    expect(
      (
        await theirs.post(paths.places.location.build(), {
          name: 'Physio Centre',
          addressLine1: '3 High Street',
          town: 'Leicester',
          postcode: 'LE1 1AA',
          use: 'clinic',
        })
      ).status,
    ).toBe(303);
    const theirLocation = await locationIdOf('Physio Centre', SECOND_SERVICE);

    expect((await client.get(paths.places.room.build({ locationId: theirLocation }))).status).toBe(404);
    await client.get(LIST);
    expect(
      (await client.post(paths.places.room.build({ locationId: theirLocation }), { name: 'A', capacity: '2' })).status,
    ).toBe(404);
    expect((await client.get(paths.places.staff.build({ userId: otherClinician.id }))).status).toBe(404);
    expect((await client.get(paths.places.staff.build({ userId: manager.id }))).status).toBe(404);
    expect((await client.get(paths.places.staff.build({ userId: "'; drop table users; --" }))).status).toBe(404);
    const page = await client.get(LIST);
    expect(text(page.document.querySelector('main'))).not.toContain('Physio Centre');
    expect(text(page.document.querySelector('main'))).not.toContain('Olu Elsewhere');

    // Their base cannot be given to this service's clinician.
    const staffPath = paths.places.staff.build({ userId: clinician.id });
    await client.get(staffPath);
    const version = String((await t.deps.places.clinician(LLR, clinician.id))?.version);
    const foreignBase = await client.post(staffPath, { version, team: 'none', base: theirLocation });
    expect(foreignBase.status).toBe(400);
  });

  it('is for those with places:manage: a clinician or an admin officer is refused', async () => {
    for (const role of ['clinician', 'admin-officer', 'triage-clinician'] as const) {
      const other = await signedIn(t.app, await aStaffMember().withRoles(role).create(t.deps));
      expect((await other.get(LIST)).status, role).toBe(403);
      expect((await other.get(paths.places.staff.build({ userId: clinician.id }))).status, role).toBe(403);
      await other.get(paths.staff.home.build());
      expect((await other.post(paths.places.team.build(), { name: 'Sneaky team' })).status, role).toBe(403);
    }
    const admin = await signedIn(t.app, await aStaffMember().withRoles('admin').create(t.deps));
    expect((await admin.get(LIST)).status).toBe(200);
    expect((await t.deps.places.overview(LLR)).teams.map((x) => x.name)).toEqual(['North team']);
  });

  it('reads the overview’s query string from its allow-list: anything else is 400', async () => {
    for (const query of ['?done=hacked', '?sort=name', '?done=team&done=room']) {
      expect((await client.get(`${LIST}${query}`)).status, query).toBe(400);
    }
    expect((await client.get(`${LIST}?done=room`)).status).toBe(200);
  });

  it('refuses a post without the form’s token', async () => {
    const refused = await client.post(paths.places.team.build(), { name: 'Forged team' }, { csrf: null });
    expect(refused.status).toBe(403);
    expect((await t.deps.places.overview(LLR)).teams.map((x) => x.name)).toEqual(['North team']);
  });
});
