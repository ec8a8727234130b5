/**
 * The goals and outcomes pages' forms as fields of the one form-component model (ADR 0026), for drawing them: setting
 * and editing a goal, rating a goal by its measure, and recording Therapy Outcome Measures. What is sent is parsed by
 * the domain's parsers in the use cases (`parseGoal`, `parseGoalRating`, `parseTomsRating`), which give every problem
 * on the form at once; only the edit's version is read here.
 */
import { FORM_INCOMPLETE, versionField, type Field } from '../../../domain/forms/fields.js';
import { GAS_LEVEL_LABELS, GAS_LEVELS, formatGasLevel, type GasLevel } from '../../../domain/record/gas.js';
import { GOAL_STATUS_LABELS, GOAL_STATUSES } from '../../../domain/record/goal-rating.js';
import {
  AGREED_BY,
  AGREED_BY_LABELS,
  GOAL_MEASURE_LABELS,
  GOAL_MEASURES,
  GOAL_TEXT_MAX,
  OCCUPATION_AREA_LABELS,
  OCCUPATION_AREAS,
  type GoalMeasure,
} from '../../../domain/record/goals.js';
import { TOMS_DOMAIN_LABELS, TOMS_DOMAINS, TOMS_STAGE_LABELS, TOMS_STAGES } from '../../../domain/record/toms.js';

export { isRecordId } from '../equipment/equipment.forms.js';

const goalFieldList = [
  {
    kind: 'textarea',
    name: 'text',
    label: 'Goal',
    hint: 'What the child wants to be able to do, in specific, measurable words agreed with them and their family',
    missing: 'Enter the goal',
    max: GOAL_TEXT_MAX,
  },
  {
    kind: 'radios',
    name: 'area',
    label: 'Area of occupation',
    missing: 'Select the area of occupation the goal is about',
    options: OCCUPATION_AREAS.map((a) => ({ value: a, text: OCCUPATION_AREA_LABELS[a] })),
  },
  {
    kind: 'checkboxes',
    name: 'agreedBy',
    label: 'Who agreed the goal?',
    hint: 'Select all that apply',
    missing: 'Select who agreed the goal',
    options: AGREED_BY.map((a) => ({ value: a, text: AGREED_BY_LABELS[a] })),
  },
  { kind: 'date', name: 'setOn', label: 'Date set', what: 'Date set', missing: 'Enter the date the goal was set' },
  {
    kind: 'date',
    name: 'reviewOn',
    label: 'Review date',
    what: 'Review date',
    missing: 'Enter the date the goal will be reviewed',
    future: true,
  },
  {
    kind: 'radios',
    name: 'measure',
    label: 'How will the goal be measured?',
    missing: 'Select how the goal will be measured',
    options: GOAL_MEASURES.map((m) => ({ value: m, text: GOAL_MEASURE_LABELS[m] })),
  },
] as const satisfies readonly Field[];

export const setGoalFields: readonly Field[] = goalFieldList;

export const editGoalFields: readonly Field[] = [
  ...goalFieldList,
  {
    kind: 'radios',
    name: 'status',
    label: 'Where does the goal stand?',
    missing: 'Select where the goal stands',
    options: GOAL_STATUSES.map((s) => ({ value: s, text: GOAL_STATUS_LABELS[s] })),
  },
  versionField,
];

const ratedOn = {
  kind: 'date',
  name: 'ratedOn',
  label: 'Date of the rating',
  what: 'Date of the rating',
  missing: 'Enter the date of the rating',
} as const satisfies Field;

/** Rating a goal: the GAS levels as radios, or COPM's two scores as boxes. */
export function rateFields(measure: GoalMeasure): readonly Field[] {
  if (measure === 'gas') {
    return [
      ratedOn,
      {
        kind: 'radios',
        name: 'level',
        label: 'Level reached',
        missing: 'Select the level the child has reached',
        options: [...GAS_LEVELS].reverse().map((l) => ({
          value: String(l),
          text: `${formatGasLevel(l)}: ${GAS_LEVEL_LABELS[String(l) as `${GasLevel}`]}`,
        })),
      },
    ];
  }
  const score = (name: 'performance' | 'satisfaction', label: string): Field => ({
    kind: 'text',
    name,
    label,
    hint: 'A whole number from 1 to 10',
    missing: `Enter the ${name} rating`,
    max: 2,
    width: 'one-third',
    spellcheck: false,
  });
  return [
    ratedOn,
    score('performance', 'Performance (1 to 10)'),
    score('satisfaction', 'Satisfaction with performance (1 to 10)'),
  ];
}

/** Recording Therapy Outcome Measures: when, the scale, and the four domains (and the carer's wellbeing if rated). */
export const tomsFields: readonly Field[] = [
  {
    kind: 'radios',
    name: 'stage',
    label: 'When in the episode?',
    missing: 'Select when in the episode the rating was made',
    options: TOMS_STAGES.map((s) => ({ value: s, text: TOMS_STAGE_LABELS[s] })),
  },
  {
    kind: 'text',
    name: 'scale',
    label: 'Scale',
    hint: 'core for the core scale, or the code of the adapted scale used',
    missing: 'Select the scale used',
    max: 40,
    width: 'one-half',
    spellcheck: false,
  },
  { ...ratedOn },
  ...[...TOMS_DOMAINS, 'carerWellbeing' as const].map((d): Field => ({
    kind: 'text',
    name: d,
    label: d === 'carerWellbeing' ? `${TOMS_DOMAIN_LABELS[d]} (optional)` : TOMS_DOMAIN_LABELS[d],
    hint: 'From 0 to 5, in half points, like 2.5',
    missing: `Enter the ${TOMS_DOMAIN_LABELS[d].toLowerCase()} rating`,
    max: 4,
    width: 'one-third',
    spellcheck: false,
    ...(d === 'carerWellbeing' && { optional: true }),
  })),
];

/** The version an edit was drawn at: a whole number from 1, or null when the form was tampered with. */
export function versionOf(body: unknown): number | null {
  const sent = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).version : undefined;
  return typeof sent === 'string' && /^[1-9]\d{0,8}$/u.test(sent) ? Number(sent) : null;
}

export const VERSION_MISSING = FORM_INCOMPLETE;
