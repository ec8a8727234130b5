/**
 * Changing a child's goals and outcome measures (issue 14 item 5), each audited in the transaction that makes it:
 * setting a goal agreed with the child and family, editing it at the version read (of two edits made on one reading,
 * the second changes nothing and answers the goal as it is now), rating it by Goal Attainment Scaling or COPM (the
 * first rating is its baseline), and recording Therapy Outcome Measures. goals.service.ts reads them.
 */
import { randomUUID } from 'node:crypto';
import {
  findChildWithEpisode,
  findGoal,
  insertGoal,
  insertGoalRating,
  insertTomsRating,
  ratingsOfGoal,
  updateGoalAtVersion,
  type GoalRow,
} from '../../data/record/goals.repository.js';
import type { Executor } from '../../data/executor.js';
import type { FieldProblem } from '../../domain/forms/fields.js';
import { measureChangeProblem, parseGoalRating, parseGoalStatus, ratingKind } from '../../domain/record/goal-rating.js';
import { parseGoal, type GoalMeasure } from '../../domain/record/goals.js';
import { parseTomsRating } from '../../domain/record/toms.js';
import { londonDate } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock, RequestContext } from '../shared/context.js';

/** A refusal, with the messages to show beside the form's fields and, for a stale edit, the goal as it is now. */
export type GoalProblem = Problem<'not-found' | 'invalid-input' | 'stale-version' | 'forbidden'> & {
  problems: FieldProblem[];
  current?: GoalRow;
};

type Ctx = RequestContext & { serviceId: string };

export const NO_CHILD = 'There is no such child in this service.';
export const NO_GOAL = 'There is no such goal in this service.';
export const NOT_SIGNED_IN = 'Sign in to record goals.';
export const STALE_GOAL =
  'Someone else changed this goal while you were editing it. Your changes were not saved: check the goal as it is now and make them again';

const refused = (code: GoalProblem['code'], message: string, problems: FieldProblem[] = [], current?: GoalRow) =>
  failed({ ...problem(code, message), problems, ...(current !== undefined && { current }) });

const invalid = (problems: FieldProblem[]) =>
  refused('invalid-input', problems.map((p) => p.message).join('. '), problems);

export function createGoalChanges(deps: { db: Executor; clock: Clock; audit: AuditService }) {
  const { db, clock, audit } = deps;
  const today = () => londonDate(clock());

  return {
    /** Sets a goal for the child in their open episode, from its form's values; audited as `goal.set`. */
    async set(ctx: Ctx, childId: string, input: unknown): Promise<Outcome<{ goalId: string }, GoalProblem>> {
      const by = ctx.actorUserId;
      if (by === null) return refused('forbidden', NOT_SIGNED_IN);
      const child = await findChildWithEpisode(db, ctx.serviceId, childId);
      if (child === undefined) return refused('not-found', NO_CHILD);
      const parsed = parseGoal(input);
      if (!parsed.ok) return invalid(parsed.problems);
      const goal = parsed.value;
      const goalId = randomUUID();
      await db.transaction().execute(async (trx) => {
        await insertGoal(
          trx,
          {
            id: goalId,
            serviceId: ctx.serviceId,
            childId,
            episodeId: child.openEpisodeId,
            text: goal.text,
            area: goal.area,
            measure: goal.measure,
            agreedWith: goal.agreedBy,
            setOn: goal.setOn,
            reviewOn: goal.reviewOn,
            status: 'active',
            by,
          },
          clock().toISOString(),
        );
        await audit.record(trx, ctx, {
          action: 'goal.set',
          serviceId: ctx.serviceId,
          subjectType: 'goal',
          subjectId: goalId,
          detail: { child: childId, measure: goal.measure, area: goal.area },
        });
      });
      return ok({ goalId });
    },

    /**
     * Edits a goal at the version read, audited as `goal.edited`. A stale version changes nothing and answers the
     * goal as it is now; a goal already rated keeps its measure.
     */
    async edit(ctx: Ctx, goalId: string, version: number, input: unknown): Promise<Outcome<object, GoalProblem>> {
      const by = ctx.actorUserId;
      if (by === null) return refused('forbidden', NOT_SIGNED_IN);
      const sent = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
      return db.transaction().execute(async (trx) => {
        const goal = await findGoal(trx, ctx.serviceId, goalId);
        if (goal === undefined) return refused('not-found', NO_GOAL);
        if (goal.version !== version) return refused('stale-version', STALE_GOAL, [], goal);
        const parsed = parseGoal(sent);
        const problems = parsed.ok ? [] : [...parsed.problems];
        const status = parseGoalStatus(sent.status);
        if (typeof status !== 'string') problems.push(status);
        if (parsed.ok) {
          const rated = (await ratingsOfGoal(trx, ctx.serviceId, goalId)).length;
          const locked = measureChangeProblem(goal.measure as GoalMeasure, parsed.value.measure, rated);
          if (locked !== null) problems.push(locked);
        }
        if (!parsed.ok || typeof status !== 'string' || problems.length > 0) return invalid(problems);
        const edited = parsed.value;
        const changed = await updateGoalAtVersion(
          trx,
          ctx.serviceId,
          goalId,
          version,
          {
            text: edited.text,
            area: edited.area,
            measure: edited.measure,
            agreedWith: edited.agreedBy,
            setOn: edited.setOn,
            reviewOn: edited.reviewOn,
            status,
          },
          by,
          clock().toISOString(),
        );
        if (!changed) {
          const now = await findGoal(trx, ctx.serviceId, goalId);
          return now === undefined ? refused('not-found', NO_GOAL) : refused('stale-version', STALE_GOAL, [], now);
        }
        await audit.record(trx, ctx, {
          action: 'goal.edited',
          serviceId: ctx.serviceId,
          subjectType: 'goal',
          subjectId: goalId,
          detail: { child: goal.childId, version: version + 1, status },
        });
        return ok();
      });
    },

    /** Rates a goal by its measure (the first rating is its baseline), audited as `goal.rated`. */
    async rate(ctx: Ctx, goalId: string, input: unknown): Promise<Outcome<object, GoalProblem>> {
      const by = ctx.actorUserId;
      if (by === null) return refused('forbidden', NOT_SIGNED_IN);
      return db.transaction().execute(async (trx) => {
        const goal = await findGoal(trx, ctx.serviceId, goalId);
        if (goal === undefined) return refused('not-found', NO_GOAL);
        const parsed = parseGoalRating(input, { measure: goal.measure as GoalMeasure, setOn: goal.setOn }, today());
        if (!parsed.ok) return invalid(parsed.problems);
        const rating = parsed.value;
        const kind = ratingKind((await ratingsOfGoal(trx, ctx.serviceId, goalId)).length);
        await insertGoalRating(
          trx,
          {
            id: randomUUID(),
            goalId,
            serviceId: ctx.serviceId,
            childId: goal.childId,
            ratedOn: rating.ratedOn,
            kind,
            gasLevel: rating.measure === 'gas' ? rating.level : null,
            copmPerformance: rating.measure === 'copm' ? rating.performance : null,
            copmSatisfaction: rating.measure === 'copm' ? rating.satisfaction : null,
            by,
          },
          clock().toISOString(),
        );
        await audit.record(trx, ctx, {
          action: 'goal.rated',
          serviceId: ctx.serviceId,
          subjectType: 'goal',
          subjectId: goalId,
          detail: { child: goal.childId, measure: rating.measure, kind },
        });
        return ok();
      });
    },

    /** Records a TOMs rating for the child in their open episode, audited as `outcome.toms-recorded`. */
    async recordToms(ctx: Ctx, childId: string, input: unknown): Promise<Outcome<object, GoalProblem>> {
      const by = ctx.actorUserId;
      if (by === null) return refused('forbidden', NOT_SIGNED_IN);
      const child = await findChildWithEpisode(db, ctx.serviceId, childId);
      if (child === undefined) return refused('not-found', NO_CHILD);
      const parsed = parseTomsRating(input);
      const problems = parsed.ok ? [] : [...parsed.problems];
      if (parsed.ok && parsed.value.date > today()) {
        problems.push({ field: 'ratedOn', message: 'Date of the rating must be today or in the past', part: 'day' });
      }
      if (!parsed.ok || problems.length > 0) return invalid(problems);
      const rating = parsed.value;
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        await insertTomsRating(
          trx,
          {
            id,
            serviceId: ctx.serviceId,
            childId,
            episodeId: child.openEpisodeId,
            stage: rating.stage,
            scale: rating.scale,
            ratedOn: rating.date,
            ...rating.scores,
            by,
          },
          clock().toISOString(),
        );
        await audit.record(trx, ctx, {
          action: 'outcome.toms-recorded',
          serviceId: ctx.serviceId,
          subjectType: 'child',
          subjectId: childId,
          detail: { toms: id, stage: rating.stage, scale: rating.scale },
        });
      });
      return ok();
    },
  };
}
