/**
 * What each checker page shows: the question in plain words, its options from the service definition, the answer
 * already given, and, on the result page, the decision explained criterion by criterion with what to do next.
 */
import type { CriterionId, EligibilityDecision } from '../../../domain/eligibility/index.js';
import type { PracticeFacts, SchoolFacts } from '../../../domain/reference/types.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { formatLongDate } from '../../../domain/shared/dates.js';
import { dateParts } from '../../forms/date-input.js';
import type { PublicPaths } from '../../paths.js';
import { inWords, midSentence, months } from '../public/public.view-models.js';
import { NONE, otherNeedsOffered } from './checker.forms.js';
import { applies, answered, QUESTION_PAGES, type CheckerAnswers, type FlowContext, type QuestionPage } from './flow.js';

export function checkerPaths(links: PublicPaths) {
  const start = links.checker;
  return {
    start,
    page: (page: QuestionPage) => `${start}/${page}`,
    result: `${start}/result`,
    startAgain: `${start}/start-again`,
  };
}

export type CheckerPaths = ReturnType<typeof checkerPaths>;

export interface Option {
  value: string;
  text: string;
  hint?: { text: string } | undefined;
  behaviour?: 'exclusive';
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const yesNoOptions = (notSure?: string): Option[] => [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
  ...(notSure === undefined ? [] : [{ value: 'not-known', text: notSure }]),
];

/** The question each page asks, as its heading and as the key in the summary of answers. */
export function questionOf(page: QuestionPage, definition: ServiceDefinition): string {
  const questions: Record<QuestionPage, string> = {
    'date-of-birth': "What is the child's date of birth?",
    education: 'Is the young person in full-time education?',
    'gp-practice': 'Which GP practice is the child registered with?',
    school: 'Which school or college does the child go to?',
    curriculum: 'Does the child need help with things they do at school?',
    difficulties: 'What difficulties does the child have?',
    conditions: 'Does the child have any of these conditions?',
    'community-issue': 'Does a serious problem stop the child getting help outside the home?',
    'other-needs': 'Do any of these apply?',
    'who-is-referring': 'Who will make the referral?',
    discharge: `Has ${definition.serviceName} seen the child before?`,
  };
  return questions[page];
}

/** The short name of each question in the summary of answers ("Change date of birth"). */
const SUMMARY_KEYS: Record<QuestionPage, string> = {
  'date-of-birth': 'Date of birth',
  education: 'In full-time education',
  'gp-practice': 'GP practice',
  school: 'School or college',
  curriculum: 'Needs help at school',
  difficulties: 'Difficulties',
  conditions: 'Conditions',
  'community-issue': 'Cannot get help outside the home',
  'other-needs': 'Other things that apply',
  'who-is-referring': 'Who will refer',
  discharge: 'Seen by us before',
};

/** Declared answers about a place, for when there is no reference data to pick from or the person does not know. */
export function placeOptions(
  page: 'gp-practice' | 'school',
  definition: ServiceDefinition,
  withDeclarations: boolean,
): Option[] {
  const area = definition.eligibility.areaName;
  const what = page === 'gp-practice' ? 'GP practice' : 'school or college';
  return [
    ...(withDeclarations
      ? [
          { value: 'in-area', text: `A ${what} in ${area}` },
          { value: 'outside-area', text: `A ${what} somewhere else` },
        ]
      : []),
    { value: 'not-known', text: withDeclarations ? 'I do not know' : `I cannot find the ${what}, or do not know it` },
    {
      value: 'none',
      text:
        page === 'gp-practice' ? 'The child is not registered with a GP' : 'The child does not go to school or college',
    },
  ];
}

export function practiceText(p: PracticeFacts): string {
  const where = [p.town, p.postcode].filter((x) => x !== null).join(', ');
  const closed = p.status === 'A' ? '' : ' (closed)';
  return `${p.name}${where === '' ? '' : `, ${where}`}${closed}`;
}

export function schoolText(s: SchoolFacts): string {
  const where = [s.town, s.postcode].filter((x) => x !== null).join(', ');
  return `${s.name}${where === '' ? '' : `, ${where}`}${s.open ? '' : ' (closed)'}`;
}

/** The options of each page that is a simple list of radios or checkboxes. */
export function optionsOf(page: QuestionPage, definition: ServiceDefinition): Option[] {
  const none: Option = { value: NONE, text: 'None of these', behaviour: 'exclusive' };
  switch (page) {
    case 'education':
      return yesNoOptions();
    case 'curriculum':
      return yesNoOptions('I am not sure');
    case 'community-issue':
      return yesNoOptions();
    case 'discharge':
      return yesNoOptions();
    case 'difficulties':
      return [
        ...definition.eligibility.difficulties.map((d) => ({
          value: d.code,
          text: capitalised(d.label),
          hint: d.hint === undefined ? undefined : { text: d.hint },
        })),
        none,
      ];
    case 'conditions':
      return [...definition.conditions.map((c) => ({ value: c.code, text: c.label })), none];
    case 'other-needs': {
      const texts: Record<string, string> = {
        'short-term-illness': 'The child has a short-term illness and is expected to recover fully',
        'acute-surgery': 'The child is recovering from surgery and is expected to get back to how they were before',
        'ayres-sensory-integration': 'You are looking for Ayres Sensory Integration therapy',
      };
      return [...otherNeedsOffered(definition).map((code) => ({ value: code, text: texts[code] ?? code })), none];
    }
    case 'who-is-referring':
      return definition.referrers.map((r) => {
        const examples = r.includes.filter((i) => i !== r.label && !i.endsWith('recently'));
        return {
          value: r.id,
          text: r.label,
          hint: examples.length > 0 ? { text: `For example, ${inWords(examples.map(midSentence), 'or')}` } : undefined,
        };
      });
    default:
      return [];
  }
}

/** The hint under each question. */
export function hintOf(page: QuestionPage, definition: ServiceDefinition): string | undefined {
  const window = months(definition.eligibility.parentReReferralWindowMonths);
  const hints: Partial<Record<QuestionPage, string>> = {
    'date-of-birth': 'For example, 27 3 2015',
    education: 'For example, at school, sixth form or college.',
    curriculum: 'For example, with handwriting, using equipment in lessons, PE, or getting around school.',
    difficulties: 'Select all that apply.',
    conditions: 'Select all that apply. Only include conditions the child has been diagnosed with.',
    'community-issue': 'For example, the child is not able to leave home.',
    'other-needs': 'Select all that apply.',
    'who-is-referring': 'If a professional will refer the child, choose their role.',
    discharge: `A parent or carer can refer their child again if we discharged them in the last ${window}.`,
  };
  return hints[page];
}

/** The values to show in a page's form: the answer already given, or what was just sent when it had a problem. */
export function formValuesFor(page: QuestionPage, answers: CheckerAnswers): Record<string, unknown> {
  const yn = (v: boolean | undefined) => (v === undefined ? undefined : v ? 'yes' : 'no');
  switch (page) {
    case 'date-of-birth': {
      const p = dateParts(answers.dateOfBirth);
      return { 'dateOfBirth[day]': p.day, 'dateOfBirth[month]': p.month, 'dateOfBirth[year]': p.year };
    }
    case 'education':
      return { inFullTimeEducation: yn(answers.inFullTimeEducation) };
    case 'gp-practice':
      return { gp: answers.gp?.kind === 'practice' ? answers.gp.code : answers.gp?.kind };
    case 'school':
      return { school: answers.school?.kind === 'school' ? answers.school.urn : answers.school?.kind };
    case 'curriculum':
      return { curriculum: answers.curriculum };
    case 'difficulties':
      return { difficulties: answers.difficulties?.length === 0 ? [NONE] : answers.difficulties };
    case 'conditions':
      return { conditions: answers.conditions?.length === 0 ? [NONE] : answers.conditions };
    case 'community-issue':
      return { communityIssue: yn(answers.communityIssue) };
    case 'other-needs':
      return { otherNeeds: answers.otherNeeds?.length === 0 ? [NONE] : answers.otherNeeds };
    case 'who-is-referring':
      return { referrer: answers.referrer };
    case 'discharge': {
      const on = answers.discharge?.seen === true ? answers.discharge.on : undefined;
      const p = dateParts(on);
      return {
        seen: yn(answers.discharge?.seen),
        'dischargedOn[day]': p.day,
        'dischargedOn[month]': p.month,
        'dischargedOn[year]': p.year,
      };
    }
  }
}

/** Radios and checkboxes with the values given ticked, in the shape nhsuk-frontend's macros take. */
export function itemsWith(options: Option[], value: unknown): (Option & { checked: boolean })[] {
  const chosen = Array.isArray(value) ? value : [value];
  return options.map((o) => ({ ...o, checked: chosen.includes(o.value) }));
}

/** Checkbox items with "or" above the exclusive "None of these", as the GOV.UK pattern shows it. */
export function withDividerBeforeNone<T extends { behaviour?: string }>(items: T[]): (T | { divider: string })[] {
  const at = items.findIndex((i) => i.behaviour === 'exclusive');
  return at === -1 ? items : [...items.slice(0, at), { divider: 'or' }, ...items.slice(at)];
}

const CRITERION_NAMES: Record<CriterionId, string> = {
  age: 'Age',
  area: 'Where the child is registered with a GP or goes to school',
  difficulties: 'Difficulties',
  'short-term-illness': 'Short-term illness',
  'acute-surgery': 'Recovery from surgery',
  'excluded-conditions': 'Conditions we do not cover',
  'ayres-sensory-integration': 'Ayres Sensory Integration',
  referrer: 'Who is referring',
};

const RESULT_TEXT = { met: 'Meets the criteria', 'not-met': 'Does not meet the criteria', unknown: 'Not known yet' };

export interface Places {
  practice?: PracticeFacts | undefined;
  school?: SchoolFacts | undefined;
}

/** A given answer as the lines to show in the summary of answers. */
function answerLines(page: QuestionPage, answers: CheckerAnswers, ctx: FlowContext, places: Places): string[] {
  const { definition } = ctx;
  const labels = (codes: string[] | undefined) => {
    const options = optionsOf(page, definition);
    const chosen = options.filter((o) => codes?.includes(o.value) === true);
    return chosen.length === 0 ? ['None of these'] : chosen.map((o) => o.text);
  };
  const yn = (v: boolean | undefined) => [v === true ? 'Yes' : 'No'];
  const declared = (p: 'gp-practice' | 'school', kind: string | undefined) => [
    placeOptions(p, definition, true).find((o) => o.value === kind)?.text ?? '',
  ];
  switch (page) {
    case 'date-of-birth':
      return [formatLongDate(answers.dateOfBirth ?? '')];
    case 'education':
      return yn(answers.inFullTimeEducation);
    case 'gp-practice':
      if (answers.gp?.kind !== 'practice') return declared(page, answers.gp?.kind);
      return [places.practice === undefined ? answers.gp.code : practiceText(places.practice)];
    case 'school':
      if (answers.school?.kind !== 'school') return declared(page, answers.school?.kind);
      return [places.school === undefined ? answers.school.urn : schoolText(places.school)];
    case 'curriculum':
      return [{ yes: 'Yes', no: 'No', 'not-known': 'I am not sure' }[answers.curriculum ?? 'not-known']];
    case 'difficulties':
      return labels(answers.difficulties);
    case 'conditions':
      return labels(answers.conditions);
    case 'other-needs':
      return labels(answers.otherNeeds);
    case 'community-issue':
      return yn(answers.communityIssue);
    case 'who-is-referring':
      return [definition.referrers.find((r) => r.id === answers.referrer)?.label ?? ''];
    case 'discharge':
      return [answers.discharge?.seen === true ? `Yes, discharged on ${formatLongDate(answers.discharge.on)}` : 'No'];
  }
}

/** The signposting for the child's area: the resources for the whole area, and those of the child's council. */
export function signpostingFor(definition: ServiceDefinition, school: SchoolFacts | undefined) {
  const councils = new Set(definition.eligibility.school.localAuthorities.map((la) => la.name));
  const council = school?.laName != null && councils.has(school.laName) && school.open ? school.laName : undefined;
  const resources = definition.signposting.filter(
    (s) => !councils.has(s.area) || council === undefined || s.area === council,
  );
  const areas = [...new Set(resources.map((s) => s.area))];
  return areas.map((area) => ({
    area: councils.has(area) ? area : definition.eligibility.areaName,
    resources: resources
      .filter((s) => s.area === area)
      .map((s) => ({ name: s.name, organisation: s.organisation, url: s.url })),
  }));
}

export function resultModel(
  decision: EligibilityDecision,
  answers: CheckerAnswers,
  ctx: FlowContext,
  settled: readonly CriterionId[],
  places: Places,
  paths: CheckerPaths,
) {
  const { definition } = ctx;
  const shown = decision.criteria.filter((c) => settled.includes(c.id));
  const notMet = shown.filter((c) => c.result === 'not-met');
  const referrer = definition.referrers.find((r) => r.id === answers.referrer);
  /** Only the referrer stands in the way: someone else can refer for them. */
  const needsAnotherReferrer = notMet.length > 0 && notMet.every((c) => c.id === 'referrer');
  return {
    outcome: decision.outcome,
    reasons: {
      notMet: notMet.map((c) => c.reason),
      unknown: shown.filter((c) => c.result === 'unknown').map((c) => c.reason),
    },
    criteria: shown.map((c) => ({ name: CRITERION_NAMES[c.id], result: RESULT_TEXT[c.result], reason: c.reason })),
    askedEverything: settled.length === decision.criteria.length,
    referrerMayRefer: referrer?.mayRefer !== 'never' && !needsAnotherReferrer,
    needsAnotherReferrer,
    whoCanRefer: definition.referrers.filter((r) => r.mayRefer === 'always').map((r) => midSentence(r.label)),
    signposting: signpostingFor(definition, places.school),
    policyVersion: decision.policyVersion,
    decidedOn: formatLongDate(decision.asOf),
    answers: QUESTION_PAGES.filter((p) => applies(p, answers, ctx) && answered(p, answers)).map((p) => ({
      question: SUMMARY_KEYS[p],
      changeWhat: midSentence(SUMMARY_KEYS[p]),
      lines: answerLines(p, answers, ctx, places),
      changeHref: paths.page(p),
    })),
  };
}
