/**
 * A short-term acute illness, or recovery from surgery for an acute need, where the child is expected to return to
 * their former level of function: the service is not commissioned for either. Not given counts as not the case.
 */
import { met, notMet, type Evaluation } from '../decision.js';
import type { CriterionContext } from './context.js';

export function shortTermIllness({ facts }: CriterionContext): Evaluation {
  if (facts.shortTermAcuteIllness === true) {
    return notMet('Has a short-term acute illness and is expected to return to their former level of function.');
  }
  return met(
    facts.shortTermAcuteIllness === false
      ? 'Does not have a short-term acute illness.'
      : 'No short-term acute illness was reported.',
  );
}

export function acuteSurgery({ facts }: CriterionContext): Evaluation {
  if (facts.acuteSurgicalRecovery === true) {
    return notMet(
      'Is recovering from surgery for an acute need and is expected to return to their former level of function.',
    );
  }
  return met(
    facts.acuteSurgicalRecovery === false
      ? 'Is not recovering from surgery for an acute need.'
      : 'No recovery from surgery for an acute need was reported.',
  );
}
