/**
 * What the access rule (src/domain/record/access.ts) needs to know about one person and one child, in one query
 * however long the child's history: whether an episode is open, the last discharge, a safeguarding flag, the
 * relationship (caseload, appointments, the episode's team: the lead clinician's team, or the whole service's while
 * the child waits unallocated) and this person's latest break-glass access. Every part is
 * an indexed correlated subquery. Also the alerts on a child's record and the break-glass accesses with their reviews.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from '../database.js';
import type { EhcpRequestsTable } from '../database.ehcp.js';
import type { Executor } from '../executor.js';

export interface AccessFactsRow {
  episodeOpen: boolean;
  /** ISO instant of the last closed episode's closing, or null. */
  lastClosedAt: string | null;
  safeguardingFlag: boolean;
  onCaseload: boolean;
  hasHadAppointment: boolean;
  inEpisodeTeam: boolean;
  breakGlass: { id: string; reason: string; startedAt: string; minutes: number } | null;
  /** Assigned to (or reviewing) the EHCP advice of an open request for this child; the last such answered date. */
  ehcpAdvice: { open: boolean; lastAnsweredOn: string | null };
}

const truthy = (v: unknown) => v !== null && v !== undefined && Number(v) > 0;

/** An EHCP request this person writes the advice for, or reviews it. */
function ehcpPart(w: ExpressionBuilder<Database & { r: EhcpRequestsTable }, 'r'>, userId: string) {
  return w.or([
    w('r.assigned_clinician_id', '=', userId),
    w.exists(
      w
        .selectFrom('ehcp_advice as a')
        .select('a.id')
        .whereRef('a.request_id', '=', 'r.id')
        .where('a.reviewer_id', '=', userId),
    ),
  ]);
}

export async function accessFacts(
  db: Executor,
  serviceId: string,
  childId: string,
  userId: string,
): Promise<AccessFactsRow | undefined> {
  const row = await db
    .selectFrom('children as c')
    .select((eb) => [
      eb
        .selectFrom('episodes as e')
        // Counted with CASE rather than filtered on the status, so that the child's index answers it, not the status's.
        .select(sql<number | string>`sum(case when e.status in ('waiting', 'open') then 1 else 0 end)`.as('n'))
        .where('e.service_id', '=', serviceId)
        .whereRef('e.child_id', '=', 'c.id')
        .as('episode_open'),
      eb
        .selectFrom('episodes as e')
        .select(sql<string | null>`max(case when e.status = 'closed' then e.closed_at end)`.as('m'))
        .where('e.service_id', '=', serviceId)
        .whereRef('e.child_id', '=', 'c.id')
        .as('last_closed_at'),
      eb
        .selectFrom('child_alerts as a')
        .select((s) => s.fn.countAll<number | string>().as('n'))
        .where('a.service_id', '=', serviceId)
        .whereRef('a.child_id', '=', 'c.id')
        .where('a.kind', '=', 'safeguarding')
        .where('a.ended_at', 'is', null)
        .as('alert_flag'),
      // The open safeguarding flags of the child's episodes: for each of the child's episodes, its tasks by the
      // episode's index (a filter on the task's kind or status would let a plan start from the service's open tasks).
      eb
        .selectFrom('episodes as e')
        .select((s) =>
          s.fn
            .sum<number | string>(
              s
                .selectFrom('tasks as t')
                .select(
                  sql<number>`sum(case when t.kind = 'safeguarding-flag' and t.status = 'open' then 1 else 0 end)`.as(
                    'f',
                  ),
                )
                .where('t.service_id', '=', serviceId)
                .whereRef('t.episode_id', '=', 'e.id'),
            )
            .as('n'),
        )
        .where('e.service_id', '=', serviceId)
        .whereRef('e.child_id', '=', 'c.id')
        .as('task_flag'),
      eb
        .selectFrom('episodes as e')
        .select((s) => s.fn.countAll<number | string>().as('n'))
        .where('e.service_id', '=', serviceId)
        .whereRef('e.child_id', '=', 'c.id')
        .where('e.lead_clinician_id', '=', userId)
        .as('on_caseload'),
      // Read from the child's episodes and their appointments, not from every appointment this person ever held.
      eb
        .selectFrom('episodes as e')
        .innerJoin('appointment_children as ac', 'ac.episode_id', 'e.id')
        .select((s) => s.fn.countAll<number | string>().as('n'))
        .where('e.service_id', '=', serviceId)
        .whereRef('e.child_id', '=', 'c.id')
        .where((w) =>
          w.exists(
            w
              .selectFrom('appointment_staff as s')
              .select('s.user_id')
              .whereRef('s.appointment_id', '=', 'ac.appointment_id')
              .where('s.user_id', '=', userId),
          ),
        )
        .as('had_appointment'),
      eb
        .selectFrom('episodes as e')
        .innerJoin('staff_profiles as lead', (j) =>
          j.onRef('lead.user_id', '=', 'e.lead_clinician_id').onRef('lead.service_id', '=', 'e.service_id'),
        )
        .innerJoin('staff_profiles as me', (j) =>
          j.onRef('me.team_id', '=', 'lead.team_id').onRef('me.service_id', '=', 'lead.service_id'),
        )
        .select((s) => s.fn.countAll<number | string>().as('n'))
        .where('e.service_id', '=', serviceId)
        .whereRef('e.child_id', '=', 'c.id')
        .where('me.user_id', '=', userId)
        .as('in_team'),
      // A child waiting with no lead clinician yet is held by the whole team (the service's waiting list).
      eb
        .selectFrom('episodes as e')
        .select(
          sql<
            number | string
          >`sum(case when e.status = 'waiting' and e.lead_clinician_id is null then 1 else 0 end)`.as('n'),
        )
        .where('e.service_id', '=', serviceId)
        .whereRef('e.child_id', '=', 'c.id')
        .as('unallocated'),
      // EHCP advice (issue 15): requests of this child this person is assigned to write, or asked to review.
      eb
        .selectFrom('ehcp_requests as r')
        .select(sql<number | string>`sum(case when r.status = 'open' then 1 else 0 end)`.as('n'))
        .where('r.service_id', '=', serviceId)
        .whereRef('r.child_id', '=', 'c.id')
        .where((w) => ehcpPart(w, userId))
        .as('ehcp_open'),
      eb
        .selectFrom('ehcp_requests as r')
        .select(sql<string | null>`max(r.answered_on)`.as('m'))
        .where('r.service_id', '=', serviceId)
        .whereRef('r.child_id', '=', 'c.id')
        .where((w) => ehcpPart(w, userId))
        .as('ehcp_answered_on'),
      ...(['id', 'reason', 'started_at', 'minutes'] as const).map((column) =>
        eb
          .selectFrom('break_glass_accesses as b')
          .select(`b.${column}`)
          .where('b.service_id', '=', serviceId)
          .whereRef('b.child_id', '=', 'c.id')
          .where('b.user_id', '=', userId)
          .orderBy('b.started_at', 'desc')
          .orderBy('b.id', 'desc')
          .limit(1)
          .as(`bg_${column}`),
      ),
    ])
    .where('c.service_id', '=', serviceId)
    .where('c.id', '=', childId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const r = row as typeof row & {
    bg_id: string | null;
    bg_reason: string | null;
    bg_started_at: string | null;
    bg_minutes: number | string | null;
  };
  return {
    episodeOpen: truthy(r.episode_open),
    lastClosedAt: r.last_closed_at ?? null,
    safeguardingFlag: truthy(r.alert_flag) || truthy(r.task_flag),
    onCaseload: truthy(r.on_caseload),
    hasHadAppointment: truthy(r.had_appointment),
    inEpisodeTeam: truthy(r.in_team) || truthy(r.unallocated),
    ehcpAdvice: { open: truthy(r.ehcp_open), lastAnsweredOn: r.ehcp_answered_on ?? null },
    breakGlass:
      r.bg_id === null || r.bg_reason === null || r.bg_started_at === null || r.bg_minutes === null
        ? null
        : { id: r.bg_id, reason: r.bg_reason, startedAt: r.bg_started_at, minutes: Number(r.bg_minutes) },
  };
}

// ---- Alerts -------------------------------------------------------------------------------------------------------

export interface AlertRow {
  id: string;
  childId: string;
  kind: string;
  detail: string;
  contact: string | null;
  createdBy: string;
  createdByName: string;
  createdAt: string;
}

export async function insertAlert(
  db: Executor,
  a: {
    id: string;
    serviceId: string;
    childId: string;
    kind: string;
    detail: string;
    contact: string | null;
    by: string;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('child_alerts')
    .values({
      id: a.id,
      service_id: a.serviceId,
      child_id: a.childId,
      kind: a.kind,
      detail: a.detail,
      contact: a.contact,
      created_by: a.by,
      created_at: a.at,
      ended_by: null,
      ended_at: null,
      end_reason: null,
    })
    .execute();
}

/** The alerts in force on a child's record, safeguarding first then oldest first. */
export async function alertsOf(db: Executor, serviceId: string, childId: string): Promise<AlertRow[]> {
  const rows = await db
    .selectFrom('child_alerts as a')
    .innerJoin('users as u', 'u.id', 'a.created_by')
    .select(['a.id', 'a.child_id', 'a.kind', 'a.detail', 'a.contact', 'a.created_by', 'a.created_at', 'u.display_name'])
    .where('a.service_id', '=', serviceId)
    .where('a.child_id', '=', childId)
    .where('a.ended_at', 'is', null)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
  // Safeguarding first (a stable sort keeps the rest oldest first).
  const ordered = [...rows].sort((a, b) => Number(b.kind === 'safeguarding') - Number(a.kind === 'safeguarding'));
  return ordered.map((r) => ({
    id: r.id,
    childId: r.child_id,
    kind: r.kind,
    detail: r.detail,
    contact: r.contact,
    createdBy: r.created_by,
    createdByName: r.display_name,
    createdAt: r.created_at,
  }));
}

/** Ends an alert still in force; false when there is none (ended already, or not this child's). */
export async function endAlert(
  db: Executor,
  serviceId: string,
  childId: string,
  alertId: string,
  end: { by: string; at: string; reason: string },
): Promise<boolean> {
  const result = await db
    .updateTable('child_alerts')
    .set({ ended_by: end.by, ended_at: end.at, end_reason: end.reason })
    .where('service_id', '=', serviceId)
    .where('child_id', '=', childId)
    .where('id', '=', alertId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** The children of the service whose address is sealed, among `childIds`. */
export async function sealedAddressAmong(
  db: Executor,
  serviceId: string,
  childIds: readonly string[],
): Promise<Set<string>> {
  if (childIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('child_alerts')
    .select('child_id')
    .where('service_id', '=', serviceId)
    .where('child_id', 'in', [...childIds])
    .where('kind', '=', 'sealed-address')
    .where('ended_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.child_id));
}

// ---- Break-glass --------------------------------------------------------------------------------------------------

export async function insertBreakGlass(
  db: Executor,
  b: {
    id: string;
    serviceId: string;
    childId: string;
    userId: string;
    reason: string;
    startedAt: string;
    minutes: number;
    endsAt: string;
  },
): Promise<void> {
  await db
    .insertInto('break_glass_accesses')
    .values({
      id: b.id,
      service_id: b.serviceId,
      child_id: b.childId,
      user_id: b.userId,
      reason: b.reason,
      started_at: b.startedAt,
      minutes: b.minutes,
      ends_at: b.endsAt,
      reviewed_at: null,
      reviewed_by: null,
      review_outcome: null,
      review_note: null,
    })
    .execute();
}

export interface BreakGlassRow {
  id: string;
  childId: string;
  childName: string;
  userId: string;
  userName: string;
  reason: string;
  startedAt: string;
  endsAt: string;
  reviewedAt: string | null;
  reviewedByName: string | null;
  reviewOutcome: string | null;
  reviewNote: string | null;
}

function breakGlassQuery(db: Executor, serviceId: string) {
  return db
    .selectFrom('break_glass_accesses as b')
    .innerJoin('children as c', 'c.id', 'b.child_id')
    .innerJoin('users as u', 'u.id', 'b.user_id')
    .leftJoin('users as r', 'r.id', 'b.reviewed_by')
    .select([
      'b.id',
      'b.child_id',
      'c.given_name',
      'c.family_name',
      'b.user_id',
      'u.display_name as user_name',
      'b.reason',
      'b.started_at',
      'b.ends_at',
      'b.reviewed_at',
      'r.display_name as reviewer_name',
      'b.review_outcome',
      'b.review_note',
    ])
    .where('b.service_id', '=', serviceId);
}

type BreakGlassSelected = Awaited<ReturnType<ReturnType<typeof breakGlassQuery>['execute']>>[number];

function toBreakGlass(r: BreakGlassSelected): BreakGlassRow {
  return {
    id: r.id,
    childId: r.child_id,
    childName: `${r.given_name} ${r.family_name}`,
    userId: r.user_id,
    userName: r.user_name,
    reason: r.reason,
    startedAt: r.started_at,
    endsAt: r.ends_at,
    reviewedAt: r.reviewed_at,
    reviewedByName: r.reviewer_name ?? null,
    reviewOutcome: r.review_outcome,
    reviewNote: r.review_note,
  };
}

/** Break-glass accesses awaiting review (oldest first), or the latest reviewed ones (newest first), up to `limit`. */
export async function breakGlassList(
  db: Executor,
  serviceId: string,
  which: 'to-review' | 'reviewed',
  limit: number,
): Promise<BreakGlassRow[]> {
  const query = breakGlassQuery(db, serviceId);
  const rows =
    which === 'to-review'
      ? await query.where('b.reviewed_at', 'is', null).orderBy('b.started_at').orderBy('b.id').limit(limit).execute()
      : await query
          .where('b.reviewed_at', 'is not', null)
          .orderBy('b.reviewed_at', 'desc')
          .orderBy('b.id')
          .limit(limit)
          .execute();
  return rows.map(toBreakGlass);
}

export async function findBreakGlass(db: Executor, serviceId: string, id: string): Promise<BreakGlassRow | undefined> {
  const row = await breakGlassQuery(db, serviceId).where('b.id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toBreakGlass(row);
}

/** Records the review of an access not yet reviewed; false when it was reviewed first by someone else. */
export async function reviewBreakGlass(
  db: Executor,
  serviceId: string,
  id: string,
  review: { by: string; at: string; outcome: string; note: string },
): Promise<boolean> {
  const result = await db
    .updateTable('break_glass_accesses')
    .set({ reviewed_at: review.at, reviewed_by: review.by, review_outcome: review.outcome, review_note: review.note })
    .where('service_id', '=', serviceId)
    .where('id', '=', id)
    .where('reviewed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Whether the child a referral is about has a sealed address in force (letters and summaries then withhold it). */
export async function referralChildAddressSealed(
  db: Executor,
  serviceId: string,
  referralId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('referrals as r')
    .innerJoin('child_alerts as a', (j) =>
      j.onRef('a.child_id', '=', 'r.child_id').onRef('a.service_id', '=', 'r.service_id'),
    )
    .select('a.id')
    .where('r.service_id', '=', serviceId)
    .where('r.id', '=', referralId)
    .where('a.kind', '=', 'sealed-address')
    .where('a.ended_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}
