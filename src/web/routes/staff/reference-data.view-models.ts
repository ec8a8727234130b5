/**
 * What admins see of the reference data on the staff home: for GP practices and for schools, the file last imported,
 * the publisher's date of its data, when it was imported, and a warning when the data is older than the publisher's
 * cycle (STALE_AFTER_DAYS) or was never imported.
 */
import { STALE_AFTER_DAYS, type Freshness, type ReferenceDataKind } from '../../../domain/reference/freshness.js';
import { formatLongDate, londonDate } from '../../../domain/shared/dates.js';

const WHAT: Record<ReferenceDataKind, { name: string; data: string; publisher: string; command: string }> = {
  practices: {
    name: 'GP practices',
    data: 'GP practice data',
    publisher: 'NHS England’s Organisation Data Service (epraccur)',
    command: 'npm run cli -- import-practices FILE',
  },
  schools: {
    name: 'Schools',
    data: 'school data',
    publisher: 'the Department for Education’s Get Information about Schools',
    command: 'npm run cli -- import-schools FILE',
  },
};

export interface ReferenceDataRow {
  name: string;
  file: string;
  source: string;
  dataDate: string;
  importedOn: string;
  warning?: string;
}

export function referenceDataView(status: readonly Freshness[]): ReferenceDataRow[] {
  return (['practices', 'schools'] as const).map((kind) => {
    const what = WHAT[kind];
    const f = status.find((s) => s.kind === kind);
    if (f === undefined) {
      return {
        name: what.name,
        file: 'None imported',
        source: '',
        dataDate: 'Not known',
        importedOn: 'Never',
        warning: `No ${kind === 'practices' ? 'GP practices' : 'schools'} have been imported. Import ${what.publisher} file with ${what.command}.`,
      };
    }
    return {
      name: what.name,
      file: f.fileName,
      source: f.source === 'snapshot' ? 'The copy shipped with Otway' : 'Imported from a publisher’s file',
      dataDate: f.dataDate === null ? 'Not recorded' : formatLongDate(f.dataDate),
      importedOn: formatLongDate(londonDate(new Date(f.finishedAt))),
      ...(f.stale && {
        warning:
          `The ${what.data} is from ${formatLongDate(f.asOf)}, ${String(f.ageDays)} days ago: ` +
          `older than the ${String(STALE_AFTER_DAYS[kind])} days after which it counts as out of date. Practices and ` +
          `schools that opened, moved or closed since are not known. Import the current file from ${what.publisher} ` +
          `with ${what.command}.`,
      }),
    };
  });
}
