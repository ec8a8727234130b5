/**
 * The file store as a backup sees it: every finished file (`folder/name`, never a `.partial`), and putting files back.
 * The names follow the file store's own rules (src/data/files/file-store.ts).
 */
import { chmod, copyFile, mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';

const NAME = /^[0-9a-f-]{36}$/u;
const FOLDER = /^[a-z0-9-]{1,63}$/u;

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Every stored file, as `folder/name`, sorted. */
export async function listStoredFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const folder of (await entries(root)).filter((f) => FOLDER.test(f))) {
    for (const name of (await entries(join(root, folder))).filter((n) => NAME.test(n))) {
      found.push(`${folder}/${name}`);
    }
  }
  return found.sort();
}

/** Copies a file into the store at `folder/name` (mode 0600, through a temporary name). */
export async function putStoredFile(root: string, path: string, from: string): Promise<void> {
  const [folder, name] = path.split('/');
  if (folder === undefined || name === undefined || !FOLDER.test(folder) || !NAME.test(name)) {
    throw new Error(`Not a stored file name: ${path}`);
  }
  await mkdir(join(root, folder), { recursive: true, mode: 0o700 });
  const target = join(root, folder, name);
  const partial = `${target}.partial`;
  await copyFile(from, partial);
  await chmod(partial, 0o600);
  await rename(partial, target);
}
