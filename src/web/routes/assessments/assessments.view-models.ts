/**
 * What the assessment pages show: a child's assessments (date, test, key results), the choice of test, and one
 * assessment with the scores entered and the values derived from them. Zones and classifications are always written
 * in words (a tag's colour only repeats them). Dates as "3 December 2026". Each test's form as sections of inputs is
 * assessment-form.view-models.ts's. Pure: unit-tested in assessments.view-models.test.ts.
 */
import { BEERY_TEST_LABELS, BEERY_TESTS, beeryPercentileText } from '../../../domain/record/assessments/beery-vmi.js';
import {
  DCDQ_RESULT_LABELS,
  DCDQ_SUBSCALE_LABELS,
  DCDQ_SUBSCALES,
  yearsAndMonths,
} from '../../../domain/record/assessments/dcdq07.js';
import { FUNCTIONAL_AREA_LABELS, FUNCTIONAL_AREAS } from '../../../domain/record/assessments/functional.js';
import { ASSESSMENT_KINDS, ASSESSMENT_LABELS, type AssessmentKind } from '../../../domain/record/assessments/index.js';
import {
  MABC2_AGE_BAND_LABELS,
  MABC2_COMPONENT_LABELS,
  MABC2_COMPONENTS,
  MABC2_ZONE_LABELS,
  type Mabc2Zone,
} from '../../../domain/record/assessments/mabc2.js';
import { ordinal } from '../../../domain/record/assessments/parse.js';
import {
  SENSORY_CLASSIFICATION_LABELS,
  SENSORY_FORM_LABELS,
  SENSORY_QUADRANTS,
  SENSORY_SCALE_LABELS,
  SENSORY_SECTIONS,
  type SensoryClassification,
  type SensoryScale,
} from '../../../domain/record/assessments/sensory-profile-2.js';
import { formatLongDate, londonDate } from '../../../domain/shared/dates.js';
import type { AssessedChild, StoredAssessment, StoredValues } from '../../../services/record/assessments.service.js';
import { paths } from '../../paths.js';

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
