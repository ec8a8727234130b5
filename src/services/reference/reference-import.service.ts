/**
 * Importing reference data: GP practices from NHS ODS epraccur and schools from DfE GIAS. The file is decoded and
 * parsed in full first, so a bad row refuses it before anything is written; then one transaction upserts what is new
 * or changed, writes a history row for each change, and marks what the file no longer lists (docs/adr/0012).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../data/database.js';
import type { Executor } from '../../data/executor.js';
import { decodeReferenceFile, type TextEncodingName } from '../../data/reference/encoding.js';
import { parseEpraccur } from '../../data/reference/epraccur.js';
import { parseGias } from '../../data/reference/gias.js';
import type { ColumnValue, ReferenceChange } from '../../data/reference/history.js';
import {
  finishImport,
  lockReferenceKind,
  startImport,
  type ImportCounts,
  type ImportSource,
  type ReferenceKind,
} from '../../data/reference/imports.repository.js';
import {
  insertPracticeHistory,
  loadAllPractices,
  markPracticesMissing,
  practiceValues,
  upsertPractices,
} from '../../data/reference/practices.repository.js';
import {
  insertSchoolHistory,
  loadAllSchools,
  markSchoolsMissing,
  schoolValues,
  upsertSchools,
} from '../../data/reference/schools.repository.js';
import type { AuditService } from '../audit/audit.service.js';
import { systemContext, type Clock, type RequestContext } from '../shared/context.js';
import { diffReference } from './diff.js';

export { ReferenceFileError } from '../../data/reference/errors.js';

export interface ReferenceFile {
  /** The file's name, without its folder: kept with each row it writes. */
  name: string;
  bytes: Uint8Array;
}

/** How an import is recorded, and whether it runs only into an empty table (the first-start snapshot). */
export interface ImportOptions {
  source?: ImportSource;
  /** The publisher's date of the data (ISO date), when known. */
  dataDate?: string | null;
  /** Import only when the table is empty, decided under the import lock: otherwise nothing is written. */
  onlyIfEmpty?: boolean;
}

export interface ImportReport extends ImportCounts {
  importId: string;
  kind: ReferenceKind;
  fileName: string;
  encoding: TextEncodingName;
}

interface Table<V> {
  load(trx: Executor): Promise<ReadonlyMap<string, V & { missing_since: string | null }>>;
  upsert(trx: Executor, rows: readonly V[], meta: { now: string; sourceFile: string }): Promise<void>;
  markMissing(trx: Executor, keys: readonly string[], now: string): Promise<void>;
  history(trx: Executor, entries: readonly ReferenceChange[], meta: { importId: string; now: string }): Promise<void>;
}

const practiceTable: Table<ReturnType<typeof practiceValues>> = {
  load: loadAllPractices,
  upsert: upsertPractices,
  markMissing: markPracticesMissing,
  history: insertPracticeHistory,
};

const schoolTable: Table<ReturnType<typeof schoolValues>> = {
  load: loadAllSchools,
  upsert: upsertSchools,
  markMissing: markSchoolsMissing,
  history: insertSchoolHistory,
};

/** An import not limited to an empty table always runs, so it always reports. */
function done(report: ImportReport | null): ImportReport {
  if (report === null) throw new Error('An unconditional import wrote nothing.');
  return report;
}

export function createReferenceImportService(deps: {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditService;
  /** Called once an import has committed, so that this process forgets the reference data it had read (ADR 0050). */
  afterImport?: () => void;
}) {
  const { db, clock, audit, afterImport } = deps;

  async function run<V extends { missing_since: string | null } & Record<string, ColumnValue>>(
    kind: ReferenceKind,
    file: ReferenceFile,
    encoding: TextEncodingName,
    incoming: readonly V[],
    table: Table<V>,
    keyOf: (v: V) => string,
    isClosed: (v: Readonly<Record<string, ColumnValue>>) => boolean,
    ctx: RequestContext,
    options: ImportOptions,
  ): Promise<ImportReport | null> {
    const importId = randomUUID();
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const report = await db.transaction().execute(async (trx) => {
      await lockReferenceKind(trx, kind);
      const current = await table.load(trx);
      // Decided under the lock, so that two servers starting at once import the snapshot once between them.
      if (options.onlyIfEmpty === true && current.size > 0) return null;
      const now = clock().toISOString();
      await startImport(trx, {
        id: importId,
        kind,
        fileName: file.name,
        sha256,
        startedAt: now,
        source: options.source ?? 'file',
        dataDate: options.dataDate ?? null,
      });
      const diff = diffReference(incoming, current, keyOf, isClosed);
      await table.upsert(trx, [...diff.added, ...diff.changed.map((c) => c.values)], { now, sourceFile: file.name });
      await table.markMissing(trx, diff.missing, now);
      const missing = diff.missing.map((key): ReferenceChange => ({ key, kind: 'missing', changes: {} }));
      await table.history(trx, [...diff.changed.map((c) => c.change), ...missing], { importId, now });
      const closed = diff.changed.filter((c) => c.change.kind === 'closed').length;
      const counts: ImportCounts = {
        total: incoming.length,
        added: diff.added.length,
        updated: diff.changed.length - closed,
        unchanged: diff.unchanged,
        closed,
        missing: diff.missing.length,
      };
      await finishImport(trx, importId, clock().toISOString(), counts);
      // Reference data belongs to no one service: the event goes in the instance chain.
      await audit.record(trx, ctx, {
        action: 'reference.imported',
        serviceId: null,
        subjectType: `reference-${kind}`,
        subjectId: importId,
        detail: {
          file: file.name.slice(0, 200),
          sha256,
          source: options.source ?? 'file',
          ...(options.dataDate != null && { dataDate: options.dataDate }),
          ...counts,
        },
      });
      return { importId, kind, fileName: file.name, encoding, ...counts };
    });
    if (report !== null) afterImport?.();
    return report;
  }

  function parsePractices(file: ReferenceFile) {
    const { text, encoding } = decodeReferenceFile(file.bytes);
    return { encoding, rows: parseEpraccur(text).map(practiceValues) };
  }

  function parseSchools(file: ReferenceFile) {
    const { text, encoding } = decodeReferenceFile(file.bytes);
    return { encoding, rows: parseGias(text).map(schoolValues) };
  }

  async function practices(file: ReferenceFile, ctx: RequestContext, options: ImportOptions) {
    const { encoding, rows } = parsePractices(file);
    return run(
      'practices',
      file,
      encoding,
      rows,
      practiceTable,
      (v) => v.code,
      (v) => v.status === 'C',
      ctx,
      options,
    );
  }

  async function schools(file: ReferenceFile, ctx: RequestContext, options: ImportOptions) {
    const { encoding, rows } = parseSchools(file);
    return run(
      'schools',
      file,
      encoding,
      rows,
      schoolTable,
      (v) => v.urn,
      (v) => v.status === 'closed',
      ctx,
      options,
    );
  }

  /** Imports an epraccur file. Throws ReferenceFileError, naming the line, before writing anything. */
  async function importPractices(
    file: ReferenceFile,
    ctx: RequestContext = systemContext('import'),
    options: Omit<ImportOptions, 'onlyIfEmpty'> = {},
  ): Promise<ImportReport> {
    return done(await practices(file, ctx, options));
  }

  /** Imports a GIAS extract. Throws ReferenceFileError, naming the line, before writing anything. */
  async function importSchools(
    file: ReferenceFile,
    ctx: RequestContext = systemContext('import'),
    options: Omit<ImportOptions, 'onlyIfEmpty'> = {},
  ): Promise<ImportReport> {
    return done(await schools(file, ctx, options));
  }

  /** Imports a file only when its table is empty (the first-start snapshot); null when it held data already. */
  async function importIfEmpty(
    kind: ReferenceKind,
    file: ReferenceFile,
    ctx: RequestContext,
    options: Omit<ImportOptions, 'onlyIfEmpty'>,
  ): Promise<ImportReport | null> {
    const all = { ...options, onlyIfEmpty: true };
    return kind === 'practices' ? practices(file, ctx, all) : schools(file, ctx, all);
  }

  return { importPractices, importSchools, importIfEmpty };
}

export type ReferenceImportService = ReturnType<typeof createReferenceImportService>;

/** Shown to people: the counts in words. */
export function describeImport(report: ImportReport): string {
  const noun = report.kind === 'practices' ? 'practices' : 'schools';
  return (
    `${report.fileName}: ${String(report.total)} ${noun} read (${report.encoding}). ` +
    `${String(report.added)} added, ${String(report.updated)} updated, ${String(report.closed)} closed, ` +
    `${String(report.unchanged)} unchanged, ${String(report.missing)} no longer in the file (kept).`
  );
}
