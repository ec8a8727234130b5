/**
 * Loads a benchmark data set (src/data/demo/load.ts, which the demo command uses too), with the publishers' files
 * from ../shared/data as its reference data; then opens the episode of care that acceptance opens (issue 13) for
 * every accepted referral, so that the waiting list (W4) has its rows.
 *
 * The episodes are written by one INSERT ... SELECT per database, as the care migration's backfill writes them: fast
 * at L, and the same rows as accepting each referral would have made. A child accepted in the 78 weeks before the
 * data set's date is still waiting (wait_from: the triage clock's start, which is the received date moved on by any
 * pause); one accepted earlier has been seen and is on a caseload (status open), so the list is the service's recent
 * acceptances, not its whole history, and the queries must find the waiting ones by the index, not by reading all.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/data/database.js';
import { loadDataSet as load, type LoadOptions, type LoadReport } from '../../src/data/demo/load.js';
import { REFERENCE_DATE, type DataSetSize } from '../../src/data/demo/data-sets.js';
import { addDays } from '../../src/domain/care/london-time.js';
import { openEpisodes, WAITING_DAYS } from '../../src/data/demo/episodes.js';
import { EPRACCUR_FILE, GIAS_FILE, readReferenceRecords, type BenchReference } from './reference.js';

export { benchServiceId, type LoadReport } from '../../src/data/demo/load.js';
export { openEpisodes, WAITING_DAYS } from '../../src/data/demo/episodes.js';

export async function loadDataSet(
  db: Kysely<Database>,
  size: DataSetSize,
  reference: BenchReference,
  options: Omit<LoadOptions, 'referenceData'> = {},
): Promise<LoadReport & { waiting: number }> {
  const records = readReferenceRecords();
  const started = performance.now();
  const report = await load(db, size, reference, {
    ...options,
    referenceData: { ...records, sourceFiles: [EPRACCUR_FILE, GIAS_FILE] },
  });
  const waiting = await openEpisodes(db, addDays(options.referenceDate ?? REFERENCE_DATE, -WAITING_DAYS));
  return { ...report, waiting, ms: performance.now() - started };
}
