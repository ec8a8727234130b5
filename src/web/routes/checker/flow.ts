/**
 * The "Check if we can help" questions as a flow: which pages exist, which apply to the answers given so far, which
 * comes next, and the eligibility facts the answers amount to. Pure: no request, no cookie, no database. The facts it
 * builds are exactly what the eligibility API takes, so the checker and the API share one engine and one parser.
 */
import type { CriterionId, EligibilityDecision, EligibilityFacts } from '../../../domain/eligibility/index.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { ageInYears } from '../../../domain/shared/dates.js';

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

export const OTHER_NEEDS = ['short-term-illness', 'acute-surgery', 'ayres-sensory-integration'] as const;
export type OtherNeed = (typeof OTHER_NEEDS)[number];

/**
 * An answer about a place given in words rather than picked from the reference data: where there is none to pick from
 * (a fresh install), or the person does not know, or the child has no GP or school.
 */
export type DeclaredPlace = { kind: 'in-area' | 'outside-area' | 'not-known' | 'none' };

export interface CheckerAnswers {
  dateOfBirth?: string;
  inFullTimeEducation?: boolean;
  gp?: { kind: 'practice'; code: string } | DeclaredPlace;
  school?: { kind: 'school'; urn: string } | DeclaredPlace;
  curriculum?: 'yes' | 'no' | 'not-known';
  difficulties?: string[];
  conditions?: string[];
  communityIssue?: boolean;
  otherNeeds?: OtherNeed[];
  referrer?: string;
  /** Whether the service has seen the child before: asked only of a referrer who may refer after a discharge. */
  seenBefore?: boolean;
  /** When the service discharged the child: asked only when it has seen them before. */
  dischargedOn?: string;
}

export interface FlowContext {
  definition: ServiceDefinition;
  /** Today in Europe/London: the date the checker decides for. */
  today: string;
}

/** The pages whose answers settle each criterion. */
const PAGES_OF: Record<CriterionId, readonly QuestionPage[]> = {
  age: ['date-of-birth', 'education'],
  area: ['gp-practice', 'school', 'curriculum'],
  difficulties: ['difficulties'],
  'short-term-illness': ['other-needs'],
  'acute-surgery': ['other-needs'],
  'excluded-conditions': ['conditions', 'community-issue'],
  'ayres-sensory-integration': ['other-needs'],
  referrer: ['who-is-referring', 'discharge', 'discharge-date'],
};

function ageOf(answers: CheckerAnswers, today: string): number | undefined {
  return answers.dateOfBirth === undefined ? undefined : ageInYears(answers.dateOfBirth, today);
}

/** Whether a page is asked, given the answers so far. A page that does not apply is skipped and its answer ignored. */
export function applies(page: QuestionPage, answers: CheckerAnswers, ctx: FlowContext): boolean {
  const { eligibility, referrers } = ctx.definition;
  switch (page) {
    case 'education': {
      const age = ageOf(answers, ctx.today);
      return (
        age !== undefined && age >= eligibility.ages.alwaysUnder && age < eligibility.ages.inFullTimeEducationUnder
      );
    }
    case 'curriculum':
      return answers.school?.kind === 'school' || answers.school?.kind === 'in-area';
    case 'community-issue':
      return (
        eligibility.excludedConditions.overriddenByCommunityIssue &&
        (answers.conditions ?? []).some((c) => eligibility.excludedConditions.codes.includes(c))
      );
    case 'discharge':
      return referrers.find((r) => r.id === answers.referrer)?.mayRefer === 'within-re-referral-window';
    case 'discharge-date':
      return answers.seenBefore === true && applies('discharge', answers, ctx);
    default:
      return true;
  }
}

/** Whether a page has an answer, whether or not it applies. */
export function answered(page: QuestionPage, answers: CheckerAnswers): boolean {
  const field: Record<QuestionPage, keyof CheckerAnswers> = {
    'date-of-birth': 'dateOfBirth',
    education: 'inFullTimeEducation',
    'gp-practice': 'gp',
    school: 'school',
    curriculum: 'curriculum',
    difficulties: 'difficulties',
    conditions: 'conditions',
    'community-issue': 'communityIssue',
    'other-needs': 'otherNeeds',
    'who-is-referring': 'referrer',
    discharge: 'seenBefore',
    'discharge-date': 'dischargedOn',
  };
  return answers[field[page]] !== undefined;
}

/** The pages that apply and still need an answer, in order. */
export function pendingPages(answers: CheckerAnswers, ctx: FlowContext): QuestionPage[] {
  return QUESTION_PAGES.filter((p) => applies(p, answers, ctx) && !answered(p, answers));
}

/** A criterion is settled once every page that feeds it and applies has an answer: later pages cannot change it. */
export function settledCriteria(answers: CheckerAnswers, ctx: FlowContext): CriterionId[] {
  const pending = new Set(pendingPages(answers, ctx));
  return (Object.keys(PAGES_OF) as CriterionId[]).filter((id) => PAGES_OF[id].every((p) => !pending.has(p)));
}

/**
 * Where to go after an answer: the first page that still needs one, or the result once every page has its answer or
 * as soon as a settled criterion is not met (the answer cannot then change, so asking more would waste the person's
 * time).
 */
export function nextStep(
  answers: CheckerAnswers,
  ctx: FlowContext,
  decision: EligibilityDecision | undefined,
): QuestionPage | 'result' {
  const pending = pendingPages(answers, ctx);
  const first = pending[0];
  if (first === undefined) return 'result';
  if (decision === undefined) return first;
  const settled = new Set(settledCriteria(answers, ctx));
  const failed = decision.criteria.some((c) => c.result === 'not-met' && settled.has(c.id));
  return failed ? 'result' : first;
}

/** The page before this one that applies, for the back link; undefined before the first question. */
export function previousPage(page: QuestionPage, answers: CheckerAnswers, ctx: FlowContext): QuestionPage | undefined {
  const before = QUESTION_PAGES.slice(0, QUESTION_PAGES.indexOf(page));
  return before.filter((p) => applies(p, answers, ctx)).at(-1);
}

/** Whether a page may be shown: every page before it that applies has its answer (no skipping ahead by URL). */
export function reachable(page: QuestionPage, answers: CheckerAnswers, ctx: FlowContext): boolean {
  const pending = pendingPages(answers, ctx);
  const first = pending[0];
  return first === undefined || QUESTION_PAGES.indexOf(page) <= QUESTION_PAGES.indexOf(first);
}

/**
 * The facts the answers amount to, as the eligibility API takes them: only answers to pages that apply count, and
 * "not known" leaves a fact out so that the engine says what is missing.
 */
export function factsFrom(answers: CheckerAnswers, ctx: FlowContext): EligibilityFacts | undefined {
  if (answers.dateOfBirth === undefined) return undefined;
  const asked = (page: QuestionPage) => applies(page, answers, ctx) && answered(page, answers);
  const child: EligibilityFacts['child'] = { dateOfBirth: answers.dateOfBirth };
  const facts: EligibilityFacts = { child };
  if (asked('education')) child.inFullTimeEducation = answers.inFullTimeEducation;
  const gp = answers.gp;
  if (gp?.kind === 'practice') child.gpPracticeCode = gp.code;
  else if (gp?.kind === 'in-area' || gp?.kind === 'outside-area') child.gpPracticeInArea = gp.kind === 'in-area';
  const school = answers.school;
  if (school?.kind === 'school') child.schoolUrn = school.urn;
  else if (school?.kind === 'in-area' || school?.kind === 'outside-area') {
    child.schoolInArea = school.kind === 'in-area';
  }
  if (asked('curriculum') && answers.curriculum !== 'not-known') {
    facts.needsInCurriculumContext = answers.curriculum === 'yes';
  }
  if (answers.difficulties !== undefined) facts.difficulties = answers.difficulties;
  if (answers.conditions !== undefined) facts.conditions = answers.conditions;
  if (asked('community-issue')) facts.overridingCommunityIssue = answers.communityIssue;
  if (answers.otherNeeds !== undefined) {
    facts.shortTermAcuteIllness = answers.otherNeeds.includes('short-term-illness');
    facts.acuteSurgicalRecovery = answers.otherNeeds.includes('acute-surgery');
    facts.requestsAyresSensoryIntegration = answers.otherNeeds.includes('ayres-sensory-integration');
  }
  if (answers.referrer !== undefined) {
    // Not seen before, or no date given: no discharge date, so a parent or carer cannot refer (not met).
    const dischargedOn = asked('discharge-date') ? answers.dischargedOn : undefined;
    facts.referrer = {
      type: answers.referrer,
      ...(dischargedOn === undefined ? {} : { childDischargedOn: dischargedOn }),
    };
  }
  return facts;
}
