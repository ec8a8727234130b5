/**
 * The queries of the reminders for overdue replies (src/services/referrals/reply-reminders.ts): which referrals are
 * due one, the compare-and-set that claims a referral for one pass, and what the reminder letter needs.
 */
import type { Answers } from '../../domain/forms/fields.js';
import type { Executor } from '../executor.js';

const WAITING = 'more-information-requested';

function parseAnswers(text: string): Answers {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Answers) : {};
  } catch {
    return {};
  }
}

export interface OverdueReply {
  id: string;
  serviceId: string;
  replyDueOn: string;
}

/**
 * Referrals of these services waiting for more information whose reply was due before `today` and that have not been
 * reminded for this request, oldest reply-by date first, at most `limit`.
 */
export async function overdueReplies(
  db: Executor,
  serviceIds: readonly string[],
  today: string,
  limit: number,
): Promise<OverdueReply[]> {
  if (serviceIds.length === 0) return [];
  const rows = await db
    .selectFrom('referrals')
    .select(['id', 'service_id', 'reply_due_on'])
    .where('service_id', 'in', serviceIds)
    .where('status', '=', WAITING)
    .where('reply_reminded_at', 'is', null)
    .where('reply_due_on', '<', today)
    .orderBy('reply_due_on')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.flatMap((r) =>
    r.reply_due_on === null ? [] : [{ id: r.id, serviceId: r.service_id, replyDueOn: r.reply_due_on }],
  );
}

/**
 * Claims the referral's reminder for this pass: true if this call marked it reminded, false when another pass had it,
 * the referral no longer waits, or its reply-by date is no longer the one read. Touches neither the version nor
 * updated_at: a reminder changes nothing a clinician decided.
 */
export async function claimReplyReminder(db: Executor, candidate: OverdueReply, now: string): Promise<boolean> {
  const claimed = await db
    .updateTable('referrals')
    .set({ reply_reminded_at: now })
    .where('service_id', '=', candidate.serviceId)
    .where('id', '=', candidate.id)
    .where('status', '=', WAITING)
    .where('reply_reminded_at', 'is', null)
    .where('reply_due_on', '=', candidate.replyDueOn)
    .executeTakeFirst();
  return claimed.numUpdatedRows === 1n;
}

/** What a reminder letter names: the referral's reference and answers, when it was decided, and the child. */
export async function reminderReferral(
  db: Executor,
  serviceId: string,
  referralId: string,
): Promise<{
  reference: string;
  answers: Answers;
  decidedAt: string | null;
  child: { givenName: string; familyName: string; dateOfBirth: string };
}> {
  const row = await db
    .selectFrom('referrals')
    .innerJoin('children', 'children.id', 'referrals.child_id')
    .select([
      'referrals.reference',
      'referrals.answers',
      'referrals.decided_at',
      'children.given_name',
      'children.family_name',
      'children.date_of_birth',
    ])
    .where('referrals.service_id', '=', serviceId)
    .where('referrals.id', '=', referralId)
    .executeTakeFirstOrThrow();
  return {
    reference: row.reference,
    answers: parseAnswers(row.answers),
    decidedAt: row.decided_at,
    child: { givenName: row.given_name, familyName: row.family_name, dateOfBirth: row.date_of_birth },
  };
}
