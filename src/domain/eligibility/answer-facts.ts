/**
 * The one function that turns answers into eligibility facts, for the checker and the referral form alike: each
 * question that settles a fact carries its writer (`Field.fact`), and only the questions of pages that apply count.
 * "Not known" answers write nothing, so that the engine says what is missing.
 */
import type { Answers, Field } from '../forms/fields.js';
import type { EligibilityFacts } from './facts.js';
import type { FactsDraft } from './fact-writer.js';

export type { FactsDraft, FactWriter } from './fact-writer.js';

/** The facts the answers to these fields give, or undefined before the child's date of birth is known. */
export function factsFromAnswers(fields: readonly Field[], answers: Answers): EligibilityFacts | undefined {
  const draft: FactsDraft = { child: {} };
  for (const field of fields) {
    const value = answers[field.name];
    if (value !== undefined) field.fact?.(value, draft, answers);
  }
  const { child, referrer, ...rest } = draft;
  const { dateOfBirth } = child;
  if (dateOfBirth === undefined) return undefined;
  const facts: EligibilityFacts = { ...rest, child: { ...child, dateOfBirth } };
  // A discharge date alone says nothing: the fact is about who refers.
  if (referrer?.type !== undefined) facts.referrer = { ...referrer, type: referrer.type };
  return facts;
}
