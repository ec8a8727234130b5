/**
 * Caseloads (issue 13 item 8): a clinician's children with an open episode, each with their next appointment and open
 * tasks, and every clinician's counts for a manager to compare. Each is one query however large the caseload or the
 * team: the next appointment and the counts are correlated subqueries, answered from the episodes', appointment
 * children's and tasks' indexes.
 */
import type { Executor } from '../executor.js';

export interface CaseloadRow {
  episodeId: string;
  childName: string;
  pathway: string;
  priority: string;
  /** ISO instant of the next booked appointment not yet over; null when none is booked. */
  nextAt: string | null;
  openTasks: number;
}

/** The children whose open episode this clinician leads, with their next appointment after `now` and open tasks. */
export async function caseloadOf(db: Executor, serviceId: string, userId: string, now: string): Promise<CaseloadRow[]> {
  const rows = await db
    .selectFrom('episodes as e')
    .innerJoin('children as c', 'c.id', 'e.child_id')
    .select((eb) => [
      'e.id',
      'e.pathway',
      'e.priority',
      'c.given_name',
      'c.family_name',
      eb
        .selectFrom('appointment_children as ac')
        .innerJoin('appointments as a', 'a.id', 'ac.appointment_id')
        .select((s) => s.fn.min('a.starts_at').as('next_at'))
        .whereRef('ac.episode_id', '=', 'e.id')
        .where('a.status', '=', 'booked')
        .where('a.ends_at', '>', now)
        .as('next_at'),
      eb
        .selectFrom('tasks as t')
        .select((s) => s.fn.countAll<string | number>().as('n'))
        .whereRef('t.episode_id', '=', 'e.id')
        .where('t.status', '=', 'open')
        .as('open_tasks'),
    ])
    .where('e.service_id', '=', serviceId)
    .where('e.lead_clinician_id', '=', userId)
    .where('e.status', '=', 'open')
    .orderBy('c.family_name')
    .orderBy('c.given_name')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    episodeId: r.id,
    childName: `${r.given_name} ${r.family_name}`,
    pathway: r.pathway,
    priority: r.priority,
    nextAt: r.next_at ?? null,
    openTasks: Number(r.open_tasks ?? 0),
  }));
}

export interface ClinicianCounts {
  userId: string;
  displayName: string;
  teamName: string | null;
  openEpisodes: number;
  noneBooked: number;
  wasNotBrought: number;
}

/**
 * Every clinician of the service with their team, the open episodes they lead, how many of those have no appointment
 * booked, and the Was Not Brought outcomes at their appointments that started from `since`.
 */
export async function clinicianCounts(
  db: Executor,
  serviceId: string,
  now: string,
  since: string,
): Promise<ClinicianCounts[]> {
  const rows = await db
    .selectFrom('user_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('staff_profiles as p', (join) =>
      join.onRef('p.user_id', '=', 'r.user_id').on('p.service_id', '=', serviceId),
    )
    .leftJoin('teams as tm', 'tm.id', 'p.team_id')
    .select((eb) => [
      'u.id',
      'u.display_name',
      'tm.name as team_name',
      eb
        .selectFrom('episodes as e')
        .select((s) => s.fn.countAll<string | number>().as('n'))
        .where('e.service_id', '=', serviceId)
        .whereRef('e.lead_clinician_id', '=', 'u.id')
        .where('e.status', '=', 'open')
        .as('open_episodes'),
      eb
        .selectFrom('episodes as e')
        .select((s) => s.fn.countAll<string | number>().as('n'))
        .where('e.service_id', '=', serviceId)
        .whereRef('e.lead_clinician_id', '=', 'u.id')
        .where('e.status', '=', 'open')
        .where((w) =>
          w.not(
            w.exists(
              w
                .selectFrom('appointment_children as ac')
                .innerJoin('appointments as a', 'a.id', 'ac.appointment_id')
                .select('ac.appointment_id')
                .whereRef('ac.episode_id', '=', 'e.id')
                .where('a.status', '=', 'booked')
                .where('a.ends_at', '>', now),
            ),
          ),
        )
        .as('none_booked'),
      eb
        .selectFrom('appointment_staff as s')
        .innerJoin('appointment_children as ac', 'ac.appointment_id', 's.appointment_id')
        .innerJoin('appointments as a', 'a.id', 's.appointment_id')
        .select((s) => s.fn.countAll<string | number>().as('n'))
        .whereRef('s.user_id', '=', 'u.id')
        .where('s.service_id', '=', serviceId)
        .where('ac.outcome', '=', 'was-not-brought')
        .where('a.starts_at', '>=', since)
        .as('was_not_brought'),
    ])
    .where('r.service_id', '=', serviceId)
    .where('r.role', '=', 'clinician')
    .orderBy('tm.name')
    .orderBy('u.display_name')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    displayName: r.display_name,
    teamName: r.team_name ?? null,
    openEpisodes: Number(r.open_episodes ?? 0),
    noneBooked: Number(r.none_booked ?? 0),
    wasNotBrought: Number(r.was_not_brought ?? 0),
  }));
}

/** A member of staff with a role in the service, by name; undefined for anyone else. */
export async function staffMemberOf(
  db: Executor,
  serviceId: string,
  userId: string,
): Promise<{ userId: string; displayName: string } | undefined> {
  const row = await db
    .selectFrom('users as u')
    .select(['u.id', 'u.display_name'])
    .where('u.id', '=', userId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_roles as r')
          .select('r.user_id')
          .whereRef('r.user_id', '=', 'u.id')
          .where('r.service_id', '=', serviceId),
      ),
    )
    .executeTakeFirst();
  return row === undefined ? undefined : { userId: row.id, displayName: row.display_name };
}
