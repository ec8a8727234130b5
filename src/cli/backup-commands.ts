/**
 * `npm run cli -- backup DIR`, `restore FILE [--overwrite]` and `backup-key NEWFILE` (docs/adr/0034,
 * docs/operations.md#backups). Exit status: 0 done, 1 refused (nothing was changed), 2 restored but a check failed.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { INSTANCE_CHAIN } from '../domain/audit/event.js';
import { writeNewBackupKey } from '../services/backup/backup-key.js';
import type { RestoreReport } from '../services/backup/restore.service.js';

export const BACKUP_USAGE = `  backup DIR                 (an encrypted copy of the database and its files, into DIR; needs BACKUP_KEY_FILE)
  restore FILE [--overwrite] (puts a backup back into the empty database DATABASE_URL names, and checks it)
  backup-key NEWFILE         (makes a new backup key, readable by its owner only)`;

export const BACKUP_COMMANDS = ['backup', 'restore', 'backup-key'] as const;
export type BackupCommand = (typeof BACKUP_COMMANDS)[number];
export const isBackupCommand = (value: string | undefined): value is BackupCommand =>
  (BACKUP_COMMANDS as readonly (string | undefined)[]).includes(value);

function oneArgument(args: string[], what: string): string | null {
  if (args.length !== 1 || args[0] === undefined || args[0].startsWith('--')) {
    console.error(`Give ${what}.\n${BACKUP_USAGE}`);
    return null;
  }
  return args[0];
}

function describeReport(report: RestoreReport): string {
  const m = report.manifest;
  const rows = Object.values(m.counts).reduce((a, b) => a + b, 0);
  const lines = [
    `Restored the ${m.dialect} backup made at ${m.createdAt}: ${String(Object.keys(m.counts).length)} tables, ${String(rows)} rows, ${String(m.files.length)} files.`,
    report.countMismatches.length === 0
      ? 'Rows: every table holds the count the backup recorded.'
      : `Rows: DIFFERENT in ${report.countMismatches.map((c) => `${c.table} (${String(c.found)}, expected ${String(c.expected)})`).join(', ')}.`,
    report.fileMismatches.length === 0 && report.unnamedFiles.length === 0
      ? 'Files: every file is present with its recorded SHA-256.'
      : `Files: MISSING OR DIFFERENT: ${[...report.fileMismatches, ...report.unnamedFiles].join(', ')}.`,
    ...(m.removedAfterSnapshot.length > 0
      ? [
          `Files deleted just after the snapshot (an unsent draft's uploads), still named by restored rows: ${m.removedAfterSnapshot.join(', ')}.`,
        ]
      : []),
    report.headMismatches.length === 0
      ? 'Audit chain heads: as recorded.'
      : `Audit chain heads: DIFFERENT for ${report.headMismatches.join(', ')}.`,
    ...report.chains.map(
      (c) =>
        `verify-audit ${c.chain === INSTANCE_CHAIN ? 'instance' : c.chain}: ${String(c.checked)} events, ${c.brokenAtId === null ? 'intact' : `BROKEN at event ${String(c.brokenAtId)}`}`,
    ),
    report.intact
      ? 'The restore checks passed.'
      : 'THE RESTORE CHECKS FAILED: do not use this copy before finding out why.',
  ];
  return lines.join('\n');
}

export async function runBackupCommand(config: Config, command: BackupCommand, args: string[]): Promise<number> {
  if (command === 'backup-key') {
    const path = oneArgument(args, 'the new key file');
    if (path === null) return 1;
    const made = await writeNewBackupKey(path);
    if (!made.ok) {
      console.error(made.problem.message);
      return 1;
    }
    console.log(
      `A new backup key is in ${path} (readable by you only). Set BACKUP_KEY_FILE=${path}, and keep a copy of the key somewhere other than the backups and this server: without it no backup can be restored.`,
    );
    return 0;
  }
  // Only what a backup or a restore uses is loaded, not the whole application (../composition-backups.ts).
  const { buildBackups } = await import('../composition-backups.js');
  const { backups, restores } = buildBackups(config);
  if (command === 'backup') {
    const dir = oneArgument(args, 'the folder to write the backup to');
    if (dir === null) return 1;
    const made = await backups.backUp(dir);
    if (!made.ok) {
      console.error(made.problem.message);
      return 1;
    }
    const m = made.manifest;
    const rows = Object.values(m.counts).reduce((a, b) => a + b, 0);
    console.log(
      `Backed up to ${made.path}: ${String(Object.keys(m.counts).length)} tables, ${String(rows)} rows, ${String(m.files.length)} files, ${String(m.chainHeads.length)} audit chains.`,
    );
    return 0;
  }
  const { values, positionals } = parseArgs({
    args,
    options: { overwrite: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const file = oneArgument(positionals, 'the backup file to restore');
  if (file === null) return 1;
  const restored = await restores.restore(file, { overwrite: values.overwrite });
  if (!restored.ok) {
    console.error(restored.problem.message);
    return 1;
  }
  console.log(describeReport(restored.report));
  return restored.report.intact ? 0 : 2;
}
