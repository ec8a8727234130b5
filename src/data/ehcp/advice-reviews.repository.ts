/**
 * The review history of EHCP health advice (`ehcp_advice_reviews`, migration 2026-12-07T09-55-00): one row per review
 * asked for, its outcome written once when the reviewer answers. The table's type is declared here and added to the
 * database's with kysely's `withTables`, so that the shared `Database` type is left as it is.
 */
import type { Executor } from '../executor.js';

export interface EhcpAdviceReviewsTable {
  id: string;
  service_id: string;
  advice_id: string;
  reviewer_id: string;
  requested_by: string;
  requested_at: string;
  reviewed_at: string | null;
  /** approved | changes-requested */
  outcome: string | null;
  comment: string | null;
}

const withReviews = (db: Executor) => db.withTables<{ ehcp_advice_reviews: EhcpAdviceReviewsTable }>();

export interface ReviewRow {
  reviewerName: string;
  requestedAt: string;
  reviewedAt: string | null;
  outcome: string | null;
  comment: string | null;
}

export async function insertReviewRequest(
  db: Executor,
  r: { id: string; serviceId: string; adviceId: string; reviewerId: string; requestedBy: string },
  now: string,
): Promise<void> {
  await withReviews(db)
    .insertInto('ehcp_advice_reviews')
    .values({
      id: r.id,
      service_id: r.serviceId,
      advice_id: r.adviceId,
      reviewer_id: r.reviewerId,
      requested_by: r.requestedBy,
      requested_at: now,
      reviewed_at: null,
      outcome: null,
      comment: null,
    })
    .execute();
}

/** Writes the reviewer's answer into the review waiting for it; false when none is waiting. */
export async function recordReviewOutcome(
  db: Executor,
  serviceId: string,
  adviceId: string,
  reviewerId: string,
  answer: { outcome: string; comment: string | null },
  now: string,
): Promise<boolean> {
  const result = await withReviews(db)
    .updateTable('ehcp_advice_reviews')
    .set({ reviewed_at: now, outcome: answer.outcome, comment: answer.comment })
    .where('service_id', '=', serviceId)
    .where('advice_id', '=', adviceId)
    .where('reviewer_id', '=', reviewerId)
    .where('reviewed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows >= 1n;
}

/** The advice's reviews, in the order they were asked for. */
export async function reviewsOf(db: Executor, serviceId: string, adviceId: string): Promise<ReviewRow[]> {
  const rows = await withReviews(db)
    .selectFrom('ehcp_advice_reviews as r')
    .innerJoin('users as u', 'u.id', 'r.reviewer_id')
    .select(['u.display_name', 'r.requested_at', 'r.reviewed_at', 'r.outcome', 'r.comment'])
    .where('r.service_id', '=', serviceId)
    .where('r.advice_id', '=', adviceId)
    .orderBy('r.requested_at')
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({
    reviewerName: r.display_name,
    requestedAt: r.requested_at,
    reviewedAt: r.reviewed_at,
    outcome: r.outcome,
    comment: r.comment,
  }));
}
