/**
 * The assessment forms: which fields each instrument's form sends (anything else is refused outright), the date done
 * and the version read through the one form-component model (ADR 0026), and a stored assessment's scores as the
 * form's values again for a correction. The scores themselves are read by the domain
 * (`src/domain/record/assessments/`), which says what to fix in each field.
 */
import { z } from 'zod';
import {
  datePartName,
  parseFields,
  versionField,
  type Field,
  type FieldProblem,
} from '../../../domain/forms/fields.js';
import { DCDQ_ITEMS, DCDQ_SUBSCALES } from '../../../domain/record/assessments/dcdq07.js';
import { FUNCTIONAL_AREAS } from '../../../domain/record/assessments/functional.js';
import { deriveAssessment, type AssessmentKind } from '../../../domain/record/assessments/index.js';
import { BEERY_TESTS } from '../../../domain/record/assessments/beery-vmi.js';
import { MABC2_COMPONENTS } from '../../../domain/record/assessments/mabc2.js';
import { classificationField, rawField, SENSORY_SCALES } from '../../../domain/record/assessments/sensory-profile-2.js';
import { DATE_PARTS } from '../../../domain/shared/date-input.js';
import type { StoredValues } from '../../../services/record/assessments.service.js';
import { ASSESSED_ON } from '../../../services/record/assessments.service.js';
import { pageErrors } from '../../forms/field-models.js';
import { formValues, UnexpectedFieldsError, type FormErrors } from '../../forms/form.js';

/** The date the assessment was done (or the questionnaire completed): three boxes, not after today nor before birth. */
export function assessedOnField(dateOfBirth: string) {
  return {
    kind: 'date',
    name: ASSESSED_ON,
    label: 'Date of the assessment',
    what: 'Date of the assessment',
    hint: 'The day the test was done or the questionnaire completed, for example 27 11 2026',
    missing: 'Enter the date of the assessment',
    notBefore: dateOfBirth,
  } as const satisfies Field;
}

export const dcdqItemField = (n: number) => `item${String(n)}`;

/** The score fields each instrument's form sends, by name. */
export const SCORE_FIELDS: Readonly<Record<AssessmentKind, readonly string[]>> = {
  mabc2: [...MABC2_COMPONENTS, 'totalTestScore', 'ageBand'],
  'beery-vmi': [...BEERY_TESTS],
  'sensory-profile-2': ['form', ...SENSORY_SCALES.flatMap((s) => [rawField(s), classificationField(s)])],
  dcdq07: ['total', ...DCDQ_SUBSCALES, ...Array.from({ length: DCDQ_ITEMS }, (_, i) => dcdqItemField(i + 1))],
  functional: [...FUNCTIONAL_AREAS],
};

export type AssessmentForm =
  | { ok: true; assessedOn: string; version: number | undefined; fields: Record<string, unknown> }
  | { ok: false; problems: FieldProblem[]; versionMissing: boolean };

/** The scores' own problems, for a form whose date is wrong too: every problem on the page is shown at once. */
function scoreProblems(
  instrument: AssessmentKind,
  fields: Record<string, unknown>,
  dateOfBirth: string,
  today: string,
): FieldProblem[] {
  const derived = deriveAssessment(instrument, fields, { dateOfBirth, on: today });
  return derived.ok ? [] : derived.problems.filter((p) => p.field !== 'on' && p.field !== 'dateOfBirth');
}

/**
 * Reads an instrument's form: the date and (for a correction) the version through their fields, the scores kept as
 * sent for the domain to read. A name the form does not have is refused outright (400), as every staff form is.
 */
export function readAssessmentForm(
  instrument: AssessmentKind,
  body: unknown,
  options: { dateOfBirth: string; today: string; withVersion: boolean },
): AssessmentForm {
  const values = formValues(body);
  const dated = assessedOnField(options.dateOfBirth);
  const own: readonly Field[] = options.withVersion ? [dated, versionField] : [dated];
  const allowed = new Set([
    ...DATE_PARTS.map((p) => datePartName(ASSESSED_ON, p)),
    ...(options.withVersion ? [versionField.name] : []),
    ...SCORE_FIELDS[instrument],
  ]);
  const unexpected = Object.keys(values).filter((k) => !allowed.has(k));
  if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
  const fields = Object.fromEntries(SCORE_FIELDS[instrument].map((name) => [name, values[name]]));
  const parsed = parseFields(own, values, options.today);
  if (!parsed.ok) {
    return {
      ok: false,
      problems: [...parsed.problems, ...scoreProblems(instrument, fields, options.dateOfBirth, options.today)],
      versionMissing: parsed.problems.some((p) => p.field === versionField.name),
    };
  }
  const assessedOn = parsed.values[ASSESSED_ON];
  const version = parsed.values[versionField.name];
  return {
    ok: true,
    assessedOn: typeof assessedOn === 'string' ? assessedOn : '',
    version: typeof version === 'number' ? version : undefined,
    fields,
  };
}

/** The page's error summary for a form's problems, each linked to its input (a date's day box). */
export function assessmentErrors(problems: readonly FieldProblem[]): FormErrors {
  return pageErrors(problems);
}

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

/** A stored assessment's scores as the form's values, to correct them. */
export function formOfScores(values: StoredValues): Record<string, string> {
  switch (values.instrument) {
    case 'mabc2': {
      const s = values.scores;
      return {
        manualDexterity: text(s.manualDexterity),
        aimingAndCatching: text(s.aimingAndCatching),
        balance: text(s.balance),
        total: text(s.total),
        totalTestScore: text(s.totalTestScore),
        ageBand: s.ageBand ?? '',
      };
    }
    case 'beery-vmi': {
      const s = values.scores;
      return {
        vmi: text(s.vmi),
        visualPerception: text(s.visualPerception),
        motorCoordination: text(s.motorCoordination),
      };
    }
    case 'sensory-profile-2': {
      const s = values.scores;
      return {
        form: s.form,
        ...Object.fromEntries(
          SENSORY_SCALES.flatMap((scale) => {
            const score = s.scales[scale];
            return score === undefined
              ? []
              : [
                  [rawField(scale), String(score.raw)],
                  [classificationField(scale), score.classification],
                ];
          }),
        ),
      };
    }
    case 'dcdq07': {
      const s = values.scores;
      // Ratings entered are shown again and the totals worked out from them; else the totals as typed.
      if (s.items !== undefined) {
        return Object.fromEntries(s.items.map((rating, i) => [dcdqItemField(i + 1), String(rating)]));
      }
      return {
        total: text(s.total),
        ...Object.fromEntries(DCDQ_SUBSCALES.map((sub) => [sub, text(s.subscales?.[sub])])),
      };
    }
    case 'functional': {
      const s = values.scores;
      return Object.fromEntries(FUNCTIONAL_AREAS.map((area) => [area, s[area] ?? '']));
    }
  }
}

/** An assessment page's one query value: what was just saved, for its banner. */
export const assessmentQuery = z
  .object({ done: z.enum(['recorded', 'corrected'], { error: 'The page address is not valid' }).optional() })
  .strict();
