/**
 * The eligibility API's answer as a zod schema, for its OpenAPI description (ADR 0024). The engine builds the answer
 * itself and never parses it; the type check below and a test of the engine's real answers keep this schema and
 * `EligibilityDecision` the same.
 */
import { z } from 'zod';
import { CRITERION_IDS, type EligibilityDecision } from './decision.js';

export const decisionSchema = z
  .strictObject({
    outcome: z
      .enum(['eligible', 'ineligible', 'unclear'])
      .meta({ description: 'Ineligible if any criterion is not met; else unclear if any is unknown; else eligible.' }),
    service: z.string().meta({ description: 'The id of the service that decided.' }),
    policyVersion: z.string().meta({ description: 'The version of the rules that gave this answer.' }),
    asOf: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/u)
      .meta({ format: 'date', description: 'The date decided for (Europe/London).' }),
    criteria: z
      .array(
        z.strictObject({
          id: z.enum(CRITERION_IDS),
          result: z.enum(['met', 'not-met', 'unknown']),
          reason: z.string().meta({ description: 'Why, in plain English.' }),
        }),
      )
      .meta({ description: "One entry for each criterion, in the criteria table's order." }),
    missing: z.array(z.string()).meta({ description: 'The facts that would settle each unknown criterion.' }),
  })
  .meta({ description: 'The decision, with a reason for each criterion.' });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile when the schema and the engine's type part. */
export type DecisionSchemaIsTheEnginesType = Assert<Same<z.output<typeof decisionSchema>, EligibilityDecision>>;
type Assert<T extends true> = T;
