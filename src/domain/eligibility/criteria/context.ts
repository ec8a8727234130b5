/** What every criterion is evaluated from. */
import type { ReferenceLookups } from '../../reference/types.js';
import type { ServiceDefinition } from '../../service/definition.js';
import type { EligibilityFacts } from '../facts.js';

export interface CriterionContext {
  definition: ServiceDefinition;
  facts: EligibilityFacts;
  lookups: ReferenceLookups;
  asOf: string;
}

/** Joins words as people list them: "a, b and c" (or "a, b or c"). */
export function listInWords(items: readonly string[], last = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1) ?? ''}`;
}
