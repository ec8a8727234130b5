/**
 * Break-glass access to a child's record (issue 14 item 9, docs/adr/0047): started by a person with a reason, for a
 * number of minutes, and reviewed once afterwards by the Caldicott guardian (a second review changes nothing).
 */
import type { Executor } from '../executor.js';

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
