/**
 * The reference-data snapshot shipped beside the service definitions: `reference-data/snapshot.json` names a dated
 * copy of each publisher's file (NHS ODS epraccur, DfE GIAS), imported on first start into empty tables.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import type { ReferenceKind } from './imports.repository.js';

export const SNAPSHOT_FOLDER = 'reference-data';
const MANIFEST = 'snapshot.json';

const manifestSchema = z
  .object({
    licence: z.string().min(1),
    licenceUrl: z.url(),
    attribution: z.string().min(1),
    files: z
      .array(
        z
          .object({
            kind: z.enum(['practices', 'schools']),
            // A plain file name in the same folder: never a path out of it.
            file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.csv$/u),
            publisher: z.string().min(1),
            dataDate: z.iso.date(),
          })
          .strict(),
      )
      .max(2),
  })
  .strict();

export interface SnapshotFile {
  kind: ReferenceKind;
  name: string;
  bytes: Uint8Array;
  publisher: string;
  dataDate: string;
}

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

/** The snapshot's files, read from `<definitionsDir>/reference-data/`; none when the folder has no manifest. */
export function readSnapshot(definitionsDir: string): SnapshotFile[] {
  const folder = resolve(definitionsDir, SNAPSHOT_FOLDER);
  const manifestPath = join(folder, MANIFEST);
  if (!existsSync(manifestPath)) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (err) {
    throw new SnapshotError(`${manifestPath} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new SnapshotError(`${manifestPath} is not valid: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  const kinds = parsed.data.files.map((f) => f.kind);
  if (new Set(kinds).size !== kinds.length) throw new SnapshotError(`${manifestPath} lists a kind of data twice.`);
  return parsed.data.files.map((f) => ({
    kind: f.kind,
    name: basename(f.file),
    bytes: readFileSync(join(folder, f.file)),
    publisher: f.publisher,
    dataDate: f.dataDate,
  }));
}
