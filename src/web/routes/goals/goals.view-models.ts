/**
 * What the goals and outcomes pages show: a child's goals with their latest rating and change, their Therapy Outcome
 * Measures from start to end, and one chart per measure (server-drawn SVG) with its table beside it; and the forms'
 * boxes. Dates as "3 December 2026". Pure.
 */
import type { Answers, Field, FieldProblem } from '../../../domain/forms/fields.js';
import type { CopmScoreChange } from '../../../domain/record/copm.js';
import { formatGasLevel, GAS_LEVEL_LABELS, isGasLevel, type GasLevel } from '../../../domain/record/gas.js';
import { GOAL_STATUS_LABELS, GOAL_STATUSES } from '../../../domain/record/goal-rating.js';
import {
  agreedByText,
  AGREED_BY,
  GOAL_MEASURE_LABELS,
  GOAL_MEASURES,
  OCCUPATION_AREA_LABELS,
  OCCUPATION_AREAS,
} from '../../../domain/record/goals.js';
import {
  formatTomsScore,
  TOMS_DOMAIN_LABELS,
  TOMS_DOMAINS,
  TOMS_STAGE_LABELS,
  TOMS_STAGES,
  tomsScaleLabel,
} from '../../../domain/record/toms.js';
import { formatLongDate } from '../../../domain/shared/dates.js';
import type {
  ChildOutcomes,
  ChildSummary,
  GoalRatingRow,
  GoalRow,
  GoalWithRatings,
  TomsRow,
} from '../../../services/record/goals.service.js';
import { fieldModels, pageErrors, problemsFrom } from '../../forms/field-models.js';
import type { FormErrors } from '../../forms/form.js';
import { paths } from '../../paths.js';
import { outcomeChart, outcomeTable } from '../../view-models/outcome-chart.js';

const labelOf = <K extends string>(labels: Record<K, string>, list: readonly K[], value: string): string => {
  const known = list.find((k) => k === value);
  return known === undefined ? value : labels[known];
};

export const childName = (child: ChildSummary) => `${child.givenName} ${child.familyName}`;

/** A signed change: "+3", "−1.5", "0" (a true minus sign). */
export function signed(value: number, decimals = false): string {
  const text = decimals ? Math.abs(value).toFixed(1) : String(Math.abs(value));
  if (value > 0) return `+${text}`;
  return value < 0 ? `\u2212${text}` : text;
}

/** One rating of a goal in words: "+1 (Somewhat more than expected)" or "Performance 6, satisfaction 7". */
export function ratingText(measure: string, r: GoalRatingRow): string {
  if (measure === 'gas') {
    return isGasLevel(r.gasLevel)
      ? `${formatGasLevel(r.gasLevel)} (${GAS_LEVEL_LABELS[String(r.gasLevel) as `${GasLevel}`]})`
      : '';
  }
  return `Performance ${String(r.copmPerformance ?? '')}, satisfaction ${String(r.copmSatisfaction ?? '')}`;
}

const copmChangeText = (what: string, c: CopmScoreChange) =>
  `${what} ${signed(c.change, true)}${c.important ? ' (clinically important)' : ''}`;

/** The change from the baseline to the latest rating, in words, or null before a review. */
export function changeText(change: GoalWithRatings['change']): string | null {
  if (change === null) return null;
  if ('gas' in change) return `${signed(change.gas)} from the baseline`;
  return `${copmChangeText('Performance', change.copm.performance)}, ${copmChangeText(
    'satisfaction',
    change.copm.satisfaction,
  )}`;
}

function goalCard({ goal, number, ratings, change }: GoalWithRatings, mayWrite: boolean) {
  const latest = ratings.at(-1);
  return {
    id: goal.id,
    heading: `Goal ${String(number)}`,
    text: goal.text,
    area: labelOf(OCCUPATION_AREA_LABELS, OCCUPATION_AREAS, goal.area),
    agreed: agreedByText(AGREED_BY.filter((a) => goal.agreedWith.includes(a))),
    measure: labelOf(GOAL_MEASURE_LABELS, GOAL_MEASURES, goal.measure),
    setOn: formatLongDate(goal.setOn),
    reviewOn: formatLongDate(goal.reviewOn),
    status: labelOf(GOAL_STATUS_LABELS, GOAL_STATUSES, goal.status),
    latest:
      latest === undefined
        ? 'Not rated yet'
        : `${ratingText(goal.measure, latest)} on ${formatLongDate(latest.ratedOn)}${latest.kind === 'set' ? ' (baseline)' : ''}`,
    change: changeText(change),
    ratingRows: ratings.map((r) => [
      { text: formatLongDate(r.ratedOn), header: 'Date' },
      { text: r.kind === 'set' ? 'Baseline' : 'Review', header: 'When' },
      { text: ratingText(goal.measure, r), header: 'Rating' },
      { text: r.byName, header: 'Rated by' },
    ]),
    editHref: mayWrite ? paths.goals.edit.build({ goalId: goal.id }) : null,
    rateHref: mayWrite ? paths.goals.rate.build({ goalId: goal.id }) : null,
  };
}

function tomsRows(summary: ChildOutcomes['tomsSummary']) {
  const score = (row: TomsRow | null, d: (typeof TOMS_DOMAINS)[number]) =>
    row === null ? 'Not rated' : formatTomsScore(row[d]);
  return TOMS_DOMAINS.map((d) => [
    { text: TOMS_DOMAIN_LABELS[d], header: 'Domain' },
    { text: score(summary.start, d), header: 'Start' },
    { text: score(summary.end, d), header: 'End' },
    {
      text: summary.change === null ? 'Not known' : signed(summary.change[d], !Number.isInteger(summary.change[d])),
      header: 'Change',
    },
  ]);
}

/** The child's goals and outcomes page. */
export function childOutcomesPage(found: ChildOutcomes, mayWrite: boolean, done: string | null) {
  const { child, goals, toms, tomsSummary, charts } = found;
  return {
    name: childName(child),
    done,
    goals: goals.map((g) => goalCard(g, mayWrite)),
    toms: {
      rows: tomsRows(tomsSummary),
      start: tomsSummary.start === null ? null : formatLongDate(tomsSummary.start.ratedOn),
      end: tomsSummary.end === null ? null : formatLongDate(tomsSummary.end.ratedOn),
      differentScales:
        tomsSummary.start !== null && tomsSummary.end !== null && tomsSummary.start.scale !== tomsSummary.end.scale,
      all: toms.map((t) => [
        { text: formatLongDate(t.ratedOn), header: 'Date' },
        { text: labelOf(TOMS_STAGE_LABELS, TOMS_STAGES, t.stage), header: 'When' },
        { text: tomsScaleLabel(t.scale), header: 'Scale' },
        ...TOMS_DOMAINS.map((d) => ({ text: formatTomsScore(t[d]), header: TOMS_DOMAIN_LABELS[d] })),
        { text: t.byName, header: 'Rated by' },
      ]),
    },
    charts: charts.map((group) => ({
      title: group.title,
      svg: outcomeChart({
        id: group.measure,
        title: group.title,
        range: group.range,
        series: group.series,
        yLabel: 'Rating',
      }),
      table: outcomeTable(group.series, `${group.title}: ratings by date`),
    })),
    setHref: mayWrite ? paths.goals.set.build({ childId: child.childId }) : null,
    tomsHref: mayWrite ? paths.goals.toms.build({ childId: child.childId }) : null,
    recordHref: paths.record.child.build({ childId: child.childId }),
  };
}

/** The saved answers of a goal, for its edit form. */
export function goalAnswers(goal: GoalRow): Answers {
  return {
    text: goal.text,
    area: goal.area,
    agreedBy: goal.agreedWith,
    setOn: goal.setOn,
    reviewOn: goal.reviewOn,
    measure: goal.measure,
    status: goal.status,
    version: String(goal.version),
  };
}

/** A form's boxes: what was sent when it had problems, else the saved answers. */
export function boxes(
  fields: readonly Field[],
  saved: Answers,
  sent: Record<string, unknown> | undefined,
  errors: FormErrors | undefined,
) {
  return fieldModels(fields, saved, sent, problemsFrom(errors), {}, { ownHeading: true });
}

/** The use case's problems as the error summary, each linked to its box (a date's day box unless another). */
export function errorsOf(problems: readonly FieldProblem[]): FormErrors {
  return pageErrors(problems);
}

/** What a goal says above its forms. */
export function goalSummary(goal: GoalRow) {
  return {
    text: goal.text,
    measure: labelOf(GOAL_MEASURE_LABELS, GOAL_MEASURES, goal.measure),
    setOn: formatLongDate(goal.setOn),
    reviewOn: formatLongDate(goal.reviewOn),
    updatedBy: goal.updatedByName,
  };
}

export const DONE_BANNERS = {
  set: 'Goal set',
  edited: 'Goal changed',
  rated: 'Rating saved',
  toms: 'Therapy Outcome Measures saved',
} as const;
export type DoneKind = keyof typeof DONE_BANNERS;
