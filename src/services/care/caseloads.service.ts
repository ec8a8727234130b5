/**
 * Caseloads (issue 13 item 8): the signed-in clinician's own, one clinician's for a service manager, and every
 * clinician's counts grouped by team for a manager to compare. A clinician may read only their own caseload; a service
 * manager anyone's. Each answer is a fixed number of queries however large the caseload.
 */
import {
  caseloadOf,
  clinicianCounts,
  staffMemberOf,
  type CaseloadRow,
  type ClinicianCounts,
} from '../../data/care/caseloads.repository.js';
import type { Executor } from '../../data/executor.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { Clock, RequestContext } from '../shared/context.js';

/** Was Not Brought outcomes are counted over this many weeks on the team's page. */
export const WAS_NOT_BROUGHT_WEEKS = 12;

export type CaseloadEntry = CaseloadRow;

export interface Caseload {
  clinician: { userId: string; displayName: string };
  entries: CaseloadEntry[];
  noneBooked: number;
}

export interface TeamGroup {
  /** null for clinicians in no team. */
  teamName: string | null;
  clinicians: ClinicianCounts[];
  totals: { openEpisodes: number; noneBooked: number; wasNotBrought: number };
}

/** None booked first (they need a booking), then by the next appointment, soonest first. */
function byNeed(a: CaseloadRow, b: CaseloadRow): number {
  if (a.nextAt === null || b.nextAt === null) return a.nextAt === b.nextAt ? 0 : a.nextAt === null ? -1 : 1;
  return a.nextAt < b.nextAt ? -1 : a.nextAt > b.nextAt ? 1 : 0;
}

export function createCaseloads(deps: { db: Executor; clock: Clock }) {
  const { db, clock } = deps;

  async function load(serviceId: string, clinician: Caseload['clinician']): Promise<Caseload> {
    const rows = await caseloadOf(db, serviceId, clinician.userId, clock().toISOString());
    // Sorted stably: children with the same need stay in name order.
    const entries = [...rows].sort(byNeed);
    return { clinician, entries, noneBooked: entries.filter((e) => e.nextAt === null).length };
  }

  /** The signed-in person's own caseload. */
  async function mine(ctx: RequestContext, serviceId: string): Promise<Outcome<{ caseload: Caseload }>> {
    if (ctx.actorUserId === null) return failed(problem('forbidden', 'Sign in to see your caseload.'));
    const me = await staffMemberOf(db, serviceId, ctx.actorUserId);
    if (me === undefined) return failed(problem('forbidden', 'You have no caseload in this service.'));
    return ok({ caseload: await load(serviceId, me) });
  }

  /** One clinician's caseload: a service manager may read anyone's, a clinician only their own. */
  async function ofClinician(
    ctx: RequestContext,
    serviceId: string,
    userId: string,
  ): Promise<Outcome<{ caseload: Caseload }, Problem<'forbidden'> | Problem<'not-found'>>> {
    const own = ctx.actorUserId === userId;
    if (!own && !ctx.actorRoles.includes('service-manager')) {
      return failed(problem('forbidden', 'You can see only your own caseload.'));
    }
    const who = await staffMemberOf(db, serviceId, userId);
    if (who === undefined) return failed(problem('not-found', 'There is no such clinician in this service.'));
    return ok({ caseload: await load(serviceId, who) });
  }

  /** Every clinician's counts, grouped by team (named teams in name order, then those in no team). */
  async function team(serviceId: string): Promise<TeamGroup[]> {
    const now = clock();
    const since = new Date(now.getTime() - WAS_NOT_BROUGHT_WEEKS * 7 * 86_400_000).toISOString();
    const rows = await clinicianCounts(db, serviceId, now.toISOString(), since);
    const groups = new Map<string | null, ClinicianCounts[]>();
    for (const row of rows) groups.set(row.teamName, [...(groups.get(row.teamName) ?? []), row]);
    const names = [...groups.keys()].sort((a, b) =>
      a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'en-GB', { sensitivity: 'base' }),
    );
    return names.map((teamName) => {
      const clinicians = (groups.get(teamName) ?? []).sort((a, b) =>
        a.displayName.localeCompare(b.displayName, 'en-GB', { sensitivity: 'base' }),
      );
      const sum = (k: 'openEpisodes' | 'noneBooked' | 'wasNotBrought') => clinicians.reduce((n, c) => n + c[k], 0);
      return {
        teamName,
        clinicians,
        totals: {
          openEpisodes: sum('openEpisodes'),
          noneBooked: sum('noneBooked'),
          wasNotBrought: sum('wasNotBrought'),
        },
      };
    });
  }

  return { mine, ofClinician, team };
}

export type Caseloads = ReturnType<typeof createCaseloads>;
