/**
 * What the assessment pages show: a child's assessments (date, test, key results), the choice of test, each test's
 * form as sections of inputs, and one assessment with the scores entered and the values derived from them. Zones and
 * classifications are always written in words (a tag's colour only repeats them). Dates as "3 December 2026". Pure:
 * unit-tested in assessments.view-models.test.ts.
 */
import {
  BEERY_MAX,
  BEERY_MIN,
  BEERY_TEST_LABELS,
  BEERY_TESTS,
  beeryPercentileText,
} from '../../../domain/record/assessments/beery-vmi.js';
import {
  DCDQ_ITEMS,
  DCDQ_RESULT_LABELS,
  DCDQ_SUBSCALE_LABELS,
  DCDQ_SUBSCALES,
  yearsAndMonths,
} from '../../../domain/record/assessments/dcdq07.js';
import { FUNCTIONAL_AREA_LABELS, FUNCTIONAL_AREAS } from '../../../domain/record/assessments/functional.js';
import { ASSESSMENT_KINDS, ASSESSMENT_LABELS, type AssessmentKind } from '../../../domain/record/assessments/index.js';
import {
  MABC2_AGE_BAND_LABELS,
  MABC2_AGE_BANDS,
  MABC2_COMPONENT_LABELS,
  MABC2_COMPONENTS,
  MABC2_MAX,
  MABC2_MIN,
  MABC2_TOTAL_TEST_SCORE_MAX,
  MABC2_TOTAL_TEST_SCORE_MIN,
  MABC2_ZONE_LABELS,
  type Mabc2Zone,
} from '../../../domain/record/assessments/mabc2.js';
import { ordinal } from '../../../domain/record/assessments/parse.js';
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
  type SensoryClassification,
  type SensoryScale,
} from '../../../domain/record/assessments/sensory-profile-2.js';
import { formatLongDate, londonDate } from '../../../domain/shared/dates.js';
import type { AssessedChild, StoredAssessment, StoredValues } from '../../../services/record/assessments.service.js';
import type { FormErrors } from '../../forms/form.js';
import { paths } from '../../paths.js';
import { dcdqItemField } from './assessments.forms.js';

/** The London day of an instant, as "3 December 2026". */
const onDay = (instant: string) => formatLongDate(londonDate(new Date(instant)));

const nameOf = (child: { givenName: string; familyName: string }) => `${child.givenName} ${child.familyName}`;

/** What each test is, on the page that offers the choice. */
export const INSTRUMENT_HINTS: Readonly<Record<AssessmentKind, string>> = {
  mabc2: 'Component and total standard scores: Otway derives the percentiles and the traffic-light zone',
  'beery-vmi': 'VMI standard score, with the supplemental tests if done: Otway derives percentiles and categories',
  'sensory-profile-2': 'Raw scores and classifications of the quadrants and sections, from the score summary',
  dcdq07: "The parent's 15 ratings, or the total: Otway derives the age band's result",
  functional: 'Self-care, productivity and leisure, in your own words',
};

const ZONE_TAGS: Readonly<Record<Mabc2Zone, string>> = {
  red: 'nhsuk-tag--red',
  amber: 'nhsuk-tag--orange',
  green: 'nhsuk-tag--green',
};

// ---------------------------------------------------------------------------------------------------------------
// The forms

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

/** The page choosing which test to record: each test with what is entered for it. */
export function choosePage(child: AssessedChild) {
  return {
    child: nameOf(child),
    instruments: ASSESSMENT_KINDS.map((kind) => ({
      text: ASSESSMENT_LABELS[kind],
      hint: INSTRUMENT_HINTS[kind],
      href: paths.assessments.record.build({ childId: child.childId, instrument: kind }),
    })),
    backHref: paths.assessments.child.build({ childId: child.childId }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading them

export interface Table {
  caption: string;
  head: string[];
  rows: string[][];
}

export interface AssessmentView {
  instrument: string;
  /** Summary-list rows. */
  facts: { key: string; value: string }[];
  tables: Table[];
  /** The MABC-2 zone: its words, and a tag class that only repeats them. */
  zone: { text: string; classes: string } | null;
  /** The functional assessment's texts, kept as typed: their lines. */
  texts: { heading: string; lines: string[] }[];
}

const percentileText = (p: number): string => ordinal(p);

function classificationText(c: SensoryClassification): string {
  return SENSORY_CLASSIFICATION_LABELS[c];
}

/** An instrument's entered scores and derived values, as tables and rows in words. */
export function valuesView(values: StoredValues): Omit<AssessmentView, 'instrument'> {
  switch (values.instrument) {
    case 'mabc2': {
      const { scores, derived } = values;
      const zone = derived.zone;
      return {
        facts: [
          {
            key: 'Traffic-light zone (derived)',
            value: `${MABC2_ZONE_LABELS[zone]}${
              scores.totalTestScore === undefined
                ? ' (drawn on the total standard score: no total test score was entered)'
                : ` (drawn on the total test score, ${String(scores.totalTestScore)})`
            }`,
          },
          ...(scores.totalTestScore === undefined
            ? []
            : [{ key: 'Total test score', value: String(scores.totalTestScore) }]),
          ...(scores.ageBand === undefined ? [] : [{ key: 'Age band', value: MABC2_AGE_BAND_LABELS[scores.ageBand] }]),
        ],
        tables: [
          {
            caption: 'Movement ABC-2 scores',
            head: ['Component', 'Standard score (entered)', 'Percentile (derived)'],
            rows: MABC2_COMPONENTS.map((c) => [
              c === 'total' ? 'Total' : MABC2_COMPONENT_LABELS[c],
              String(scores[c]),
              percentileText(derived.percentiles[c]),
            ]),
          },
        ],
        zone: { text: MABC2_ZONE_LABELS[zone], classes: ZONE_TAGS[zone] },
        texts: [],
      };
    }
    case 'beery-vmi': {
      const { scores, derived } = values;
      return {
        facts: [],
        tables: [
          {
            caption: 'Beery VMI scores',
            head: ['Test', 'Standard score (entered)', 'Percentile (derived)', 'Category (derived)'],
            rows: BEERY_TESTS.flatMap((t) => {
              const score = scores[t];
              const found = derived[t];
              return score === undefined || found === undefined
                ? []
                : [[BEERY_TEST_LABELS[t], String(score), beeryPercentileText(found.percentile), found.category]];
            }),
          },
        ],
        zone: null,
        texts: [],
      };
    }
    case 'sensory-profile-2': {
      const { scores, derived } = values;
      const rows = (scales: readonly SensoryScale[]) =>
        scales.flatMap((s) => {
          const score = scores.scales[s];
          return score === undefined
            ? []
            : [[SENSORY_SCALE_LABELS[s], String(score.raw), classificationText(score.classification)]];
        });
      const outside = derived.outside.map(
        (o) => `${SENSORY_SCALE_LABELS[o.scale]}: ${classificationText(o.classification).toLowerCase()}`,
      );
      return {
        facts: [
          { key: 'Form', value: SENSORY_FORM_LABELS[scores.form] },
          {
            key: 'Outside "Just like the majority of others" (derived)',
            value:
              outside.length === 0
                ? 'None: every score recorded is just like the majority of others'
                : outside.join('; '),
          },
        ],
        tables: [
          {
            caption: 'Quadrants',
            head: ['Quadrant', 'Raw score (entered)', 'Classification (entered)'],
            rows: rows(SENSORY_QUADRANTS),
          },
          {
            caption: 'Sections',
            head: ['Section', 'Raw score (entered)', 'Classification (entered)'],
            rows: rows(SENSORY_SECTIONS),
          },
        ].filter((t) => t.rows.length > 0),
        zone: null,
        texts: [],
      };
    }
    case 'dcdq07': {
      const { scores, derived } = values;
      const band = derived.band;
      return {
        facts: [
          { key: 'Total score', value: String(scores.total) },
          ...DCDQ_SUBSCALES.flatMap((s) => {
            const v = scores.subscales?.[s];
            return v === undefined ? [] : [{ key: DCDQ_SUBSCALE_LABELS[s], value: String(v) }];
          }),
          ...(scores.items === undefined
            ? []
            : [{ key: 'Ratings, items 1 to 15', value: scores.items.map(String).join(', ') }]),
          { key: 'Age on the date completed (derived)', value: yearsAndMonths(derived.ageMonths) },
          {
            key: 'Age band (derived)',
            value: `${yearsAndMonths(band.fromMonths)} to ${yearsAndMonths(band.toMonths)}: a total of ${String(band.indicationUpTo)} or less is an indication of DCD`,
          },
          { key: 'Result (derived)', value: DCDQ_RESULT_LABELS[derived.result] },
        ],
        tables: [],
        zone: null,
        texts: [],
      };
    }
    case 'functional': {
      const { scores } = values;
      return {
        facts: [],
        tables: [],
        zone: null,
        texts: FUNCTIONAL_AREAS.flatMap((a) => {
          const t = scores[a];
          return t === undefined ? [] : [{ heading: FUNCTIONAL_AREA_LABELS[a], lines: t.split('\n') }];
        }),
      };
    }
  }
}

/** One assessment's page: who recorded it when, the values, and "Correct this assessment" for those who may. */
export function assessmentPage(found: { assessment: StoredAssessment; child: AssessedChild }, mayWrite: boolean) {
  const { row, values } = found.assessment;
  return {
    child: nameOf(found.child),
    title: `${ASSESSMENT_LABELS[values.instrument]}, ${formatLongDate(row.assessedOn)}`,
    instrument: ASSESSMENT_LABELS[values.instrument],
    recorded: [
      { key: 'Test', value: ASSESSMENT_LABELS[values.instrument] },
      { key: 'Date of the assessment', value: formatLongDate(row.assessedOn) },
      { key: 'Recorded by', value: `${row.recordedByName}, ${onDay(row.recordedAt)}` },
      ...(row.updatedByName === null
        ? []
        : [{ key: 'Last corrected by', value: `${row.updatedByName}, ${onDay(row.updatedAt)}` }]),
    ],
    summary: row.summary,
    ...valuesView(values),
    editHref: mayWrite ? paths.assessments.edit.build({ assessmentId: row.id }) : null,
    backHref: paths.assessments.child.build({ childId: row.childId }),
  };
}

/** A child's assessments: date, test and key results, most recent first, and "Record an assessment" for those who may. */
export function childPage(child: AssessedChild, assessments: readonly StoredAssessment[], mayWrite: boolean) {
  return {
    name: nameOf(child),
    dateOfBirth: formatLongDate(child.dateOfBirth),
    rows: assessments.map(({ row, values }) => ({
      date: formatLongDate(row.assessedOn),
      instrument: ASSESSMENT_LABELS[values.instrument],
      results: row.summary,
      href: paths.assessments.one.build({ assessmentId: row.id }),
    })),
    recordHref: mayWrite ? paths.assessments.choose.build({ childId: child.childId }) : null,
    recordPageHref: paths.record.child.build({ childId: child.childId }),
  };
}
