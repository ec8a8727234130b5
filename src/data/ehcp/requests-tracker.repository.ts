/**
 * The tracker's, the report's and the escalation's reads of `ehcp_requests` (issue 15 item 3): the open requests with
 * their child, clinician, advice status and exceptions in one query; the report's requests received or answered in a
 * range, with their exceptions, in one query; and the requests to escalate, each marked once. Every query names its
 * service.
 */
import type { Executor } from '../executor.js';

export interface TrackerFilters {
  assignedTo?: string;
  laCode?: string;
}

export interface TrackerRow {
  id: string;
  childGivenName: string;
  childFamilyName: string;
  kind: string;
  laCode: string;
  laName: string;
  laReference: string;
  receivedOn: string;
  dueOn: string;
  assignedClinicianId: string | null;
  assignedClinicianName: string | null;
  adviceStatus: string | null;
  exceptionKinds: string[];
}

/**
 * Every open request of the service, soonest due first, with its child, its clinician, its advice's status and the
 * kinds of its exceptions not withdrawn: one query (the exceptions joined; rows grouped here).
 */
export async function openRequests(
  db: Executor,
  serviceId: string,
  filters: TrackerFilters = {},
): Promise<TrackerRow[]> {
  let query = db
    .selectFrom('ehcp_requests as r')
    .innerJoin('children as c', (j) => j.onRef('c.id', '=', 'r.child_id').on('c.service_id', '=', serviceId))
    .leftJoin('users as a', 'a.id', 'r.assigned_clinician_id')
    .leftJoin('ehcp_advice as d', (j) => j.onRef('d.request_id', '=', 'r.id').on('d.service_id', '=', serviceId))
    .leftJoin('ehcp_exceptions as x', (j) =>
      j.onRef('x.request_id', '=', 'r.id').on('x.service_id', '=', serviceId).on('x.withdrawn_at', 'is', null),
    )
    .select([
      'r.id',
      'c.given_name',
      'c.family_name',
      'r.kind',
      'r.la_code',
      'r.la_name',
      'r.la_reference',
      'r.received_on',
      'r.due_on',
      'r.assigned_clinician_id',
      'a.display_name as assigned_name',
      'd.status as advice_status',
      'x.kind as exception_kind',
    ])
    .where('r.service_id', '=', serviceId)
    .where('r.status', '=', 'open');
  if (filters.assignedTo !== undefined) query = query.where('r.assigned_clinician_id', '=', filters.assignedTo);
  if (filters.laCode !== undefined) query = query.where('r.la_code', '=', filters.laCode);
  const rows = await query.orderBy('r.due_on').orderBy('r.received_on').orderBy('r.id').execute();
  const byId = new Map<string, TrackerRow>();
  for (const r of rows) {
    let row = byId.get(r.id);
    if (row === undefined) {
      row = {
        id: r.id,
        childGivenName: r.given_name,
        childFamilyName: r.family_name,
        kind: r.kind,
        laCode: r.la_code,
        laName: r.la_name,
        laReference: r.la_reference,
        receivedOn: r.received_on,
        dueOn: r.due_on,
        assignedClinicianId: r.assigned_clinician_id,
        assignedClinicianName: r.assigned_name,
        adviceStatus: r.advice_status,
        exceptionKinds: [],
      };
      byId.set(r.id, row);
    }
    if (r.exception_kind !== null && !row.exceptionKinds.includes(r.exception_kind)) {
      row.exceptionKinds.push(r.exception_kind);
    }
  }
  return [...byId.values()];
}

/** The authorities the service's open requests come from (the tracker's filter), by name. */
export async function authoritiesOfOpenRequests(db: Executor, serviceId: string) {
  return db
    .selectFrom('ehcp_requests')
    .select(['la_code as code', 'la_name as name'])
    .distinct()
    .where('service_id', '=', serviceId)
    .where('status', '=', 'open')
    .orderBy('la_name')
    .execute();
}

export interface EscalationCandidate {
  id: string;
  childId: string;
  dueOn: string;
  status: string;
  escalatedAt: string | null;
  hasAdvice: boolean;
}

/** Open requests not yet escalated that are due by `dueBy`, with whether any advice (a draft at least) exists. */
export async function escalationCandidates(
  db: Executor,
  serviceId: string,
  dueBy: string,
): Promise<EscalationCandidate[]> {
  const rows = await db
    .selectFrom('ehcp_requests as r')
    .leftJoin('ehcp_advice as d', (j) => j.onRef('d.request_id', '=', 'r.id').on('d.service_id', '=', serviceId))
    .select(['r.id', 'r.child_id', 'r.due_on', 'r.status', 'r.escalated_at', 'd.id as advice_id'])
    .where('r.service_id', '=', serviceId)
    .where('r.status', '=', 'open')
    .where('r.escalated_at', 'is', null)
    .where('r.due_on', '<=', dueBy)
    .orderBy('r.due_on')
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    childId: r.child_id,
    dueOn: r.due_on,
    status: r.status,
    escalatedAt: r.escalated_at,
    hasAdvice: r.advice_id !== null,
  }));
}

/** Sets escalated_at once: false when another run escalated it first (or it is no longer open). */
export async function markEscalated(db: Executor, serviceId: string, requestId: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('ehcp_requests')
    .set({ escalated_at: now, updated_at: now })
    .where('service_id', '=', serviceId)
    .where('id', '=', requestId)
    .where('status', '=', 'open')
    .where('escalated_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface ReportSourceRow {
  id: string;
  kind: string;
  receivedOn: string;
  dueOn: string;
  status: string;
  answeredOn: string | null;
  exceptionKinds: string[];
}

/**
 * The report's rows in one query: the requests received, or answered, between `from` and `to` (dates, inclusive),
 * each with the kinds of its exceptions not withdrawn.
 */
export async function reportSource(
  db: Executor,
  serviceId: string,
  from: string,
  to: string,
): Promise<ReportSourceRow[]> {
  const rows = await db
    .selectFrom('ehcp_requests as r')
    .leftJoin('ehcp_exceptions as x', (j) =>
      j.onRef('x.request_id', '=', 'r.id').on('x.service_id', '=', serviceId).on('x.withdrawn_at', 'is', null),
    )
    .select(['r.id', 'r.kind', 'r.received_on', 'r.due_on', 'r.status', 'r.answered_on', 'x.kind as exception_kind'])
    .where('r.service_id', '=', serviceId)
    .where((eb) =>
      eb.or([
        eb.and([eb('r.received_on', '>=', from), eb('r.received_on', '<=', to)]),
        eb.and([eb('r.answered_on', '>=', from), eb('r.answered_on', '<=', to)]),
      ]),
    )
    .orderBy('r.received_on')
    .orderBy('r.id')
    .execute();
  const byId = new Map<string, ReportSourceRow>();
  for (const r of rows) {
    let row = byId.get(r.id);
    if (row === undefined) {
      row = {
        id: r.id,
        kind: r.kind,
        receivedOn: r.received_on,
        dueOn: r.due_on,
        status: r.status,
        answeredOn: r.answered_on,
        exceptionKinds: [],
      };
      byId.set(r.id, row);
    }
    if (r.exception_kind !== null) row.exceptionKinds.push(r.exception_kind);
  }
  return [...byId.values()];
}
