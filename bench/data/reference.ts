/**
 * The real reference data the synthetic data sets draw from: the publishers' files in ../shared/data beside the
 * repository (read from there, never copied in), decoded and parsed exactly as the importer does, then turned into
 * the facts the eligibility engine reads, by the same mapping the repositories use.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeReferenceFile } from '../../src/data/reference/encoding.js';
import { parseEpraccur } from '../../src/data/reference/epraccur.js';
import { parseGias } from '../../src/data/reference/gias.js';
import { practiceValues, toPracticeFacts } from '../../src/data/reference/practices.repository.js';
import { schoolValues, toSchoolFacts } from '../../src/data/reference/schools.repository.js';
import type { PracticeFacts, ReferenceLookups, SchoolFacts } from '../../src/domain/reference/types.js';
import { parseServiceDefinition, type ServiceDefinition } from '../../src/domain/service/definition.js';

export const SHARED_DATA = resolve(import.meta.dirname, '../../../shared/data');
export const EPRACCUR_FILE = 'epraccur_llr_and_neighbours.csv';
export const GIAS_FILE = 'gias_layout_llr_and_neighbours.csv';
const DEFINITIONS = resolve(import.meta.dirname, '../../service-definitions');

/** A school with the ages it takes, so that a child is placed in a school that could have them. */
export interface BenchSchool extends SchoolFacts {
  lowAge: number | null;
  highAge: number | null;
}

export interface BenchReference {
  /** The service whose rules the facts are written for: its codes, its area, its re-referral window. */
  definition: ServiceDefinition;
  /** Every practice and school in the files, as the engine looks them up. */
  lookups: ReferenceLookups;
  /** GP practices (the definition's prescribing setting): active in the area, active outside it, and closed. */
  practices: { inArea: PracticeFacts[]; neighbours: PracticeFacts[]; closed: PracticeFacts[] };
  /** Open schools in the area's local authorities, and open schools in the neighbouring ones. */
  schools: { inArea: BenchSchool[]; neighbours: BenchSchool[] };
}

export function loadServiceDefinition(id = 'llr-childrens-ot'): ServiceDefinition {
  const result = parseServiceDefinition(JSON.parse(readFileSync(resolve(DEFINITIONS, `${id}.json`), 'utf8')));
  if (!result.ok) throw new Error(`The service definition ${id} is invalid: ${result.problems.join('; ')}`);
  return result.definition;
}

/** The importer's row mapping needs the bookkeeping columns a stored row has; they play no part in the facts. */
const STORED = { first_seen_at: '', updated_at: '', source_file: '' };

export function loadBenchReference(definition: ServiceDefinition, directory = SHARED_DATA): BenchReference {
  const read = (name: string) => decodeReferenceFile(readFileSync(resolve(directory, name))).text;
  const practiceRecords = parseEpraccur(read(EPRACCUR_FILE));
  const schoolRecords = parseGias(read(GIAS_FILE));
  const practices = new Map(
    practiceRecords.map((r) => [r.code, toPracticeFacts({ ...practiceValues(r), ...STORED })] as const),
  );
  const schools = new Map(
    schoolRecords.map((r) => {
      const school: BenchSchool = {
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

  const reference: BenchReference = {
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
    if (list.length === 0) throw new Error(`The reference data in ${directory} has no ${what} to draw from.`);
  }
  return reference;
}
