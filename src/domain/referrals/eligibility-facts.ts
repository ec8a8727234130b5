/**
 * The eligibility facts a referral's answers give, in the shape the engine (and the API) take, so that the referral
 * form is decided by the same rules as the checker and the API: the one answers-to-facts function, over the fields of
 * the pages that apply.
 */
import { factsFromAnswers } from '../eligibility/answer-facts.js';
import type { EligibilityFacts } from '../eligibility/facts.js';
import type { Answers } from '../forms/fields.js';
import { pagesFor, type QuestionContext } from './questions.js';

export function referralFacts(answers: Answers, ctx: QuestionContext): EligibilityFacts | undefined {
  return factsFromAnswers(
    pagesFor(ctx, answers).flatMap((p) => p.fields),
    answers,
  );
}
