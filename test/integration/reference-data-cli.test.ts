/**
 * The import commands as an administrator runs them: `npm run cli -- import-practices FILE` and `import-schools`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/data/create-db.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';
import { CLI_ENTRY } from '../support/server-process.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SHARED = resolve(ROOT, '../shared/data');
const run = promisify(execFile);

describeEachDialect('reference data import commands', (dialect) => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    dir = mkdtempSync(join(tmpdir(), 'otway-cli-'));
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      DATA_DIR: dir,
      LOG_LEVEL: 'silent',
    };
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI_ENTRY, ...args], { cwd: ROOT, env });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('imports practices and schools and prints the counts', async () => {
    const practices = await cli('import-practices', join(SHARED, 'epraccur_llr_and_neighbours.csv'));
    expect(practices.stderr).toBe('');
    expect(practices.code).toBe(0);
    expect(practices.stdout).toBe(
      'epraccur_llr_and_neighbours.csv: 382 practices read (utf-8). 382 added, 0 updated, 0 closed, 0 unchanged, 0 no longer in the file (kept).\n',
    );
    const schools = await cli('import-schools', join(SHARED, 'gias_layout_llr_and_neighbours.csv'));
    expect(schools.code).toBe(0);
    expect(schools.stdout).toMatch(
      /^gias_layout_llr_and_neighbours\.csv: 211 schools read \(utf-8\)\. 211 added, 0 updated/u,
    );
  });

  it('records the publisher’s date of the file when given, and refuses one that is not a date', async () => {
    const file = join(SHARED, 'epraccur_llr_and_neighbours.csv');
    const bad = await cli('import-practices', file, '--data-date', '1 Nov 2026');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--data-date must be');
    const dated = await cli('import-practices', '--data-date', '2026-11-01', file);
    expect(dated.stderr).toBe('');
    expect(dated.code).toBe(0);
    const db = openDatabase(database.url);
    try {
      const last = await db.db
        .selectFrom('reference_imports')
        .select(['source', 'data_date'])
        .where('kind', '=', 'practices')
        .orderBy('started_at', 'desc')
        .executeTakeFirstOrThrow();
      expect(last).toEqual({ source: 'file', data_date: '2026-11-01' });
    } finally {
      await db.destroy();
    }
  });

  it('refuses a bad file with exit code 1, naming the line', async () => {
    const bad = join(dir, 'bad-epraccur.csv');
    writeFileSync(bad, '"A81001","A PRACTICE"\n');
    const result = await cli('import-practices', bad);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'bad-epraccur.csv was not imported, and nothing was changed. Line 1: expected 27 columns, found 2 (is this an epraccur file?)\n',
    );
    const missing = await cli('import-schools', join(dir, 'no-such-file.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Cannot read /u);
  });
});
