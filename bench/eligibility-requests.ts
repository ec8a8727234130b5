/**
 * The requests W1 over HTTP sends to `POST /api/v1/eligibility`: the facts of the first referrals of data set S, as a
 * referrer's system would send them. The ceiling `R_http POST` (ceilings.ts) sends the same bodies to fastify alone,
 * which answers each with one real decision held as text, so that the two differ only in Otway's work.
 */
import { decide } from '../src/domain/eligibility/index.js';
import { DATA_SETS, generateReferrals, REFERENCE_DATE } from './data/generate.js';
import { loadBenchReference, loadServiceDefinition } from './data/reference.js';

/** Distinct bodies: enough for a mix of outcomes, few enough to check each once before the clock starts. */
const BODIES = 200;

export const JSON_HEADERS = { 'content-type': 'application/json' };

export interface EligibilityRequests {
  bodies: string[];
  /** The decision for the first body, as of the data set's "today", serialised as the API sends it. */
  answer: string;
}

export function eligibilityRequests(): EligibilityRequests {
  const reference = loadBenchReference(loadServiceDefinition());
  const bodies: string[] = [];
  let answer: string | undefined;
  for (const { facts } of generateReferrals(DATA_SETS.S, reference)) {
    answer ??= JSON.stringify(decide(reference.definition, facts, reference.lookups, REFERENCE_DATE));
    bodies.push(JSON.stringify(facts));
    if (bodies.length === BODIES) break;
  }
  if (answer === undefined) throw new Error('Data set S generated no referrals to send.');
  return { bodies, answer };
}
