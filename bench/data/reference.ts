/**
 * The real reference data the benchmarks' data sets draw from: the publishers' files in ../shared/data beside the
 * repository (read from there, never copied in), decoded and parsed exactly as the importer does, then sorted by
 * src/data/demo/reference.ts as the demo sorts the shipped snapshot.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSyntheticReference, type SyntheticReference } from '../../src/data/demo/reference.js';
import { decodeReferenceFile } from '../../src/data/reference/encoding.js';
import { parseEpraccur } from '../../src/data/reference/epraccur.js';
import { parseGias } from '../../src/data/reference/gias.js';
import type { PracticeRecord, SchoolRecord } from '../../src/data/reference/records.js';
import { parseServiceDefinition, type ServiceDefinition } from '../../src/domain/service/definition.js';

export type { SyntheticSchool as BenchSchool } from '../../src/data/demo/reference.js';
export type BenchReference = SyntheticReference;

export const SHARED_DATA = resolve(import.meta.dirname, '../../../shared/data');
export const EPRACCUR_FILE = 'epraccur_llr_and_neighbours.csv';
export const GIAS_FILE = 'gias_layout_llr_and_neighbours.csv';
const DEFINITIONS = resolve(import.meta.dirname, '../../service-definitions');

export function loadServiceDefinition(id = 'llr-childrens-ot'): ServiceDefinition {
  const result = parseServiceDefinition(JSON.parse(readFileSync(resolve(DEFINITIONS, `${id}.json`), 'utf8')));
  if (!result.ok) throw new Error(`The service definition ${id} is invalid: ${result.problems.join('; ')}`);
  return result.definition;
}

/** The publishers' records, parsed as the importer parses them. */
export function readReferenceRecords(directory = SHARED_DATA): {
  practices: PracticeRecord[];
  schools: SchoolRecord[];
} {
  const read = (name: string) => decodeReferenceFile(readFileSync(resolve(directory, name))).text;
  return { practices: parseEpraccur(read(EPRACCUR_FILE)), schools: parseGias(read(GIAS_FILE)) };
}

export function loadBenchReference(definition: ServiceDefinition, directory = SHARED_DATA): BenchReference {
  const { practices, schools } = readReferenceRecords(directory);
  return buildSyntheticReference(definition, practices, schools);
}
