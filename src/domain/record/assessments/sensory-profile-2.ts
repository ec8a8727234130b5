/**
 * Sensory Profile 2: the clinician records, for each quadrant and section the form reports, the raw score and the
 * classification read from the publisher's score summary on its five-point scale. The publisher's cut scores are
 * licensed and are not reproduced: Otway never turns a raw score into a classification. It checks that each raw score
 * is a whole number from 0 to that scale's maximum on that form, and summarises which scores are outside "Just like
 * the majority of others", and in which direction, for the record and for EHCP advice. No item content is stored.
 *
 * The maxima (items × 5) are the service's to configure per form, because the item counts could not be confirmed
 * from public sources; without them a raw score may be up to `SENSORY_RAW_CEILING`. Pure.
 */
import { inWords } from '../../shared/words.js';
import { fieldsOf, isBlank, readChoice, wholeNumber, type AssessmentProblem, type Derivation } from './parse.js';

export const SENSORY_FORMS = ['child', 'short', 'toddler', 'infant'] as const;
export type SensoryForm = (typeof SENSORY_FORMS)[number];

export const SENSORY_FORM_LABELS: Record<SensoryForm, string> = {
  child: 'Child (3 years 0 months to 14 years 11 months)',
  short: 'Short (3 years 0 months to 14 years 11 months)',
  toddler: 'Toddler',
  infant: 'Infant',
};

export const SENSORY_QUADRANTS = ['seeking', 'avoiding', 'sensitivity', 'registration'] as const;
export const SENSORY_SECTIONS = [
  'auditory',
  'visual',
  'touch',
  'movement',
  'bodyPosition',
  'oral',
  'conduct',
  'socialEmotional',
  'attentional',
] as const;
export type SensoryQuadrant = (typeof SENSORY_QUADRANTS)[number];
export type SensorySection = (typeof SENSORY_SECTIONS)[number];
export type SensoryScale = SensoryQuadrant | SensorySection;
export const SENSORY_SCALES: readonly SensoryScale[] = [...SENSORY_QUADRANTS, ...SENSORY_SECTIONS];

export const SENSORY_SCALE_LABELS: Record<SensoryScale, string> = {
  seeking: 'Seeking/Seeker',
  avoiding: 'Avoiding/Avoider',
  sensitivity: 'Sensitivity/Sensor',
  registration: 'Registration/Bystander',
  auditory: 'Auditory',
  visual: 'Visual',
  touch: 'Touch',
  movement: 'Movement',
  bodyPosition: 'Body Position',
  oral: 'Oral',
  conduct: 'Conduct',
  socialEmotional: 'Social-Emotional',
  attentional: 'Attentional',
};

export const SENSORY_CLASSIFICATIONS = ['much-less', 'less', 'just-like', 'more', 'much-more'] as const;
export type SensoryClassification = (typeof SENSORY_CLASSIFICATIONS)[number];

export const SENSORY_CLASSIFICATION_LABELS: Record<SensoryClassification, string> = {
  'much-less': 'Much less than others',
  less: 'Less than others',
  'just-like': 'Just like the majority of others',
  more: 'More than others',
  'much-more': 'Much more than others',
};

/** The highest raw score accepted for a scale whose maximum the service has not configured (30 items × 5). */
export const SENSORY_RAW_CEILING = 150;

/** Per form, the maximum raw score of each scale the form reports; a form listed here reports only those scales. */
export type SensoryProfileMaxima = Partial<Record<SensoryForm, Partial<Record<SensoryScale, number>>>>;

/** The form field names for a scale's raw score and classification: `seekingRaw`, `seekingClassification`. */
export const rawField = (scale: SensoryScale): string => `${scale}Raw`;
export const classificationField = (scale: SensoryScale): string => `${scale}Classification`;

/**
 * Checks configured maxima: each must be a whole multiple of 5 (items score up to 5) from 5 to 150. For the service
 * definition's validation at start-up; returns one message per bad value.
 */
export function sensoryMaximaProblems(maxima: SensoryProfileMaxima): string[] {
  return SENSORY_FORMS.flatMap((form) =>
    Object.entries(maxima[form] ?? {}).flatMap(([scale, max]) =>
      Number.isInteger(max) && max % 5 === 0 && max >= 5 && max <= SENSORY_RAW_CEILING
        ? []
        : [`The ${form} form's maximum for ${scale} must be a multiple of 5 from 5 to 150`],
    ),
  );
}

export interface SensoryScaleScore {
  raw: number;
  classification: SensoryClassification;
}

export interface SensoryScores {
  form: SensoryForm;
  scales: Partial<Record<SensoryScale, SensoryScaleScore>>;
}

export interface SensoryOutside {
  scale: SensoryScale;
  kind: 'quadrant' | 'section';
  classification: SensoryClassification;
  direction: 'less' | 'more';
}

export interface SensoryDerived {
  /** The quadrants then the sections outside "Just like the majority of others", in the form's order. */
  outside: SensoryOutside[];
}

/** Less or more than others, or undefined for "Just like the majority of others". */
export function directionOf(classification: SensoryClassification): 'less' | 'more' | undefined {
  if (classification === 'much-less' || classification === 'less') return 'less';
  if (classification === 'more' || classification === 'much-more') return 'more';
  return undefined;
}

function readScale(
  fields: Record<string, unknown>,
  scale: SensoryScale,
  form: SensoryForm | undefined,
  maxima: SensoryProfileMaxima,
  problems: AssessmentProblem[],
): SensoryScaleScore | undefined {
  const [rawValue, classValue] = [fields[rawField(scale)], fields[classificationField(scale)]];
  if (isBlank(rawValue) && isBlank(classValue)) return undefined;
  const label = SENSORY_SCALE_LABELS[scale];
  const onForm = form === undefined ? undefined : maxima[form];
  if (form !== undefined && onForm !== undefined && onForm[scale] === undefined) {
    problems.push({ field: rawField(scale), message: `The ${form} form has no ${label} score: leave it empty` });
    return undefined;
  }
  const max = onForm?.[scale] ?? SENSORY_RAW_CEILING;
  const raw = wholeNumber(rawValue);
  const found = problems.length;
  if (isBlank(rawValue)) {
    problems.push({ field: rawField(scale), message: `Enter the ${label} raw score` });
  } else if (raw === null || raw < 0 || raw > max) {
    problems.push({
      field: rawField(scale),
      message: `Enter the ${label} raw score as a whole number from 0 to ${String(max)}`,
    });
  }
  const classification = readChoice(classValue, SENSORY_CLASSIFICATIONS);
  if (!classification.ok || classification.value === undefined) {
    problems.push({ field: classificationField(scale), message: `Select the ${label} classification` });
  }
  if (problems.length > found || raw === null || !classification.ok || classification.value === undefined) {
    return undefined;
  }
  return { raw, classification: classification.value };
}

/** "more than others in Avoiding/Avoider" or "much more than others in Touch and Oral", grouped by classification. */
function describe(outside: readonly SensoryOutside[]): string {
  const order: SensoryClassification[] = ['much-more', 'more', 'less', 'much-less'];
  return order
    .flatMap((c) => {
      const names = outside.filter((o) => o.classification === c).map((o) => SENSORY_SCALE_LABELS[o.scale]);
      return names.length === 0
        ? []
        : [`${SENSORY_CLASSIFICATION_LABELS[c].toLowerCase()} in ${inWords(names, 'and')}`];
    })
    .join('; ');
}

/**
 * Reads a Sensory Profile 2 entry (`form`, and for each scale `<scale>Raw` and `<scale>Classification`, at least one
 * scale) and derives which scores are outside "Just like the majority of others", or says what to fix. `maxima` is
 * the service's configuration (see `SensoryProfileMaxima`).
 */
export function deriveSensoryProfile2(
  input: unknown,
  maxima: SensoryProfileMaxima = {},
): Derivation<SensoryScores, SensoryDerived> {
  const fields = fieldsOf(input);
  const problems: AssessmentProblem[] = [];
  const form = readChoice(fields.form, SENSORY_FORMS);
  if (!form.ok || form.value === undefined) problems.push({ field: 'form', message: 'Select which form was used' });
  const formValue = form.ok ? form.value : undefined;
  const scales: Partial<Record<SensoryScale, SensoryScaleScore>> = {};
  let recorded = 0;
  for (const scale of SENSORY_SCALES) {
    const before = problems.length;
    const score = readScale(fields, scale, formValue, maxima, problems);
    if (score !== undefined) scales[scale] = score;
    if (score !== undefined || problems.length > before) recorded += 1;
  }
  if (recorded === 0) {
    problems.push({
      field: rawField('seeking'),
      message: 'Enter the raw score and classification of at least one quadrant or section',
    });
  }
  if (problems.length > 0 || formValue === undefined) return { ok: false, problems };
  const outside = SENSORY_SCALES.flatMap((scale): SensoryOutside[] => {
    const score = scales[scale];
    const direction = score === undefined ? undefined : directionOf(score.classification);
    if (score === undefined || direction === undefined) return [];
    const kind = (SENSORY_QUADRANTS as readonly string[]).includes(scale) ? 'quadrant' : 'section';
    return [{ scale, kind, classification: score.classification, direction }];
  });
  const what = outside.length === 0 ? 'every score recorded is just like the majority of others' : describe(outside);
  return {
    ok: true,
    scores: { form: formValue, scales },
    derived: { outside },
    summary: `Sensory Profile 2 (${formValue} form): ${what}`,
  };
}
