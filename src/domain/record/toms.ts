/**
 * Therapy Outcome Measures (Enderby and John): the child is rated from 0 to 5, in half points, in four domains
 * (impairment, activity, participation and wellbeing), and optionally the carer's wellbeing, at the start of the
 * episode, at any review, and at its end, on the core scale or a named adapted scale. The change in each domain is
 * the end rating less the start rating. Only the ratings are kept; no scale descriptor is reproduced. Pure.
 */
import { parseDateInput } from '../shared/date-input.js';
import { cleanText } from '../shared/text.js';
import type { FieldProblem } from '../forms/fields.js';
import type { Parsed } from './goals.js';

export const TOMS_DOMAINS = ['impairment', 'activity', 'participation', 'wellbeing'] as const;
export type TomsCoreDomain = (typeof TOMS_DOMAINS)[number];
export type TomsDomain = TomsCoreDomain | 'carerWellbeing';
/** Every domain, the optional carer's wellbeing last. */
export const ALL_TOMS_DOMAINS: readonly TomsDomain[] = [...TOMS_DOMAINS, 'carerWellbeing'];

export const TOMS_DOMAIN_LABELS: Record<TomsDomain, string> = {
  impairment: 'Impairment',
  activity: 'Activity',
  participation: 'Participation',
  wellbeing: 'Wellbeing',
  carerWellbeing: "Carer's wellbeing",
};

export const TOMS_STAGES = ['start', 'review', 'end'] as const;
export type TomsStage = (typeof TOMS_STAGES)[number];

export const TOMS_STAGE_LABELS: Record<TomsStage, string> = {
  start: 'Start of the episode',
  review: 'Review',
  end: 'End of the episode',
};

/** The core scale; an adapted scale is named by its code. */
export const TOMS_CORE_SCALE = 'core';
/** An adapted scale's code: letters, digits and hyphens, as the service's list of scales writes them. */
const SCALE_CODE = /^[a-z0-9][a-z0-9-]{0,39}$/u;

export type TomsScores = Record<TomsCoreDomain, number> & { carerWellbeing: number | null };

export interface TomsRating {
  stage: TomsStage;
  /** ISO date of the rating. */
  date: string;
  /** `core`, or the code of an adapted scale. */
  scale: string;
  scores: TomsScores;
}

/** True for 0, 0.5, 1 … 5: the only ratings TOMs allows. */
export function isTomsScore(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value * 2) && value >= 0 && value <= 5;
}

/** One domain's rating from what was sent ("2.5", "3", or a number), or the problem with it. */
export function parseTomsScore(sent: unknown, field: string, label: string): number | FieldProblem {
  if (sent === undefined || (typeof sent === 'string' && sent.trim() === '')) {
    return { field, message: `Enter the ${label.toLowerCase()} rating` };
  }
  const text = typeof sent === 'number' ? String(sent) : typeof sent === 'string' ? sent.trim() : '';
  const value = /^\d(?:\.[05]0*)?$/u.test(text) ? Number(text) : Number.NaN;
  return isTomsScore(value) ? value : { field, message: `${label} must be from 0 to 5, in half points, like 2.5` };
}

/**
 * A rating from its form: `stage`, `scale` (`core` or an adapted scale's code), `ratedOn` (a GOV.UK date input),
 * and `impairment`, `activity`, `participation`, `wellbeing` and, if rated, `carerWellbeing`. Every problem on the
 * form at once.
 */
export function parseTomsRating(input: unknown): Parsed<TomsRating> {
  const sent = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const problems: FieldProblem[] = [];
  const stage = sent.stage;
  const stageOk = typeof stage === 'string' && (TOMS_STAGES as readonly string[]).includes(stage);
  if (!stageOk) problems.push({ field: 'stage', message: 'Select when in the episode the rating was made' });
  const scale = typeof sent.scale === 'string' ? cleanText(sent.scale).toLowerCase() : '';
  if (scale === '') problems.push({ field: 'scale', message: 'Select the scale used' });
  else if (!SCALE_CODE.test(scale)) problems.push({ field: 'scale', message: 'Select the scale used from the list' });
  const date = parseDateInput(sent, 'ratedOn', {
    missing: 'Enter the date of the rating',
    label: 'Date of the rating',
  });
  if (!date.ok) problems.push({ field: 'ratedOn', message: date.message, part: date.part });
  const scores: Partial<Record<TomsDomain, number>> = {};
  for (const domain of ALL_TOMS_DOMAINS) {
    const raw = sent[domain];
    if (domain === 'carerWellbeing' && (raw === undefined || (typeof raw === 'string' && raw.trim() === ''))) continue;
    const score = parseTomsScore(raw, domain, TOMS_DOMAIN_LABELS[domain]);
    if (typeof score === 'number') scores[domain] = score;
    else problems.push(score);
  }
  if (problems.length > 0 || !date.ok || !stageOk) return { ok: false, problems };
  return {
    ok: true,
    value: {
      stage: stage as TomsStage,
      date: date.date,
      scale,
      scores: {
        impairment: scores.impairment ?? 0,
        activity: scores.activity ?? 0,
        participation: scores.participation ?? 0,
        wellbeing: scores.wellbeing ?? 0,
        carerWellbeing: scores.carerWellbeing ?? null,
      },
    },
  };
}

export type TomsChange = Record<TomsCoreDomain, number> & { carerWellbeing: number | null };

/**
 * The change in each domain over the episode: the end rating less the start rating (positive is better). The
 * carer's wellbeing has a change only when it was rated both times. The two must be a start and an end rating, in
 * that order, on the same scale, or there is no change to give.
 */
export function tomsChange(start: TomsRating, end: TomsRating): Parsed<TomsChange> {
  const problems: FieldProblem[] = [];
  if (start.stage !== 'start')
    problems.push({ field: 'start', message: 'Choose the rating from the start of the episode' });
  if (end.stage !== 'end') problems.push({ field: 'end', message: 'Choose the rating from the end of the episode' });
  if (end.date < start.date)
    problems.push({ field: 'end', message: 'The end rating must not be before the start rating' });
  if (start.scale !== end.scale) {
    problems.push({ field: 'end', message: 'The start and end ratings must be on the same scale to be compared' });
  }
  if (problems.length > 0) return { ok: false, problems };
  const delta = (domain: TomsCoreDomain) => end.scores[domain] - start.scores[domain];
  const carerBefore = start.scores.carerWellbeing;
  const carerAfter = end.scores.carerWellbeing;
  return {
    ok: true,
    value: {
      impairment: delta('impairment'),
      activity: delta('activity'),
      participation: delta('participation'),
      wellbeing: delta('wellbeing'),
      carerWellbeing: carerBefore === null || carerAfter === null ? null : carerAfter - carerBefore,
    },
  };
}

/** A TOMs rating as people read it: "2.5", "3". */
export function formatTomsScore(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}

/** The scale's name for a page: "Core scale", or the adapted scale's code. */
export function tomsScaleLabel(scale: string): string {
  return scale === TOMS_CORE_SCALE ? 'Core scale' : `Adapted scale ${scale}`;
}
