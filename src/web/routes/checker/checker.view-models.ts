/**
 * What the checker's result page shows: the decision explained criterion by criterion in plain words, what to do next,
 * signposting for the child's area, and the summary of answers. The question pages are fields of the one
 * form-component model (`domain/checker/pages.ts`, `web/forms/field-models.ts`).
 */
import type { CheckerFlow } from '../../../domain/checker/flow.js';
import { SEEN_BEFORE, type QuestionPage } from '../../../domain/checker/pages.js';
import type { CriterionId, CriterionOutcome, EligibilityDecision } from '../../../domain/eligibility/index.js';
import { answerList, answerText, type Answers } from '../../../domain/forms/fields.js';
import type { PracticeFacts, SchoolFacts } from '../../../domain/reference/types.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { ageInYears, formatLongDate } from '../../../domain/shared/dates.js';
import { inWords, midSentence, months } from '../../../domain/shared/words.js';
import { answerLines } from '../../forms/field-models.js';
import type { PublicPaths } from '../../paths.js';
import { practiceText, schoolText } from '../shared/place-choices.js';

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

/** What the result page reads besides the answers: the service, today, and the checker's flow. */
export interface ResultContext {
  definition: ServiceDefinition;
  today: string;
  flow: CheckerFlow;
}

export interface Places {
  practice?: PracticeFacts | undefined;
  school?: SchoolFacts | undefined;
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
export function explanationOf(criterion: CriterionOutcome, answers: Answers, ctx: ResultContext): string {
  const { definition } = ctx;
  const answer = (name: string) => answerText(answers, name);
  const bornOn = answer('childDateOfBirth');
  const school = answer('childSchool');
  const e = definition.eligibility;
  const result = criterion.result;
  switch (criterion.id) {
    case 'age': {
      const { alwaysUnder, inFullTimeEducationUnder } = e.ages;
      const rule =
        inFullTimeEducationUnder > alwaysUnder
          ? `We see children and young people until their ${ordinal(inFullTimeEducationUnder)} birthday if they are still in full-time education, and until their ${ordinal(alwaysUnder)} birthday otherwise.`
          : `We see children and young people until their ${ordinal(alwaysUnder)} birthday.`;
      if (bornOn === undefined) return rule;
      const years = ageInYears(bornOn, ctx.today);
      const aged = `The child is ${String(years)}`;
      if (result === 'unknown') return `${rule} ${aged}, so it depends on whether they are in full-time education.`;
      const notInEducation = years < inFullTimeEducationUnder && answer('inFullTimeEducation') === 'no';
      return `${rule} ${aged}${notInEducation ? ' and not in full-time education' : ''}.`;
    }
    case 'area': {
      const rule = `We see children and young people who are registered with a GP practice in ${e.areaName}, or who go to a school or college there and need help with things they do at school.`;
      if (result === 'not-met') return `${rule} From your answers, neither is true for this child.`;
      const hasSchool = school === 'in-area' || (school !== undefined && /^\d/u.test(school));
      if (hasSchool && answer('curriculum') === 'not-known') {
        return `${rule} We do not know yet whether the child needs help with things they do at school.`;
      }
      if (answer('childGp') === 'not-known' && school === 'not-known') {
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
      const theirs = excluded.filter((c) => answerList(answers, 'conditions').includes(c.code));
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
      const referrer = definition.referrers.find((r) => r.id === answer('referrerType'));
      if (referrer === undefined || result === 'unknown') return 'You have not told us yet who will make the referral.';
      if (referrer.mayRefer !== 'within-re-referral-window') {
        return `We cannot accept a referral from ${midSentence(referrer.label)}.`;
      }
      const window = months(e.parentReReferralWindowMonths);
      const rule = `${referrer.label} can refer the child only if we discharged them in the last ${window}.`;
      const dischargedOn = answer('childDischargedOn');
      if (answer(SEEN_BEFORE) !== 'yes' || dischargedOn === undefined) {
        return `${rule} You told us we have not seen the child before.`;
      }
      return `${rule} We discharged the child on ${formatLongDate(dischargedOn)}, more than ${window} ago.`;
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
function reasonShown(c: CriterionOutcome, answers: Answers, ctx: ResultContext): string {
  const referrer = ctx.definition.referrers.find((r) => r.id === answers.referrerType);
  if (c.id !== 'referrer' || c.result !== 'not-met' || answers[SEEN_BEFORE] !== 'no' || referrer === undefined) {
    return c.reason;
  }
  const window = months(ctx.definition.eligibility.parentReReferralWindowMonths);
  return `${referrer.label} may refer only within ${window} of the child's discharge from the service, and you told us we have not seen the child before.`;
}

export function resultModel(
  decision: EligibilityDecision,
  answers: Answers,
  ctx: ResultContext,
  places: Places,
  paths: CheckerPaths,
) {
  const { definition, flow } = ctx;
  const settled = flow.settledCriteria(answers);
  const shown = decision.criteria.filter((c) => settled.includes(c.id));
  const notMet = shown.filter((c) => c.result === 'not-met');
  const referrer = definition.referrers.find((r) => r.id === answers.referrerType);
  /** Only the referrer stands in the way: someone else can refer for them. */
  const needsAnotherReferrer = notMet.length > 0 && notMet.every((c) => c.id === 'referrer');
  /** The child is too old for the service: children's services are no help, adult services may be. */
  const tooOld = notMet.some((c) => c.id === 'age');
  const placeNames: Record<string, string> = {
    ...(places.practice !== undefined && { [places.practice.code]: practiceText(places.practice) }),
    ...(places.school !== undefined && { [places.school.urn]: schoolText(places.school) }),
  };
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
    answers: flow.answeredPages(answers).map((p) => ({
      question: p.summary,
      changeWhat: midSentence(p.summary),
      lines: answerLines(p.field, answers[p.field.name], placeNames),
      changeHref: paths.page(p.id),
    })),
  };
}
