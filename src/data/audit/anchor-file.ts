/**
 * The file the audit chain heads are anchored in: one signed anchor a line, only ever appended to. Its place is a
 * setting (AUDIT_ANCHOR_FILE), meant to be outside the database's reach: another disk, a share that only allows
 * appends, or a file made append-only (`chattr +a`). Created readable by its owner only.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface AnchorFile {
  /** Appends lines and waits for them to reach the file. */
  append(lines: readonly string[]): Promise<void>;
  /** Every line, in the order written; none when the file does not exist yet. */
  lines(): Promise<string[]>;
  readonly path: string;
}

export function anchorFile(path: string): AnchorFile {
  return {
    path,
    async append(lines) {
      if (lines.length === 0) return;
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      // flag 'a': every write goes to the end, even if another process appended meanwhile.
      await appendFile(path, lines.map((l) => `${l}\n`).join(''), { flag: 'a', mode: 0o600, flush: true });
    },
    async lines() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
      return text.split('\n').filter((l) => l.trim() !== '');
    },
  };
}
