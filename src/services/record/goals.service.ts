/**
 * Goals and outcome measures (issue 14 item 5): reading a child's goals with their ratings and change, their TOMs
 * from start to end, and the series for the chart; setting, editing and rating goals and recording TOMs are
 * goal-changes.ts's. The rules are the domain's (`src/domain/record/goals.ts`, `gas.ts`, `copm.ts`, `toms.ts`,
 * `goal-rating.ts`, `outcome-series.ts`).
 */
import {
  findChildWithEpisode,
  findGoal,
  goalRatingsOfChild,
  goalsOfChild,
  ratingsOfGoal,
  tomsOfChild,
  type ChildSummary,
  type GoalRatingRow,
  type GoalRow,
  type TomsRow,
} from '../../data/record/goals.repository.js';
import type { Executor } from '../../data/executor.js';
import { copmChange, type CopmScoreChange } from '../../domain/record/copm.js';
import { gasChange, isGasLevel } from '../../domain/record/gas.js';
import { copmScores } from '../../domain/record/copm.js';
import { outcomeChartGroups, type DatedRating, type OutcomeChartGroup } from '../../domain/record/outcome-series.js';
import { tomsChange, type TomsChange, type TomsRating, type TomsStage } from '../../domain/record/toms.js';
import { londonDate } from '../../domain/shared/dates.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../shared/context.js';
import { createGoalChanges } from './goal-changes.js';

export type { ChildSummary, GoalRatingRow, GoalRow, TomsRow };

export interface GoalWithRatings {
  goal: GoalRow;
  /** The goal's number on the child's page, from 1 in the order set. */
  number: number;
  ratings: GoalRatingRow[];
  /** The change from the baseline to the latest review, when there has been one. */
  change: { gas: number } | { copm: { performance: CopmScoreChange; satisfaction: CopmScoreChange } } | null;
}

export interface TomsSummary {
  start: TomsRow | null;
  end: TomsRow | null;
  /** End less start in each domain, when both were rated on one scale. */
  change: TomsChange | null;
}

export interface ChildOutcomes {
  child: ChildSummary;
  goals: GoalWithRatings[];
  toms: TomsRow[];
  tomsSummary: TomsSummary;
  charts: OutcomeChartGroup[];
  today: string;
}

/** A goal's name in the chart's legend and table: its number and the start of its words. */
export function goalName(number: number, text: string): string {
  const characters = Array.from(text);
  const start = characters.length > 48 ? `${characters.slice(0, 47).join('').trimEnd()}…` : text;
  return `Goal ${String(number)}: ${start}`;
}

const tomsOf = (row: TomsRow): TomsRating => ({
  stage: row.stage as TomsStage,
  date: row.ratedOn,
  scale: row.scale,
  scores: {
    impairment: row.impairment,
    activity: row.activity,
    participation: row.participation,
    wellbeing: row.wellbeing,
    carerWellbeing: row.carerWellbeing,
  },
});

/** The change of one goal from its baseline to its latest rating. */
function changeOf(goal: GoalRow, ratings: readonly GoalRatingRow[]): GoalWithRatings['change'] {
  const [first, latest] = [ratings[0], ratings.at(-1)];
  if (first === undefined || latest === undefined || first === latest) return null;
  if (goal.measure === 'gas') {
    return isGasLevel(first.gasLevel) && isGasLevel(latest.gasLevel)
      ? { gas: gasChange(first.gasLevel, latest.gasLevel) }
      : null;
  }
  const pair = (r: GoalRatingRow) =>
    r.copmPerformance === null || r.copmSatisfaction === null
      ? null
      : { performance: r.copmPerformance, satisfaction: r.copmSatisfaction };
  const [before, after] = [pair(first), pair(latest)];
  if (before === null || after === null) return null;
  const change = copmChange({ date: first.ratedOn, ratings: [before] }, { date: latest.ratedOn, ratings: [after] });
  return change === null ? null : { copm: change };
}

/**
 * The chart's ratings: each GAS goal's levels; COPM as the child's performance and satisfaction scores on each date
 * a COPM goal was rated (the mean over the goals rated that day, as COPM scores its problems); and every TOMs rating.
 */
export function datedRatings(goals: readonly GoalWithRatings[], toms: readonly TomsRow[]): DatedRating[] {
  const found: DatedRating[] = [];
  const copmByDate = new Map<string, { performance: number; satisfaction: number }[]>();
  for (const { goal, number, ratings } of goals) {
    for (const r of ratings) {
      if (goal.measure === 'gas' && isGasLevel(r.gasLevel)) {
        found.push({
          measure: 'gas',
          goalId: goal.id,
          goalName: goalName(number, goal.text),
          date: r.ratedOn,
          level: r.gasLevel,
        });
      } else if (goal.measure === 'copm' && r.copmPerformance !== null && r.copmSatisfaction !== null) {
        const day = copmByDate.get(r.ratedOn) ?? [];
        day.push({ performance: r.copmPerformance, satisfaction: r.copmSatisfaction });
        copmByDate.set(r.ratedOn, day);
      }
    }
  }
  for (const [date, ratings] of [...copmByDate.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const scores = copmScores({ date, ratings });
    if (scores !== null) found.push({ measure: 'copm', date, scores });
  }
  for (const row of toms) found.push({ measure: 'toms', date: row.ratedOn, scores: tomsOf(row).scores });
  return found;
}

/** The latest start and the latest end rating of the child's TOMs, and the change between them. */
export function tomsSummaryOf(toms: readonly TomsRow[]): TomsSummary {
  const start = toms.filter((t) => t.stage === 'start').at(-1) ?? null;
  const end = toms.filter((t) => t.stage === 'end').at(-1) ?? null;
  if (start === null || end === null) return { start, end, change: null };
  const change = tomsChange(tomsOf(start), tomsOf(end));
  return { start, end, change: change.ok ? change.value : null };
}

export function createGoals(deps: { db: Executor; clock: Clock; audit: AuditService }) {
  const { db, clock } = deps;
  const today = () => londonDate(clock());

  async function withRatings(serviceId: string, childId: string, trx: Executor = db): Promise<GoalWithRatings[]> {
    const [goals, ratings] = await Promise.all([
      goalsOfChild(trx, serviceId, childId),
      goalRatingsOfChild(trx, serviceId, childId),
    ]);
    return goals.map((goal, i) => {
      const own = ratings.filter((r) => r.goalId === goal.id);
      return { goal, number: i + 1, ratings: own, change: changeOf(goal, own) };
    });
  }

  return {
    /** The child with their open episode; undefined for no such child in the service. */
    async child(serviceId: string, childId: string): Promise<ChildSummary | undefined> {
      return findChildWithEpisode(db, serviceId, childId);
    },

    /** A child's goals with their ratings and change, TOMs from start to end, and the charts; five queries. */
    async childOutcomes(serviceId: string, childId: string): Promise<ChildOutcomes | undefined> {
      const child = await findChildWithEpisode(db, serviceId, childId);
      if (child === undefined) return undefined;
      const [goals, toms] = await Promise.all([withRatings(serviceId, childId), tomsOfChild(db, serviceId, childId)]);
      return {
        child,
        goals,
        toms,
        tomsSummary: tomsSummaryOf(toms),
        charts: outcomeChartGroups(datedRatings(goals, toms)),
        today: today(),
      };
    },

    /** One goal with its ratings and its child; undefined for another service's or none. */
    async goal(
      serviceId: string,
      goalId: string,
    ): Promise<{ goal: GoalRow; ratings: GoalRatingRow[]; child: ChildSummary } | undefined> {
      const goal = await findGoal(db, serviceId, goalId);
      if (goal === undefined) return undefined;
      const [ratings, child] = await Promise.all([
        ratingsOfGoal(db, serviceId, goalId),
        findChildWithEpisode(db, serviceId, goal.childId),
      ]);
      return child === undefined ? undefined : { goal, ratings, child };
    },

    ...createGoalChanges(deps),

    /**
     * A child's goals and outcome events for the record's timeline, newest first: each goal set, each goal rated,
     * each TOMs rating (three queries, however many there are).
     */
    async timelineOfChild(
      serviceId: string,
      childId: string,
    ): Promise<{ on: string; kind: 'goal-set' | 'goal-rated' | 'toms-rated'; goalId: string | null; text: string }[]> {
      const [goals, toms] = await Promise.all([withRatings(serviceId, childId), tomsOfChild(db, serviceId, childId)]);
      const items = [
        ...goals.map(({ goal, number }) => ({
          on: goal.setOn,
          kind: 'goal-set' as const,
          goalId: goal.id,
          text: `${goalName(number, goal.text)} set`,
        })),
        ...goals.flatMap(({ goal, number, ratings }) =>
          ratings.map((r) => ({
            on: r.ratedOn,
            kind: 'goal-rated' as const,
            goalId: goal.id,
            text: `${goalName(number, goal.text)} rated (${r.kind === 'set' ? 'baseline' : 'review'})`,
          })),
        ),
        ...toms.map((t) => ({
          on: t.ratedOn,
          kind: 'toms-rated' as const,
          goalId: null,
          text: `Therapy Outcome Measures rated (${t.stage})`,
        })),
      ];
      return items.sort((a, b) => (a.on < b.on ? 1 : a.on > b.on ? -1 : 0));
    },
  };
}

export type Goals = ReturnType<typeof createGoals>;
