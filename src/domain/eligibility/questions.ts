/**
 * The questions whose answers settle the eligibility criteria, each defined once with the fact its answer gives
 * (ADR 0026). The referral form and the "Check if we can help" pages ask these same questions (adapting only their
 * words), so that both turn answers into facts through `factsFromAnswers`, and the facts are those the API takes.
 *
 * Adding a fact: its schema (`facts.ts`), the criterion that reads it (`criteria/`), and its question here.
 */
import type { Field, Option } from '../forms/fields.js';
import type { ServiceDefinition } from '../service/definition.js';
import type { FactsDraft, FactWriter } from './fact-writer.js';

/** "None of these" in a list of checkboxes: exclusive, and no code of its own. */
export const NONE = 'none';
/** Where a practice or school is declared rather than picked: the eligibility rules take it as a declaration. */
export const DECLARED_IN = 'in-area';
export const DECLARED_OUT = 'outside-area';
/** The shape of an ODS practice code and of a DfE URN, as a picked practice or school is answered. */
export const PICKED_PRACTICE = /^[A-Z0-9]{3,8}$/u;
export const PICKED_SCHOOL = /^\d{5,8}$/u;

const YES_NO: Option[] = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
];

/** The other needs the rules exclude, as answer codes. */
export const OTHER_NEED_CODES = ['short-term-illness', 'acute-surgery', 'ayres-sensory-integration'] as const;

const one = (value: string | readonly string[]) => (typeof value === 'string' ? value : undefined);
const codes = (value: string | readonly string[]) => (typeof value === 'string' ? [] : value.filter((c) => c !== NONE));
const yesNoFact =
  (write: (facts: FactsDraft, yes: boolean) => void): FactWriter =>
  (value, facts) => {
    if (value === 'yes' || value === 'no') write(facts, value === 'yes');
  };

/** The writer for a practice or school answer: a picked code, or a declaration that it is in the area or not. */
function placeFact(picked: RegExp, write: (facts: FactsDraft, place: { code?: string; inArea?: boolean }) => void) {
  return ((value, facts) => {
    const answer = one(value);
    if (answer === DECLARED_IN || answer === DECLARED_OUT) write(facts, { inArea: answer === DECLARED_IN });
    else if (answer !== undefined && picked.test(answer)) write(facts, { code: answer });
  }) satisfies FactWriter;
}

/** The eligibility questions of a service, in the referral form's words. */
export function eligibilityQuestions(definition: ServiceDefinition) {
  const { eligibility } = definition;
  return {
    dateOfBirth: {
      kind: 'date',
      name: 'childDateOfBirth',
      label: 'What is the child’s date of birth?',
      hint: 'For example, 27 3 2015',
      missing: 'Enter the child’s date of birth',
      what: 'Date of birth',
      fact: (value, facts) => {
        facts.child.dateOfBirth = one(value);
      },
    },
    inFullTimeEducation: {
      kind: 'radios',
      name: 'inFullTimeEducation',
      label: 'Is the young person in full-time education?',
      hint: 'For example, at school, sixth form or college.',
      missing: 'Select yes if the young person is in full-time education',
      options: YES_NO,
      fact: yesNoFact((facts, yes) => {
        facts.child.inFullTimeEducation = yes;
      }),
    },
    gp: (declared: Option[]): Field => ({
      kind: 'practice',
      name: 'childGp',
      label: 'Which GP practice is the child registered with?',
      missing: 'Select the child’s GP practice, or say that you do not know it',
      declared,
      fact: placeFact(PICKED_PRACTICE, (facts, { code, inArea }) => {
        if (code !== undefined) facts.child.gpPracticeCode = code;
        if (inArea !== undefined) facts.child.gpPracticeInArea = inArea;
      }),
    }),
    school: (declared: Option[]): Field => ({
      kind: 'school',
      name: 'childSchool',
      label: 'Which school, college or early years setting does the child go to?',
      missing: 'Select the child’s school, or say that they do not go to one',
      declared,
      fact: placeFact(PICKED_SCHOOL, (facts, { code, inArea }) => {
        if (code !== undefined) facts.child.schoolUrn = code;
        if (inArea !== undefined) facts.child.schoolInArea = inArea;
      }),
    }),
    curriculum: {
      kind: 'radios',
      name: 'curriculum',
      label: 'Does the child need help with things they do at school?',
      hint: 'For example, with handwriting, using equipment in lessons, PE, or getting around school.',
      missing: 'Select yes if the child needs help with things they do at school',
      // "Not sure" writes no fact: the engine then says what it does not know.
      options: [...YES_NO, { value: 'not-known', text: 'I am not sure' }],
      fact: yesNoFact((facts, yes) => {
        facts.needsInCurriculumContext = yes;
      }),
    },
    difficulties: {
      kind: 'checkboxes',
      name: 'difficulties',
      label: 'What difficulties does the child have?',
      hint: 'Select all that apply.',
      missing: 'Select the child’s difficulties',
      options: [
        ...eligibility.difficulties.map((d) => ({
          value: d.code,
          text: d.label.charAt(0).toUpperCase() + d.label.slice(1),
          ...(d.hint !== undefined && { hint: d.hint }),
        })),
        { value: NONE, text: 'None of these', exclusive: true },
      ],
      fact: (value, facts) => {
        facts.difficulties = codes(value);
      },
    },
    conditions: {
      kind: 'checkboxes',
      name: 'conditions',
      label: 'Has the child been diagnosed with any of these conditions?',
      summary: 'Diagnosed conditions',
      hint: 'Select all that apply.',
      missing: 'Select the child’s conditions',
      options: [
        ...definition.conditions.map((c) => ({ value: c.code, text: c.label })),
        { value: NONE, text: 'None of these', exclusive: true },
      ],
      fact: (value, facts) => {
        facts.conditions = codes(value);
      },
    },
    communityIssue: {
      kind: 'radios',
      name: 'communityIssue',
      label: 'Does a serious problem stop the child getting help outside the home?',
      hint: 'For example, the child is not able to leave home. We do not usually see children for the conditions you chose unless there is.',
      missing: 'Select yes if a serious problem stops the child getting help outside the home',
      options: YES_NO,
      fact: yesNoFact((facts, yes) => {
        facts.overridingCommunityIssue = yes;
      }),
    },
    otherNeeds: {
      kind: 'checkboxes',
      name: 'otherNeeds',
      label: 'Do any of these apply?',
      summary: 'Other things that apply',
      hint: 'Select all that apply.',
      missing: 'Select the ones that apply',
      options: [
        ...(
          [
            {
              value: 'short-term-illness',
              text: 'The child has a short-term illness and is expected to recover fully',
            },
            {
              value: 'acute-surgery',
              text: 'The child is recovering from surgery and is expected to get back to how they were',
            },
            { value: 'ayres-sensory-integration', text: 'You are asking for Ayres Sensory Integration therapy' },
          ] satisfies Option[]
        ).filter((o) => o.value !== 'ayres-sensory-integration' || !eligibility.ayresSensoryIntegrationProvided),
        { value: NONE, text: 'None of these', exclusive: true },
      ],
      fact: (value, facts) => {
        const needs = codes(value);
        facts.shortTermAcuteIllness = needs.includes('short-term-illness');
        facts.acuteSurgicalRecovery = needs.includes('acute-surgery');
        facts.requestsAyresSensoryIntegration = needs.includes('ayres-sensory-integration');
      },
    },
    referrer: {
      kind: 'radios',
      name: 'referrerType',
      label: 'Who is referring?',
      missing: 'Select who is referring',
      options: definition.referrers.map((r) => ({ value: r.id, text: r.label })),
      fact: (value, facts) => {
        facts.referrer = { ...facts.referrer, type: one(value) };
      },
    },
    dischargedOn: {
      kind: 'date',
      name: 'childDischargedOn',
      label: 'When did we discharge the child?',
      missing: 'Enter the date we discharged the child',
      what: 'Date of discharge',
      notBeforeAnswer: {
        name: 'childDateOfBirth',
        message: 'Date of discharge must be on or after the child’s date of birth',
      },
      fact: (value, facts) => {
        facts.referrer = { ...facts.referrer, childDischargedOn: one(value) };
      },
    },
  } satisfies Record<string, Field | ((declared: Option[]) => Field)>;
}

export type EligibilityQuestions = ReturnType<typeof eligibilityQuestions>;
