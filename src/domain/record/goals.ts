/**
 * A goal agreed with the child and family (issue 14 item 5): what the child wants to be able to do, in SMART words,
 * the area of occupation it belongs to, who agreed it, when it was set and when it will be reviewed, and how its
 * outcome is measured (Goal Attainment Scaling or COPM). Pure: the form's values are parsed into a goal or every
 * problem on the page, in GOV.UK words, and nothing here reads the clock.
 */
import { parseDateInput } from '../shared/date-input.js';
import { cleanText, codePointLength } from '../shared/text.js';
import { inWords } from '../shared/words.js';
import type { FieldProblem } from '../forms/fields.js';

/** What a parser answers: the clean value, or every problem a person can fix, each linked to its field. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

export const OCCUPATION_AREAS = ['self-care', 'productivity', 'leisure'] as const;
export type OccupationArea = (typeof OCCUPATION_AREAS)[number];

export const OCCUPATION_AREA_LABELS: Record<OccupationArea, string> = {
  'self-care': 'Self-care',
  productivity: 'Productivity (school and play)',
  leisure: 'Leisure',
};

export const AGREED_BY = ['child', 'parent-carer', 'school'] as const;
export type AgreedBy = (typeof AGREED_BY)[number];

export const AGREED_BY_LABELS: Record<AgreedBy, string> = {
  child: 'The child or young person',
  'parent-carer': 'Parent or carer',
  school: 'School',
};

export const GOAL_MEASURES = ['gas', 'copm'] as const;
export type GoalMeasure = (typeof GOAL_MEASURES)[number];

export const GOAL_MEASURE_LABELS: Record<GoalMeasure, string> = {
  gas: 'Goal Attainment Scaling (GAS)',
  copm: 'Canadian Occupational Performance Measure (COPM)',
};

export const GOAL_TEXT_MAX = 1000;

export interface Goal {
  /** The goal in SMART words, trimmed and normalised. */
  text: string;
  area: OccupationArea;
  /** Who agreed it, in the order of `AGREED_BY`, each once. */
  agreedBy: AgreedBy[];
  /** ISO date the goal was set. */
  setOn: string;
  /** ISO date the goal will be reviewed: after `setOn`. */
  reviewOn: string;
  measure: GoalMeasure;
}

const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

/** The values a form sent, or none when what came is not a record of values at all. */
function valuesOf(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
}

function parseText(sent: unknown): string | FieldProblem {
  const problem = (message: string): FieldProblem => ({ field: 'text', message });
  if (sent !== undefined && typeof sent !== 'string') return problem('Enter the goal');
  const text = cleanText(sent ?? '');
  if (text === '') return problem('Enter the goal');
  if (codePointLength(text) > GOAL_TEXT_MAX) {
    return problem(`Goal must be ${GOAL_TEXT_MAX.toLocaleString('en-GB')} characters or fewer`);
  }
  return text;
}

function parseAgreedBy(sent: unknown): AgreedBy[] | FieldProblem {
  const ticked: unknown[] = sent === undefined ? [] : Array.isArray(sent) ? sent : [sent];
  if (ticked.length === 0) return { field: 'agreedBy', message: 'Select who agreed the goal' };
  if (!ticked.every((v) => isOneOf(AGREED_BY, v))) {
    return { field: 'agreedBy', message: 'Select who agreed the goal from the list' };
  }
  return AGREED_BY.filter((who) => ticked.includes(who));
}

/**
 * A goal from the values its form sent (`text`, `area`, `agreedBy` as one value or a list, `measure`, and the dates
 * `setOn` and `reviewOn` as GOV.UK date inputs, `setOn[day]` and so on), or every problem on the form at once.
 */
export function parseGoal(input: unknown): Parsed<Goal> {
  const sent = valuesOf(input);
  const problems: FieldProblem[] = [];
  const text = parseText(sent.text);
  if (typeof text !== 'string') problems.push(text);
  const area = sent.area;
  if (!isOneOf(OCCUPATION_AREAS, area)) {
    problems.push({ field: 'area', message: 'Select the area of occupation the goal is about' });
  }
  const agreedBy = parseAgreedBy(sent.agreedBy);
  if (!Array.isArray(agreedBy)) problems.push(agreedBy);
  const setOn = parseDateInput(sent, 'setOn', { missing: 'Enter the date the goal was set', label: 'Date set' });
  if (!setOn.ok) problems.push({ field: 'setOn', message: setOn.message, part: setOn.part });
  const reviewOn = parseDateInput(sent, 'reviewOn', {
    missing: 'Enter the date the goal will be reviewed',
    label: 'Review date',
  });
  if (!reviewOn.ok) problems.push({ field: 'reviewOn', message: reviewOn.message, part: reviewOn.part });
  else if (setOn.ok && reviewOn.date <= setOn.date) {
    problems.push({ field: 'reviewOn', message: 'Review date must be after the date the goal was set', part: 'day' });
  }
  const measure = sent.measure;
  if (!isOneOf(GOAL_MEASURES, measure)) {
    problems.push({ field: 'measure', message: 'Select how the goal will be measured' });
  }
  if (
    problems.length > 0 ||
    typeof text !== 'string' ||
    !isOneOf(OCCUPATION_AREAS, area) ||
    !Array.isArray(agreedBy) ||
    !setOn.ok ||
    !reviewOn.ok ||
    !isOneOf(GOAL_MEASURES, measure)
  ) {
    return { ok: false, problems };
  }
  return { ok: true, value: { text, area, agreedBy, setOn: setOn.date, reviewOn: reviewOn.date, measure } };
}

/** "Agreed with the child or young person, parent or carer and school", for the goal's summary. */
export function agreedByText(agreedBy: readonly AgreedBy[]): string {
  return `Agreed with ${inWords(
    agreedBy.map((who) => AGREED_BY_LABELS[who].toLowerCase()),
    'and',
  )}`;
}
