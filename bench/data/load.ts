/**
 * Loads a benchmark data set (src/data/demo/load.ts, which the demo command uses too), with the publishers' files
 * from ../shared/data as its reference data.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/data/database.js';
import { loadDataSet as load, type LoadOptions, type LoadReport } from '../../src/data/demo/load.js';
import type { DataSetSize } from '../../src/data/demo/data-sets.js';
import { EPRACCUR_FILE, GIAS_FILE, readReferenceRecords, type BenchReference } from './reference.js';

export { benchServiceId, type LoadReport } from '../../src/data/demo/load.js';

export async function loadDataSet(
  db: Kysely<Database>,
  size: DataSetSize,
  reference: BenchReference,
  options: Omit<LoadOptions, 'referenceData'> = {},
): Promise<LoadReport> {
  const records = readReferenceRecords();
  return load(db, size, reference, {
    ...options,
    referenceData: { ...records, sourceFiles: [EPRACCUR_FILE, GIAS_FILE] },
  });
}
