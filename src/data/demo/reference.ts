/**
 * The reference data the synthetic data sets draw from: the publishers' GP practice and school records, parsed as the
 * importer parses them, turned into the facts the eligibility engine reads by the same mapping the repositories use,
 * and sorted into the groups the generator picks from. The benchmarks read the files from ../shared/data; the demo
 * reads the snapshot shipped beside the service definitions (the same files).
 */
import type { PracticeFacts, ReferenceLookups, SchoolFacts } from '../../domain/reference/types.js';
import type { ServiceDefinition } from '../../domain/service/definition.js';
import { practiceValues, toPracticeFacts } from '../reference/practices.repository.js';
import type { PracticeRecord, SchoolRecord } from '../reference/records.js';
import { schoolValues, toSchoolFacts } from '../reference/schools.repository.js';

/** A school with the ages it takes, so that a child is placed in a school that could have them. */
export interface SyntheticSchool extends SchoolFacts {
  lowAge: number | null;
  highAge: number | null;
}

export interface SyntheticReference {
  /** The service whose rules the facts are written for: its codes, its area, its re-referral window. */
  definition: ServiceDefinition;
  /** Every practice and school in the files, as the engine looks them up. */
  lookups: ReferenceLookups;
  /** GP practices (the definition's prescribing setting): active in the area, active outside it, and closed. */
  practices: { inArea: PracticeFacts[]; neighbours: PracticeFacts[]; closed: PracticeFacts[] };
  /** Open schools in the area's local authorities, and open schools in the neighbouring ones. */
  schools: { inArea: SyntheticSchool[]; neighbours: SyntheticSchool[] };
}

/** The importer's row mapping needs the bookkeeping columns a stored row has; they play no part in the facts. */
const STORED = { first_seen_at: '', updated_at: '', source_file: '' };

/** Sorts the records into the generator's groups; fails if a group it draws from is empty. */
export function buildSyntheticReference(
  definition: ServiceDefinition,
  practiceRecords: readonly PracticeRecord[],
  schoolRecords: readonly SchoolRecord[],
): SyntheticReference {
  const practices = new Map(
    practiceRecords.map((r) => [r.code, toPracticeFacts({ ...practiceValues(r), ...STORED })] as const),
  );
  const schools = new Map(
    schoolRecords.map((r) => {
      const school: SyntheticSchool = {
        ...toSchoolFacts({ ...schoolValues(r), ...STORED }),
        lowAge: r.statutoryLowAge,
        highAge: r.statutoryHighAge,
      };
      return [r.urn, school] as const;
    }),
  );

  // In the area by the engine's own rule: the ICB decides, the sub-ICB locations only when a record has no ICB.
  const { gpPractice, school: schoolRule } = definition.eligibility;
  const inArea = (p: PracticeFacts) =>
    p.icbCode !== null ? p.icbCode === gpPractice.icbCode : gpPractice.subIcbCodes.includes(p.subIcbCode ?? '');
  const gps = [...practices.values()].filter((p) => p.prescribingSetting === gpPractice.prescribingSetting);
  const areaLas = new Set(schoolRule.localAuthorities.map((la) => la.code));
  const open = [...schools.values()].filter((s) => s.open);

  const reference: SyntheticReference = {
    definition,
    lookups: {
      practice: (code) => practices.get(code.trim().toUpperCase()),
      school: (urn) => schools.get(urn.trim()),
    },
    practices: {
      inArea: gps.filter((p) => p.status === 'A' && inArea(p)),
      neighbours: gps.filter((p) => p.status === 'A' && !inArea(p)),
      closed: gps.filter((p) => p.status === 'C'),
    },
    schools: {
      inArea: open.filter((s) => areaLas.has(s.laCode)),
      neighbours: open.filter((s) => !areaLas.has(s.laCode)),
    },
  };
  const { practices: p, schools: s } = reference;
  const lists = {
    'GP practices in the area': p.inArea,
    'GP practices outside the area': p.neighbours,
    'closed GP practices': p.closed,
    'open schools in the area': s.inArea,
    'open schools outside the area': s.neighbours,
  };
  for (const [what, list] of Object.entries(lists)) {
    if (list.length === 0) throw new Error(`The reference data has no ${what} to draw from.`);
  }
  return reference;
}
