/**
 * The standardised assessments recorded on a child's record (issue 14 item 4): one kind per test, one label per kind,
 * and one door, `deriveAssessment`, that reads what a clinician typed for a kind and gives back what to store, what
 * it derives and a line for the timeline, or the problems to show. Only scores and classifications are stored; no
 * test content is reproduced. Pure.
 */
import { deriveBeeryVmi, type BeeryDerived, type BeeryScores } from './beery-vmi.js';
import { deriveDcdq07, type DcdqDerived, type DcdqScores } from './dcdq07.js';
import { deriveFunctional, type FunctionalDerived, type FunctionalScores } from './functional.js';
import { deriveMabc2, type Mabc2Derived, type Mabc2Scores } from './mabc2.js';
import type { Derivation } from './parse.js';
import {
  deriveSensoryProfile2,
  type SensoryDerived,
  type SensoryProfileMaxima,
  type SensoryScores,
} from './sensory-profile-2.js';

export type { AssessmentProblem, Derivation } from './parse.js';

export const ASSESSMENT_KINDS = ['mabc2', 'beery-vmi', 'sensory-profile-2', 'dcdq07', 'functional'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

export const ASSESSMENT_LABELS: Record<AssessmentKind, string> = {
  mabc2: 'Movement ABC-2',
  'beery-vmi': 'Beery VMI',
  'sensory-profile-2': 'Sensory Profile 2',
  dcdq07: "DCDQ'07",
  functional: 'Functional assessment',
};

/** True for one of the assessment kinds, and nothing else (not "toString"). */
export function isAssessmentKind(value: unknown): value is AssessmentKind {
  return typeof value === 'string' && (ASSESSMENT_KINDS as readonly string[]).includes(value);
}

export interface AssessmentContext {
  /** The child's date of birth, `YYYY-MM-DD`. */
  dateOfBirth: string;
  /** The date the assessment was done or the questionnaire completed, `YYYY-MM-DD`. */
  on: string;
  /** The service's Sensory Profile 2 maximum raw scores per form, where configured. */
  sensoryProfileMaxima?: SensoryProfileMaxima;
}

/** What each kind stores and derives. */
interface AssessmentValues {
  mabc2: { scores: Mabc2Scores; derived: Mabc2Derived };
  'beery-vmi': { scores: BeeryScores; derived: BeeryDerived };
  'sensory-profile-2': { scores: SensoryScores; derived: SensoryDerived };
  dcdq07: { scores: DcdqScores; derived: DcdqDerived };
  functional: { scores: FunctionalScores; derived: FunctionalDerived };
}

export type AssessmentScores<K extends AssessmentKind = AssessmentKind> = AssessmentValues[K]['scores'];
export type AssessmentDerivation<K extends AssessmentKind = AssessmentKind> = Derivation<
  AssessmentValues[K]['scores'],
  AssessmentValues[K]['derived']
>;

const DERIVE: { [K in AssessmentKind]: (input: unknown, context: AssessmentContext) => AssessmentDerivation<K> } = {
  mabc2: (input) => deriveMabc2(input),
  'beery-vmi': (input) => deriveBeeryVmi(input),
  'sensory-profile-2': (input, context) => deriveSensoryProfile2(input, context.sensoryProfileMaxima),
  dcdq07: (input, context) => deriveDcdq07(input, context),
  functional: (input) => deriveFunctional(input),
};

/**
 * Reads the raw input for an assessment kind (unknown: form strings or numbers) and derives its values. The answer
 * is `{ ok: true, scores, derived, summary }`, with `scores` what is stored, or `{ ok: false, problems }`, each
 * problem a field name and a GOV.UK-style message. Never throws for what a person typed.
 */
export function deriveAssessment<K extends AssessmentKind>(
  kind: K,
  input: unknown,
  context: AssessmentContext,
): AssessmentDerivation<K> {
  const derive: (input: unknown, context: AssessmentContext) => AssessmentDerivation<K> = DERIVE[kind];
  return derive(input, context);
}
