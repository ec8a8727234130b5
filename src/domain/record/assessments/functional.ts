/**
 * A functional assessment in the clinician's own words, in the three occupation areas occupational therapy works in:
 * self-care, productivity (school and play) and leisure. Each area is optional, but at least one must be written.
 * Texts are cleaned as everything people type is (`shared/text.ts`) and kept to 5,000 characters. Pure.
 */
import { inWords } from '../../shared/words.js';
import { cleanText, codePointLength, hasUnsafeCharacters } from '../../shared/text.js';
import { fieldsOf, isBlank, type AssessmentProblem, type Derivation } from './parse.js';

export const FUNCTIONAL_AREAS = ['selfCare', 'productivity', 'leisure'] as const;
export type FunctionalArea = (typeof FUNCTIONAL_AREAS)[number];

export const FUNCTIONAL_AREA_LABELS: Record<FunctionalArea, string> = {
  selfCare: 'Self-care',
  productivity: 'Productivity (school and play)',
  leisure: 'Leisure',
};

export const FUNCTIONAL_TEXT_MAX = 5000;

export type FunctionalScores = Partial<Record<FunctionalArea, string>>;

export interface FunctionalDerived {
  /** The areas written about, in order. */
  areas: FunctionalArea[];
}

/**
 * Reads a functional assessment (`selfCare`, `productivity`, `leisure`), trimming each text and dropping the empty
 * ones, or says what to fix: a text too long or with characters that cannot be stored, or no area written at all.
 */
export function deriveFunctional(input: unknown): Derivation<FunctionalScores, FunctionalDerived> {
  const fields = fieldsOf(input);
  const problems: AssessmentProblem[] = [];
  const scores: FunctionalScores = {};
  for (const area of FUNCTIONAL_AREAS) {
    const value = fields[area];
    if (isBlank(value)) continue;
    const label = FUNCTIONAL_AREA_LABELS[area];
    if (typeof value !== 'string' || hasUnsafeCharacters(value)) {
      problems.push({ field: area, message: `${label} contains characters that are not allowed` });
      continue;
    }
    const text = cleanText(value);
    if (text === '') continue;
    if (codePointLength(text) > FUNCTIONAL_TEXT_MAX) {
      problems.push({ field: area, message: `${label} must be 5,000 characters or fewer` });
      continue;
    }
    scores[area] = text;
  }
  const areas = FUNCTIONAL_AREAS.filter((area) => scores[area] !== undefined);
  if (areas.length === 0 && problems.length === 0) {
    problems.push({
      field: FUNCTIONAL_AREAS[0],
      message: "Describe the child's function in at least one area: self-care, productivity or leisure",
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  const names = areas.map((area) => FUNCTIONAL_AREA_LABELS[area].replace(/ \(.*\)$/u, '').toLowerCase());
  return {
    ok: true,
    scores,
    derived: { areas },
    summary: `Functional assessment: ${inWords(names, 'and')}`,
  };
}
