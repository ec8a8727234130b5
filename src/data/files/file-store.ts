/**
 * Files kept on disk outside the web root, under names Otway generates (a UUID, no extension), so that nothing a
 * person uploads decides where it goes or how it is served. Each file is written to a temporary name, flushed to disk,
 * then renamed into place, so a crash never leaves half a file under a real name.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const NAME = /^[0-9a-f-]{36}$/u;
const FOLDER = /^[a-z0-9-]{1,63}$/u;

export function createFileStore(root: string) {
  const base = resolve(root);
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
