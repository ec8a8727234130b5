/**
 * The application as `npm start` runs it: the JavaScript scripts/build.mjs compiled into dist/ (`npm run bench`
 * builds it first when src/ is newer), not tsx's compilation of src/ at run time, which differs from it (tsx keeps
 * every function's name with a helper call each time a function is made, a cost the built application never pays).
 * The servers' own scripts stay TypeScript; what they load of the application comes from here, typed as its source.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const DIST = resolve(import.meta.dirname, '../../dist');

/** `path` is the module's path under src/, with its `.js` ending, as an import names it. */
export async function compiled<Module>(path: string): Promise<Module> {
  const file = resolve(DIST, path);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (\`npm run bench\` builds it).`);
  return (await import(pathToFileURL(file).href)) as Module;
}
