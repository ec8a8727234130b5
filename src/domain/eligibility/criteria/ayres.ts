/**
 * Ayres Sensory Integration is a therapy, not a condition: a service that does not provide it declines a request for
 * it, with no override; the child may still be referred for other needs.
 */
import { met, notMet, type Evaluation } from '../decision.js';
import type { CriterionContext } from './context.js';

export function ayresSensoryIntegration({ definition, facts }: CriterionContext): Evaluation {
  if (facts.requestsAyresSensoryIntegration !== true) return met('Ayres Sensory Integration was not requested.');
  if (definition.eligibility.ayresSensoryIntegrationProvided) {
    return met('Ayres Sensory Integration was requested, and the service provides it.');
  }
  return notMet(
    'Ayres Sensory Integration was requested: the service does not provide it. The child may be referred for other needs without it.',
  );
}
