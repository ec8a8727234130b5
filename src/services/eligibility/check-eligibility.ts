/**
 * Checks eligibility for one service: parses the facts (every invalid field named), fetches the reference look-ups
 * for the GP practice and school the facts name, and asks the engine. Nothing is stored: no personal data is kept.
 */
import { decide, parseFacts, type EligibilityDecision, type FactError } from '../../domain/eligibility/index.js';
import type { ReferenceLookups } from '../../domain/reference/types.js';
import { londonDate } from '../../domain/shared/dates.js';
import { DomainError } from '../../domain/shared/errors.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock } from '../shared/context.js';

export type EligibilityCheck = { ok: true; decision: EligibilityDecision } | { ok: false; errors: FactError[] };

export interface CheckEligibilityDeps {
  registry: ServiceRegistry;
  referenceData: {
    lookupsFor(wanted: { practiceCode?: string | null; urn?: string | null }): Promise<ReferenceLookups>;
  };
  clock: Clock;
}

export function createCheckEligibility(deps: CheckEligibilityDeps) {
  const { registry, referenceData, clock } = deps;
  /** The service a request names, or the instance's default: its only service, or the first in the registry. */
  const serviceFor = (serviceId: string | undefined) => {
    const definition = serviceId === undefined ? (registry.single ?? registry.all[0]) : registry.byId(serviceId);
    if (definition === undefined) throw new DomainError('not-found', 'There is no service with this id.');
    return definition;
  };

  return {
    serviceFor,
    /** `input` is the request body as sent; the decision date defaults to today in Europe/London. */
    async check(serviceId: string | undefined, input: unknown): Promise<EligibilityCheck> {
      const definition = serviceFor(serviceId);
      const parsed = parseFacts(definition, input, londonDate(clock()));
      if (!parsed.ok) return parsed;
      const { child } = parsed.facts;
      const lookups = await referenceData.lookupsFor({
        practiceCode: child.gpPracticeCode ?? null,
        urn: child.schoolUrn ?? null,
      });
      return { ok: true, decision: decide(definition, parsed.facts, lookups, parsed.asOf) };
    },
  };
}

export type CheckEligibilityService = ReturnType<typeof createCheckEligibility>;
