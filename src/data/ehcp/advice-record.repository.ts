/**
 * What EHCP health advice reads besides itself: the request it answers and the child it is about. The child is read
 * as the advice needs it and no further: names, date of birth, NHS number and the school's name; never an address.
 */
import type { Executor } from '../executor.js';

export interface AdviceRequest {
  id: string;
  childId: string;
  kind: string;
  laName: string;
  laReference: string;
  receivedOn: string;
  dueOn: string;
  status: string;
  assignedClinicianId: string | null;
}

export async function requestForAdvice(
  db: Executor,
  serviceId: string,
  requestId: string,
): Promise<AdviceRequest | undefined> {
  const r = await db
    .selectFrom('ehcp_requests')
    .select([
      'id',
      'child_id',
      'kind',
      'la_name',
      'la_reference',
      'received_on',
      'due_on',
      'status',
      'assigned_clinician_id',
    ])
    .where('service_id', '=', serviceId)
    .where('id', '=', requestId)
    .executeTakeFirst();
  return r === undefined
    ? undefined
    : {
        id: r.id,
        childId: r.child_id,
        kind: r.kind,
        laName: r.la_name,
        laReference: r.la_reference,
        receivedOn: r.received_on,
        dueOn: r.due_on,
        status: r.status,
        assignedClinicianId: r.assigned_clinician_id,
      };
}

export interface AdviceChild {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nhsNumber: string | null;
  /** The school's name only (from the reference data, or as the referrer typed it). */
  school: string | null;
  /** When the child's first episode of care began (an instant), if any. */
  firstAcceptedAt: string | null;
}

function typedSchoolName(json: string | null): string | null {
  if (json === null) return null;
  try {
    const parsed = JSON.parse(json) as { name?: unknown };
    return typeof parsed.name === 'string' && parsed.name !== '' ? parsed.name : null;
  } catch {
    return null;
  }
}

export async function childForAdvice(
  db: Executor,
  serviceId: string,
  childId: string,
): Promise<AdviceChild | undefined> {
  const r = await db
    .selectFrom('children as c')
    .leftJoin('schools as s', 's.urn', 'c.school_urn')
    .select((eb) => [
      'c.given_name',
      'c.family_name',
      'c.date_of_birth',
      'c.nhs_number',
      'c.school_typed',
      's.name as school_name',
      eb
        .selectFrom('episodes as e')
        .select((e) => e.fn.min('e.accepted_at').as('first'))
        .where('e.service_id', '=', serviceId)
        .whereRef('e.child_id', '=', 'c.id')
        .as('first_accepted_at'),
    ])
    .where('c.service_id', '=', serviceId)
    .where('c.id', '=', childId)
    .executeTakeFirst();
  return r === undefined
    ? undefined
    : {
        givenName: r.given_name,
        familyName: r.family_name,
        dateOfBirth: r.date_of_birth,
        nhsNumber: r.nhs_number,
        school: r.school_name ?? typedSchoolName(r.school_typed),
        firstAcceptedAt: r.first_accepted_at ?? null,
      };
}

/** A user's display name, for the document's reviewer and signer. */
export async function userName(db: Executor, userId: string): Promise<string | undefined> {
  const r = await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();
  return r?.display_name;
}
