/**
 * Turns a request body into facts and the decision date, or into the list of every invalid field, each named by its
 * path (`child.dateOfBirth`, `difficulties.1`) with a plain-English message.
 */
import type { z } from 'zod';
import type { ServiceDefinition } from '../service/definition.js';
import { factsSchema, type EligibilityFacts } from './facts.js';

export interface FactError {
  path: string;
  message: string;
}

export type ParsedFacts = { ok: true; facts: EligibilityFacts; asOf: string } | { ok: false; errors: FactError[] };

const MAX_KEY_IN_PATH = 100;

function errorsOf(issues: readonly z.core.$ZodIssue[]): FactError[] {
  const errors: FactError[] = [];
  for (const issue of issues) {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ path: [...at, key.slice(0, MAX_KEY_IN_PATH)].join('.'), message: issue.message });
      }
    } else {
      errors.push({ path: at.join('.'), message: issue.message });
    }
  }
  // One message for each field: the first is the most basic (its type), the rest follow from it.
  return errors.filter((e, i) => errors.findIndex((f) => f.path === e.path) === i);
}

const cache = new WeakMap<ServiceDefinition, { today: string; schema: ReturnType<typeof factsSchema> }>();

function schemaFor(definition: ServiceDefinition, today: string) {
  const cached = cache.get(definition);
  if (cached?.today === today) return cached.schema;
  const schema = factsSchema(definition, today);
  cache.set(definition, { today, schema });
  return schema;
}

/** `today` is the London date to decide for when the facts give no `asOf`. */
export function parseFacts(definition: ServiceDefinition, input: unknown, today: string): ParsedFacts {
  const result = schemaFor(definition, today).safeParse(input);
  if (!result.success) return { ok: false, errors: errorsOf(result.error.issues) };
  return { ok: true, facts: result.data, asOf: result.data.asOf ?? today };
}
