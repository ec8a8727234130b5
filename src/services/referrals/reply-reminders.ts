/**
 * A reminder when a requested reply is overdue. A referral waiting for more information whose reply-by date has passed
 * (before today in Europe/London) gets one reminder to the referrer for each request: a letter in the service's own
 * words (src/domain/letters, kind `reply-reminder`), e-mailed through the outbox or left on the print queue as the
 * decision letters are, with an event in the referral's history and an audit event, all in one transaction.
 *
 * Several passes may run at once (two servers, or the server and the command line): each referral is claimed with a
 * compare-and-set on `reply_reminded_at` before anything is written, so exactly one of them sends its reminder. The
 * claim also names the reply-by date it read, so a referral whose request was answered and asked again meanwhile is
 * left for the next pass to judge afresh. A reminder is not a decision: it moves neither the referral's status nor its
 * version, so a clinician's open decision page is not turned into a conflict by it. A new request clears
 * `reply_reminded_at` (triage.service.ts), so that request is reminded in its turn.
 */
import { randomUUID } from 'node:crypto';
import type { BaseLogger } from 'pino';
import type { Executor } from '../../data/executor.js';
import type { ReplyReminder } from '../../domain/letters/compose.js';
import type { Answers } from '../../domain/referrals/fields.js';
import { londonDate } from '../../domain/shared/dates.js';
import type { AuditService } from '../audit/audit.service.js';
import type { DecisionLetters } from '../letters/decision-letters.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import { systemContext, type Clock } from '../shared/context.js';

/** The most referrals one pass reminds, so that a pass cannot run for ever; the rest wait for the next pass. */
export const REMINDER_BATCH = 100;

const WAITING = 'more-information-requested';

interface Candidate {
  id: string;
  serviceId: string;
  replyDueOn: string;
}

function parse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const textOf = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

export function createReplyReminders(deps: {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  letters: DecisionLetters;
  registry: ServiceRegistry;
  logger: Pick<BaseLogger, 'warn'>;
}) {
  const { db, clock } = deps;

  /** Reminds one referral, if this pass claims it first; false when another pass had it, or it no longer waits. */
  async function remindOne(candidate: Candidate): Promise<boolean> {
    const letters = deps.letters.batch();
    const done = db.transaction().execute(async (trx): Promise<boolean> => {
      const now = clock().toISOString();
      // Neither the version nor updated_at: a reminder changes nothing a clinician decided.
      const claimed = await trx
        .updateTable('referrals')
        .set({ reply_reminded_at: now })
        .where('service_id', '=', candidate.serviceId)
        .where('id', '=', candidate.id)
        .where('status', '=', WAITING)
        .where('reply_reminded_at', 'is', null)
        .where('reply_due_on', '=', candidate.replyDueOn)
        .executeTakeFirst();
      if (claimed.numUpdatedRows !== 1n) return false;

      const referral = await trx
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
        .where('referrals.service_id', '=', candidate.serviceId)
        .where('referrals.id', '=', candidate.id)
        .executeTakeFirstOrThrow();
      // What was asked for, and when: the referral's latest request for more information.
      const request = await trx
        .selectFrom('referral_events')
        .select(['occurred_at', 'detail'])
        .where('service_id', '=', candidate.serviceId)
        .where('referral_id', '=', candidate.id)
        .where('action', '=', 'request-information')
        .orderBy('occurred_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      const asked = parse(request?.detail ?? '{}');
      const askedAt = request?.occurred_at ?? referral.decided_at;
      const reminder: ReplyReminder = {
        type: 'reply-reminder',
        whatIsNeeded: textOf(asked.whatIsNeeded) ?? '',
        replyBy: textOf(asked.replyBy) ?? candidate.replyDueOn,
        requestedOn: askedAt === null ? '' : londonDate(new Date(askedAt)),
      };

      const eventId = randomUUID();
      await trx
        .insertInto('referral_events')
        .values({
          id: eventId,
          service_id: candidate.serviceId,
          referral_id: candidate.id,
          occurred_at: now,
          actor_user_id: null,
          action: 'reply-reminder',
          from_status: WAITING,
          to_status: WAITING,
          detail: JSON.stringify({ whatIsNeeded: reminder.whatIsNeeded, replyBy: reminder.replyBy }),
        })
        .execute();
      const written = await letters.write(trx, {
        serviceId: candidate.serviceId,
        referralId: candidate.id,
        eventId,
        reference: referral.reference,
        child: {
          givenName: referral.given_name,
          familyName: referral.family_name,
          dateOfBirth: referral.date_of_birth,
        },
        answers: parse(referral.answers) as Answers,
        action: reminder,
      });
      await deps.audit.record(trx, systemContext('reply-reminders'), {
        action: 'referral.reply-reminder-sent',
        subjectType: 'referral',
        subjectId: candidate.id,
        serviceId: candidate.serviceId,
        detail: { replyBy: reminder.replyBy, letters: written },
      });
      return true;
    });
    return letters.settle(done);
  }

  return {
    /**
     * One pass: reminds up to REMINDER_BATCH referrals of every hosted service whose reply is overdue and not yet
     * reminded, oldest reply-by date first. A referral whose reminder fails is logged, counted and left unclaimed, to
     * be tried again by the next pass; the others go ahead.
     */
    async remindOverdue(): Promise<{ reminded: number; failed: number }> {
      const serviceIds = deps.registry.ids;
      if (serviceIds.length === 0) return { reminded: 0, failed: 0 };
      const today = londonDate(clock());
      const due = await db
        .selectFrom('referrals')
        .select(['id', 'service_id', 'reply_due_on'])
        .where('service_id', 'in', serviceIds)
        .where('status', '=', WAITING)
        .where('reply_reminded_at', 'is', null)
        .where('reply_due_on', '<', today)
        .orderBy('reply_due_on')
        .orderBy('id')
        .limit(REMINDER_BATCH)
        .execute();
      let reminded = 0;
      let failed = 0;
      for (const row of due) {
        if (row.reply_due_on === null) continue;
        try {
          if (await remindOne({ id: row.id, serviceId: row.service_id, replyDueOn: row.reply_due_on })) reminded++;
        } catch (err) {
          failed++;
          deps.logger.warn({ err, referralId: row.id }, 'could not send the reminder for an overdue reply');
        }
      }
      return { reminded, failed };
    },
  };
}

export type ReplyReminders = ReturnType<typeof createReplyReminders>;
