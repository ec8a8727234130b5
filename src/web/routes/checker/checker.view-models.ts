/**
 * What each checker page shows: the question in plain words, its options from the service definition, the answer
 * already given, and, on the result page, the decision explained criterion by criterion with what to do next.
 */
import type { CriterionId, CriterionOutcome, EligibilityDecision } from '../../../domain/eligibility/index.js';
import type { PracticeFacts, SchoolFacts } from '../../../domain/reference/types.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { addMonthsClamped, ageInYears, formatLongDate } from '../../../domain/shared/dates.js';
import { dateParts } from '../../../domain/shared/date-input.js';
import type { PublicPaths } from '../../paths.js';
import { inWords, midSentence, months } from '../public/public.view-models.js';
import { practiceText, schoolText } from '../shared/place-choices.js';
import { DATE_FIELDS, NONE, otherNeedsOffered } from './checker.forms.js';
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
export function questionOf(page: QuestionPage): string {
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
    discharge: 'Has our service seen the child before?',
    'discharge-date': 'When did we discharge the child?',
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
  'discharge-date': 'Date we discharged the child',
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
      // The definition's hint says what each kind of difficulty means in plain words ("Everyday tasks such as
      // dressing..."), where its label is the clinical category ("everyday functional"): a family reads the words.
      return [
        ...definition.eligibility.difficulties.map((d) => ({ value: d.code, text: d.hint ?? capitalised(d.label) })),
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
      // The labels say who each is; the definition's `includes` are the service page's own words, not a hint.
      return definition.referrers.map((r) => ({ value: r.id, text: r.label }));
    default:
      return [];
  }
}

/** A date as the GOV.UK date input's hint writes it: 2026-08-31 is "31 8 2026". */
export function hintDate(isoDate: string): string {
  const [year = '', month = '', day = ''] = isoDate.split('-');
  return `${String(Number(day))} ${String(Number(month))} ${year}`;
}

/**
 * The hint under each question. The example dates follow today, so that they always look like an answer someone
 * could give: a child's date of birth some years ago, a discharge a couple of months ago.
 */
export function hintOf(page: QuestionPage, definition: ServiceDefinition, today: string): string | undefined {
  const window = months(definition.eligibility.parentReReferralWindowMonths);
  const afterDischarge = definition.referrers
    .filter((r) => r.mayRefer === 'within-re-referral-window')
    .map((r) => midSentence(r.label));
  const hints: Partial<Record<QuestionPage, string>> = {
    'date-of-birth': `For example, ${hintDate(addMonthsClamped(today, -(8 * 12 + 5)))}`,
    education: 'For example, at school, sixth form or college.',
    curriculum: 'For example, with handwriting, using equipment in lessons, PE, or getting around school.',
    difficulties: 'Select all that apply.',
    conditions: 'Select all that apply. Only include conditions the child has been diagnosed with.',
    'community-issue': 'For example, the child is not able to leave home.',
    'other-needs': 'Select all that apply.',
    'who-is-referring': 'If a professional will refer the child, choose their role.',
    discharge: `${capitalised(inWords(afterDischarge, 'or'))} can refer the child again if we discharged them in the last ${window}.`,
    'discharge-date': `For example, ${hintDate(addMonthsClamped(today, -2))}. The date is on the letter we sent when we discharged the child.`,
  };
  return hints[page];
}

/** What a question page says under its answer, if anything. */
export function noteOf(page: QuestionPage): string | undefined {
  return page === 'date-of-birth'
    ? "We use the date of birth only to work out the child's age. We do not keep it."
    : undefined;
}

/** The values to show in a page's form: the answer already given, or what was just sent when it had a problem. */
export function formValuesFor(page: QuestionPage, answers: CheckerAnswers): Record<string, unknown> {
  const yn = (v: boolean | undefined) => (v === undefined ? undefined : v ? 'yes' : 'no');
  const date = (name: string, value: string | undefined) => {
    const p = dateParts(value);
    return { [`${name}[day]`]: p.day, [`${name}[month]`]: p.month, [`${name}[year]`]: p.year };
  };
  switch (page) {
    case 'date-of-birth':
      return date(DATE_FIELDS[page] ?? page, answers.dateOfBirth);
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
    case 'discharge':
      return { seenBefore: yn(answers.seenBefore) };
    case 'discharge-date':
      return date(DATE_FIELDS[page] ?? page, answers.dischargedOn);
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

/**
 * Each criterion's result as a family would say it, so that a row reads as a sentence: "Short-term illness: not the
 * reason for the referral", rather than "Met". What is not known yet is the same for every criterion.
 */
const RESULT_WORDS: Record<CriterionId, { met: string; 'not-met': string }> = {
  age: { met: 'Within our age range', 'not-met': 'Outside our age range' },
  area: { met: 'In our area', 'not-met': 'Not in our area' },
  difficulties: { met: 'Difficulties we help with', 'not-met': 'No difficulties we help with' },
  'short-term-illness': { met: 'Not the reason for the referral', 'not-met': 'The reason for the referral' },
  'acute-surgery': { met: 'Not the reason for the referral', 'not-met': 'The reason for the referral' },
  'excluded-conditions': { met: 'None that stop us helping', 'not-met': 'A condition we do not see children for' },
  'ayres-sensory-integration': { met: 'Not asked for, or we provide it', 'not-met': 'Asked for: we do not provide it' },
  referrer: { met: 'Can refer', 'not-met': 'Cannot refer' },
};

/** A criterion's result in words, as the result page's "How we decided" shows it. */
export function resultInWords(id: CriterionId, result: CriterionOutcome['result']): string {
  return result === 'unknown' ? 'Not known yet' : RESULT_WORDS[id][result];
}

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
      return yn(answers.seenBefore);
    case 'discharge-date':
      return [formatLongDate(answers.dischargedOn ?? '')];
  }
}

/** Whether an organisation's name adds to a resource's: not when it repeats the name, or starts with it. */
export function organisationAddsTo(name: string, organisation: string): boolean {
  const n = name.trim().toLowerCase();
  const o = organisation.trim().toLowerCase();
  return !o.startsWith(n) && !n.includes(o);
}

/**
 * The signposting for the child's area: the resources for the whole area, and those of the child's council. The
 * service's own pages (type `nhs-service`) are left out: the person is already using the service.
 */
export function signpostingFor(definition: ServiceDefinition, school: SchoolFacts | undefined) {
  const councils = new Set(definition.eligibility.school.localAuthorities.map((la) => la.name));
  const council = school?.laName != null && councils.has(school.laName) && school.open ? school.laName : undefined;
  const resources = definition.signposting.filter(
    (s) => s.type !== 'nhs-service' && (!councils.has(s.area) || council === undefined || s.area === council),
  );
  const areas = [...new Set(resources.map((s) => s.area))];
  return areas.map((area) => ({
    area: councils.has(area) ? area : definition.eligibility.areaName,
    resources: resources
      .filter((s) => s.area === area)
      .map((s) => ({
        name: s.name,
        organisation: organisationAddsTo(s.name, s.organisation) ? s.organisation : undefined,
        url: s.url,
      })),
  }));
}

/** 19 is "19th", 21 is "21st", 12 is "12th". */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th');
  return `${String(n)}${suffix}`;
}

/**
 * A criterion that is not met, or not known yet, in plain words for a family: the service's rule, from the
 * definition's parameters, and what the answers say about it. The engine's own reasons stay in "How we decided".
 */
export function explanationOf(criterion: CriterionOutcome, answers: CheckerAnswers, ctx: FlowContext): string {
  const { definition } = ctx;
  const e = definition.eligibility;
  const result = criterion.result;
  switch (criterion.id) {
    case 'age': {
      const { alwaysUnder, inFullTimeEducationUnder } = e.ages;
      const rule =
        inFullTimeEducationUnder > alwaysUnder
          ? `We see children and young people until their ${ordinal(inFullTimeEducationUnder)} birthday if they are still in full-time education, and until their ${ordinal(alwaysUnder)} birthday otherwise.`
          : `We see children and young people until their ${ordinal(alwaysUnder)} birthday.`;
      if (answers.dateOfBirth === undefined) return rule;
      const years = ageInYears(answers.dateOfBirth, ctx.today);
      const aged = `The child is ${String(years)}`;
      if (result === 'unknown') return `${rule} ${aged}, so it depends on whether they are in full-time education.`;
      const notInEducation = years < inFullTimeEducationUnder && answers.inFullTimeEducation === false;
      return `${rule} ${aged}${notInEducation ? ' and not in full-time education' : ''}.`;
    }
    case 'area': {
      const rule = `We see children and young people who are registered with a GP practice in ${e.areaName}, or who go to a school or college there and need help with things they do at school.`;
      if (result === 'not-met') return `${rule} From your answers, neither is true for this child.`;
      const hasSchool = answers.school?.kind === 'school' || answers.school?.kind === 'in-area';
      if (hasSchool && answers.curriculum === 'not-known') {
        return `${rule} We do not know yet whether the child needs help with things they do at school.`;
      }
      if (answers.gp?.kind === 'not-known' && answers.school?.kind === 'not-known') {
        return `${rule} You did not know the child's GP practice or school, so we cannot tell yet.`;
      }
      return `${rule} We cannot tell yet whether this is true for this child.`;
    }
    case 'difficulties': {
      const kinds = inWords(
        e.difficulties.map((d) => d.label),
        'or',
      );
      const rule = `We see children and young people who have ${kinds} difficulties.`;
      return result === 'not-met'
        ? `${rule} From your answers, the child does not have any of these.`
        : `${rule} You have not told us yet which difficulties the child has.`;
    }
    case 'short-term-illness':
      return 'We do not see children and young people who have a short-term illness and are expected to recover fully.';
    case 'acute-surgery':
      return 'We do not see children and young people who are recovering from surgery and are expected to get back to how they were before.';
    case 'excluded-conditions': {
      const excluded = definition.conditions.filter((c) => e.excludedConditions.codes.includes(c.code));
      const theirs = excluded.filter((c) => answers.conditions?.includes(c.code) === true);
      const named = inWords(
        (theirs.length > 0 ? theirs : excluded).map((c) => midSentence(c.label)),
        'or',
      );
      const unless = e.excludedConditions.overriddenByCommunityIssue
        ? ', unless a serious problem stops them getting help outside the home'
        : '';
      return `We do not see children and young people whose needs come from ${named}${unless}.`;
    }
    case 'ayres-sensory-integration':
      return 'We do not provide Ayres Sensory Integration therapy. If the child needs help with other things, you can check again without asking for it.';
    case 'referrer': {
      const referrer = definition.referrers.find((r) => r.id === answers.referrer);
      if (referrer === undefined || result === 'unknown') return 'You have not told us yet who will make the referral.';
      if (referrer.mayRefer !== 'within-re-referral-window') {
        return `We cannot accept a referral from ${midSentence(referrer.label)}.`;
      }
      const window = months(e.parentReReferralWindowMonths);
      const rule = `${referrer.label} can refer the child only if we discharged them in the last ${window}.`;
      if (answers.seenBefore !== true || answers.dischargedOn === undefined) {
        return `${rule} You told us we have not seen the child before.`;
      }
      return `${rule} We discharged the child on ${formatLongDate(answers.dischargedOn)}, more than ${window} ago.`;
    }
  }
}

/** What a search for a practice or school found, as the page says it. */
export function searchStatus(query: string, found: number, cap: number): string {
  if (found === 0) return `No results for ‘${query}’. Check the spelling, or search for the town or postcode instead.`;
  if (found >= cap) {
    return `Showing the first ${String(cap)} results for ‘${query}’. Add more of the name, or search by postcode, to narrow it down.`;
  }
  return `${String(found)} ${found === 1 ? 'result' : 'results'} for ‘${query}’.`;
}

/**
 * The engine's reason, except where the checker knows more than the facts say: a parent who said we have not seen the
 * child gave no discharge date because there is none, so "no discharge date was given" would not apply.
 */
function reasonShown(c: CriterionOutcome, answers: CheckerAnswers, ctx: FlowContext): string {
  const referrer = ctx.definition.referrers.find((r) => r.id === answers.referrer);
  if (c.id !== 'referrer' || c.result !== 'not-met' || answers.seenBefore !== false || referrer === undefined) {
    return c.reason;
  }
  const window = months(ctx.definition.eligibility.parentReReferralWindowMonths);
  return `${referrer.label} may refer only within ${window} of the child's discharge from the service, and you told us we have not seen the child before.`;
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
  /** The child is too old for the service: children's services are no help, adult services may be. */
  const tooOld = notMet.some((c) => c.id === 'age');
  const explained = decision.outcome === 'ineligible' ? notMet : shown.filter((c) => c.result === 'unknown');
  return {
    outcome: decision.outcome,
    explanations: explained.map((c) => explanationOf(c, answers, ctx)),
    criteria: shown.map((c) => ({
      name: CRITERION_NAMES[c.id],
      result: resultInWords(c.id, c.result),
      reason: reasonShown(c, answers, ctx),
    })),
    askedEverything: settled.length === decision.criteria.length,
    referrerMayRefer: referrer?.mayRefer !== 'never' && !needsAnotherReferrer,
    needsAnotherReferrer,
    tooOld,
    whoCanRefer: inWords(
      definition.referrers.filter((r) => r.mayRefer === 'always').map((r) => midSentence(r.label)),
      'or',
    ),
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
