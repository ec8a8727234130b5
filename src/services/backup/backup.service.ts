/**
 * Taking a backup: a consistent copy of the database, then the stored files, sealed into one archive with a manifest
 * (docs/adr/0034).
 *
 *   const made = await backups.backUp('/mnt/backups');
 *   if (made.ok) console.log(made.path, made.manifest.counts);
 *
 * The database is copied first, in one snapshot; the files after. A file is written before the row that names it is
 * committed and deleted only after its row is, and never changed in between, so every file the snapshot's rows name
 * is still there when the files are copied, unless its row was deleted in the meantime (recorded as
 * removedAfterSnapshot). Files written after the snapshot are copied too, and are simply not named by any restored row.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeArchive, type EntrySource } from '../../data/backup/archive.js';
import { snapshotDatabase } from '../../data/backup/database-copy.js';
import { listStoredFiles } from '../../data/backup/stored-files.js';
import type { Dialect } from '../../data/create-db.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { Clock } from '../shared/context.js';
import { readBackupKey, type KeyProblem } from './backup-key.js';
import { MANIFEST_VERSION, type Manifest } from './manifest.js';

export interface BackupPlace {
  databaseUrl: string;
  dialect: Dialect;
  /** The file store's root (ATTACHMENTS_DIR). */
  filesRoot: string;
  /** Where the copy is staged before it is sealed (DATA_DIR, which already holds the data). */
  stagingRoot: string;
  keyFile: string | null;
}

export type BackupOutcome = Outcome<{ path: string; manifest: Manifest }, KeyProblem | Problem<'invalid-input'>>;

const stamp = (at: Date) => at.toISOString().replace(/[:.]/gu, '-');

export function createBackups(deps: { place: BackupPlace; clock: Clock }) {
  const { place, clock } = deps;

  async function backUp(dir: string): Promise<BackupOutcome> {
    const keyed = await readBackupKey(place.keyFile);
    if (!keyed.ok) return keyed;
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
    } catch (err) {
      return failed(problem('invalid-input', `Cannot use ${dir} for backups: ${(err as Error).message}`));
    }
    await mkdir(place.stagingRoot, { recursive: true, mode: 0o700 });
    const staging = await mkdtemp(join(place.stagingRoot, '.backup-'));
    try {
      const createdAt = clock();
      const entry = place.dialect === 'sqlite' ? 'database.sqlite' : 'database.dump';
      const copy = join(staging, entry);
      const facts = await snapshotDatabase(place.databaseUrl, place.dialect, copy);
      const stored = await listStoredFiles(place.filesRoot);
      const sources: EntrySource[] = [
        { name: entry, path: copy },
        ...stored.map((path) => ({ name: `files/${path}`, path: join(place.filesRoot, path) })),
      ];
      const made: { manifest?: Manifest } = {};
      const target = join(dir, `otway-${place.dialect}-${stamp(createdAt)}.otwaybackup`);
      await writeArchive(target, keyed.key, sources, (digests) => {
        const db = digests.get(entry);
        if (db === undefined) throw new Error('The database copy vanished before it was sealed.');
        const files = [...digests.entries()]
          .filter(([name]) => name.startsWith('files/'))
          .map(([name, d]) => ({ path: name.slice('files/'.length), ...d }));
        const copied = new Set(files.map((f) => f.path));
        const manifest: Manifest = {
          format: 'otway-backup',
          version: MANIFEST_VERSION,
          dialect: place.dialect,
          createdAt: createdAt.toISOString(),
          database: { entry, ...db },
          counts: facts.counts,
          chainHeads: facts.chainHeads,
          files,
          removedAfterSnapshot: facts.files.map((f) => `${f.folder}/${f.name}`).filter((p) => !copied.has(p)),
        };
        made.manifest = manifest;
        return { name: 'manifest.json', bytes: Buffer.from(JSON.stringify(manifest, null, 2), 'utf8') };
      });
      if (made.manifest === undefined) throw new Error('The manifest was not written.');
      return ok({ path: target, manifest: made.manifest });
    } finally {
      await rm(staging, { recursive: true, force: true, maxRetries: 3 });
    }
  }

  return { backUp };
}
