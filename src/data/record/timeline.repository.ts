/**
 * The child's record's timeline (issue 14 item 1): what was recorded about the child, when and by whom, a page at a
 * time. One query over every kind of entry (UNION ALL), each branch answered from its table's child index, ordered
 * and paged in the database, and one count, however long the history.
 */
import { sql } from 'kysely';
import { noticeTables } from '../care/appointment-notice-tables.js';
import type { Executor } from '../executor.js';

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
