/**
 * The "Check if we can help" questions as data (ADR 0026): one question per page (GOV.UK), each a field of the one
 * form-component model, asked in the checker's own words but defined with the referral form's eligibility questions
 * (`domain/eligibility/questions.ts`), so that both turn answers into facts in one way. Pure.
 */
import { DECLARED_IN, DECLARED_OUT, eligibilityQuestions, NONE } from '../eligibility/questions.js';
import { answerList, answerText as text, type Answers, type Field, type Option } from '../forms/fields.js';
import type { ServiceDefinition } from '../service/definition.js';
import { addMonthsClamped, ageInYears } from '../shared/dates.js';
import { capitalised, hintDate, inWords, midSentence, months } from '../shared/words.js';

export const QUESTION_PAGES = [
  'date-of-birth',
  'education',
  'gp-practice',
  'school',
  'curriculum',
  'difficulties',
  'conditions',
  'community-issue',
  'other-needs',
  'who-is-referring',
  'discharge',
  'discharge-date',
] as const;

export type QuestionPage = (typeof QUESTION_PAGES)[number];

export interface CheckerContext {
  definition: ServiceDefinition;
  /** Today in Europe/London: the date the checker decides for. */
  today: string;
  /** Whether practices and schools can be picked from reference data; otherwise they are answered in words. */
  practicesLoaded: boolean;
  schoolsLoaded: boolean;
}

export interface CheckerPage {
  id: QuestionPage;
  /** The page's one question; its label is the page's heading. */
  field: Field;
  /** The name of the question in the summary of answers ("Change date of birth"). */
  summary: string;
  /** What the page says under its answer, if anything. */
  note?: string;
  /** Whether the page is asked, given the answers so far; without it, always. */
  applies?: (answers: Answers) => boolean;
}

/** The answer to "Has our service seen the child before?": asked only of a referrer who may refer after a discharge. */
export const SEEN_BEFORE = 'seenBefore';

const YES_NO: Option[] = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
];

/** Declared answers about a place, for when there is no reference data to pick from or the person does not know. */
export function placeOptions(what: 'practice' | 'school', definition: ServiceDefinition, loaded: boolean): Option[] {
  const area = definition.eligibility.areaName;
  const named = what === 'practice' ? 'GP practice' : 'school or college';
  // With reference data the practice or school is searched for, so "in the area" is not offered; it is still
  // accepted, as the eligibility API accepts it, so that the checker and the API decide alike.
  return [
    { value: DECLARED_IN, text: `A ${named} in ${area}`, hidden: loaded },
    { value: DECLARED_OUT, text: `A ${named} somewhere else`, hidden: loaded },
    { value: 'not-known', text: loaded ? `I cannot find the ${named}, or do not know it` : 'I do not know' },
    {
      value: 'none',
      text:
        what === 'practice' ? 'The child is not registered with a GP' : 'The child does not go to school or college',
    },
  ];
}

/** The checker's pages for a service, in order. */
export function checkerPages(ctx: CheckerContext): CheckerPage[] {
  const { definition, today } = ctx;
  const { eligibility, referrers } = definition;
  const q = eligibilityQuestions(definition);
  const window = months(eligibility.parentReReferralWindowMonths);
  const afterDischarge = referrers.filter((r) => r.mayRefer === 'within-re-referral-window');
  const none: Option = { value: NONE, text: 'None of these', exclusive: true };
  const age = (a: Answers) => {
    const born = text(a, q.dateOfBirth.name);
    return born === undefined ? undefined : ageInYears(born, today);
  };
  const mayReferAfterDischarge = (a: Answers) =>
    referrers.find((r) => r.id === text(a, q.referrer.name))?.mayRefer === 'within-re-referral-window';

  return [
    {
      id: 'date-of-birth',
      summary: 'Date of birth',
      note: "We use the date of birth only to work out the child's age. We do not keep it.",
      // The example follows today, so that it always looks like an answer someone could give.
      field: {
        ...q.dateOfBirth,
        label: "What is the child's date of birth?",
        hint: `For example, ${hintDate(addMonthsClamped(today, -(8 * 12 + 5)))}`,
        missing: "Enter the child's date of birth",
      },
    },
    {
      id: 'education',
      summary: 'In full-time education',
      field: q.inFullTimeEducation,
      applies: (a) => {
        const years = age(a);
        return (
          years !== undefined &&
          years >= eligibility.ages.alwaysUnder &&
          years < eligibility.ages.inFullTimeEducationUnder
        );
      },
    },
    {
      id: 'gp-practice',
      summary: 'GP practice',
      field: {
        ...q.gp(placeOptions('practice', definition, ctx.practicesLoaded)),
        missing: "Select the child's GP practice, or say that you do not know it",
      },
    },
    {
      id: 'school',
      summary: 'School or college',
      field: {
        ...q.school(placeOptions('school', definition, ctx.schoolsLoaded)),
        label: 'Which school or college does the child go to?',
        missing: "Select the child's school or college, or say that you do not know it",
      },
    },
    {
      id: 'curriculum',
      summary: 'Needs help at school',
      field: q.curriculum,
      applies: (a) => {
        const school = text(a, 'childSchool');
        return school === DECLARED_IN || (school !== undefined && /^\d/u.test(school));
      },
    },
    {
      id: 'difficulties',
      summary: 'Difficulties',
      field: {
        ...q.difficulties,
        missing: "Select the child's difficulties, or 'None of these'",
        // The definition's hint says what each kind of difficulty means in plain words ("Everyday tasks such as
        // dressing..."), where its label is the clinical category ("everyday functional"): a family reads the words.
        options: [
          ...eligibility.difficulties.map((d) => ({ value: d.code, text: d.hint ?? capitalised(d.label) })),
          none,
        ],
      },
    },
    {
      id: 'conditions',
      summary: 'Conditions',
      field: {
        ...q.conditions,
        label: 'Does the child have any of these conditions?',
        hint: 'Select all that apply. Only include conditions the child has been diagnosed with.',
        missing: "Select the child's conditions, or 'None of these'",
      },
    },
    {
      id: 'community-issue',
      summary: 'Cannot get help outside the home',
      field: { ...q.communityIssue, hint: 'For example, the child is not able to leave home.' },
      applies: (a) =>
        eligibility.excludedConditions.overriddenByCommunityIssue &&
        answerList(a, 'conditions').some((c) => eligibility.excludedConditions.codes.includes(c)),
    },
    {
      id: 'other-needs',
      summary: 'Other things that apply',
      field: {
        ...q.otherNeeds,
        missing: "Select the ones that apply, or 'None of these'",
        options: q.otherNeeds.options.map((o) => ({
          ...o,
          text:
            {
              'short-term-illness': 'The child has a short-term illness and is expected to recover fully',
              'acute-surgery':
                'The child is recovering from surgery and is expected to get back to how they were before',
              'ayres-sensory-integration': 'You are looking for Ayres Sensory Integration therapy',
            }[o.value] ?? o.text,
        })),
      },
    },
    {
      id: 'who-is-referring',
      summary: 'Who will refer',
      // The labels say who each is; the definition's `includes` are the service page's own words, not a hint.
      field: {
        ...q.referrer,
        label: 'Who will make the referral?',
        hint: 'If a professional will refer the child, choose their role.',
        missing: 'Select who will make the referral',
      },
    },
    {
      id: 'discharge',
      summary: 'Seen by us before',
      field: {
        kind: 'radios',
        name: SEEN_BEFORE,
        label: 'Has our service seen the child before?',
        hint: `${capitalised(
          inWords(
            afterDischarge.map((r) => midSentence(r.label)),
            'or',
          ),
        )} can refer the child again if we discharged them in the last ${window}.`,
        missing: 'Select yes if our service has seen the child before',
        options: YES_NO,
      },
      applies: mayReferAfterDischarge,
    },
    {
      id: 'discharge-date',
      summary: 'Date we discharged the child',
      field: {
        ...q.dischargedOn,
        hint: `For example, ${hintDate(addMonthsClamped(today, -2))}. The date is on the letter we sent when we discharged the child.`,
        notBeforeAnswer: {
          name: q.dateOfBirth.name,
          message: "Date of discharge must be after the child's date of birth",
        },
      },
      applies: (a) => text(a, SEEN_BEFORE) === 'yes' && mayReferAfterDischarge(a),
    },
  ];
}
