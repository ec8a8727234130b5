/**
 * EHCP health advice (`ehcp_advice`, `ehcp_advice_addenda`): one per request, its content JSON, its review and its
 * signature. Changes are compare-and-set on the version. A signed row is refused by the database itself (triggers of
 * migration 2026-12-07T09-00-00-ehcp): `updateAdvice` does not look at the status, so that a change to signed advice
 * that slipped past a use case fails there rather than here.
 */
import type { Executor } from '../executor.js';

export interface AdviceRow {
  id: string;
  requestId: string;
  childId: string;
  authorId: string;
  authorName: string;
  status: 'draft' | 'in-review' | 'signed';
  content: string;
  reusedFromAdviceId: string | null;
  reuseAgreement: string | null;
  reviewerId: string | null;
  reviewerName: string | null;
  reviewRequestedAt: string | null;
  reviewedAt: string | null;
  reviewOutcome: string | null;
  reviewComment: string | null;
  signedBy: string | null;
  signedAt: string | null;
  storedAs: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

function query(db: Executor, serviceId: string) {
  return db
    .selectFrom('ehcp_advice as a')
    .innerJoin('users as au', 'au.id', 'a.author_id')
    .leftJoin('users as ru', 'ru.id', 'a.reviewer_id')
    .selectAll('a')
    .select(['au.display_name as author_name', 'ru.display_name as reviewer_name'])
    .where('a.service_id', '=', serviceId);
}

type Selected = Awaited<ReturnType<ReturnType<typeof query>['execute']>>[number];

const toRow = (r: Selected): AdviceRow => ({
  id: r.id,
  requestId: r.request_id,
  childId: r.child_id,
  authorId: r.author_id,
  authorName: r.author_name,
  status: r.status as AdviceRow['status'],
  content: r.content,
  reusedFromAdviceId: r.reused_from_advice_id,
  reuseAgreement: r.reuse_agreement,
  reviewerId: r.reviewer_id,
  reviewerName: r.reviewer_name ?? null,
  reviewRequestedAt: r.review_requested_at,
  reviewedAt: r.reviewed_at,
  reviewOutcome: r.review_outcome,
  reviewComment: r.review_comment,
  signedBy: r.signed_by,
  signedAt: r.signed_at,
  storedAs: r.stored_as,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

export async function findAdvice(db: Executor, serviceId: string, adviceId: string): Promise<AdviceRow | undefined> {
  const row = await query(db, serviceId).where('a.id', '=', adviceId).executeTakeFirst();
  return row === undefined ? undefined : toRow(row);
}

export async function adviceOfRequest(
  db: Executor,
  serviceId: string,
  requestId: string,
): Promise<AdviceRow | undefined> {
  const row = await query(db, serviceId).where('a.request_id', '=', requestId).executeTakeFirst();
  return row === undefined ? undefined : toRow(row);
}

/** The child's signed advice signed at or after `since` (an instant), the most recent first: what may be re-used. */
export async function signedAdviceOfChildSince(
  db: Executor,
  serviceId: string,
  childId: string,
  since: string,
): Promise<AdviceRow[]> {
  const rows = await query(db, serviceId)
    .where('a.child_id', '=', childId)
    .where('a.status', '=', 'signed')
    .where('a.signed_at', '>=', since)
    .orderBy('a.signed_at', 'desc')
    .orderBy('a.id')
    .execute();
  return rows.map(toRow);
}

export async function insertAdvice(
  db: Executor,
  a: {
    id: string;
    serviceId: string;
    requestId: string;
    childId: string;
    authorId: string;
    content: string;
    reusedFromAdviceId: string | null;
    reuseAgreement: string | null;
  },
  now: string,
): Promise<void> {
  await db
    .insertInto('ehcp_advice')
    .values({
      id: a.id,
      service_id: a.serviceId,
      request_id: a.requestId,
      child_id: a.childId,
      author_id: a.authorId,
      status: 'draft',
      content: a.content,
      reused_from_advice_id: a.reusedFromAdviceId,
      reuse_agreement: a.reuseAgreement,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .execute();
}

export interface AdviceChange {
  status?: AdviceRow['status'];
  content?: string;
  reviewerId?: string | null;
  reviewRequestedAt?: string | null;
  reviewedAt?: string | null;
  reviewOutcome?: string | null;
  reviewComment?: string | null;
  signedBy?: string;
  signedAt?: string;
  storedAs?: string;
}

/**
 * Changes the advice from the version read; false when it has moved on (nothing changed). Signed advice is refused
 * by the database (an error is thrown), whatever the version.
 */
export async function updateAdvice(
  db: Executor,
  serviceId: string,
  adviceId: string,
  version: number,
  change: AdviceChange,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('ehcp_advice')
    .set({
      ...(change.status !== undefined && { status: change.status }),
      ...(change.content !== undefined && { content: change.content }),
      ...(change.reviewerId !== undefined && { reviewer_id: change.reviewerId }),
      ...(change.reviewRequestedAt !== undefined && { review_requested_at: change.reviewRequestedAt }),
      ...(change.reviewedAt !== undefined && { reviewed_at: change.reviewedAt }),
      ...(change.reviewOutcome !== undefined && { review_outcome: change.reviewOutcome }),
      ...(change.reviewComment !== undefined && { review_comment: change.reviewComment }),
      ...(change.signedBy !== undefined && { signed_by: change.signedBy }),
      ...(change.signedAt !== undefined && { signed_at: change.signedAt }),
      ...(change.storedAs !== undefined && { stored_as: change.storedAs }),
      updated_at: now,
      version: version + 1,
    })
    .where('service_id', '=', serviceId)
    .where('id', '=', adviceId)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface AddendumRow {
  id: string;
  text: string;
  reason: string;
  addedBy: string;
  addedByName: string;
  createdAt: string;
}

export async function insertAddendum(
  db: Executor,
  a: { id: string; serviceId: string; adviceId: string; text: string; reason: string; addedBy: string },
  now: string,
): Promise<void> {
  await db
    .insertInto('ehcp_advice_addenda')
    .values({
      id: a.id,
      service_id: a.serviceId,
      advice_id: a.adviceId,
      text: a.text,
      reason: a.reason,
      added_by: a.addedBy,
      created_at: now,
    })
    .execute();
}

export async function addendaOf(db: Executor, serviceId: string, adviceId: string): Promise<AddendumRow[]> {
  const rows = await db
    .selectFrom('ehcp_advice_addenda as d')
    .innerJoin('users as u', 'u.id', 'd.added_by')
    .select(['d.id', 'd.text', 'd.reason', 'd.added_by', 'u.display_name', 'd.created_at'])
    .where('d.service_id', '=', serviceId)
    .where('d.advice_id', '=', adviceId)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    text: r.text,
    reason: r.reason,
    addedBy: r.added_by,
    addedByName: r.display_name,
    createdAt: r.created_at,
  }));
}

/** The service's active clinicians (clinician or triage clinician) other than `except`, by name: possible reviewers. */
export async function cliniciansOf(
  db: Executor,
  serviceId: string,
  except: string,
): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['users.id as id', 'users.display_name as name'])
    .distinct()
    .where('user_roles.service_id', '=', serviceId)
    .where('user_roles.role', 'in', ['clinician', 'triage-clinician'])
    .where('users.status', '=', 'active')
    .where('users.id', '!=', except)
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
}
