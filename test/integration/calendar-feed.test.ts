/**
 * A clinician's calendar feed behind a secret address (docs/adr/0039), read back with Mozilla's ical.js: the address
 * is shown once and only its hash is kept; the feed gives each appointment at the right instant in winter, in summer,
 * in the hour the clocks go back and across the change for a weekly session; it names no child and no street; a new
 * address replaces the old; a revoked feed, a disabled owner's and an unknown token are all "not found"; the pages
 * refuse people without diary:read and bad input without a 500.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dependencies } from '../../src/composition.js';
import { findEpisodeOfReferral } from '../../src/data/care/episodes.repository.js';
import { londonInstant } from '../../src/domain/care/london-time.js';
import { sha256 } from '../../src/services/accounts/secrets.js';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { aClinic, anAppointment, aSchool, cancelled } from '../support/care-calendar.js';
import { TestClient, type Page } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { aReferral } from '../support/factories.js';
import { parseCalendar, type ParsedEvent } from '../support/ical.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

/** Monday 16 November 2026, 10:00 in London: the feed runs from 19 October 2026 to 17 May 2027. */
const NOW = new Date('2026-11-16T10:00:00Z');
const MANAGE = paths.calendarFeed.manage.build();
const REVOKE = paths.calendarFeed.revoke.build();

const london = (date: string, time: string, occurrence: 'first' | 'second' = 'first') => {
  const at = londonInstant(date, time, occurrence);
  if (!at.ok) throw new Error(`${date} ${time}: ${at.reason}`);
  return at.instant;
};

async function childOnList(deps: Dependencies, given: string, family: string): Promise<string> {
  const referral = await aReferral({ childGivenName: given, childFamilyName: family }).accepted().create(deps);
  const episode = await findEpisodeOfReferral(deps.database.db, LLR, referral.id);
  if (episode === undefined) throw new Error('no episode');
  return episode.id;
}

/** The address shown once on the page after making it, as a path this app answers. */
function shownAddress(page: Page): { url: string; path: string; token: string } {
  const url = page.document.querySelector('#feed-url')?.textContent.trim() ?? '';
  const path = new URL(url).pathname;
  const token = path.slice(path.lastIndexOf('/') + 1);
  return { url, path, token };
}

/** A calendar application: no cookies, no session. */
const calendarApp = (t: TestApp) => new TestClient(t.app, '198.51.100.7');

describeEachDialect('calendar feed', (dialect) => {
  let t: TestApp;
  let clinician: CreatedStaff;
  let colleague: CreatedStaff;
  let browser: TestClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const time = movableClock(NOW);
    t = await createTestApp(dialect, { clock: time.clock });
    clinician = await aStaffMember().called('Casey Clinician').withRoles('clinician').create(t.deps);
    colleague = await aStaffMember().called('Robin Other').withRoles('clinician').create(t.deps);
    const child = await childOnList(t.deps, 'Peregrine', 'Quisling');
    const second = await childOnList(t.deps, 'Zanele', 'Okonkwo');
    const clinic = await aClinic(t.deps, 'Hill Street Clinic, Room 2; rear');
    await aSchool(t.deps, '900111', 'LE3 9QX');
    const mine = { clinicianIds: [clinician.id], episodeIds: [child] };

    ids.summer = (
      await anAppointment(t.deps, { ...mine, start: london('2027-04-15', '10:00'), locationId: clinic })
    ).id;
    const winter = await anAppointment(t.deps, {
      ...mine,
      type: 'initial-assessment',
      start: london('2026-12-10', '10:00'),
      minutes: 60,
      locationId: clinic,
    });
    ids.winter = winter.id;
    ids.winterReference = winter.reference;
    ids.ambiguous = (
      await anAppointment(t.deps, { ...mine, start: london('2026-10-25', '01:30'), minutes: 30, place: 'home' })
    ).id;
    for (const [i, date] of ['2026-10-21', '2026-10-28', '2026-11-04', '2026-11-11'].entries()) {
      ids[`weekly${String(i)}`] = (
        await anAppointment(t.deps, {
          clinicianIds: [clinician.id],
          episodeIds: [child, second],
          type: 'group-session',
          start: london(date, '16:00'),
          place: 'school',
          schoolUrn: '900111',
        })
      ).id;
    }
    ids.cancelled = (await anAppointment(t.deps, { ...mine, start: london('2026-11-02', '14:00') })).id;
    await cancelled(t.deps, ids.cancelled);
    ids.longAgo = (await anAppointment(t.deps, { ...mine, start: london('2026-10-01', '10:00') })).id;
    ids.farAhead = (await anAppointment(t.deps, { ...mine, start: london('2027-06-01', '10:00') })).id;
    ids.colleagues = (
      await anAppointment(t.deps, {
        clinicianIds: [colleague.id],
        episodeIds: [second],
        start: london('2026-11-05', '11:00'),
      })
    ).id;

    browser = new TestClient(t.app);
    await signIn(browser, clinician);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('making, reading, replacing and stopping a feed', () => {
    let first: { url: string; path: string; token: string };
    let text = '';
    let events: ParsedEvent[] = [];
    const event = (key: string) => events.find((e) => e.uid.startsWith(`${ids[key] ?? 'none'}@`));

    it('says there is no feed yet', async () => {
      const page = await browser.get(MANAGE);
      expect(page.status).toBe(200);
      expect(page.body).toContain('You do not have a calendar feed');
      expect(page.screen.getByRole('button', { name: 'Create calendar feed address' })).toBeTruthy();
    });

    it('makes an address, shows it once with a warning, and keeps only its hash', async () => {
      const before = await lastAuditId(t.deps);
      const page = await browser.post(MANAGE);
      expect(page.status).toBe(200);
      expect(page.headers['cache-control']).toBe('no-store');
      first = shownAddress(page);
      expect(first.url).toMatch(/^http:\/\/localhost:3000\/calendar\/[A-Za-z0-9_-]{43}$/u);
      expect(page.body).toContain('Anyone with this address can read your diary');
      for (const app of ['Microsoft Outlook', 'Google Calendar', 'Apple Calendar']) expect(page.body).toContain(app);

      const created = await auditRows(t.deps, { action: 'calendar-feed.created', afterId: before });
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({ actor_user_id: clinician.id, subject_id: clinician.id, outcome: 'success' });

      const profile = await t.deps.database.db
        .selectFrom('staff_profiles')
        .selectAll()
        .where('user_id', '=', clinician.id)
        .executeTakeFirstOrThrow();
      expect(profile.feed_token_hash).toBe(sha256(`calendar-feed:${first.token}`));
      expect(JSON.parse(profile.working_pattern)).toEqual(
        t.deps.registry.byId(LLR)?.care.appointments.defaultWorkingPattern,
      );
      // The token itself is in no table.
      for (const table of await t.deps.database.db.introspection.getTables()) {
        const rows = await t.deps.database.db
          .selectFrom(table.name as 'users')
          .selectAll()
          .execute();
        expect(JSON.stringify(rows), table.name).not.toContain(first.token);
      }
    });

    it('shows when the feed was made, never the address again', async () => {
      const page = await browser.get(MANAGE);
      expect(page.body).toContain('Address created');
      expect(page.body).toContain('16 November 2026 at 10:00');
      expect(page.body).not.toContain(first.token);
    });

    it('answers a calendar application with text/calendar, not to be stored, audited about the owner', async () => {
      const before = await lastAuditId(t.deps);
      const page = await calendarApp(t).get(first.path);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['set-cookie']).toBeUndefined();
      text = page.body;
      const parsed = parseCalendar(text);
      events = parsed.events;
      expect(parsed.timezones).toEqual(['Europe/London']);
      expect(parsed.properties).toMatchObject({ METHOD: 'PUBLISH', 'X-WR-TIMEZONE': 'Europe/London' });

      const read = await auditRows(t.deps, { action: 'calendar-feed.read', afterId: before });
      expect(read).toHaveLength(1);
      expect(read[0]).toMatchObject({ service_id: LLR, subject_type: 'user', subject_id: clinician.id });
      expect(JSON.stringify(read[0])).not.toContain(first.token);
    });

    it('gives 10:00 in summer and in winter at their instants', () => {
      expect(event('summer')).toMatchObject({
        start: '2027-04-15T09:00:00.000Z',
        end: '2027-04-15T09:45:00.000Z',
        location: 'Hill Street Clinic, Room 2; rear',
        status: 'CONFIRMED',
        sequence: 0,
      });
      expect(event('winter')).toMatchObject({ start: '2026-12-10T10:00:00.000Z', end: '2026-12-10T11:00:00.000Z' });
      expect(event('winter')?.summary).toBe(`Initial assessment: PQ (${ids.winterReference ?? ''})`);
      expect(event('winter')?.startZone).toBe('Europe/London');
    });

    it('gives the first 01:30 of 25 October 2026 as 00:30Z', () => {
      expect(event('ambiguous')).toMatchObject({
        start: '2026-10-25T00:30:00.000Z',
        end: '2026-10-25T01:00:00.000Z',
        location: 'Home visit, LE1',
      });
    });

    it('keeps a weekly 16:00 session at 16:00 London time across the clock change', () => {
      expect([0, 1, 2, 3].map((i) => event(`weekly${String(i)}`)?.start)).toEqual([
        '2026-10-21T15:00:00.000Z',
        '2026-10-28T16:00:00.000Z',
        '2026-11-04T16:00:00.000Z',
        '2026-11-11T16:00:00.000Z',
      ]);
      expect(event('weekly0')?.location).toBe('School visit, LE3');
      expect(event('weekly0')?.summary).toMatch(/^Group session: (PQ, ZO|ZO, PQ) \(OT-A-/u);
    });

    it('shows a cancelled appointment as cancelled, and nothing outside the window or in another diary', () => {
      expect(event('cancelled')).toMatchObject({ status: 'CANCELLED', sequence: 1 });
      expect(event('longAgo')).toBeUndefined();
      expect(event('farAhead')).toBeUndefined();
      expect(event('colleagues')).toBeUndefined();
      expect(events).toHaveLength(8);
    });

    it('names no child and gives no street or full postcode', () => {
      for (const secret of ['Peregrine', 'Quisling', 'Zanele', 'Okonkwo', 'Granby', 'LE1 6FB', 'Narborough', 'LE3 9QX'])
        expect(text, secret).not.toContain(secret);
      expect(text).not.toContain('Clinic Road');
    });

    it('replaces the address when a new one is made: the old one is not found', async () => {
      await browser.get(MANAGE);
      const page = await browser.post(MANAGE);
      const second = shownAddress(page);
      expect(second.token).not.toBe(first.token);
      const old = await calendarApp(t).get(first.path);
      expect(old.status).toBe(404);
      const unknown = await calendarApp(t).get(paths.calendarFeed.feed.build({ token: 'A'.repeat(43) }));
      expect(unknown.status).toBe(404);
      const strip = (body: string) => body.replace(/nonce="[^"]*"/gu, '').replace(/[0-9a-f-]{36}/gu, '');
      expect(strip(old.body)).toBe(strip(unknown.body));
      expect(old.headers['content-type']).toMatch(/^text\/html/u);
      expect((await calendarApp(t).get(second.path)).status).toBe(200);
      first = second;
    });

    it('stops the feed when revoked: its address is not found', async () => {
      await browser.get(MANAGE);
      const before = await lastAuditId(t.deps);
      const done = await browser.post(REVOKE);
      expect(done.status).toBe(303);
      const page = await browser.follow(done);
      expect(page.body).toContain('Your calendar feed has been stopped');
      expect(page.body).toContain('You do not have a calendar feed');
      expect((await calendarApp(t).get(first.path)).status).toBe(404);
      const revoked = await auditRows(t.deps, { action: 'calendar-feed.revoked', afterId: before });
      expect(revoked[0]).toMatchObject({ actor_user_id: clinician.id, subject_id: clinician.id, outcome: 'success' });
      const hash = await t.deps.database.db
        .selectFrom('staff_profiles')
        .select('feed_token_hash')
        .where('user_id', '=', clinician.id)
        .executeTakeFirstOrThrow();
      expect(hash.feed_token_hash).toBeNull();
    });
  });

  it("answers a disabled person's feed with not found", async () => {
    const leaver = await aStaffMember().withRoles('clinician').create(t.deps);
    const ctx = {
      serviceId: LLR,
      actorUserId: leaver.id,
      actorRoles: ['clinician' as const],
      ip: null,
      correlationId: randomUUID(),
      recorded: new Set<never>(),
    };
    const made = await t.deps.calendarFeed.create(ctx);
    const path = new URL(made.url).pathname;
    expect((await calendarApp(t).get(path)).status).toBe(200);
    await t.deps.database.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', leaver.id).execute();
    expect((await calendarApp(t).get(path)).status).toBe(404);
  });

  it('refuses people without diary:read, and sends people not signed in to sign in', async () => {
    const triager = await aStaffMember().withRoles('triage-clinician').create(t.deps);
    const other = new TestClient(t.app);
    await signIn(other, triager);
    expect((await other.get(MANAGE)).status).toBe(403);
    expect((await other.post(MANAGE)).status).toBe(403);
    const nobody = new TestClient(t.app);
    expect((await nobody.get(MANAGE)).status).toBe(303);
    expect((await nobody.post(REVOKE, {}, { csrf: null })).status).not.toBe(200);
  });

  it('answers bad input with 400 or 404, never a 500', async () => {
    expect((await browser.get(`${MANAGE}?revoked=2`)).status).toBe(400);
    expect((await browser.get(`${MANAGE}?sort=name`)).status).toBe(400);
    expect((await browser.post(MANAGE, {}, { csrf: 'forged' })).status).toBe(403);
    for (const token of [
      'x',
      'A'.repeat(42),
      'A'.repeat(44),
      '%00',
      '..%2F..%2Fetc',
      `${'A'.repeat(42)}%C3`,
      '%27%20or%201=1',
    ]) {
      const page = await calendarApp(t).get(`/calendar/${token}`);
      expect([400, 404], token).toContain(page.status);
    }
  });
});
