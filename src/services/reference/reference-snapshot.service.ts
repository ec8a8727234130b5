/**
 * The reference-data snapshot shipped beside the service definitions, imported on first start into empty tables so
 * that a new install searches GP practices and schools at once; and how old the data is, for admins. The importers
 * are the command line's: a newer publisher's file imported later updates what the snapshot wrote.
 */
import type { Executor } from '../../data/executor.js';
import { latestImports } from '../../data/reference/imports.repository.js';
import { readSnapshot } from '../../data/reference/snapshot-files.js';
import { londonDate } from '../../domain/shared/dates.js';
import { freshness, type Freshness } from '../../domain/reference/freshness.js';
import { systemContext, type Clock } from '../shared/context.js';
import type { ImportReport, ReferenceImportService } from './reference-import.service.js';

export function createReferenceSnapshot(deps: {
  db: Executor;
  clock: Clock;
  referenceImport: ReferenceImportService;
  definitionsDir: string;
}) {
  const { db, clock, referenceImport, definitionsDir } = deps;

  /**
   * Imports each file of the snapshot whose table is empty. Safe when two servers start at once: emptiness is decided
   * under each kind's import lock, so the snapshot is imported once. Returns what it imported.
   */
  async function importIfEmpty(): Promise<ImportReport[]> {
    const reports: ImportReport[] = [];
    for (const file of readSnapshot(definitionsDir)) {
      const report = await referenceImport.importIfEmpty(
        file.kind,
        { name: file.name, bytes: file.bytes },
        systemContext('startup'),
        { source: 'snapshot', dataDate: file.dataDate },
      );
      if (report !== null) reports.push(report);
    }
    return reports;
  }

  /** The last import of each kind and how old its data is. */
  async function status(): Promise<Freshness[]> {
    const today = londonDate(clock());
    return (await latestImports(db)).map((i) => freshness(i, today));
  }

  return { importIfEmpty, status };
}

export type ReferenceSnapshot = ReturnType<typeof createReferenceSnapshot>;
