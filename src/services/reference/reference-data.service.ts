/**
 * Reading reference data: the look-ups the eligibility engine needs, whether any has been imported, and the
 * type-ahead search the forms use.
 *
 * The practice and the school a check names are kept for a minute once read (ADR 0050): every eligibility decision,
 * through the API, the checker or a referral, reads one of each, and reading them was a third of the API's time. An
 * import in this process forgets them at once (`forget`, called by the import service); one in another process (the
 * CLI) is seen within REFERENCE_KEPT_MS, as "loaded" already is.
 */
import type { Executor } from '../../data/executor.js';
import { referenceDataLoaded } from '../../data/reference/lookups.js';
import { findPractice, searchPractices } from '../../data/reference/practices.repository.js';
import { findSchool, searchSchools } from '../../data/reference/schools.repository.js';
import { recentlyRead } from '../shared/recently-read.js';
import {
  GP_PRESCRIBING_SETTING,
  lookupsHolding,
  normalisePracticeCode,
  normaliseUrn,
  type PracticeFacts,
  type SchoolFacts,
} from '../../domain/reference/types.js';

/**
 * How long "both are loaded" is believed without asking again. Every referral and checker page asks, and the answer
 * changes only when a first import lands (then it is asked afresh, as "not loaded" is never kept) or if an
 * administrator empties the tables, which takes effect within this time.
 */
const LOADED_KEPT_MS = 60_000;
/** How long a practice or school read (or found missing) is kept: reference files change weekly at most. */
export const REFERENCE_KEPT_MS = 60_000;
/** Practices and schools kept at most, each: England has about 6,500 GP practices and 24,000 open schools. */
const REFERENCE_KEPT_MAX = 10_000;

const frozen = <T extends object>(value: T | undefined): Readonly<T> | undefined =>
  value === undefined ? undefined : Object.freeze(value);

export function createReferenceDataService(deps: { db: Executor }) {
  const { db } = deps;
  let bothLoadedUntil = 0;
  const kept = { keptMs: REFERENCE_KEPT_MS, max: REFERENCE_KEPT_MAX };
  // Frozen: one object is handed to every request that names it until it is dropped.
  const practices = recentlyRead<Readonly<PracticeFacts> | undefined>(
    async (code) => frozen(await findPractice(db, code)),
    kept,
  );
  const schools = recentlyRead<Readonly<SchoolFacts> | undefined>(
    async (urn) => frozen(await findSchool(db, urn)),
    kept,
  );
  const practice = (code: string) => practices.get(normalisePracticeCode(code));
  const school = (urn: string) => schools.get(normaliseUrn(urn));
  return {
    /** Look-ups holding the practice and the school the facts name (any other code or URN is "not found"). */
    lookupsFor: async (wanted: { practiceCode?: string | null; urn?: string | null }) => {
      const [p, s] = await Promise.all([
        wanted.practiceCode ? practice(wanted.practiceCode) : undefined,
        wanted.urn ? school(wanted.urn) : undefined,
      ]);
      return lookupsHolding(p, s);
    },
    loaded: async (): Promise<{ practices: boolean; schools: boolean }> => {
      if (performance.now() < bothLoadedUntil) return { practices: true, schools: true };
      const loaded = await referenceDataLoaded(db);
      if (loaded.practices && loaded.schools) bothLoadedUntil = performance.now() + LOADED_KEPT_MS;
      return loaded;
    },
    findPractice: practice,
    findSchool: school,
    /** Forgets every practice and school read, after an import. */
    forget: () => {
      practices.forget();
      schools.forget();
    },
    /** GP practices only (ODS prescribing setting 4): pharmacies, clinics and the like are not where a child is registered. */
    searchPractices: (query: string, limit?: number) =>
      searchPractices(db, query, limit, { prescribingSetting: GP_PRESCRIBING_SETTING }),
    searchSchools: (query: string, limit?: number) => searchSchools(db, query, limit),
  };
}

export type ReferenceDataService = ReturnType<typeof createReferenceDataService>;
