/**
 * The child's record page (issue 14 item 1): the child with their GP practice, school and the people with parental
 * responsibility (from the latest referral's answers); their episodes; their upcoming appointments; and the timeline
 * of what was recorded about them, a page at a time. A fixed number of indexed queries however long the history:
 * the timeline is one query over every kind of entry (UNION ALL), ordered and paged in the database, and one count.
 */
import { sql } from 'kysely';
import { noticeTables } from '../care/appointment-notice-tables.js';
import type { Executor } from '../executor.js';

export interface RecordHeader {
  id: string;
  nhsNumber: string | null;
  givenName: string;
  familyName: string;
  knownAs: string | null;
  dateOfBirth: string;
  sex: string;
  addressLines: string[];
  postcode: string;
  gp: { code: string | null; name: string | null; typed: string | null };
  school: { urn: string | null; name: string | null; typed: string | null };
  language: string | null;
  interpreterNeeded: boolean;
  accessNeeds: string | null;
  /** The latest referral's answers (JSON text), for the people with parental responsibility. */
  latestAnswers: string | null;
}

export async function recordHeader(
  db: Executor,
  serviceId: string,
  childId: string,
): Promise<RecordHeader | undefined> {
  const r = await db
    .selectFrom('children as c')
    .leftJoin('gp_practices as g', 'g.code', 'c.gp_practice_code')
    .leftJoin('schools as s', 's.urn', 'c.school_urn')
    .select((eb) => [
      'c.id',
      'c.nhs_number',
      'c.given_name',
      'c.family_name',
      'c.known_as',
      'c.date_of_birth',
      'c.sex',
      'c.address_line_1',
      'c.address_line_2',
      'c.town',
      'c.postcode',
      'c.gp_practice_code',
      'c.gp_practice_typed',
      'g.name as gp_name',
      'c.school_urn',
      'c.school_typed',
      's.name as school_name',
      'c.language',
      'c.interpreter_needed',
      'c.access_needs',
      eb
        .selectFrom('referrals as r')
        .select('r.answers')
        .whereRef('r.child_id', '=', 'c.id')
        .where('r.service_id', '=', serviceId)
        .orderBy('r.received_at', 'desc')
        .orderBy('r.id', 'desc')
        .limit(1)
        .as('latest_answers'),
    ])
    .where('c.service_id', '=', serviceId)
    .where('c.id', '=', childId)
    .executeTakeFirst();
  if (r === undefined) return undefined;
  return {
    id: r.id,
    nhsNumber: r.nhs_number,
    givenName: r.given_name,
    familyName: r.family_name,
    knownAs: r.known_as,
    dateOfBirth: r.date_of_birth,
    sex: r.sex,
    addressLines: [r.address_line_1, r.address_line_2, r.town].filter((l): l is string => l !== null && l !== ''),
    postcode: r.postcode,
    gp: { code: r.gp_practice_code, name: r.gp_name ?? null, typed: r.gp_practice_typed },
    school: { urn: r.school_urn, name: r.school_name ?? null, typed: r.school_typed },
    language: r.language,
    interpreterNeeded: r.interpreter_needed === 1,
    accessNeeds: r.access_needs,
    latestAnswers: r.latest_answers ?? null,
  };
}

export interface ChildEpisode {
  id: string;
  reference: string;
  status: string;
  pathway: string;
  priority: string;
  acceptedAt: string;
  closedAt: string | null;
  closedReason: string | null;
  leadClinicianName: string | null;
}

/** Every episode of the child, the most recent first. */
export async function episodesOfChild(db: Executor, serviceId: string, childId: string): Promise<ChildEpisode[]> {
  const rows = await db
    .selectFrom('episodes as e')
    .innerJoin('referrals as r', 'r.id', 'e.referral_id')
    .leftJoin('users as u', 'u.id', 'e.lead_clinician_id')
    .select([
      'e.id',
      'r.reference',
      'e.status',
      'e.pathway',
      'e.priority',
      'e.accepted_at',
      'e.closed_at',
      'e.closed_reason',
      'u.display_name',
    ])
    .where('e.service_id', '=', serviceId)
    .where('e.child_id', '=', childId)
    .orderBy('e.accepted_at', 'desc')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    status: r.status,
    pathway: r.pathway,
    priority: r.priority,
    acceptedAt: r.accepted_at,
    closedAt: r.closed_at,
    closedReason: r.closed_reason,
    leadClinicianName: r.display_name ?? null,
  }));
}

export interface UpcomingAppointment {
  id: string;
  reference: string;
  type: string;
  startsAt: string;
  endsAt: string;
  place: string;
  locationName: string | null;
  /** The clinicians, joined with ", ". */
  staffNames: string | null;
}

/** The child's booked appointments not yet over, soonest first, up to `limit`. */
export async function upcomingAppointmentsOfChild(
  db: Executor,
  serviceId: string,
  childId: string,
  now: string,
  limit: number,
): Promise<UpcomingAppointment[]> {
  const rows = await db
    .selectFrom('appointment_children as ac')
    .innerJoin('episodes as e', 'e.id', 'ac.episode_id')
    .innerJoin('appointments as a', 'a.id', 'ac.appointment_id')
    .leftJoin('locations as l', 'l.id', 'a.location_id')
    .select(['a.id', 'a.reference', 'a.type', 'a.starts_at', 'a.ends_at', 'a.place', 'l.name as location_name'])
    .where('ac.service_id', '=', serviceId)
    .where('e.service_id', '=', serviceId)
    .where('e.child_id', '=', childId)
    .where('a.status', '=', 'booked')
    .where('a.ends_at', '>', now)
    .orderBy('a.starts_at')
    .orderBy('a.id')
    .limit(limit)
    .execute();
  // Their clinicians in one more query (at most `limit` appointments).
  const staff =
    rows.length === 0
      ? []
      : await db
          .selectFrom('appointment_staff as s')
          .innerJoin('users as u', 'u.id', 's.user_id')
          .select(['s.appointment_id', 'u.display_name'])
          .where('s.service_id', '=', serviceId)
          .where(
            's.appointment_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('u.display_name')
          .execute();
  const namesOf = (id: string) =>
    staff
      .filter((s) => s.appointment_id === id)
      .map((s) => s.display_name)
      .join(', ');
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    type: r.type,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    place: r.place,
    locationName: r.location_name ?? null,
    staffNames: namesOf(r.id) || null,
  }));
}

/** One entry of the timeline: what was recorded, when, and by whom. */
export interface TimelineEntry {
  kind:
    | 'note'
    | 'equipment'
    | 'letter'
    | 'appointment-letter'
    | 'assessment'
    | 'goal'
    | 'goal-rating'
    | 'toms'
    | 'consent'
    | 'discharge'
    | 'discharge-letter'
    | 'advice'
    | 'ehcp';
  id: string;
  /** ISO instant the entry was recorded: the timeline's order. */
  at: string;
  /** A short description: the note's type, the item's name, the letter's subject. */
  title: string;
  /** The note's state (draft | signed), the equipment's status, the letter's channel. */
  state: string | null;
  by: string | null;
}

/**
 * The UNION ALL of every kind of entry about the child; each branch is answered from its table's child index. Notes
 * are those signed, and the viewer's own drafts: another person's draft is not yet part of the record.
 */
function timelineUnion(db: Executor, serviceId: string, childId: string, viewerId: string) {
  // The appointment letters' table is typed apart (appointment-notice-tables.ts): every branch uses its view.
  const q = noticeTables(db);
  const notes = q
    .selectFrom('contact_notes as n')
    .leftJoin('users as u', 'u.id', 'n.author_user_id')
    .select([
      sql<string>`'note'`.as('kind'),
      'n.id as id',
      sql<string>`coalesce(n.signed_at, n.created_at)`.as('at'),
      sql<string>`coalesce(n.contact_type, '')`.as('title'),
      'n.status as state',
      'u.display_name as by_name',
    ])
    .where('n.service_id', '=', serviceId)
    .where('n.child_id', '=', childId)
    .where((eb) => eb.or([eb('n.status', '=', 'signed'), eb('n.author_user_id', '=', viewerId)]));
  const equipment = q
    .selectFrom('equipment_issues as q')
    .leftJoin('users as u', 'u.id', 'q.fitted_by_user_id')
    .select([
      sql<string>`'equipment'`.as('kind'),
      'q.id as id',
      'q.created_at as at',
      'q.item_name as title',
      'q.status as state',
      'u.display_name as by_name',
    ])
    .where('q.service_id', '=', serviceId)
    .where('q.child_id', '=', childId);
  const letters = q
    .selectFrom('referral_letters as l')
    .select([
      sql<string>`'letter'`.as('kind'),
      'l.id as id',
      'l.created_at as at',
      'l.subject as title',
      'l.recipient_role as state',
      sql<string | null>`null`.as('by_name'),
    ])
    .where('l.service_id', '=', serviceId)
    .where('l.referral_id', 'in', (eb) =>
      eb
        .selectFrom('referrals as r')
        .select('r.id')
        .where('r.service_id', '=', serviceId)
        .where('r.child_id', '=', childId),
    );
  const appointmentLetters = q
    .selectFrom('appointment_letters as l')
    .select([
      sql<string>`'appointment-letter'`.as('kind'),
      'l.id as id',
      'l.created_at as at',
      'l.subject as title',
      'l.channel as state',
      sql<string | null>`null`.as('by_name'),
    ])
    .where('l.service_id', '=', serviceId)
    .where('l.appointment_id', 'in', (eb) =>
      eb
        .selectFrom('appointment_children as ac')
        .innerJoin('episodes as e', 'e.id', 'ac.episode_id')
        .select('ac.appointment_id')
        .where('e.service_id', '=', serviceId)
        .where('e.child_id', '=', childId),
    )
    .where('l.episode_id', 'in', (eb) =>
      eb
        .selectFrom('episodes as e')
        .select('e.id')
        .where('e.service_id', '=', serviceId)
        .where('e.child_id', '=', childId),
    );
  const byName = (alias: string) =>
    sql<string | null>`(select u.display_name from users u where u.id = ${sql.ref(alias)})`;
  const assessments = q
    .selectFrom('assessments as x')
    .select([
      sql<string>`'assessment'`.as('kind'),
      'x.id as id',
      'x.recorded_at as at',
      sql<string>`coalesce(x.summary, x.instrument)`.as('title'),
      'x.assessed_on as state',
      byName('x.recorded_by').as('by_name'),
    ])
    .where('x.service_id', '=', serviceId)
    .where('x.child_id', '=', childId);
  const goals = q
    .selectFrom('goals as g')
    .select([
      sql<string>`'goal'`.as('kind'),
      'g.id as id',
      'g.created_at as at',
      'g.text as title',
      'g.measure as state',
      byName('g.created_by').as('by_name'),
    ])
    .where('g.service_id', '=', serviceId)
    .where('g.child_id', '=', childId);
  const ratings = q
    .selectFrom('goal_ratings as r')
    .innerJoin('goals as g', 'g.id', 'r.goal_id')
    .select([
      sql<string>`'goal-rating'`.as('kind'),
      'r.goal_id as id',
      'r.created_at as at',
      'g.text as title',
      'r.kind as state',
      byName('r.by_user_id').as('by_name'),
    ])
    .where('r.service_id', '=', serviceId)
    .where('r.child_id', '=', childId);
  const toms = q
    .selectFrom('toms_ratings as m')
    .select([
      sql<string>`'toms'`.as('kind'),
      'm.id as id',
      'm.created_at as at',
      'm.scale as title',
      'm.stage as state',
      byName('m.by_user_id').as('by_name'),
    ])
    .where('m.service_id', '=', serviceId)
    .where('m.child_id', '=', childId);
  const consents = q
    .selectFrom('consents as k')
    .select([
      sql<string>`'consent'`.as('kind'),
      'k.id as id',
      'k.recorded_at as at',
      sql<string>`coalesce(k.agency_name, k.agency_code, k.kind)`.as('title'),
      sql<string>`case when k.withdrawn_on is null then 'given' else 'withdrawn' end`.as('state'),
      byName('k.recorded_by').as('by_name'),
    ])
    .where('k.service_id', '=', serviceId)
    .where('k.child_id', '=', childId);
  const discharges = q
    .selectFrom('discharges as d')
    .select([
      sql<string>`'discharge'`.as('kind'),
      'd.id as id',
      'd.recorded_at as at',
      'd.reason_code as title',
      'd.discharged_on as state',
      byName('d.recorded_by').as('by_name'),
    ])
    .where('d.service_id', '=', serviceId)
    .where('d.child_id', '=', childId);
  const dischargeLetters = q
    .selectFrom('discharge_letters as dl')
    .select([
      sql<string>`'discharge-letter'`.as('kind'),
      'dl.discharge_id as id',
      'dl.created_at as at',
      'dl.subject as title',
      'dl.recipient as state',
      sql<string | null>`null`.as('by_name'),
    ])
    .where('dl.service_id', '=', serviceId)
    .where('dl.discharge_id', 'in', (eb) =>
      eb
        .selectFrom('discharges as d')
        .select('d.id')
        .where('d.service_id', '=', serviceId)
        .where('d.child_id', '=', childId),
    );
  const advice = q
    .selectFrom('advice_given as v')
    .select([
      sql<string>`'advice'`.as('kind'),
      'v.id as id',
      'v.created_at as at',
      'v.programme_title as title',
      'v.given_to as state',
      byName('v.given_by').as('by_name'),
    ])
    .where('v.service_id', '=', serviceId)
    .where('v.child_id', '=', childId);
  // A local authority's request for statutory EHCP health advice (issue 15), by the request's child index.
  const ehcp = q
    .selectFrom('ehcp_requests as h')
    .select([
      sql<string>`'ehcp'`.as('kind'),
      'h.id as id',
      'h.created_at as at',
      'h.la_name as title',
      'h.status as state',
      byName('h.logged_by').as('by_name'),
    ])
    .where('h.service_id', '=', serviceId)
    .where('h.child_id', '=', childId);
  return notes
    .unionAll(advice)
    .unionAll(ehcp)
    .unionAll(equipment)
    .unionAll(letters)
    .unionAll(appointmentLetters)
    .unionAll(assessments)
    .unionAll(goals)
    .unionAll(ratings)
    .unionAll(toms)
    .unionAll(consents)
    .unionAll(discharges)
    .unionAll(dischargeLetters);
}

export async function timelinePage(
  db: Executor,
  serviceId: string,
  childId: string,
  viewerId: string,
  offset: number,
  limit: number,
): Promise<TimelineEntry[]> {
  const rows = await noticeTables(db)
    .selectFrom(timelineUnion(db, serviceId, childId, viewerId).as('t'))
    .selectAll()
    .orderBy('t.at', 'desc')
    .orderBy('t.id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    kind: r.kind as TimelineEntry['kind'],
    id: r.id,
    at: r.at,
    title: r.title,
    state: r.state,
    by: r.by_name ?? null,
  }));
}

export async function countTimeline(
  db: Executor,
  serviceId: string,
  childId: string,
  viewerId: string,
): Promise<number> {
  const row = await noticeTables(db)
    .selectFrom(timelineUnion(db, serviceId, childId, viewerId).as('t'))
    .select((s) => s.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
