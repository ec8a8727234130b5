/**
 * Builders for the engine's tests (and later the checker's and the API's): reference look-ups held in memory, and
 * facts with sensible defaults. Pure, so it may live beside the engine.
 */
import type { PracticeFacts, ReferenceLookups, SchoolFacts } from '../reference/types.js';
import { parseServiceDefinition, type ServiceDefinition } from '../service/definition.js';
import type { CriterionId, EligibilityDecision } from './decision.js';
import type { EligibilityFacts } from './facts.js';

export function definitionFrom(json: unknown): ServiceDefinition {
  const result = parseServiceDefinition(json);
  if (!result.ok) throw new Error(`Invalid definition: ${result.problems.join('; ')}`);
  return result.definition;
}

export function aPractice(overrides: Partial<PracticeFacts> = {}): PracticeFacts {
  return {
    code: 'C82044',
    name: 'Empingham Medical Centre',
    status: 'A',
    prescribingSetting: 4,
    icbCode: 'QK1',
    subIcbCode: '03W',
    postcode: 'LE15 8PR',
    town: 'Oakham',
    ...overrides,
  };
}

export function aSchool(overrides: Partial<SchoolFacts> = {}): SchoolFacts {
  return {
    urn: '120345',
    name: 'Darul Uloom Leicester',
    open: true,
    laCode: '856',
    laName: 'Leicester',
    postcode: 'LE4 5LN',
    town: 'Leicester',
    ...overrides,
  };
}

export function lookupsOf(practices: PracticeFacts[] = [], schools: SchoolFacts[] = []): ReferenceLookups {
  return {
    practice: (code) => practices.find((p) => p.code === code),
    school: (urn) => schools.find((s) => s.urn === urn),
  };
}

/** The API request in criteria.md, word for word (as JSON, before parsing). */
export const CRITERIA_EXAMPLE_REQUEST = {
  asOf: '2026-11-27',
  child: {
    dateOfBirth: '2014-05-02',
    inFullTimeEducation: true,
    gpPracticeCode: 'C82044',
    gpPracticeInArea: true,
    schoolUrn: '120345',
    schoolInArea: true,
  },
  needsInCurriculumContext: true,
  difficulties: ['movement', 'functional'],
  conditions: ['developmental-coordination-disorder'],
  shortTermAcuteIllness: false,
  acuteSurgicalRecovery: false,
  overridingCommunityIssue: false,
  requestsAyresSensoryIntegration: false,
  referrer: { type: 'parent-carer', childDischargedOn: '2026-08-31' },
};

/** A child of 12 on 2026-11-27 whose every criterion is met for LLR, unless the overrides say otherwise. */
export function eligibleFacts(overrides: Partial<EligibilityFacts> = {}): EligibilityFacts {
  return {
    child: { dateOfBirth: '2014-05-02', inFullTimeEducation: true, gpPracticeCode: 'C82044' },
    needsInCurriculumContext: true,
    difficulties: ['movement', 'functional'],
    conditions: ['developmental-coordination-disorder'],
    shortTermAcuteIllness: false,
    acuteSurgicalRecovery: false,
    overridingCommunityIssue: false,
    requestsAyresSensoryIntegration: false,
    referrer: { type: 'gp' },
    ...overrides,
  };
}

/** One criterion's answer, with the missing facts of the whole decision. */
export function criterion(decision: EligibilityDecision, id: CriterionId) {
  const found = decision.criteria.find((c) => c.id === id);
  if (found === undefined) throw new Error(`No criterion ${id}`);
  return found;
}
