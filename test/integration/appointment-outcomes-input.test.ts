/**
 * The outcome page's refusals (issue 13 item 6), on both databases: bad input (a missing outcome, a missing note, a
 * "late" that is not a family's cancellation, values off the lists, unexpected fields, a forged "recorded", no form
 * token) answers 400 or 403 and records nothing; another service's appointment or a child not in it is not found;
 * only admin officers and clinicians record outcomes, and only the safeguarding lead reads the flags.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { acceptedChild, placeAppointment } from '../support/care-appointments-h6.js';
import { TestClient } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, fieldError } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, SECOND_SERVICE, type TestApp } from '../support/test-app.js';
import { paths } from '../../src/web/paths.js';

/** Monday 7 December 2026, 10:00 in London (GMT). */
const NOW = new Date('2026-12-07T10:00:00Z');
const EARLIER_TODAY = '2026-12-07T09:00:00Z';
const LAST_WEEK = '2026-11-30T10:00:00Z';

describeEachDialect('appointment outcomes: refusals', (dialect) => {
  let t: TestApp;
  let clinician: CreatedStaff;
  let lead: CreatedStaff;
  let manager: CreatedStaff;
  let client: TestClient;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: movableClock(NOW).clock, twoServices: true });
    clinician = await aStaffMember().called('Cara Clinician').withRoles('clinician').create(t.deps);
    lead = await aStaffMember().called('Sadia Safeguarding').withRoles('safeguarding-lead').create(t.deps);
    manager = await aStaffMember().called('Mina Manager').withRoles('service-manager').create(t.deps);
    client = new TestClient(t.app);
    await signIn(client, clinician);
  });
  afterAll(async () => {
    await t.close();
  });

  const pathOf = (a: { appointmentId: string }, episodeId: string) =>
    paths.appointments.outcome.build({ appointmentId: a.appointmentId, episodeId });

  async function childWithAppointment(given: string, family: string, startsAt = EARLIER_TODAY) {
    const { episodeId } = await acceptedChild(t.deps, { given, family });
    const appointment = await placeAppointment(t.deps, {
      episodeIds: [episodeId],
      clinicianIds: [clinician.id],
      startsAt,
    });
    return { episodeId, appointment, path: pathOf(appointment, episodeId) };
  }

  const placeRow = (appointmentId: string, episodeId: string) =>
    t.deps.database.db
      .selectFrom('appointment_children')
      .selectAll()
      .where('appointment_id', '=', appointmentId)
      .where('episode_id', '=', episodeId)
      .executeTakeFirstOrThrow();

  describe('bad input', () => {
    let path: string;
    let ids: { appointmentId: string; episodeId: string };
    beforeAll(async () => {
      const made = await childWithAppointment('Bad', 'Input');
      path = made.path;
      ids = { appointmentId: made.appointment.appointmentId, episodeId: made.episodeId };
    });

    it('asks for an outcome', async () => {
      await client.get(path);
      const page = await client.post(path, { recorded: '' });
      expect(page.status).toBe(400);
      expect(errorSummary(page)).toEqual(['Select what happened at the appointment']);
      // Each message in the summary links to the input to fix.
      for (const link of page.document.querySelectorAll<HTMLAnchorElement>('.nhsuk-error-summary a')) {
        expect(page.document.getElementById(link.getAttribute('href')!.slice(1)), link.href).not.toBeNull();
      }
      const sent: Record<string, string>[] = [{ outcome: 'attended', late: 'yes' }, { outcome: 'was-not-brought' }];
      for (const fields of sent) {
        const again = await client.post(path, { recorded: '', ...fields });
        for (const link of again.document.querySelectorAll<HTMLAnchorElement>('.nhsuk-error-summary a')) {
          expect(again.document.getElementById(link.getAttribute('href')!.slice(1)), link.href).not.toBeNull();
        }
      }
    });

    it('asks for a note for Was Not Brought and could not be seen', async () => {
      await client.get(path);
      for (const outcome of ['was-not-brought', 'could-not-be-seen']) {
        const page = await client.post(path, { recorded: '', outcome, note: '   ' });
        expect(page.status).toBe(400);
        expect(fieldError(page, 'What happened (note)')).toMatch(/^Say/u);
      }
    });

    it('refuses "late" for anything but a cancellation by the family', async () => {
      await client.get(path);
      const page = await client.post(path, { recorded: '', outcome: 'attended', late: 'yes' });
      expect(page.status).toBe(400);
      expect(errorSummary(page)).toEqual(['Only a cancellation by the family can be a late cancellation']);
    });

    it.each([
      [{ outcome: 'did-not-attend' }],
      [{ outcome: ['attended', 'was-not-brought'] }],
      [{ outcome: 'attended', late: 'maybe' }],
      [{ outcome: 'attended', note: 'x'.repeat(2001) }],
      [{ outcome: 'attended', recorded: 'yesterday' }],
      [{ outcome: 'attended', recorded: ['', ''] }],
      [{ outcome: 'attended', nickname: 'x' }],
      [{ outcome: 'attended', reason: 'Not correcting anything.' }],
    ])('answers 400 to %j, and records nothing', async (fields) => {
      await client.get(path);
      const page = await client.post(path, { recorded: '', ...fields });
      expect(page.status).toBe(400);
      expect((await placeRow(ids.appointmentId, ids.episodeId)).outcome).toBeNull();
    });

    it('refuses a post without the form token', async () => {
      const page = await client.post(path, { recorded: '', outcome: 'attended' }, { csrf: null });
      expect(page.status).toBe(403);
      expect((await placeRow(ids.appointmentId, ids.episodeId)).outcome).toBeNull();
    });

    it('does not find an unknown appointment, a child not in it, or another service’s appointment', async () => {
      const other = await acceptedChild(t.deps, { given: 'Not', family: 'Inthisone' });
      const otherService = await aStaffMember().inService(SECOND_SERVICE, 'clinician').create(t.deps);
      const theirChild = await acceptedChild(
        t.deps,
        { given: 'Other', family: 'Service' },
        { pathway: 'neuro' },
        SECOND_SERVICE,
      );
      const theirs = await placeAppointment(t.deps, {
        episodeIds: [theirChild.episodeId],
        clinicianIds: [otherService.id],
        startsAt: LAST_WEEK,
        serviceId: SECOND_SERVICE,
      });
      const paths404 = [
        pathOf({ appointmentId: '00000000-0000-4000-8000-000000000000' }, ids.episodeId),
        pathOf({ appointmentId: ids.appointmentId }, other.episodeId),
        pathOf({ appointmentId: ids.appointmentId }, 'x'.repeat(40)),
        pathOf(theirs, theirChild.episodeId),
      ];
      for (const p of paths404) {
        expect((await client.get(p)).status, p).toBe(404);
        await client.get(path);
        expect((await client.post(p, { recorded: '', outcome: 'attended' })).status, p).toBe(404);
      }
    });
  });

  describe('access', () => {
    it('lets admin officers record outcomes, but not service managers or safeguarding leads', async () => {
      const { path } = await childWithAppointment('Access', 'Checked');
      const officer = await aStaffMember().withRoles('admin-officer').create(t.deps);
      const officerClient = new TestClient(t.app);
      await signIn(officerClient, officer);
      expect((await officerClient.get(path)).status).toBe(200);
      for (const who of [manager, lead]) {
        const c = new TestClient(t.app);
        await signIn(c, who);
        expect((await c.get(path)).status).toBe(403);
        expect((await c.post(path, { recorded: '', outcome: 'attended' })).status).toBe(403);
      }
    });

    it('shows the safeguarding flags only to the safeguarding lead', async () => {
      for (const who of [clinician, manager]) {
        const c = new TestClient(t.app);
        await signIn(c, who);
        expect((await c.get(paths.safeguarding.flags.build())).status).toBe(403);
      }
      const anonymous = new TestClient(t.app);
      const page = await anonymous.get(paths.safeguarding.flags.build());
      expect([302, 303]).toContain(page.status);
    });
  });
});
