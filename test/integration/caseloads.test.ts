/**
 * Caseloads (issue 13 item 8), on both databases: a clinician's own children with an open episode, each with their
 * next appointment in London time or "None booked", open tasks and a link to book; the team's counts (open episodes,
 * none booked, Was Not Brought in the last 12 weeks) grouped by team; one clinician's caseload for a service manager,
 * and only their own for a clinician; a fixed number of queries whatever the caseload's size; access and bad input.
 *
 * Hazard "child lost": a child on a caseload with nothing booked is shown first, with a warning.
 */
import { randomUUID } from 'node:crypto';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/services/shared/context.js';
import { createCaseloads } from '../../src/services/care/caseloads.service.js';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { acceptedChild, placeAppointment } from '../support/care-appointments-h6.js';
import { TestClient } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { tableRows, text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

/** Monday 7 December 2026, 10:00 in London (GMT). */
const NOW = new Date('2026-12-07T10:00:00Z');

function contextOf(user: CreatedStaff): RequestContext {
  return {
    serviceId: LLR,
    actorUserId: user.id,
    actorRoles: ['clinician'],
    ip: null,
    correlationId: randomUUID(),
    recorded: new Set(),
  };
}

describeEachDialect('caseloads', (dialect) => {
  let t: TestApp;
  let ada: CreatedStaff;
  let ben: CreatedStaff;
  let cy: CreatedStaff;
  let manager: CreatedStaff;
  const episodes: Record<string, string> = {};

  async function team(name: string): Promise<string> {
    const id = randomUUID();
    await t.deps.database.db
      .insertInto('teams')
      .values({ id, service_id: LLR, name, created_at: NOW.toISOString() })
      .execute();
    return id;
  }

  async function profile(user: CreatedStaff, teamId: string): Promise<void> {
    await t.deps.database.db
      .insertInto('staff_profiles')
      .values({
        service_id: LLR,
        user_id: user.id,
        team_id: teamId,
        base_location_id: null,
        working_pattern: '{}',
        feed_token_hash: null,
        feed_created_at: null,
        updated_at: NOW.toISOString(),
        version: 1,
      })
      .execute();
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: movableClock(NOW).clock, twoServices: true });
    ada = await aStaffMember().called('Ada Abbott').withRoles('clinician').create(t.deps);
    ben = await aStaffMember().called('Ben Baker').withRoles('clinician').create(t.deps);
    cy = await aStaffMember().called('Cy Cole').withRoles('clinician').create(t.deps);
    manager = await aStaffMember().called('Mina Manager').withRoles('service-manager').create(t.deps);
    // Teams named so that their order is not the order they were made in.
    await profile(ben, await team('South locality'));
    await profile(ada, await team('North locality'));

    const child = async (key: string, given: string, family: string, priority: 'urgent' | 'routine' = 'routine') => {
      episodes[key] = (await acceptedChild(t.deps, { given, family }, { priority, pathway: 'coordination' })).episodeId;
      return episodes[key];
    };
    const at = (episodeId: string, who: CreatedStaff, startsAt: string) =>
      placeAppointment(t.deps, { episodeIds: [episodeId], clinicianIds: [who.id], startsAt });

    // Ada: Anya has a past appointment and one booked in June (British Summer Time).
    const anya = await child('anya', 'Anya', 'Booked', 'urgent');
    await at(anya, ada, '2026-11-30T10:00:00Z');
    await at(anya, ada, '2027-06-10T13:30:00Z');
    // Ada: Bryn was not brought last week, and has nothing booked: a follow-up task is open.
    const bryn = await child('bryn', 'Bryn', 'Nonebooked');
    const missed = await at(bryn, ada, '2026-11-30T11:00:00Z');
    const wnb = await t.deps.outcomes.record(
      contextOf(ada),
      LLR,
      missed.appointmentId,
      bryn,
      { outcome: 'was-not-brought', note: 'Not brought.', late: false, reason: '' },
      null,
    );
    if (!wnb.ok) throw new Error(wnb.problem.message);
    // Ada: Cleo's only future appointment was cancelled: nothing booked.
    const cleo = await child('cleo', 'Cleo', 'Cancelled');
    const cancelled = await at(cleo, ada, '2026-12-14T10:00:00Z');
    await t.deps.database.db
      .updateTable('appointments')
      .set({
        status: 'cancelled',
        cancelled_by: 'service',
        cancelled_reason: 'Clinician unwell',
        cancelled_at: NOW.toISOString(),
      })
      .where('id', '=', cancelled.appointmentId)
      .execute();
    // Ada: Dara's episode is closed: not on the caseload.
    const dara = await child('dara', 'Dara', 'Closed');
    await at(dara, ada, '2026-11-02T10:00:00Z');
    await t.deps.database.db
      .updateTable('episodes')
      .set({ status: 'closed', closed_at: NOW.toISOString() })
      .where('id', '=', dara)
      .execute();
    // Ben: Eli was not brought 13 weeks ago (outside the 12 weeks counted) and has a session booked.
    const eli = await child('eli', 'Eli', 'Bensclient');
    const old = await at(eli, ben, '2026-09-07T10:00:00Z');
    const oldWnb = await t.deps.outcomes.record(
      contextOf(ben),
      LLR,
      old.appointmentId,
      eli,
      { outcome: 'was-not-brought', note: 'Not brought.', late: false, reason: '' },
      null,
    );
    if (!oldWnb.ok) throw new Error(oldWnb.problem.message);
    await at(eli, ben, '2026-12-08T09:00:00Z');
    // A child still waiting is on no one's caseload.
    await child('waiting', 'Wynn', 'Waiting');
  });
  afterAll(async () => {
    await t.close();
  });

  const as = async (who: CreatedStaff) => {
    const client = new TestClient(t.app);
    await signIn(client, who);
    return client;
  };

  it('lists my children with an open episode, nothing booked first, with the next appointment in London time', async () => {
    const client = await as(ada);
    const before = await lastAuditId(t.deps);
    const page = await client.get(paths.caseload.mine.build());
    expect(page.status).toBe(200);
    expect(text(page.document.querySelector('h1'))).toBe('Your caseload');
    const rows = tableRows(page, /^Caseload/u);
    // Nothing booked first (by family name), then by the next appointment.
    expect(rows).toEqual([
      expect.objectContaining({ Child: 'Cleo Cancelled', 'Next appointment': 'None booked', 'Open tasks': '0' }),
      {
        Child: 'Bryn Nonebooked',
        Pathway: 'Physical Disability: Coordination',
        Priority: 'Routine',
        'Next appointment': 'None booked',
        'Open tasks': '1',
        Book: 'Book an appointment for Bryn Nonebooked',
      },
      expect.objectContaining({
        Child: 'Anya Booked',
        Priority: 'Urgent',
        'Next appointment': '14:30 on 10 June 2027',
        'Open tasks': '0',
      }),
    ]);
    expect(text(page.document.querySelector('main .nhsuk-card--warning'))).toContain(
      '2 children have no appointment booked.',
    );
    const book = page.document.querySelector(
      `a[href="${paths.appointments.book.build({ episodeId: episodes.bryn! })}"]`,
    );
    expect(book).not.toBeNull();
    expect(page.body).not.toContain('Dara');
    expect(page.body).not.toContain('Wynn');
    expect(page.body).not.toContain('Eli');
    const events = await auditRows(t.deps, { action: 'caseload.viewed', afterId: before });
    expect(events).toHaveLength(1);
    expect(events[0]?.actor_user_id).toBe(ada.id);
  });

  it('shows an empty caseload plainly', async () => {
    const page = await (await as(cy)).get(paths.caseload.mine.build());
    expect(page.status).toBe(200);
    expect(text(page.document.querySelector('main'))).toContain('There are no children on this caseload.');
  });

  it('compares every clinician’s counts in one table, grouped by team, with the team totals', async () => {
    const page = await (await as(manager)).get(paths.caseload.team.build());
    expect(page.status).toBe(200);
    const rows = tableRows(page, /^Caseloads/u).map((r) => Object.values(r).join(' | '));
    expect(rows).toEqual([
      'North locality | Ada Abbott | 3 | 2 | 1',
      'North locality | Team total | 3 | 2 | 1',
      'South locality | Ben Baker | 1 | 0 | 0',
      'South locality | Team total | 1 | 0 | 0',
      'No team | Cy Cole | 0 | 0 | 0',
      'No team | Team total | 0 | 0 | 0',
    ]);
    const link = page.document.querySelector(`a[href="${paths.caseload.clinician.build({ userId: ada.id })}"]`);
    expect(text(link)).toBe('Ada Abbott');
  });

  it('lets a service manager read one clinician’s caseload, without booking links', async () => {
    const client = await as(manager);
    const before = await lastAuditId(t.deps);
    const page = await client.get(paths.caseload.clinician.build({ userId: ada.id }));
    expect(page.status).toBe(200);
    expect(text(page.document.querySelector('h1'))).toBe('Caseload: Ada Abbott');
    const rows = tableRows(page, /^Caseload/u);
    expect(rows.map((r) => r.Child)).toEqual(['Cleo Cancelled', 'Bryn Nonebooked', 'Anya Booked']);
    expect(rows[0]).not.toHaveProperty('Book');
    const events = await auditRows(t.deps, { action: 'caseload.viewed', afterId: before });
    expect(events.map((e) => [e.subject_type, e.subject_id])).toEqual([['user', ada.id]]);
  });

  it('lets a clinician read only their own caseload by its address', async () => {
    const client = await as(ben);
    expect((await client.get(paths.caseload.clinician.build({ userId: ben.id }))).status).toBe(200);
    expect((await client.get(paths.caseload.clinician.build({ userId: ada.id }))).status).toBe(403);
    // A clinician may still compare the team's counts (caseload:read).
    expect((await client.get(paths.caseload.team.build())).status).toBe(200);
  });

  it('does not find someone outside the service, or an id that is no one', async () => {
    const outsider = await aStaffMember().inService(SECOND_SERVICE, 'clinician').create(t.deps);
    const client = await as(manager);
    for (const userId of [outsider.id, randomUUID(), 'not-a-user', 'x'.repeat(40)]) {
      expect((await client.get(paths.caseload.clinician.build({ userId }))).status, userId).toBe(404);
    }
  });

  it('answers a query string it does not expect without error', async () => {
    const client = await as(ada);
    const page = await client.get(`${paths.caseload.mine.build()}?page=%00&sort[]=x`);
    expect(page.status).toBeLessThan(500);
  });

  it('refuses roles without caseload:read', async () => {
    for (const role of ['admin-officer', 'triage-clinician', 'safeguarding-lead', 'admin'] as const) {
      const client = await as(await aStaffMember().withRoles(role).create(t.deps));
      for (const path of [
        paths.caseload.mine.build(),
        paths.caseload.team.build(),
        paths.caseload.clinician.build({ userId: ada.id }),
      ]) {
        expect((await client.get(path)).status, `${role} ${path}`).toBe(403);
      }
    }
  });

  describe('queries', () => {
    it('asks the database a fixed number of times, whatever the size of the caseload', async () => {
      let count = 0;
      const counting: KyselyPlugin = {
        transformQuery: (args) => {
          count += 1;
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      const caseloads = createCaseloads({ db: t.deps.database.db.withPlugin(counting), clock: t.deps.clock });
      const asked = async (user: CreatedStaff) => {
        count = 0;
        const found = await caseloads.mine(contextOf(user), LLR);
        if (!found.ok) throw new Error(found.problem.message);
        return { queries: count, children: found.caseload.entries.length };
      };
      const small = await asked(ben);
      const large = await asked(ada);
      const empty = await asked(cy);
      expect([small.children, large.children, empty.children]).toEqual([1, 3, 0]);
      expect(large.queries).toBe(small.queries);
      expect(empty.queries).toBe(small.queries);
      count = 0;
      await caseloads.team(LLR);
      expect(count).toBe(1);
    });
  });
});
