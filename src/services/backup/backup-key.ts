/**
 * The backup key: 32 random bytes in a file of its own (BACKUP_KEY_FILE), kept apart from the database and from the
 * backups, readable by its owner only.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { newBackupKeyText, parseBackupKey } from '../../data/backup/sealed-stream.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';

export type KeyProblem = Problem<'incomplete' | 'invalid-input' | 'conflict'>;

/** Reads the key BACKUP_KEY_FILE names, refusing a missing setting, a missing file, or a file others can read. */
export async function readBackupKey(keyFile: string | null): Promise<Outcome<{ key: Buffer }, KeyProblem>> {
  if (keyFile === null) {
    return failed(
      problem(
        'incomplete',
        'Set BACKUP_KEY_FILE to the file that holds the backup key (make one with: npm run cli -- backup-key FILE). Nothing was done.',
      ),
    );
  }
  let text: string;
  let mode: number;
  try {
    mode = (await stat(keyFile)).mode;
    text = await readFile(keyFile, 'utf8');
  } catch (err) {
    return failed(
      problem('invalid-input', `Cannot read the backup key ${keyFile}: ${(err as Error).message}. Nothing was done.`),
    );
  }
  if ((mode & 0o077) !== 0) {
    return failed(
      problem(
        'invalid-input',
        `The backup key ${keyFile} can be read by other users: make it readable by its owner only (chmod 600). Nothing was done.`,
      ),
    );
  }
  const key = parseBackupKey(text);
  if (key === null) {
    return failed(
      problem(
        'invalid-input',
        `${keyFile} does not hold a backup key (one line of base64, 32 bytes). Nothing was done.`,
      ),
    );
  }
  return ok({ key });
}

/** Writes a new key to a file that must not exist yet, readable by its owner only. */
export async function writeNewBackupKey(path: string): Promise<Outcome<{ path: string }, KeyProblem>> {
  try {
    await writeFile(path, newBackupKeyText(), { mode: 0o600, flag: 'wx' });
    return ok({ path });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return failed(
      code === 'EEXIST'
        ? problem('conflict', `${path} already exists: a key is never overwritten. Choose a new file name.`)
        : problem('invalid-input', `Cannot write ${path}: ${(err as Error).message}`),
    );
  }
}
