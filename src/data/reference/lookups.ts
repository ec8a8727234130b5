/**
 * The reference look-ups the eligibility engine needs, fetched before it runs (its look-ups are synchronous, so the
 * engine stays pure).
 */
import type { PracticeFacts, ReferenceLookups, SchoolFacts } from '../../domain/reference/types.js';
import type { Executor } from '../executor.js';
import { findPractice, practicesLoaded } from './practices.repository.js';
import { findSchool, schoolsLoaded } from './schools.repository.js';

const normaliseCode = (code: string) => code.trim().toUpperCase();

/**
 * Look-ups holding the practice and the school the facts name. Asking them about any other code or URN answers
 * `undefined` (not in the reference data), so fetch what the facts name.
 */
export async function buildReferenceLookups(
  db: Executor,
  wanted: { practiceCode?: string | null; urn?: string | null },
): Promise<ReferenceLookups> {
  const [practice, school]: [PracticeFacts | undefined, SchoolFacts | undefined] = await Promise.all([
    wanted.practiceCode ? findPractice(db, wanted.practiceCode) : undefined,
    wanted.urn ? findSchool(db, wanted.urn) : undefined,
  ]);
  return {
    practice: (code) => (practice?.code === normaliseCode(code) ? practice : undefined),
    school: (urn) => (school?.urn === urn.trim() ? school : undefined),
  };
}

/** Whether practices and schools have been imported at all; where not, the checker asks declarations instead. */
export async function referenceDataLoaded(db: Executor): Promise<{ practices: boolean; schools: boolean }> {
  const [practices, schools] = await Promise.all([practicesLoaded(db), schoolsLoaded(db)]);
  return { practices, schools };
}
