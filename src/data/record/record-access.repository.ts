/**
 * What the access rule (src/domain/record/access.ts) needs to know about one person and one child, in one query
 * however long the child's history: whether an episode is open, the last discharge, a safeguarding flag, the
 * relationship (caseload, appointments, the episode's team: the lead clinician's team, or the whole service's while
 * the child waits unallocated) and this person's latest break-glass access. Every part is
 * an indexed correlated subquery. The alerts themselves are child-alerts.repository.ts's, the break-glass accesses
 * with their reviews break-glass.repository.ts's.
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
