/**
 * Files kept on disk outside the web root, under names Otway generates (a UUID, no extension), so that nothing a
 * person uploads decides where it goes or how it is served. Each file is written to a temporary name, flushed to disk,
 * then renamed into place, so a crash never leaves half a file under a real name. Files are 0600 and folders 0700,
 * readable by Otway's user alone; folders made wider before (by an older Otway, or a restore) are tightened when the
 * store is created at start (ADR 0030), which keeps everyone else out of the files in them whatever their own modes.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const NAME = /^[0-9a-f-]{36}$/u;
const FOLDER = /^[a-z0-9-]{1,63}$/u;

/** Creates the store's folder 0700, and tightens it and the folders in it to 0700 if they were wider. */
function ownerOnlyFolders(base: string): void {
  mkdirSync(base, { recursive: true, mode: 0o700 });
  chmodSync(base, 0o700);
  for (const entry of readdirSync(base, { withFileTypes: true })) {
    if (entry.isDirectory()) chmodSync(join(base, entry.name), 0o700);
  }
}

export function createFileStore(root: string) {
  const base = resolve(root);
  ownerOnlyFolders(base);
  const pathOf = (folder: string, name: string) => {
    if (!FOLDER.test(folder) || !NAME.test(name)) throw new Error('Not a stored file name.');
    return join(base, folder, name);
  };

  return {
    /** Writes the bytes under a new generated name in `folder` and returns the name. */
    async put(folder: string, bytes: Uint8Array): Promise<string> {
      const name = randomUUID();
      const target = pathOf(folder, name);
      await mkdir(join(base, folder), { recursive: true, mode: 0o700 });
      const temporary = `${target}.partial`;
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, target);
      return name;
    },

    async get(folder: string, name: string): Promise<Buffer> {
      return readFile(pathOf(folder, name));
    },

    async remove(folder: string, name: string): Promise<void> {
      await rm(pathOf(folder, name), { force: true });
    },
  };
}

export type FileStore = ReturnType<typeof createFileStore>;
