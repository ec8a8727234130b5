/**
 * Restoring a backup into an empty place (docs/adr/0034): the archive is decrypted and unpacked into a staging
 * folder and checked whole against its manifest before anything is written where the data lives; then the database and
 * the files are put back, and the restored copy is checked: rows per table, each file's SHA-256, the audit chain heads,
 * and every audit chain verified from its start.
 *
 *   const restored = await restores.restore('/mnt/backups/otway-sqlite-2026-12-03T02-00-00-000Z.otwaybackup');
 *   if (restored.ok) console.log(restored.report.intact); // false: a count, a file or a chain did not match
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readArchive, type EntryDigest } from '../../data/backup/archive.js';
import { databaseIsEmpty, readDatabaseFacts, restoreDatabase, withDatabase } from '../../data/backup/database-copy.js';
import { SealedArchiveError } from '../../data/backup/sealed-stream.js';
import { listStoredFiles, putStoredFile } from '../../data/backup/stored-files.js';
import { verifyChain, type ChainCheck } from '../../data/audit/audit.repository.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import { readBackupKey, type KeyProblem } from './backup-key.js';
import type { BackupPlace } from './backup.service.js';
import { manifestSchema, type Manifest } from './manifest.js';

export interface RestoreReport {
  manifest: Manifest;
  /** Tables whose row count differs from the manifest's, with both counts. */
  countMismatches: { table: string; expected: number; found: number }[];
  /** Files the manifest lists that are missing or differ in the restored store. */
  fileMismatches: string[];
  /** Files the restored rows name that are in neither the store nor the manifest's removedAfterSnapshot. */
  unnamedFiles: string[];
  /** Chains whose restored head is not the manifest's. */
  headMismatches: string[];
  chains: ChainCheck[];
  /** True when every check above passed. */
  intact: boolean;
}

export type RestoreOutcome = Outcome<
  { report: RestoreReport },
  KeyProblem | Problem<'not-found' | 'conflict' | 'invalid-input'>
>;

function matches(a: EntryDigest | undefined, b: EntryDigest): boolean {
  return a?.size === b.size && a.sha256 === b.sha256;
}

async function hashOf(path: string): Promise<EntryDigest | undefined> {
  try {
    const bytes = await readFile(path);
    return { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  } catch {
    return undefined;
  }
}

export function createRestores(deps: { place: BackupPlace }) {
  const { place } = deps;

  async function check(manifest: Manifest): Promise<RestoreReport> {
    const { facts, chains } = await withDatabase(place.databaseUrl, async (db) => {
      const read = await readDatabaseFacts(db, place.dialect);
      const verified: ChainCheck[] = [];
      for (const head of read.chainHeads) verified.push(await verifyChain(db, head.chain));
      return { facts: read, chains: verified };
    });
    const countMismatches = Object.entries(manifest.counts)
      .filter(([table, n]) => facts.counts[table] !== n)
      .map(([table, expected]) => ({ table, expected, found: facts.counts[table] ?? 0 }));
    const fileMismatches: string[] = [];
    for (const file of manifest.files) {
      if (!matches(await hashOf(join(place.filesRoot, file.path)), file)) fileMismatches.push(file.path);
    }
    const present = new Set(await listStoredFiles(place.filesRoot));
    const removed = new Set(manifest.removedAfterSnapshot);
    const unnamedFiles = facts.files
      .map((f) => `${f.folder}/${f.name}`)
      .filter((p) => !present.has(p) && !removed.has(p));
    const restoredHeads = new Map(facts.chainHeads.map((h) => [h.chain, h]));
    const headMismatches = manifest.chainHeads
      .filter((h) => {
        const r = restoredHeads.get(h.chain);
        return r?.lastId !== h.lastId || r.lastHash !== h.lastHash;
      })
      .map((h) => h.chain);
    if (restoredHeads.size !== manifest.chainHeads.length) headMismatches.push('(a chain the backup does not list)');
    const intact =
      countMismatches.length === 0 &&
      fileMismatches.length === 0 &&
      unnamedFiles.length === 0 &&
      headMismatches.length === 0 &&
      chains.every((c) => c.brokenAtId === null);
    return { manifest, countMismatches, fileMismatches, unnamedFiles, headMismatches, chains, intact };
  }

  /** Checks the unpacked archive against its own manifest; a problem's message when it does not match. */
  function unpackedMismatch(manifest: Manifest, digests: Map<string, EntryDigest>): string | null {
    if (manifest.dialect !== place.dialect) {
      return `This is a ${manifest.dialect} backup and DATABASE_URL names a ${place.dialect} database: restore it into a ${manifest.dialect} database.`;
    }
    if (!matches(digests.get(manifest.database.entry), manifest.database)) {
      return 'The database copy in this backup does not match its manifest. Nothing was restored.';
    }
    const listed = new Set([manifest.database.entry, 'manifest.json', ...manifest.files.map((f) => `files/${f.path}`)]);
    for (const file of manifest.files) {
      if (!matches(digests.get(`files/${file.path}`), file)) {
        return `The file ${file.path} in this backup does not match its manifest. Nothing was restored.`;
      }
    }
    if ([...digests.keys()].some((name) => !listed.has(name))) {
      return 'This backup holds entries its manifest does not list. Nothing was restored.';
    }
    return null;
  }

  async function restore(archive: string, options: { overwrite?: boolean } = {}): Promise<RestoreOutcome> {
    const overwrite = options.overwrite === true;
    const keyed = await readBackupKey(place.keyFile);
    if (!keyed.ok) return keyed;
    try {
      if (!(await stat(archive)).isFile()) throw new Error('not a file');
    } catch {
      return failed(problem('not-found', `There is no backup file at ${archive}.`));
    }
    if (!overwrite) {
      const files = await listStoredFiles(place.filesRoot);
      if (!(await databaseIsEmpty(place.databaseUrl, place.dialect)) || files.length > 0) {
        return failed(
          problem(
            'conflict',
            `The database DATABASE_URL names${files.length > 0 ? ', or the file store,' : ''} is not empty, and a restore does not overwrite data unless told to: restore into an empty place, or give --overwrite to replace what is there. Nothing was restored.`,
          ),
        );
      }
    }
    await mkdir(place.stagingRoot, { recursive: true, mode: 0o700 });
    const staging = await mkdtemp(join(place.stagingRoot, '.restore-'));
    try {
      let digests: Map<string, EntryDigest>;
      try {
        digests = await readArchive(archive, keyed.key, staging);
      } catch (err) {
        if (err instanceof SealedArchiveError) return failed(problem('invalid-input', err.message));
        throw err;
      }
      const parsed = manifestSchema.safeParse(
        JSON.parse(await readFile(join(staging, 'manifest.json'), 'utf8').catch(() => 'null')),
      );
      if (!parsed.success) {
        return failed(
          problem('invalid-input', 'This backup has no manifest this version of Otway can read. Nothing was restored.'),
        );
      }
      const manifest = parsed.data;
      const mismatch = unpackedMismatch(manifest, digests);
      if (mismatch !== null) return failed(problem('invalid-input', mismatch));
      await restoreDatabase(place.databaseUrl, place.dialect, join(staging, manifest.database.entry), overwrite);
      for (const file of manifest.files) {
        await putStoredFile(place.filesRoot, file.path, join(staging, 'files', file.path));
      }
      return ok({ report: await check(manifest) });
    } finally {
      await rm(staging, { recursive: true, force: true, maxRetries: 3 });
    }
  }

  return { restore };
}
