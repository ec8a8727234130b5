/**
 * Triage of one referral: everything the referrer gave with its eligibility decision, the child's possible existing
 * record, the history of decisions; and the decisions themselves, each a legal move of the state machine recorded
 * with who, when and why, under optimistic locking: two clinicians deciding at once get one success and one
 * "this referral was changed" answer that shows the other decision.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from '../../data/executor.js';
import type { EligibilityDecision } from '../../domain/eligibility/index.js';
import type { Answers } from '../../domain/referrals/fields.js';
import { resolveMatch, type MatchState, type SameChildAnswer } from '../../domain/referrals/child-match.js';
import { transition, type ReferralAction, type ReferralStatus } from '../../domain/referrals/lifecycle.js';
import { addWorkingDays, workingDaysBetween } from '../../domain/referrals/working-days.js';
import { londonDate } from '../../domain/shared/dates.js';
import type { AuditService } from '../audit/audit.service.js';
import type { DecisionLetters } from '../letters/decision-letters.service.js';
import type { Clock, RequestContext } from '../shared/context.js';

export interface ReferralEvent {
  occurredAt: string;
  actorName: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  detail: Record<string, unknown>;
}

export interface TriageReferral {
  id: string;
  reference: string;
  status: ReferralStatus;
  version: number;
  source: string;
  receivedOn: string;
  referrerType: string;
  referrerName: string;
  answers: Answers;
  eligibility: EligibilityDecision;
  pathway: string | null;
  priority: string | null;
  setting: string | null;
  replyDueOn: string | null;
  /** When the referrer was reminded that the reply is overdue, once for each request. */
  replyRemindedAt: string | null;
  /** The date the triage clock counts from (moved on by each pause for more information). */
  clockFrom: string;
  /** When the last decision was made: for a referral waiting for more information, when the clock was paused. */
  decidedAt: string | null;
  overridden: boolean;
  safeguardingConcern: boolean;
  childMatch: string;
  child: {
    id: string;
    givenName: string;
    familyName: string;
    dateOfBirth: string;
    nhsNumber: string | null;
    postcode: string;
  };
  possibleMatch: {
    id: string;
    givenName: string;
    familyName: string;
    dateOfBirth: string;
    nhsNumber: string | null;
    postcode: string;
  } | null;
  attachments: { id: string; fileName: string; mediaType: string; sizeBytes: number }[];
  events: ReferralEvent[];
}

export type MatchAnswer =
  | { ok: true; to: MatchState }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'conflict'; current: TriageReferral }
  | { ok: false; reason: 'illegal'; message: string };

export type Decision =
  | { ok: true; to: ReferralStatus }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'conflict'; current: TriageReferral }
  | { ok: false; reason: 'illegal' | 'override-needed'; message: string };

function parse<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/**
 * What a decision writes onto the referral, beside its status. Asking for more information pauses the triage clock
 * (the referral's last decision, made today, dates the pause); when the information arrives the clock's start moves on
 * by the working days it was paused, so the days waited before the pause still count and the pause does not.
 */
function fieldsOf(
  action: ReferralAction,
  current: TriageReferral,
  today: string,
): {
  pathway?: string;
  priority?: string;
  setting?: string;
  reply_due_on?: string | null;
  reply_reminded_at?: null;
  clock_from?: string;
} {
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

export function createTriage(deps: { db: Executor; clock: Clock; audit: AuditService; letters: DecisionLetters }) {
  const { db } = deps;

  async function load(executor: Executor, serviceId: string, referralId: string): Promise<TriageReferral | undefined> {
    const row = await executor
      .selectFrom('referrals')
      .innerJoin('children', 'children.id', 'referrals.child_id')
      .select([
        'referrals.id',
        'referrals.reference',
        'referrals.status',
        'referrals.version',
        'referrals.source',
        'referrals.received_on',
        'referrals.referrer_type',
        'referrals.referrer_name',
        'referrals.answers',
        'referrals.eligibility',
        'referrals.pathway',
        'referrals.priority',
        'referrals.setting',
        'referrals.reply_due_on',
        'referrals.reply_reminded_at',
        'referrals.clock_from',
        'referrals.decided_at',
        'referrals.overridden',
        'referrals.safeguarding_concern',
        'referrals.child_match',
        'referrals.possible_child_id',
        'children.id as child_id',
        'children.given_name',
        'children.family_name',
        'children.date_of_birth',
        'children.nhs_number',
        'children.postcode',
      ])
      .where('referrals.service_id', '=', serviceId)
      .where('referrals.id', '=', referralId)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const possible =
      row.possible_child_id === null
        ? undefined
        : await executor
            .selectFrom('children')
            .select(['id', 'given_name', 'family_name', 'date_of_birth', 'nhs_number', 'postcode'])
            .where('service_id', '=', serviceId)
            .where('id', '=', row.possible_child_id)
            .executeTakeFirst();
    const attachments = await executor
      .selectFrom('referral_attachments')
      .select(['id', 'file_name', 'media_type', 'size_bytes'])
      .where('service_id', '=', serviceId)
      .where('referral_id', '=', referralId)
      .orderBy('uploaded_at')
      .execute();
    const events = await executor
      .selectFrom('referral_events')
      .leftJoin('users', 'users.id', 'referral_events.actor_user_id')
      .select([
        'referral_events.occurred_at',
        'users.display_name',
        'referral_events.action',
        'referral_events.from_status',
        'referral_events.to_status',
        'referral_events.detail',
      ])
      .where('referral_events.service_id', '=', serviceId)
      .where('referral_events.referral_id', '=', referralId)
      .orderBy('referral_events.occurred_at')
      .orderBy('referral_events.id')
      .execute();
    return {
      id: row.id,
      reference: row.reference,
      status: row.status as ReferralStatus,
      version: row.version,
      source: row.source,
      receivedOn: row.received_on,
      referrerType: row.referrer_type,
      referrerName: row.referrer_name,
      answers: parse<Answers>(row.answers, {}),
      eligibility: parse<EligibilityDecision>(row.eligibility, {
        outcome: 'unclear',
        service: serviceId,
        policyVersion: '',
        asOf: row.received_on,
        criteria: [],
        missing: [],
      }),
      pathway: row.pathway,
      priority: row.priority,
      setting: row.setting,
      replyDueOn: row.reply_due_on,
      replyRemindedAt: row.reply_reminded_at,
      clockFrom: row.clock_from,
      decidedAt: row.decided_at,
      overridden: row.overridden === 1,
      safeguardingConcern: row.safeguarding_concern === 1,
      childMatch: row.child_match,
      child: {
        id: row.child_id,
        givenName: row.given_name,
        familyName: row.family_name,
        dateOfBirth: row.date_of_birth,
        nhsNumber: row.nhs_number,
        postcode: row.postcode,
      },
      possibleMatch:
        possible === undefined
          ? null
          : {
              id: possible.id,
              givenName: possible.given_name,
              familyName: possible.family_name,
              dateOfBirth: possible.date_of_birth,
              nhsNumber: possible.nhs_number,
              postcode: possible.postcode,
            },
      attachments: attachments.map((a) => ({
        id: a.id,
        fileName: a.file_name,
        mediaType: a.media_type,
        sizeBytes: a.size_bytes,
      })),
      events: events.map((e) => ({
        occurredAt: e.occurred_at,
        actorName: e.display_name,
        action: e.action,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        detail: parse<Record<string, unknown>>(e.detail, {}),
      })),
    };
  }

  return {
    /** A referral of this service, or undefined: one out of reach is simply not found. */
    referral: (serviceId: string, referralId: string) => load(db, serviceId, referralId),

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
        const current = await load(trx, serviceId, referralId);
        if (current === undefined) return { ok: false, reason: 'not-found' };
        if (current.version !== expectedVersion) return { ok: false, reason: 'conflict', current };
        const move = transition(current.status, current.eligibility.outcome, action);
        if (!move.ok) return { ok: false, reason: move.problem, message: move.message };
        const instant = deps.clock();
        const now = instant.toISOString();
        const override = 'override' in action ? (action.override?.trim() ?? '') : '';
        const updated = await trx
          .updateTable('referrals')
          .set({
            status: move.to,
            ...fieldsOf(action, current, londonDate(instant)),
            ...(override !== '' && { overridden: 1 }),
            decided_at: now,
            updated_at: now,
            version: expectedVersion + 1,
          })
          .where('service_id', '=', serviceId)
          .where('id', '=', referralId)
          .where('version', '=', expectedVersion)
          .executeTakeFirst();
        if (updated.numUpdatedRows !== 1n) {
          const latest = await load(trx, serviceId, referralId);
          return latest === undefined
            ? { ok: false, reason: 'not-found' }
            : { ok: false, reason: 'conflict', current: latest };
        }
        const { type, ...detail } = action;
        const eventId = randomUUID();
        await trx
          .insertInto('referral_events')
          .values({
            id: eventId,
            service_id: serviceId,
            referral_id: referralId,
            occurred_at: now,
            actor_user_id: ctx.actorUserId,
            action: type,
            from_status: current.status,
            to_status: move.to,
            detail: JSON.stringify(detail),
          })
          .execute();
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
        return { ok: true, to: move.to };
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
        const current = await load(trx, serviceId, referralId);
        if (current === undefined) return { ok: false, reason: 'not-found' };
        if (current.version !== expectedVersion) return { ok: false, reason: 'conflict', current };
        const resolution = resolveMatch(current.childMatch, answer);
        if (!resolution.ok) return { ok: false, reason: 'illegal', message: resolution.message };
        const now = deps.clock().toISOString();
        const updated = await trx
          .updateTable('referrals')
          .set({ child_match: resolution.to, updated_at: now, version: expectedVersion + 1 })
          .where('service_id', '=', serviceId)
          .where('id', '=', referralId)
          .where('version', '=', expectedVersion)
          .executeTakeFirst();
        if (updated.numUpdatedRows !== 1n) {
          const latest = await load(trx, serviceId, referralId);
          return latest === undefined
            ? { ok: false, reason: 'not-found' }
            : { ok: false, reason: 'conflict', current: latest };
        }
        const older = current.possibleMatch;
        const newer = current.child;
        const detail: Record<string, string> = {};
        if (resolution.merge && older !== null) {
          await trx
            .updateTable('referrals')
            .set({ child_id: older.id, updated_at: now })
            .where('service_id', '=', serviceId)
            .where('child_id', '=', newer.id)
            .execute();
          if (older.nhsNumber === null && newer.nhsNumber !== null) {
            await trx
              .updateTable('children')
              .set({ nhs_number: newer.nhsNumber, updated_at: now })
              .where('service_id', '=', serviceId)
              .where('id', '=', older.id)
              .execute();
          }
          if (resolution.rename) {
            // The same child, whose name has changed: the record takes the name the referral gives.
            await trx
              .updateTable('children')
              .set({ given_name: newer.givenName, family_name: newer.familyName, updated_at: now })
              .where('service_id', '=', serviceId)
              .where('id', '=', older.id)
              .execute();
            detail.previousName = `${older.givenName} ${older.familyName}`;
            detail.newName = `${newer.givenName} ${newer.familyName}`;
          }
          await trx
            .updateTable('children')
            .set({ merged_into: older.id, updated_at: now })
            .where('service_id', '=', serviceId)
            .where('id', '=', newer.id)
            .execute();
        }
        if (resolution.clearNhsNumber && newer.nhsNumber !== null) {
          // A different child: the NHS number given belongs to the known record, so this record does not keep it.
          await trx
            .updateTable('children')
            .set({ nhs_number: null, updated_at: now })
            .where('service_id', '=', serviceId)
            .where('id', '=', newer.id)
            .execute();
          detail.nhsNumberRemoved = newer.nhsNumber;
        }
        await trx
          .insertInto('referral_events')
          .values({
            id: randomUUID(),
            service_id: serviceId,
            referral_id: referralId,
            occurred_at: now,
            actor_user_id: ctx.actorUserId,
            action: `child-match-${resolution.to}`,
            from_status: current.status,
            to_status: current.status,
            detail: JSON.stringify(detail),
          })
          .execute();
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
        return { ok: true, to: resolution.to };
      });
    },
  };
}

export type TriageService = ReturnType<typeof createTriage>;
