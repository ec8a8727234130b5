/**
 * Triage of one referral: everything the referrer gave with its eligibility decision, the child's possible existing
 * record, the history of decisions; and the decisions themselves, each a legal move of the state machine recorded
 * with who, when and why, under optimistic locking: two clinicians deciding at once get one success and one
 * "this referral was changed" answer that shows the other decision.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from '../../data/executor.js';
import { findEpisodeOfReferral, insertEpisode, updateEpisodeAtVersion } from '../../data/care/episodes.repository.js';
import { addDays } from '../../domain/care/london-time.js';
import { waitStartsOn } from '../../domain/care/wait-start.js';
import { moveReferralsToChild, updateChild, type ChildChanges } from '../../data/referrals/children.repository.js';
import { insertReferralEvent } from '../../data/referrals/referral-events.repository.js';
import {
  findTriageReferral,
  updateReferralAtVersion,
  type ReferralChanges,
} from '../../data/referrals/triage.repository.js';
import { resolveMatch, type MatchState, type SameChildAnswer } from '../../domain/referrals/child-match.js';
import { transition, type ReferralAction, type ReferralStatus } from '../../domain/referrals/lifecycle.js';
import type { TriageReferral } from '../../domain/referrals/triage-referral.js';
import { addWorkingDays, workingDaysBetween } from '../../domain/referrals/working-days.js';
import { londonDate } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome, type Problem, type ProblemWith } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { DecisionLetters } from '../letters/decision-letters.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock, RequestContext } from '../shared/context.js';

export type { ReferralEvent, TriageReferral } from '../../domain/referrals/triage-referral.js';

/** Someone else decided since the page was read: the referral as it is now, to show them. */
export type ReferralConflict = ProblemWith<'stale-version', { current: TriageReferral }>;

export type MatchAnswer = Outcome<
  { to: MatchState },
  Problem<'not-found'> | ReferralConflict | Problem<'invalid-input'>
>;

export type Decision = Outcome<
  { to: ReferralStatus },
  Problem<'not-found'> | ReferralConflict | Problem<'illegal' | 'override-needed'>
>;

const NOT_FOUND = problem('not-found', 'There is no such referral in this service.');
const conflict = (current: TriageReferral): ReferralConflict =>
  problem('stale-version', 'Someone else changed this referral while you were looking at it.', { current });

/** The repository's answer to a versioned update that changed nothing, as the use case's problem. */
const notUpdated = (updated: { reason: 'not-found' } | { reason: 'conflict'; current: TriageReferral }) =>
  failed(updated.reason === 'not-found' ? NOT_FOUND : conflict(updated.current));

/**
 * What a decision writes onto the referral, beside its status. Asking for more information pauses the triage clock
 * (the referral's last decision, made today, dates the pause); when the information arrives the clock's start moves on
 * by the working days it was paused, so the days waited before the pause still count and the pause does not.
 */
function fieldsOf(action: ReferralAction, current: TriageReferral, today: string): ReferralChanges {
  switch (action.type) {
    case 'accept':
      return { pathway: action.pathway, priority: action.priority, setting: action.setting };
    case 'request-information':
      return { reply_due_on: action.replyBy, reply_reminded_at: null };
    case 'information-received': {
      const pausedOn = current.decidedAt === null ? today : londonDate(new Date(current.decidedAt));
      return {
        reply_due_on: null,
        clock_from: addWorkingDays(current.clockFrom, workingDaysBetween(pausedOn, today)),
      };
    }
    default:
      return {};
  }
}

export function createTriage(deps: {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  letters: DecisionLetters;
  registry: ServiceRegistry;
}) {
  const { db } = deps;

  /**
   * What acceptance and withdrawal do to the child's episode of care, in the decision's transaction: accepted, the
   * child joins the waiting list, their wait counting from the day the referral was received less the days triage was
   * paused, with the first waiting-well contact due one interval on; withdrawn after acceptance, the episode closes.
   */
  async function followEpisode(
    trx: Executor,
    serviceId: string,
    current: TriageReferral,
    action: ReferralAction,
    now: string,
  ): Promise<void> {
    if (action.type === 'accept') {
      const waitFrom = waitStartsOn(current.receivedOn, current.events);
      const weeks = deps.registry.byId(serviceId)?.care.waitingWell.everyWeeks;
      await insertEpisode(trx, {
        id: randomUUID(),
        serviceId,
        childId: current.child.id,
        referralId: current.id,
        pathway: action.pathway,
        priority: action.priority,
        setting: action.setting,
        waitFrom,
        acceptedAt: now,
        nextContactOn: weeks === undefined ? null : addDays(waitFrom, weeks * 7),
      });
    } else if (action.type === 'withdraw' && current.status === 'accepted') {
      const episode = await findEpisodeOfReferral(trx, serviceId, current.id);
      if (episode !== undefined && episode.status !== 'closed') {
        await updateEpisodeAtVersion(
          trx,
          serviceId,
          episode.id,
          episode.version,
          { status: 'closed', closedAt: now, closedReason: 'referral-withdrawn', nextContactOn: null },
          now,
        );
      }
    }
  }

  return {
    /** A referral of this service, or undefined: one out of reach is simply not found. */
    referral: (serviceId: string, referralId: string) => findTriageReferral(db, serviceId, referralId),

    /**
     * Decides, if the referral is still at `expectedVersion` and the move is legal. The update names the version it
     * read, so of two clinicians deciding at once exactly one changes the row; the other is shown what happened.
     */
    async decide(
      ctx: RequestContext,
      serviceId: string,
      referralId: string,
      expectedVersion: number,
      action: ReferralAction,
    ): Promise<Decision> {
      // The decision's letters are written in its transaction; their PDFs are removed again if it does not commit.
      const letters = deps.letters.batch();
      const decided = db.transaction().execute(async (trx): Promise<Decision> => {
        const current = await findTriageReferral(trx, serviceId, referralId);
        if (current === undefined) return failed(NOT_FOUND);
        if (current.version !== expectedVersion) return failed(conflict(current));
        const move = transition(current.status, current.eligibility.outcome, action);
        if (!move.ok) return failed(problem(move.problem, move.message));
        const instant = deps.clock();
        const now = instant.toISOString();
        const override = 'override' in action ? (action.override?.trim() ?? '') : '';
        const updated = await updateReferralAtVersion(
          trx,
          serviceId,
          referralId,
          expectedVersion,
          {
            status: move.to,
            ...fieldsOf(action, current, londonDate(instant)),
            ...(override !== '' && { overridden: 1 }),
            decided_at: now,
          },
          now,
        );
        if (!updated.ok) return notUpdated(updated);
        await followEpisode(trx, serviceId, current, action, now);
        const { type, ...detail } = action;
        const eventId = randomUUID();
        await insertReferralEvent(trx, {
          id: eventId,
          serviceId,
          referralId,
          occurredAt: now,
          actorUserId: ctx.actorUserId,
          action: type,
          fromStatus: current.status,
          toStatus: move.to,
          detail,
        });
        await letters.write(trx, {
          serviceId,
          referralId,
          eventId,
          reference: current.reference,
          child: current.child,
          answers: current.answers,
          action,
        });
        await deps.audit.record(trx, ctx, {
          action: 'referral.decided',
          subjectType: 'referral',
          subjectId: referralId,
          serviceId,
          detail: { decision: type, from: current.status, to: move.to, overridden: override !== '' },
        });
        return ok({ to: move.to });
      });
      return letters.settle(decided);
    },

    /**
     * A clinician's answer to "is this the same child?" for a referral whose child may be one the service knows.
     * Confirmed, the new record is merged into the older one: every referral of the new record moves to the older
     * record (which takes the NHS number if it had none, and the referral's name if the clinician says it changed),
     * and the new record is kept, marked as merged, for the history. Rejected, the two records stay apart and the flag
     * is cleared; for an NHS number conflict the number is taken off the referral's record, as it belongs to the
     * other child. Recorded in the referral's history and audited, under the same optimistic lock as a decision.
     */
    async answerChildMatch(
      ctx: RequestContext,
      serviceId: string,
      referralId: string,
      expectedVersion: number,
      answer: SameChildAnswer,
    ): Promise<MatchAnswer> {
      return db.transaction().execute(async (trx): Promise<MatchAnswer> => {
        const current = await findTriageReferral(trx, serviceId, referralId);
        if (current === undefined) return failed(NOT_FOUND);
        if (current.version !== expectedVersion) return failed(conflict(current));
        // An answer this match does not offer (a hand-made form): what was sent is not acceptable.
        const resolution = resolveMatch(current.childMatch, answer);
        if (!resolution.ok) return failed(problem('invalid-input', resolution.message));
        const now = deps.clock().toISOString();
        const updated = await updateReferralAtVersion(
          trx,
          serviceId,
          referralId,
          expectedVersion,
          { child_match: resolution.to },
          now,
        );
        if (!updated.ok) return notUpdated(updated);
        const older = current.possibleMatch;
        const newer = current.child;
        const detail: Record<string, string> = {};
        if (resolution.merge && older !== null) {
          await moveReferralsToChild(trx, serviceId, newer.id, older.id, now);
          const olderChanges: ChildChanges = {};
          if (older.nhsNumber === null && newer.nhsNumber !== null) olderChanges.nhsNumber = newer.nhsNumber;
          if (resolution.rename) {
            // The same child, whose name has changed: the record takes the name the referral gives.
            olderChanges.givenName = newer.givenName;
            olderChanges.familyName = newer.familyName;
            detail.previousName = `${older.givenName} ${older.familyName}`;
            detail.newName = `${newer.givenName} ${newer.familyName}`;
          }
          if (Object.keys(olderChanges).length > 0) await updateChild(trx, serviceId, older.id, olderChanges, now);
          await updateChild(trx, serviceId, newer.id, { mergedInto: older.id }, now);
        }
        if (resolution.clearNhsNumber && newer.nhsNumber !== null) {
          // A different child: the NHS number given belongs to the known record, so this record does not keep it.
          await updateChild(trx, serviceId, newer.id, { nhsNumber: null }, now);
          detail.nhsNumberRemoved = newer.nhsNumber;
        }
        await insertReferralEvent(trx, {
          id: randomUUID(),
          serviceId,
          referralId,
          occurredAt: now,
          actorUserId: ctx.actorUserId,
          action: `child-match-${resolution.to}`,
          fromStatus: current.status,
          toStatus: current.status,
          detail,
        });
        await deps.audit.record(trx, ctx, {
          action: 'referral.child-match-answered',
          subjectType: 'referral',
          subjectId: referralId,
          serviceId,
          detail: {
            answer,
            from: current.childMatch,
            to: resolution.to,
            merged: resolution.merge,
            renamed: resolution.rename,
            nhsNumberRemoved: resolution.clearNhsNumber,
          },
        });
        return ok({ to: resolution.to });
      });
    },
  };
}

export type TriageService = ReturnType<typeof createTriage>;
