/**
 * What a request's page shows besides the request: its exceptions of regulation 8(2) (`ehcp_exceptions`: recorded,
 * withdrawn, never deleted), its documents, its advice's status and its deliveries, and the child's appointments that
 * were not attended (for a missed-appointment exception). Every query names its service.
 */
import type { Executor } from '../executor.js';

export interface ExceptionRow {
  id: string;
  requestId: string;
  kind: string;
  startsOn: string;
  endsOn: string | null;
  evidence: string;
  appointmentId: string | null;
  recordedByName: string;
  createdAt: string;
  withdrawnAt: string | null;
  withdrawnByName: string | null;
  withdrawnReason: string | null;
}

export async function insertException(
  db: Executor,
  e: {
    id: string;
    serviceId: string;
    requestId: string;
    kind: string;
    startsOn: string;
    endsOn: string | null;
    evidence: string;
    appointmentId: string | null;
    recordedBy: string;
    createdAt: string;
  },
): Promise<void> {
  await db
    .insertInto('ehcp_exceptions')
    .values({
      id: e.id,
      service_id: e.serviceId,
      request_id: e.requestId,
      kind: e.kind,
      starts_on: e.startsOn,
      ends_on: e.endsOn,
      evidence: e.evidence,
      appointment_id: e.appointmentId,
      recorded_by: e.recordedBy,
      created_at: e.createdAt,
      withdrawn_at: null,
      withdrawn_by: null,
      withdrawn_reason: null,
    })
    .execute();
}

function exceptionQuery(db: Executor, serviceId: string) {
  return db
    .selectFrom('ehcp_exceptions as x')
    .innerJoin('users as u', 'u.id', 'x.recorded_by')
    .leftJoin('users as w', 'w.id', 'x.withdrawn_by')
    .select([
      'x.id',
      'x.request_id',
      'x.kind',
      'x.starts_on',
      'x.ends_on',
      'x.evidence',
      'x.appointment_id',
      'u.display_name as recorded_by_name',
      'x.created_at',
      'x.withdrawn_at',
      'w.display_name as withdrawn_by_name',
      'x.withdrawn_reason',
    ])
    .where('x.service_id', '=', serviceId);
}

type ExceptionSelected = Awaited<ReturnType<ReturnType<typeof exceptionQuery>['execute']>>[number];

const toException = (r: ExceptionSelected): ExceptionRow => ({
  id: r.id,
  requestId: r.request_id,
  kind: r.kind,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  evidence: r.evidence,
  appointmentId: r.appointment_id,
  recordedByName: r.recorded_by_name,
  createdAt: r.created_at,
  withdrawnAt: r.withdrawn_at,
  withdrawnByName: r.withdrawn_by_name,
  withdrawnReason: r.withdrawn_reason,
});

/** A request's exceptions, the first recorded first. */
export async function exceptionsOf(db: Executor, serviceId: string, requestId: string): Promise<ExceptionRow[]> {
  const rows = await exceptionQuery(db, serviceId)
    .where('x.request_id', '=', requestId)
    .orderBy('x.created_at')
    .orderBy('x.id')
    .execute();
  return rows.map(toException);
}

export async function findException(
  db: Executor,
  serviceId: string,
  exceptionId: string,
): Promise<ExceptionRow | undefined> {
  const row = await exceptionQuery(db, serviceId).where('x.id', '=', exceptionId).executeTakeFirst();
  return row === undefined ? undefined : toException(row);
}

/** Withdraws an exception recorded in error; false when it was withdrawn already. */
export async function withdrawException(
  db: Executor,
  serviceId: string,
  exceptionId: string,
  by: string,
  reason: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('ehcp_exceptions')
    .set({ withdrawn_at: now, withdrawn_by: by, withdrawn_reason: reason })
    .where('service_id', '=', serviceId)
    .where('id', '=', exceptionId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface MissedAppointment {
  id: string;
  reference: string;
  startsAt: string;
  outcome: string;
}

/**
 * The child's appointments of the service that started between `from` and `to` (instants) and that the child did
 * not attend (was not brought, or could not be seen), the earliest first.
 */
export async function missedAppointmentsOf(
  db: Executor,
  serviceId: string,
  childId: string,
  from: string,
  to: string,
): Promise<MissedAppointment[]> {
  return db
    .selectFrom('appointment_children as ac')
    .innerJoin('episodes as e', (j) => j.onRef('e.id', '=', 'ac.episode_id').on('e.service_id', '=', serviceId))
    .innerJoin('appointments as a', (j) => j.onRef('a.id', '=', 'ac.appointment_id').on('a.service_id', '=', serviceId))
    .select(['a.id as id', 'a.reference as reference', 'a.starts_at as startsAt', 'ac.outcome as outcome'])
    .where('ac.service_id', '=', serviceId)
    .where('e.child_id', '=', childId)
    .where('ac.outcome', 'in', ['was-not-brought', 'could-not-be-seen'])
    .where('a.starts_at', '>=', from)
    .where('a.starts_at', '<', to)
    .orderBy('a.starts_at')
    .orderBy('a.id')
    .execute() as Promise<MissedAppointment[]>;
}

export interface DocumentRow {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  storedAs: string;
  uploadedByName: string;
  createdAt: string;
}

export async function insertDocument(
  db: Executor,
  d: {
    id: string;
    serviceId: string;
    requestId: string;
    fileName: string;
    mediaType: string;
    sizeBytes: number;
    storedAs: string;
    uploadedBy: string;
    createdAt: string;
  },
): Promise<void> {
  await db
    .insertInto('ehcp_request_documents')
    .values({
      id: d.id,
      service_id: d.serviceId,
      request_id: d.requestId,
      file_name: d.fileName,
      media_type: d.mediaType,
      size_bytes: d.sizeBytes,
      stored_as: d.storedAs,
      uploaded_by: d.uploadedBy,
      created_at: d.createdAt,
    })
    .execute();
}

function documentQuery(db: Executor, serviceId: string, requestId: string) {
  return db
    .selectFrom('ehcp_request_documents as d')
    .innerJoin('users as u', 'u.id', 'd.uploaded_by')
    .select([
      'd.id as id',
      'd.file_name as fileName',
      'd.media_type as mediaType',
      'd.size_bytes as sizeBytes',
      'd.stored_as as storedAs',
      'u.display_name as uploadedByName',
      'd.created_at as createdAt',
    ])
    .where('d.service_id', '=', serviceId)
    .where('d.request_id', '=', requestId);
}

export async function documentsOf(db: Executor, serviceId: string, requestId: string): Promise<DocumentRow[]> {
  const rows = await documentQuery(db, serviceId, requestId).orderBy('d.created_at').orderBy('d.id').execute();
  return rows;
}

export async function findDocument(
  db: Executor,
  serviceId: string,
  requestId: string,
  documentId: string,
): Promise<DocumentRow | undefined> {
  const row = await documentQuery(db, serviceId, requestId).where('d.id', '=', documentId).executeTakeFirst();
  return row;
}

/** The advice's id and status for the request, if any has been started. */
export async function adviceOfRequest(
  db: Executor,
  serviceId: string,
  requestId: string,
): Promise<{ id: string; status: string } | undefined> {
  return db
    .selectFrom('ehcp_advice')
    .select(['id', 'status'])
    .where('service_id', '=', serviceId)
    .where('request_id', '=', requestId)
    .executeTakeFirst();
}

export interface DeliveryRow {
  id: string;
  recipient: string;
  method: string;
  toName: string;
  toEmail: string | null;
  printedAt: string | null;
  sentOn: string;
  sentByName: string;
}

export async function deliveriesOf(db: Executor, serviceId: string, requestId: string): Promise<DeliveryRow[]> {
  return db
    .selectFrom('ehcp_deliveries as d')
    .innerJoin('users as u', 'u.id', 'd.sent_by')
    .select([
      'd.id as id',
      'd.recipient as recipient',
      'd.method as method',
      'd.to_name as toName',
      'd.to_email as toEmail',
      'd.printed_at as printedAt',
      'd.sent_on as sentOn',
      'u.display_name as sentByName',
    ])
    .where('d.service_id', '=', serviceId)
    .where('d.request_id', '=', requestId)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .execute();
}
