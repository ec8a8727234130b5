/**
 * Requests from local authorities for statutory EHCP health advice (`ehcp_requests`, issue 15): logged, found with
 * their child, listed on the tracker, assigned, withdrawn, answered and escalated. Every query names its service; the
 * tracker and the report each read in one query. The authorities of the reference data are read from `schools`.
 */
import type { Insertable } from 'kysely';
import type { EhcpRequestsTable } from '../database.ehcp.js';
import type { Executor } from '../executor.js';

export type NewEhcpRequest = Insertable<EhcpRequestsTable>;

export async function insertRequest(db: Executor, row: NewEhcpRequest): Promise<void> {
  await db.insertInto('ehcp_requests').values(row).execute();
}

/** The local authorities named in the schools reference data (code and name), by name. */
export async function authoritiesOfSchools(db: Executor): Promise<{ code: string; name: string }[]> {
  const rows = await db
    .selectFrom('schools')
    .select(['la_code', 'la_name'])
    .distinct()
    .where('la_name', 'is not', null)
    .orderBy('la_name')
    .orderBy('la_code')
    .execute();
  const seen = new Set<string>();
  const out: { code: string; name: string }[] = [];
  for (const r of rows) {
    if (r.la_name === null || seen.has(r.la_code) || !/^\d{3}$/u.test(r.la_code)) continue;
    seen.add(r.la_code);
    out.push({ code: r.la_code, name: r.la_name });
  }
  return out;
}

export interface RequestRecord {
  id: string;
  childId: string;
  childGivenName: string;
  childFamilyName: string;
  childDateOfBirth: string;
  childNhsNumber: string | null;
  kind: string;
  laCode: string;
  laName: string;
  laReference: string;
  laContactName: string;
  laContactEmail: string | null;
  laContactTelephone: string | null;
  receivedAt: string | null;
  receivedOn: string;
  dueOn: string;
  questions: string | null;
  childMatch: string;
  familyCopy: boolean;
  assignedClinicianId: string | null;
  assignedClinicianName: string | null;
  status: string;
  answeredOn: string | null;
  withdrawnReason: string | null;
  escalatedAt: string | null;
  loggedByName: string;
  createdAt: string;
  version: number;
}

function requestQuery(db: Executor, serviceId: string) {
  return db
    .selectFrom('ehcp_requests as r')
    .innerJoin('children as c', (j) => j.onRef('c.id', '=', 'r.child_id').on('c.service_id', '=', serviceId))
    .innerJoin('users as l', 'l.id', 'r.logged_by')
    .leftJoin('users as a', 'a.id', 'r.assigned_clinician_id')
    .select([
      'r.id',
      'r.child_id',
      'c.given_name',
      'c.family_name',
      'c.date_of_birth',
      'c.nhs_number',
      'r.kind',
      'r.la_code',
      'r.la_name',
      'r.la_reference',
      'r.la_contact_name',
      'r.la_contact_email',
      'r.la_contact_telephone',
      'r.received_at',
      'r.received_on',
      'r.due_on',
      'r.questions',
      'r.child_match',
      'r.family_copy',
      'r.assigned_clinician_id',
      'a.display_name as assigned_name',
      'r.status',
      'r.answered_on',
      'r.withdrawn_reason',
      'r.escalated_at',
      'l.display_name as logged_by_name',
      'r.created_at',
      'r.version',
    ])
    .where('r.service_id', '=', serviceId);
}

type RequestSelected = Awaited<ReturnType<ReturnType<typeof requestQuery>['execute']>>[number];

const toRecord = (r: RequestSelected): RequestRecord => ({
  id: r.id,
  childId: r.child_id,
  childGivenName: r.given_name,
  childFamilyName: r.family_name,
  childDateOfBirth: r.date_of_birth,
  childNhsNumber: r.nhs_number,
  kind: r.kind,
  laCode: r.la_code,
  laName: r.la_name,
  laReference: r.la_reference,
  laContactName: r.la_contact_name,
  laContactEmail: r.la_contact_email,
  laContactTelephone: r.la_contact_telephone,
  receivedAt: r.received_at,
  receivedOn: r.received_on,
  dueOn: r.due_on,
  questions: r.questions,
  childMatch: r.child_match,
  familyCopy: r.family_copy === 1,
  assignedClinicianId: r.assigned_clinician_id,
  assignedClinicianName: r.assigned_name,
  status: r.status,
  answeredOn: r.answered_on,
  withdrawnReason: r.withdrawn_reason,
  escalatedAt: r.escalated_at,
  loggedByName: r.logged_by_name,
  createdAt: r.created_at,
  version: r.version,
});

export async function findRequest(
  db: Executor,
  serviceId: string,
  requestId: string,
): Promise<RequestRecord | undefined> {
  const row = await requestQuery(db, serviceId).where('r.id', '=', requestId).executeTakeFirst();
  return row === undefined ? undefined : toRecord(row);
}

/** Names (or clears) the clinician at the version the page was drawn at; false when someone else changed it. */
export async function assignClinician(
  db: Executor,
  serviceId: string,
  requestId: string,
  clinicianId: string | null,
  version: number,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('ehcp_requests')
    .set((eb) => ({ assigned_clinician_id: clinicianId, updated_at: now, version: eb('version', '+', 1) }))
    .where('service_id', '=', serviceId)
    .where('id', '=', requestId)
    .where('status', '=', 'open')
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The authority withdrew the request: open only, at the version drawn. */
export async function withdrawRequest(
  db: Executor,
  serviceId: string,
  requestId: string,
  reason: string,
  version: number,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('ehcp_requests')
    .set((eb) => ({ status: 'withdrawn', withdrawn_reason: reason, updated_at: now, version: eb('version', '+', 1) }))
    .where('service_id', '=', serviceId)
    .where('id', '=', requestId)
    .where('status', '=', 'open')
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The advice was sent on `answeredOn` (the date it was given): the request is answered. For the delivery's use case
 * (in its transaction); true when this call answered it, false when it was not open (answered already, withdrawn).
 */
export async function markAnswered(
  trx: Executor,
  serviceId: string,
  requestId: string,
  answeredOn: string,
  now: string = new Date().toISOString(),
): Promise<boolean> {
  const result = await trx
    .updateTable('ehcp_requests')
    .set((eb) => ({ status: 'answered', answered_on: answeredOn, updated_at: now, version: eb('version', '+', 1) }))
    .where('service_id', '=', serviceId)
    .where('id', '=', requestId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The service's clinicians and triage clinicians who may be named to write the advice, by name. */
export async function assignableClinicians(
  db: Executor,
  serviceId: string,
): Promise<{ id: string; displayName: string }[]> {
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['users.id as id', 'users.display_name as displayName'])
    .distinct()
    .where('user_roles.service_id', '=', serviceId)
    .where('user_roles.role', 'in', ['clinician', 'triage-clinician'])
    .where('users.status', '=', 'active')
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
  return rows;
}
