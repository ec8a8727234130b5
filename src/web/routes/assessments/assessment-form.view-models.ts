/**
 * Each assessment's form as the pages draw it: the test's inputs in sections (a heading, a hint, and number, choice
 * or text inputs), each showing what was sent (or stored) and its message; the DCDQ'07's 15 ratings folded away until
 * one is filled in. Pure: unit-tested in assessments.view-models.test.ts.
 */
import { BEERY_MAX, BEERY_MIN, BEERY_TEST_LABELS, BEERY_TESTS } from '../../../domain/record/assessments/beery-vmi.js';
import { DCDQ_ITEMS, DCDQ_SUBSCALE_LABELS, DCDQ_SUBSCALES } from '../../../domain/record/assessments/dcdq07.js';
import { FUNCTIONAL_AREA_LABELS, FUNCTIONAL_AREAS } from '../../../domain/record/assessments/functional.js';
import type { AssessmentKind } from '../../../domain/record/assessments/index.js';
import {
  MABC2_AGE_BAND_LABELS,
  MABC2_AGE_BANDS,
  MABC2_COMPONENT_LABELS,
  MABC2_COMPONENTS,
  MABC2_MAX,
  MABC2_MIN,
  MABC2_TOTAL_TEST_SCORE_MAX,
  MABC2_TOTAL_TEST_SCORE_MIN,
} from '../../../domain/record/assessments/mabc2.js';
import {
  classificationField,
  rawField,
  SENSORY_CLASSIFICATION_LABELS,
  SENSORY_CLASSIFICATIONS,
  SENSORY_FORM_LABELS,
  SENSORY_FORMS,
  SENSORY_QUADRANTS,
  SENSORY_SCALE_LABELS,
  SENSORY_SECTIONS,
  type SensoryScale,
} from '../../../domain/record/assessments/sensory-profile-2.js';
import type { FormErrors } from '../../forms/form.js';
import { dcdqItemField } from './assessments.forms.js';

export interface NumberInput {
  kind: 'number';
  name: string;
  label: string;
  hint: string | undefined;
  value: string;
  error: { text: string } | undefined;
  width: 2 | 3 | 4;
}

export interface ChoiceInput {
  kind: 'radios' | 'select';
  name: string;
  label: string;
  hint: string | undefined;
  error: { text: string } | undefined;
  items: { value: string; text: string; checked: boolean; selected: boolean }[];
}

export interface TextInput {
  kind: 'textarea';
  name: string;
  label: string;
  hint: string | undefined;
  value: string;
  error: { text: string } | undefined;
}

export type Input = NumberInput | ChoiceInput | TextInput;

/** A part of a form: a heading, an optional hint, and its inputs (a Sensory Profile 2 scale's two in a fieldset). */
export interface FormSection {
  heading: string;
  hint: string | undefined;
  /** Drawn as a fieldset whose legend is the heading (inputs that answer one question together). */
  fieldset: boolean;
  /** Folded away in a details element until opened (the DCDQ'07's 15 ratings)... */
  folded: boolean;
  /** ...and drawn open when any of its inputs has a value or a message. */
  open: boolean;
  inputs: Input[];
}

type Values = Record<string, unknown>;

function valueOf(values: Values, name: string): string {
  const v = values[name];
  return typeof v === 'string' ? v : '';
}

function errorOf(errors: FormErrors | undefined, name: string) {
  const e = errors?.fields[name];
  return e === undefined ? undefined : { text: e.text };
}

const numberInput =
  (values: Values, errors: FormErrors | undefined) =>
  (name: string, label: string, width: 2 | 3 | 4, hint?: string): NumberInput => ({
    kind: 'number',
    name,
    label,
    hint,
    value: valueOf(values, name),
    error: errorOf(errors, name),
    width,
  });

function choice(
  kind: 'radios' | 'select',
  values: Values,
  errors: FormErrors | undefined,
  name: string,
  label: string,
  options: readonly { value: string; text: string }[],
  hint?: string,
): ChoiceInput {
  const chosen = valueOf(values, name);
  return {
    kind,
    name,
    label,
    hint,
    error: errorOf(errors, name),
    items: options.map((o) => ({ ...o, checked: o.value === chosen, selected: o.value === chosen })),
  };
}

const section = (heading: string, inputs: Input[], more: Partial<FormSection> = {}): FormSection => ({
  heading,
  hint: undefined,
  fieldset: false,
  folded: false,
  open: false,
  inputs,
  ...more,
});

const filled = (i: Input) =>
  i.error !== undefined ||
  (i.kind === 'number' || i.kind === 'textarea' ? i.value !== '' : i.items.some((o) => o.checked));

const CLASSIFICATION_OPTIONS = [
  { value: '', text: 'Not recorded' },
  ...SENSORY_CLASSIFICATIONS.map((c) => ({ value: c, text: SENSORY_CLASSIFICATION_LABELS[c] })),
];

/** The sections of an instrument's form, each input showing what was sent (or stored) and its message. */
export function formSections(instrument: AssessmentKind, values: Values, errors?: FormErrors): FormSection[] {
  return sectionsOf(instrument, values, errors).map((s) => ({ ...s, open: s.folded && s.inputs.some(filled) }));
}

function sectionsOf(instrument: AssessmentKind, values: Values, errors?: FormErrors): FormSection[] {
  const num = numberInput(values, errors);
  switch (instrument) {
    case 'mabc2':
      return [
        section(
          'Standard scores',
          MABC2_COMPONENTS.map((c) =>
            num(c, c === 'total' ? 'Total standard score' : `${MABC2_COMPONENT_LABELS[c]} standard score`, 2),
          ),
          { hint: `From the record form, each a whole number from ${String(MABC2_MIN)} to ${String(MABC2_MAX)}` },
        ),
        section('More of the record form (optional)', [
          num(
            'totalTestScore',
            'Total test score (optional)',
            3,
            `The sum of the eight item standard scores, ${String(MABC2_TOTAL_TEST_SCORE_MIN)} to ${String(MABC2_TOTAL_TEST_SCORE_MAX)}. With it the zone is drawn exactly; without it a total standard score of 7 is shown as amber`,
          ),
          choice(
            'radios',
            values,
            errors,
            'ageBand',
            'Age band (optional)',
            // "Not recorded" lets a correction take an age band away again, without JavaScript.
            [
              { value: '', text: 'Not recorded' },
              ...MABC2_AGE_BANDS.map((b) => ({ value: b, text: MABC2_AGE_BAND_LABELS[b] })),
            ],
          ),
        ]),
      ];
    case 'beery-vmi':
      return [
        section(
          'Standard scores',
          BEERY_TESTS.map((t) =>
            num(t, t === 'vmi' ? 'VMI standard score' : `${BEERY_TEST_LABELS[t]} standard score (optional)`, 3),
          ),
          { hint: `Each a whole number from ${String(BEERY_MIN)} to ${String(BEERY_MAX)}` },
        ),
      ];
    case 'sensory-profile-2': {
      const scale = (s: SensoryScale) =>
        section(
          SENSORY_SCALE_LABELS[s],
          [
            num(rawField(s), 'Raw score', 3),
            choice('select', values, errors, classificationField(s), 'Classification', CLASSIFICATION_OPTIONS),
          ],
          { fieldset: true },
        );
      return [
        section('Form used', [
          choice(
            'radios',
            values,
            errors,
            'form',
            'Which form was used?',
            SENSORY_FORMS.map((f) => ({ value: f, text: SENSORY_FORM_LABELS[f] })),
          ),
        ]),
        section('Quadrants', [], {
          hint: 'From the score summary: leave a quadrant or section empty when the form does not report it',
        }),
        ...SENSORY_QUADRANTS.map(scale),
        section('Sections', []),
        ...SENSORY_SECTIONS.map(scale),
      ];
    }
    case 'dcdq07':
      return [
        section(
          'Scores',
          [
            num('total', 'Total score', 2, 'From 15 to 75. Leave empty when you enter the 15 ratings below'),
            ...DCDQ_SUBSCALES.map((s) => num(s, `${DCDQ_SUBSCALE_LABELS[s]} (optional)`, 2)),
          ],
          { hint: "Otway works out the child's age on the date completed and the age band's result" },
        ),
        section(
          'Enter the 15 ratings instead',
          Array.from({ length: DCDQ_ITEMS }, (_, i) => num(dcdqItemField(i + 1), `Item ${String(i + 1)}`, 2)),
          { hint: 'Each rating from 1 to 5: the totals are worked out from them', folded: true },
        ),
      ];
    case 'functional':
      return [
        section(
          'Function in each area',
          FUNCTIONAL_AREAS.map((a): TextInput => ({
            kind: 'textarea',
            name: a,
            label: `${FUNCTIONAL_AREA_LABELS[a]} (optional)`,
            hint: undefined,
            value: valueOf(values, a),
            error: errorOf(errors, a),
          })),
          { hint: 'Describe at least one area, in up to 5,000 characters each' },
        ),
      ];
  }
}
