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
import { insertReferralEvent, latestReferralEvent } from '../../data/referrals/referral-events.repository.js';
import {
  claimReplyReminder,
  overdueReplies,
  reminderReferral,
  type OverdueReply,
} from '../../data/referrals/reply-reminders.repository.js';
import type { ReplyReminder } from '../../domain/letters/compose.js';
import { londonDate } from '../../domain/shared/dates.js';
import type { AuditService } from '../audit/audit.service.js';
import type { DecisionLetters } from '../letters/decision-letters.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import { systemContext, type Clock } from '../shared/context.js';

/** The most referrals one pass reminds, so that a pass cannot run for ever; the rest wait for the next pass. */
export const REMINDER_BATCH = 100;

const WAITING = 'more-information-requested';

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
  async function remindOne(candidate: OverdueReply): Promise<boolean> {
    const letters = deps.letters.batch();
    const done = db.transaction().execute(async (trx): Promise<boolean> => {
      const now = clock().toISOString();
      if (!(await claimReplyReminder(trx, candidate, now))) return false;

      const referral = await reminderReferral(trx, candidate.serviceId, candidate.id);
      // What was asked for, and when: the referral's latest request for more information.
      const request = await latestReferralEvent(trx, candidate.serviceId, candidate.id, 'request-information');
      const asked = request?.detail ?? {};
      const askedAt = request?.occurredAt ?? referral.decidedAt;
      const reminder: ReplyReminder = {
        type: 'reply-reminder',
        whatIsNeeded: textOf(asked.whatIsNeeded) ?? '',
        replyBy: textOf(asked.replyBy) ?? candidate.replyDueOn,
        requestedOn: askedAt === null ? '' : londonDate(new Date(askedAt)),
      };

      const eventId = randomUUID();
      await insertReferralEvent(trx, {
        id: eventId,
        serviceId: candidate.serviceId,
        referralId: candidate.id,
        occurredAt: now,
        actorUserId: null,
        action: 'reply-reminder',
        fromStatus: WAITING,
        toStatus: WAITING,
        detail: { whatIsNeeded: reminder.whatIsNeeded, replyBy: reminder.replyBy },
      });
      const written = await letters.write(trx, {
        serviceId: candidate.serviceId,
        referralId: candidate.id,
        eventId,
        reference: referral.reference,
        child: referral.child,
        answers: referral.answers,
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
      const due = await overdueReplies(db, serviceIds, today, REMINDER_BATCH);
      let reminded = 0;
      let failed = 0;
      for (const candidate of due) {
        try {
          if (await remindOne(candidate)) reminded++;
        } catch (err) {
          failed++;
          deps.logger.warn({ err, referralId: candidate.id }, 'could not send the reminder for an overdue reply');
        }
      }
      return { reminded, failed };
    },
  };
}

export type ReplyReminders = ReturnType<typeof createReplyReminders>;
