/**
 * Who may see a child's record (issue 14 item 9, docs/adr/0046 and 0047): the facts about one person and one child
 * read in one query, given to the one rule (`recordAccess`); the alerts on a record (safeguarding, sealed address,
 * access and communication needs); break-glass, started with a reason, time-limited, and reviewed by the Caldicott
 * guardian. Every change is audited in its own transaction.
 */
import { randomUUID } from 'node:crypto';
import {
  breakGlassList,
  findBreakGlass,
  insertBreakGlass,
  reviewBreakGlass,
  type BreakGlassRow,
} from '../../data/record/break-glass.repository.js';
import { alertsOf, endAlert, insertAlert, type AlertRow } from '../../data/record/child-alerts.repository.js';
import { accessFacts } from '../../data/record/record-access.repository.js';
import { childOfSubject } from '../../data/record/record-subjects.repository.js';
import type { Executor } from '../../data/executor.js';
import type { Role } from '../../domain/access/roles.js';
import type { FieldProblem } from '../../domain/forms/fields.js';
import { recordAccess, mayBreakGlass, type RecordAccess } from '../../domain/record/access.js';
import { parseAlert, parseEndReason } from '../../domain/record/alerts.js';
import { breakGlassActive, breakGlassEndsAt, startBreakGlass } from '../../domain/record/break-glass.js';
import type { RecordSubjectType } from '../../domain/record/subjects.js';
import { londonDate } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import { cleanText, codePointLength, hasUnsafeCharacters } from '../../domain/shared/text.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock, RequestContext } from '../shared/context.js';
import type { RecordScope } from './record-scope.js';

export type { AlertRow, BreakGlassRow };

type Ctx = RequestContext & { serviceId: string; actorUserId: string };

export type RecordProblem = Problem<'not-found' | 'invalid-input' | 'forbidden' | 'conflict'> & {
  problems: FieldProblem[];
};

const refused = (code: RecordProblem['code'], message: string, problems: FieldProblem[] = []) =>
  failed(problem(code, message, { problems }));

export const REVIEW_OUTCOMES = ['appropriate', 'not-appropriate'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
const REVIEW_NOTE_MAX = 1000;

export const REVIEW_LIST_LIMIT = 200;

export function createRecordAccess(deps: {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  registry: ServiceRegistry;
}) {
  const { db, clock, audit, registry } = deps;
  const settingsOf = (serviceId: string) => {
    const record = registry.byId(serviceId)?.record;
    return {
      readAfterDischargeDays: record?.readAfterDischargeDays ?? 90,
      breakGlassMinutes: record?.breakGlassMinutes ?? 60,
    };
  };

  /** What this person may see of this child's record now, with the break-glass access that lasts, if any. */
  async function accessToChild(
    serviceId: string,
    userId: string,
    roles: readonly Role[],
    childId: string,
  ): Promise<RecordScope | undefined> {
    const facts = await accessFacts(db, serviceId, childId, userId);
    if (facts === undefined) return undefined;
    const now = clock();
    const breakGlass =
      facts.breakGlass === null
        ? null
        : {
            reason: facts.breakGlass.reason,
            startedAt: new Date(facts.breakGlass.startedAt),
            minutes: facts.breakGlass.minutes,
          };
    const access: RecordAccess = recordAccess(
      roles,
      {
        episodeOpen: facts.episodeOpen,
        lastDischargedOn: facts.lastClosedAt === null ? null : londonDate(new Date(facts.lastClosedAt)),
        safeguardingFlag: facts.safeguardingFlag,
        relationship: {
          onCaseload: facts.onCaseload,
          hasHadAppointment: facts.hasHadAppointment,
          inEpisodeTeam: facts.inEpisodeTeam,
        },
        breakGlass,
        ehcpAdvice: facts.ehcpAdvice,
      },
      londonDate(now),
      now,
      settingsOf(serviceId),
    );
    const lasting = breakGlass !== null && breakGlassActive(breakGlass, now) ? breakGlassEndsAt(breakGlass) : null;
    return {
      childId,
      access,
      breakGlassEndsAt: access.level === 'clinical' && access.basis === 'break-glass' ? lasting : null,
    };
  }

  return {
    /**
     * The child a record route names and this person's access to their record; undefined when there is no such
     * child (or thing about one) in this service. Two indexed queries whatever the history.
     */
    async scopeOf(
      ctx: { serviceId: string; userId: string; roles: readonly Role[] },
      type: RecordSubjectType,
      id: string,
    ): Promise<RecordScope | undefined> {
      const childId = await childOfSubject(db, ctx.serviceId, type, id);
      if (childId === undefined) return undefined;
      return accessToChild(ctx.serviceId, ctx.userId, ctx.roles, childId);
    },

    accessToChild,

    /** Whether the page that refused this person may offer break-glass (a clinician without clinical access). */
    mayBreakGlass(roles: readonly Role[], scope: RecordScope): boolean {
      return mayBreakGlass(roles, scope.access);
    },

    alertsOf(serviceId: string, childId: string): Promise<AlertRow[]> {
      return alertsOf(db, serviceId, childId);
    },

    /** Adds an alert to the child's record (audited as `record.alert-added`, with its kind). */
    async addAlert(ctx: Ctx, childId: string, body: Record<string, unknown>): Promise<Outcome<object, RecordProblem>> {
      const parsed = parseAlert(body);
      if (!parsed.ok)
        return refused('invalid-input', parsed.problems.map((p) => p.message).join('. '), parsed.problems);
      const alert = parsed.value;
      await db.transaction().execute(async (trx) => {
        await insertAlert(trx, {
          id: randomUUID(),
          serviceId: ctx.serviceId,
          childId,
          kind: alert.kind,
          detail: alert.detail,
          contact: alert.contact,
          by: ctx.actorUserId,
          at: clock().toISOString(),
        });
        await audit.record(trx, ctx, {
          action: 'record.alert-added',
          subjectType: 'child',
          subjectId: childId,
          detail: { kind: alert.kind },
        });
      });
      return ok();
    },

    /** Ends an alert in force, with the reason (audited as `record.alert-ended`). */
    async endAlert(
      ctx: Ctx,
      childId: string,
      alertId: string,
      body: Record<string, unknown>,
    ): Promise<Outcome<object, RecordProblem>> {
      const alert = (await alertsOf(db, ctx.serviceId, childId)).find((a) => a.id === alertId);
      if (alert === undefined) return refused('not-found', 'There is no such alert in force on this record.');
      const reason = parseEndReason(body);
      if (!reason.ok)
        return refused('invalid-input', reason.problems.map((p) => p.message).join('. '), reason.problems);
      const ended = await db.transaction().execute(async (trx) => {
        const done = await endAlert(trx, ctx.serviceId, childId, alertId, {
          by: ctx.actorUserId,
          at: clock().toISOString(),
          reason: reason.value,
        });
        if (done) {
          await audit.record(trx, ctx, {
            action: 'record.alert-ended',
            subjectType: 'child',
            subjectId: childId,
            detail: { kind: alert.kind },
          });
        }
        return done;
      });
      return ended ? ok() : refused('conflict', 'Someone else ended this alert first.');
    },

    /**
     * Opens the record by break-glass: only for a clinician without clinical access to it, with a reason. Audited as
     * `record.break-glass-started` with the reason's length (the reason itself is kept for the guardian), or as
     * `record.break-glass-refused` without a reason.
     */
    async startBreakGlass(
      ctx: Ctx,
      childId: string,
      body: Record<string, unknown>,
    ): Promise<Outcome<{ endsAt: Date }, RecordProblem>> {
      const scope = await accessToChild(ctx.serviceId, ctx.actorUserId, ctx.actorRoles, childId);
      if (scope === undefined || !mayBreakGlass(ctx.actorRoles, scope.access)) {
        return refused('forbidden', 'You cannot open this record by break-glass.');
      }
      const now = clock();
      const { breakGlassMinutes } = settingsOf(ctx.serviceId);
      const started = startBreakGlass({ reason: body.reason, startedAt: now, minutes: breakGlassMinutes });
      if (!started.ok) {
        await audit.record(db, ctx, {
          action: 'record.break-glass-refused',
          outcome: 'failure',
          subjectType: 'child',
          subjectId: childId,
        });
        return refused(
          'invalid-input',
          started.problems.map((p) => p.message).join('. '),
          started.problems.filter((p) => p.field === 'reason'),
        );
      }
      const endsAt = breakGlassEndsAt(started.value);
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        await insertBreakGlass(trx, {
          id,
          serviceId: ctx.serviceId,
          childId,
          userId: ctx.actorUserId,
          reason: started.value.reason,
          startedAt: now.toISOString(),
          minutes: started.value.minutes,
          endsAt: endsAt.toISOString(),
        });
        await audit.record(trx, ctx, {
          action: 'record.break-glass-started',
          subjectType: 'child',
          subjectId: childId,
          detail: { accessId: id, minutes: started.value.minutes },
        });
      });
      return ok({ endsAt });
    },

    /** The guardian's list: accesses awaiting review, oldest first, and the latest reviewed. */
    async reviewList(serviceId: string): Promise<{ toReview: BreakGlassRow[]; reviewed: BreakGlassRow[] }> {
      const [toReview, reviewed] = await Promise.all([
        breakGlassList(db, serviceId, 'to-review', REVIEW_LIST_LIMIT),
        breakGlassList(db, serviceId, 'reviewed', 50),
      ]);
      return { toReview, reviewed };
    },

    findBreakGlass(serviceId: string, id: string): Promise<BreakGlassRow | undefined> {
      return findBreakGlass(db, serviceId, id);
    },

    /** Records the guardian's review of one access (audited as `record.break-glass-reviewed`). */
    async review(ctx: Ctx, id: string, body: Record<string, unknown>): Promise<Outcome<object, RecordProblem>> {
      const access = await findBreakGlass(db, ctx.serviceId, id);
      if (access === undefined) return refused('not-found', 'There is no such break-glass access.');
      const problems: FieldProblem[] = [];
      const outcome = body.outcome;
      if (typeof outcome !== 'string' || !(REVIEW_OUTCOMES as readonly string[]).includes(outcome)) {
        problems.push({ field: 'outcome', message: 'Select whether the access was appropriate' });
      }
      const sent = body.note;
      const note = typeof sent === 'string' ? cleanText(sent) : '';
      if (Array.isArray(sent)) problems.push({ field: 'note', message: 'Enter one answer only' });
      else if (note === '') problems.push({ field: 'note', message: 'Enter what you found when you reviewed it' });
      else if (hasUnsafeCharacters(note))
        problems.push({ field: 'note', message: 'Note must not include characters that cannot be shown' });
      else if (codePointLength(note) > REVIEW_NOTE_MAX)
        problems.push({ field: 'note', message: 'Note must be 1,000 characters or fewer' });
      if (problems.length > 0) return refused('invalid-input', problems.map((p) => p.message).join('. '), problems);
      if (access.userId === ctx.actorUserId) {
        return refused('forbidden', 'You cannot review your own break-glass access.');
      }
      const done = await db.transaction().execute(async (trx) => {
        const reviewed = await reviewBreakGlass(trx, ctx.serviceId, id, {
          by: ctx.actorUserId,
          at: clock().toISOString(),
          outcome: outcome as string,
          note,
        });
        if (reviewed) {
          await audit.record(trx, ctx, {
            action: 'record.break-glass-reviewed',
            subjectType: 'child',
            subjectId: access.childId,
            detail: { accessId: id, outcome: outcome as string },
          });
        }
        return reviewed;
      });
      return done ? ok() : refused('conflict', 'This access has already been reviewed.');
    },
  };
}

export type RecordAccessService = ReturnType<typeof createRecordAccess>;
