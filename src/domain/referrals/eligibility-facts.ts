/**
 * The eligibility facts a referral's answers give, in the shape the engine (and the API) take, so that the referral
 * form is decided by the same rules as the checker and the API. Only pages that apply count.
 */
import type { EligibilityFacts } from '../eligibility/facts.js';
import type { Answers } from './fields.js';
import { NOT_LISTED, PRACTICE_CODE, pagesFor, SCHOOL_URN, type QuestionContext } from './questions.js';

const NONE = 'none';
const DECLARED_IN = 'in-area';
const DECLARED_OUT = 'outside-area';

export function referralFacts(answers: Answers, ctx: QuestionContext): EligibilityFacts | undefined {
  const text = (name: string) => (typeof answers[name] === 'string' ? answers[name] : undefined);
  const list = (name: string) => {
    const v = answers[name];
    return Array.isArray(v) ? v.filter((x) => x !== NONE) : undefined;
  };
  const dateOfBirth = text('childDateOfBirth');
  if (dateOfBirth === undefined) return undefined;
  const applying = new Set(pagesFor(ctx, answers).map((p) => p.id));
  const child: EligibilityFacts['child'] = { dateOfBirth };
  const facts: EligibilityFacts = { child };

  const education = text('inFullTimeEducation');
  if (applying.has('child-education') && education !== undefined) child.inFullTimeEducation = education === 'yes';
  const gp = text('childGp');
  if (gp === DECLARED_IN || gp === DECLARED_OUT) child.gpPracticeInArea = gp === DECLARED_IN;
  else if (gp !== undefined && /^[A-Z0-9]{3,8}$/u.test(gp)) child.gpPracticeCode = gp;
  else if (gp === NOT_LISTED) {
    // A typed practice counts by its ODS code, once the reference data lists it; without one it is unknown.
    const code = text('childGpCode');
    if (code !== undefined && PRACTICE_CODE.test(code)) child.gpPracticeCode = code;
  }
  const school = text('childSchool');
  if (school === DECLARED_IN || school === DECLARED_OUT) child.schoolInArea = school === DECLARED_IN;
  else if (school !== undefined && /^\d{5,8}$/u.test(school)) child.schoolUrn = school;
  else if (school === NOT_LISTED) {
    const urn = text('childSchoolUrn');
    if (urn !== undefined && SCHOOL_URN.test(urn)) child.schoolUrn = urn;
  }
  const curriculum = text('curriculum');
  if (applying.has('curriculum') && (curriculum === 'yes' || curriculum === 'no')) {
    facts.needsInCurriculumContext = curriculum === 'yes';
  }
  const difficulties = list('difficulties');
  if (difficulties !== undefined) facts.difficulties = difficulties;
  const conditions = list('conditions');
  if (conditions !== undefined) facts.conditions = conditions;
  const community = text('communityIssue');
  if (applying.has('community-issue') && community !== undefined) facts.overridingCommunityIssue = community === 'yes';
  const otherNeeds = list('otherNeeds');
  if (otherNeeds !== undefined) {
    facts.shortTermAcuteIllness = otherNeeds.includes('short-term-illness');
    facts.acuteSurgicalRecovery = otherNeeds.includes('acute-surgery');
    facts.requestsAyresSensoryIntegration = otherNeeds.includes('ayres-sensory-integration');
  }
  const referrerType = text('referrerType');
  if (referrerType !== undefined) {
    const discharged = applying.has('discharge') ? text('childDischargedOn') : undefined;
    facts.referrer = { type: referrerType, ...(discharged !== undefined && { childDischargedOn: discharged }) };
  }
  return facts;
}
