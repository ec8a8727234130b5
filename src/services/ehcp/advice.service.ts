/**
 * Statutory EHCP health advice (issue 15 item 4): the advice answering one request, drafted from the child's record
 * (or re-using recent advice, regulation 6(4), when the authority, the family and the clinician agree), saved as a
 * draft by its author, reviewed by a second clinician where the service requires it, signed as a PDF kept in the
 * file store, and corrected afterwards only by addenda (advice-signing.ts). Each change is audited in its own
 * transaction, with the child as its subject; each is a compare-and-set on the advice's version.
 */
import { randomUUID } from 'node:crypto';
import {
  adviceOfRequest,
  cliniciansOf,
  findAdvice,
  insertAdvice,
  signedAdviceOfChildSince,
  updateAdvice,
  type AdviceRow,
} from '../../data/ehcp/advice.repository.js';
import { childForAdvice, requestForAdvice } from '../../data/ehcp/advice-record.repository.js';
import { insertReviewRequest, recordReviewOutcome, reviewsOf } from '../../data/ehcp/advice-reviews.repository.js';
import { isUniqueViolation } from '../../data/errors.js';
import type { Executor } from '../../data/executor.js';
import type { FileStore } from '../../data/files/file-store.js';
import { assessmentsOfChild } from '../../data/record/assessments.repository.js';
import { issuesOfChild } from '../../data/record/equipment.repository.js';
import { goalsOfChild } from '../../data/record/goals.repository.js';
import {
  contentFromJson,
  draftCopy,
  parseAdviceForm,
  readinessToSign,
  unexpectedFields,
} from '../../domain/ehcp/advice.js';
import { draftFromRecord } from '../../domain/ehcp/advice-draft.js';
import { parseReuse, parseReview } from '../../domain/ehcp/advice-forms.js';
import { addMonthsClamped, londonDate, startOfLondonDay } from '../../domain/shared/dates.js';
import { ok, type Outcome } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TaskRaiser } from '../care/tasks.service.js';
import type { Outbox } from '../outbox/outbox.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock } from '../shared/context.js';
import {
  IN_REVIEW,
  invalid,
  NO_ADVICE,
  NO_REQUEST,
  NOT_AUTHOR,
  NOT_READY,
  refused,
  SIGNED,
  STALE,
  VERSION_PROBLEM,
  versionOf,
  type AdviceCtx,
  type AdviceRefusal,
} from './advice-common.js';
import { createAdviceSigning } from './advice-signing.js';

export type { AdviceCtx, AdviceRefusal, AdviceRow };
export type { AddendumRow } from '../../data/ehcp/advice.repository.js';
export type { AdviceChild, AdviceRequest } from '../../data/ehcp/advice-record.repository.js';
export type { ReviewRow } from '../../data/ehcp/advice-reviews.repository.js';

export function createEhcpAdvice(deps: {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  registry: ServiceRegistry;
  files: FileStore;
  outbox: Outbox;
  taskRaiser: TaskRaiser;
}) {
  const { db, clock, audit, registry } = deps;
  const reviewRequired = (serviceId: string) => registry.byId(serviceId)?.ehcp.secondReviewRequired ?? true;

  /** Signed advice of the child's from the last 12 months, which the authority may agree to re-use. */
  async function reusable(serviceId: string, childId: string): Promise<AdviceRow[]> {
    const since = startOfLondonDay(addMonthsClamped(londonDate(clock()), -12)).toISOString();
    return signedAdviceOfChildSince(db, serviceId, childId, since);
  }

  const audited = (
    trx: Executor,
    ctx: AdviceCtx,
    action: Parameters<AuditService['record']>[2]['action'],
    row: { childId: string; requestId: string },
    adviceId: string,
    detail: Record<string, unknown> = {},
  ) =>
    audit.record(trx, ctx, {
      action,
      subjectType: 'child',
      subjectId: row.childId,
      detail: { request: row.requestId, advice: adviceId, ...detail },
    });

  /**
   * A change to a draft by its author, from the version read: refused when the advice is not this service's, not
   * theirs, signed, with its reviewer, or has moved on (with the advice as it is now).
   */
  async function changeDraft(
    ctx: AdviceCtx,
    adviceId: string,
    version: number,
    change: (trx: Executor, row: AdviceRow, now: string) => Promise<Outcome<object, AdviceRefusal> | undefined>,
  ): Promise<Outcome<object, AdviceRefusal>> {
    return db.transaction().execute(async (trx) => {
      const row = await findAdvice(trx, ctx.serviceId, adviceId);
      if (row === undefined) return refused('not-found', NO_ADVICE);
      if (row.authorId !== ctx.actorUserId) return refused('forbidden', NOT_AUTHOR);
      if (row.status === 'signed') return refused('illegal', SIGNED, [], row);
      if (row.status === 'in-review') return refused('illegal', IN_REVIEW, [], row);
      if (row.version !== version) return refused('stale-version', STALE, [], row);
      return (await change(trx, row, clock().toISOString())) ?? ok();
    });
  }

  return {
    reviewRequired,

    /** The request's page: the request, the child, the advice as it stands, and what may be re-used or chosen. */
    async forRequest(serviceId: string, requestId: string) {
      const request = await requestForAdvice(db, serviceId, requestId);
      if (request === undefined) return undefined;
      const child = await childForAdvice(db, serviceId, request.childId);
      if (child === undefined) return undefined;
      const advice = await adviceOfRequest(db, serviceId, requestId);
      const earlier = (await reusable(serviceId, request.childId)).filter((a) => a.requestId !== requestId);
      return { request, child, advice, earlier, reviewRequired: reviewRequired(serviceId) };
    },

    /** One advice with its request and child; undefined when it is not this service's. */
    async advice(serviceId: string, adviceId: string) {
      const advice = await findAdvice(db, serviceId, adviceId);
      if (advice === undefined) return undefined;
      const request = await requestForAdvice(db, serviceId, advice.requestId);
      const child = await childForAdvice(db, serviceId, advice.childId);
      if (request === undefined || child === undefined) return undefined;
      const [reviewers, reviews] = await Promise.all([
        cliniciansOf(db, serviceId, advice.authorId),
        reviewsOf(db, serviceId, adviceId),
      ]);
      return { advice, request, child, content: contentFromJson(advice.content), reviewers, reviews };
    },

    /** Starts the request's advice from what the child's record holds; audited as `ehcp.advice-started`. */
    async start(ctx: AdviceCtx, requestId: string): Promise<Outcome<{ adviceId: string }, AdviceRefusal>> {
      const { serviceId } = ctx;
      const request = await requestForAdvice(db, serviceId, requestId);
      const definition = registry.byId(serviceId);
      const child = request && (await childForAdvice(db, serviceId, request.childId));
      if (request === undefined || child === undefined || definition === undefined) {
        return refused('not-found', NO_REQUEST);
      }
      if (request.status !== 'open') return refused('illegal', 'This request is no longer open.');
      const [assessments, goals, equipment] = await Promise.all([
        assessmentsOfChild(db, serviceId, request.childId),
        goalsOfChild(db, serviceId, request.childId),
        issuesOfChild(db, serviceId, request.childId),
      ]);
      const content = draftFromRecord({
        serviceName: definition.serviceName,
        child: { givenName: child.givenName },
        knownSince: child.firstAcceptedAt === null ? null : londonDate(new Date(child.firstAcceptedAt)),
        assessments,
        goals,
        equipment: equipment.map((e) => ({ ...e, itemName: e.itemName })),
      });
      return insertNew(ctx, request, JSON.stringify(content), null, null, 'ehcp.advice-started');
    },

    /** Re-uses earlier signed advice (regulation 6(4)) with the dates each party agreed; `ehcp.advice-reused`. */
    async reuse(
      ctx: AdviceCtx,
      requestId: string,
      sent: Record<string, unknown>,
    ): Promise<Outcome<{ adviceId: string }, AdviceRefusal>> {
      const request = await requestForAdvice(db, ctx.serviceId, requestId);
      if (request === undefined) return refused('not-found', NO_REQUEST);
      if (request.status !== 'open') return refused('illegal', 'This request is no longer open.');
      const earlier = (await reusable(ctx.serviceId, request.childId)).filter((a) => a.requestId !== requestId);
      const parsed = parseReuse(
        sent,
        earlier.map((a) => a.id),
        londonDate(clock()),
      );
      if (!parsed.ok) return invalid(parsed.problems);
      const from = earlier.find((a) => a.id === parsed.value.earlierAdviceId);
      if (from === undefined) return refused('not-found', NO_ADVICE);
      const copied = JSON.stringify(draftCopy(contentFromJson(from.content)));
      const agreement = JSON.stringify(parsed.value);
      return insertNew(ctx, request, copied, from.id, agreement, 'ehcp.advice-reused');
    },

    /** The author's draft saved (nothing checked but shapes and lengths); `ehcp.advice-saved`. */
    async save(
      ctx: AdviceCtx,
      adviceId: string,
      sent: Record<string, unknown>,
    ): Promise<Outcome<object, AdviceRefusal>> {
      const unexpected = unexpectedFields(sent);
      if (unexpected.length > 0) {
        return invalid([{ field: 'form', message: 'The form contained fields that this page does not accept' }]);
      }
      const version = versionOf(sent);
      if (version === undefined) return invalid([VERSION_PROBLEM]);
      const parsed = parseAdviceForm(sent);
      if (!parsed.ok) return invalid(parsed.problems);
      return changeDraft(ctx, adviceId, version, async (trx, row, now) => {
        const saved = await updateAdvice(
          trx,
          ctx.serviceId,
          adviceId,
          version,
          { content: JSON.stringify(parsed.content) },
          now,
        );
        if (!saved) return refused('stale-version', STALE, [], row);
        await audited(trx, ctx, 'ehcp.advice-saved', row, adviceId);
        return undefined;
      });
    },

    /** The author asks a named second clinician to review ready advice; `ehcp.advice-review-requested`. */
    async submit(
      ctx: AdviceCtx,
      adviceId: string,
      sent: Record<string, unknown>,
    ): Promise<Outcome<object, AdviceRefusal>> {
      if (!reviewRequired(ctx.serviceId)) {
        return refused('illegal', 'This service does not ask for a second review: sign the advice when it is ready.');
      }
      const version = versionOf(sent);
      if (version === undefined) return invalid([VERSION_PROBLEM]);
      return changeDraft(ctx, adviceId, version, async (trx, row, now) => {
        const problems = readinessToSign(contentFromJson(row.content));
        if (problems.length > 0) return refused('incomplete', NOT_READY, problems, row);
        const reviewers = await cliniciansOf(trx, ctx.serviceId, row.authorId);
        const reviewerId = sent.reviewer;
        if (typeof reviewerId !== 'string' || !reviewers.some((r) => r.id === reviewerId)) {
          return invalid([{ field: 'reviewer', message: 'Select the clinician who will review the advice' }]);
        }
        const change = {
          status: 'in-review' as const,
          reviewerId,
          reviewRequestedAt: now,
          reviewedAt: null,
          reviewOutcome: null,
          reviewComment: null,
        };
        if (!(await updateAdvice(trx, ctx.serviceId, adviceId, version, change, now))) {
          return refused('stale-version', STALE, [], row);
        }
        await insertReviewRequest(
          trx,
          { id: randomUUID(), serviceId: ctx.serviceId, adviceId, reviewerId, requestedBy: ctx.actorUserId },
          now,
        );
        await audited(trx, ctx, 'ehcp.advice-review-requested', row, adviceId, { reviewer: reviewerId });
        return undefined;
      });
    },

    /** The reviewer approves, or sends back with a comment (back to draft); `ehcp.advice-reviewed`. */
    async review(
      ctx: AdviceCtx,
      adviceId: string,
      sent: Record<string, unknown>,
    ): Promise<Outcome<object, AdviceRefusal>> {
      const version = versionOf(sent);
      if (version === undefined) return invalid([VERSION_PROBLEM]);
      const parsed = parseReview(sent);
      if (!parsed.ok) return invalid(parsed.problems);
      const { outcome, comment } = parsed.value;
      return db.transaction().execute(async (trx) => {
        const row = await findAdvice(trx, ctx.serviceId, adviceId);
        if (row === undefined) return refused('not-found', NO_ADVICE);
        if (row.reviewerId !== ctx.actorUserId) {
          return refused('forbidden', 'Only the clinician asked to review this advice can review it.');
        }
        if (row.status !== 'in-review' || row.reviewOutcome !== null) {
          return refused('illegal', 'This advice is not waiting for your review.', [], row);
        }
        if (row.version !== version) return refused('stale-version', STALE, [], row);
        const now = clock().toISOString();
        const change = {
          ...(outcome === 'changes-requested' && { status: 'draft' as const }),
          reviewedAt: now,
          reviewOutcome: outcome,
          reviewComment: comment === '' ? null : comment,
        };
        if (!(await updateAdvice(trx, ctx.serviceId, adviceId, version, change, now))) {
          return refused('stale-version', STALE, [], row);
        }
        await recordReviewOutcome(
          trx,
          ctx.serviceId,
          adviceId,
          ctx.actorUserId,
          { outcome, comment: change.reviewComment },
          now,
        );
        await audited(trx, ctx, 'ehcp.advice-reviewed', row, adviceId, { outcome });
        return ok();
      });
    },

    ...createAdviceSigning({ ...deps, reviewRequired }),
  };

  async function insertNew(
    ctx: AdviceCtx,
    request: { id: string; childId: string },
    content: string,
    reusedFrom: string | null,
    agreement: string | null,
    action: 'ehcp.advice-started' | 'ehcp.advice-reused',
  ): Promise<Outcome<{ adviceId: string }, AdviceRefusal>> {
    const adviceId = randomUUID();
    try {
      await db.transaction().execute(async (trx) => {
        await insertAdvice(
          trx,
          {
            id: adviceId,
            serviceId: ctx.serviceId,
            requestId: request.id,
            childId: request.childId,
            authorId: ctx.actorUserId,
            content,
            reusedFromAdviceId: reusedFrom,
            reuseAgreement: agreement,
          },
          clock().toISOString(),
        );
        await audit.record(trx, ctx, {
          action,
          subjectType: 'child',
          subjectId: request.childId,
          detail: { request: request.id, advice: adviceId, ...(reusedFrom !== null && { reusedFrom }) },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) return refused('conflict', 'This request already has its advice.');
      throw err;
    }
    return ok({ adviceId });
  }
}

export type EhcpAdviceService = ReturnType<typeof createEhcpAdvice>;
