/**
 * `npx tsx bench/data/load-time.ts S|M|L sqlite|postgres`: loads a data set into a fresh, migrated database (a
 * temporary SQLite file, or a PostgreSQL database of its own on the benchmarks' server), prints how long the load and
 * the index builds took, and drops the database.
 */
import { fmt } from '../stats.js';
import { createBenchDatabase, migratedHandle } from '../databases.js';
import { DATA_SETS, isDataSetName } from './generate.js';
import { loadDataSet } from './load.js';
import { loadBenchReference, loadServiceDefinition } from './reference.js';

async function main(): Promise<void> {
  const [name = '', dialect = 'sqlite'] = process.argv.slice(2);
  if (!isDataSetName(name) || (dialect !== 'sqlite' && dialect !== 'postgres')) {
    console.error('Usage: npx tsx bench/data/load-time.ts S|M|L sqlite|postgres');
    process.exit(2);
  }
  const database = await createBenchDatabase(dialect);
  if (typeof database === 'string') throw new Error(database);
  try {
    const handle = await migratedHandle(database.url);
    try {
      const report = await loadDataSet(handle.db, DATA_SETS[name], loadBenchReference(loadServiceDefinition()));
      console.log(
        `${name} on ${dialect}: ${report.children.toLocaleString('en-GB')} children, ${report.referrals.toLocaleString('en-GB')} referrals in ${fmt(report.ms / 1000)} s (indexes ${fmt(report.indexMs / 1000)} s)`,
      );
    } finally {
      await handle.destroy();
    }
  } finally {
    await database.drop();
  }
}

await main();
