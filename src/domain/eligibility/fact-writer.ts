/**
 * How a question's answer becomes an eligibility fact (ADR 0026). A question that settles a fact carries a writer;
 * `factsFromAnswers` runs the writers of the questions that apply, so that the checker and the referral form turn
 * answers into facts in one way, and the facts are exactly what the eligibility API takes.
 */
import type { EligibilityFacts } from './facts.js';

/** The facts so far: everything optional until the answers have been read. */
export interface FactsDraft extends Omit<Partial<EligibilityFacts>, 'child' | 'referrer'> {
  child: Partial<EligibilityFacts['child']>;
  referrer?: { type?: string; childDischargedOn?: string };
}

/**
 * Writes the fact an answer gives. `answers` are all the answers, for a fact that depends on another answer (a code
 * typed in only because the practice could not be found).
 */
export type FactWriter = (
  value: string | readonly string[],
  facts: FactsDraft,
  answers: Readonly<Record<string, string | readonly string[]>>,
) => void;
