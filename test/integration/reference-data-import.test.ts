/**
 * Importing the publishers' files (issue 3, item 3): an empty database, then the same file again, then changed
 * copies, then broken ones. The files are read from ../shared/data beside the repository, never copied into it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceFileError } from '../../src/data/reference/errors.js';
import { createReferenceImportService } from '../../src/services/reference/reference-import.service.js';
import { auditRows } from '../support/audit.js';
import { describeEachDialect } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SHARED = resolve(import.meta.dirname, '../../../shared/data');
const EPRACCUR = 'epraccur_llr_and_neighbours.csv';
const GIAS = 'gias_layout_llr_and_neighbours.csv';
const read = (name: string) => readFileSync(resolve(SHARED, name));
const lines = (name: string) =>
  read(name)
    .toString('utf8')
    .split(/\r?\n/u)
    .filter((l) => l !== '');

/** A line of the file with some of its (1-based) columns replaced. Every value in these files is quoted. */
function withColumns(line: string, replace: Record<number, string>): string {
  const fields = line.slice(1, -1).split('","');
  for (const [column, value] of Object.entries(replace)) fields[Number(column) - 1] = value;
  return `"${fields.join('","')}"`;
}

/** Windows-1252 bytes for text made of Latin-1 characters and the curly apostrophe. */
function cp1252(text: string): Buffer {
  return Buffer.from(
    Array.from(text, (c) => {
      if (c === '’') return 0x92;
      const code = c.charCodeAt(0);
      if (code > 0xff || (code >= 0x80 && code <= 0x9f)) throw new Error(`not in Windows-1252: ${c}`);
      return code;
    }),
  );
}

describeEachDialect('reference data import', (dialect) => {
  let t: TestApp;
  const count = async (
    table: 'gp_practices' | 'gp_practice_history' | 'schools' | 'school_history' | 'reference_imports',
  ) => {
    const row = await t.deps.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const practice = (code: string) =>
    t.deps.database.db.selectFrom('gp_practices').selectAll().where('code', '=', code).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('practices (epraccur)', () => {
    it('imports every row into an empty database, then changes nothing the second time', async () => {
      const first = await t.deps.referenceImport.importPractices({ name: EPRACCUR, bytes: read(EPRACCUR) });
      expect(first).toMatchObject({ total: 382, added: 382, updated: 0, unchanged: 0, closed: 0, missing: 0 });
      expect(first.encoding).toBe('utf-8');
      expect(await count('gp_practices')).toBe(382);
      expect(await practice('C82044')).toMatchObject({
        name: 'EMPINGHAM MEDICAL CENTRE',
        icb_code: 'QK1',
        sub_icb_code: '03W',
        status: 'A',
        prescribing_setting: 4,
        town: 'OAKHAM',
        postcode: 'LE15 8PR',
        open_date: '1974-04-01',
        close_date: null,
        source_file: EPRACCUR,
        missing_since: null,
      });
      const before = await practice('C82044');

      const second = await t.deps.referenceImport.importPractices({ name: EPRACCUR, bytes: read(EPRACCUR) });
      expect(second).toMatchObject({ total: 382, added: 0, updated: 0, unchanged: 382, closed: 0, missing: 0 });
      expect(await count('gp_practice_history')).toBe(0);
      expect(await practice('C82044')).toEqual(before);
      const log = await t.deps.database.db
        .selectFrom('reference_imports')
        .selectAll()
        .where('kind', '=', 'practices')
        .orderBy('started_at')
        .execute();
      expect(log).toHaveLength(2);
      expect(log[0]?.sha256).toMatch(/^[0-9a-f]{64}$/u);
      // Each import is in the audit trail (the instance chain: reference data belongs to no one service).
      const events = await auditRows(t.deps, { action: 'reference.imported' });
      expect(events.map((e) => e.subject_id)).toEqual(log.map((l) => l.id));
      expect(events.every((e) => e.service_id === null && e.subject_type === 'reference-practices')).toBe(true);
      expect(log[1]).toMatchObject({ sha256: log[0]?.sha256, added: 0, updated: 0, unchanged: 382 });
    });

    it('records a renamed practice as updated and a closed one as closed, each with a history row', async () => {
      const changed = lines(EPRACCUR).map((line) => {
        if (line.startsWith('"C82044"')) return withColumns(line, { 2: 'EMPINGHAM SURGERY' });
        if (line.startsWith('"Y05412"')) return withColumns(line, { 12: '20260131', 13: 'C', 17: '20260131' });
        return line;
      });
      const report = await t.deps.referenceImport.importPractices({
        name: 'epraccur-changed.csv',
        bytes: Buffer.from(changed.join('\r\n')),
      });
      expect(report).toMatchObject({ total: 382, added: 0, updated: 1, unchanged: 380, closed: 1, missing: 0 });
      expect(await practice('C82044')).toMatchObject({
        name: 'EMPINGHAM SURGERY',
        source_file: 'epraccur-changed.csv',
      });
      expect(await practice('Y05412')).toMatchObject({ status: 'C', close_date: '2026-01-31' });
      const history = await t.deps.database.db
        .selectFrom('gp_practice_history')
        .select(['code', 'change', 'changes', 'import_id'])
        .orderBy('code')
        .execute();
      expect(history.map((h) => [h.code, h.change, JSON.parse(h.changes) as unknown])).toEqual([
        ['C82044', 'updated', { name: { from: 'EMPINGHAM MEDICAL CENTRE', to: 'EMPINGHAM SURGERY' } }],
        ['Y05412', 'closed', { status: { from: 'A', to: 'C' }, close_date: { from: null, to: '2026-01-31' } }],
      ]);
      expect(new Set(history.map((h) => h.import_id))).toEqual(new Set([report.importId]));
    });

    it('keeps a practice the file no longer lists, marked as missing, and notes when it comes back', async () => {
      const without = lines(EPRACCUR).filter((line) => !line.startsWith('"C82040"'));
      const report = await t.deps.referenceImport.importPractices({
        name: 'partial.csv',
        bytes: Buffer.from(without.join('\n')),
      });
      // Built from the original file, so it also undoes the rename and the closure above: 2 updates.
      expect(report).toMatchObject({ total: 381, added: 0, updated: 2, closed: 0, missing: 1 });
      expect((await practice('Y05412')).status).toBe('A');
      expect(await practice('C82040')).toMatchObject({ status: 'A', name: 'ORCHARD SURGERY' });
      expect((await practice('C82040')).missing_since).not.toBeNull();
      expect((await t.deps.referenceData.findPractice('C82040'))?.status).toBe('A');

      const again = await t.deps.referenceImport.importPractices({
        name: 'partial.csv',
        bytes: Buffer.from(without.join('\n')),
      });
      expect(again).toMatchObject({ added: 0, updated: 0, closed: 0, missing: 0 });

      const back = await t.deps.referenceImport.importPractices({ name: EPRACCUR, bytes: read(EPRACCUR) });
      expect(back).toMatchObject({ added: 0, updated: 1, unchanged: 381, closed: 0, missing: 0 });
      expect((await practice('C82040')).missing_since).toBeNull();
      const changes = await t.deps.database.db
        .selectFrom('gp_practice_history')
        .select(['code', 'change'])
        .where('code', '=', 'C82040')
        .orderBy('id')
        .execute();
      expect(changes).toEqual([
        { code: 'C82040', change: 'missing' },
        { code: 'C82040', change: 'returned' },
      ]);
    });

    it('refuses a file with one broken row in the middle, naming the line, and writes nothing', async () => {
      const original = lines(EPRACCUR);
      const broken = original.map((line, i) =>
        i === 190 ? withColumns(line, { 2: 'RENAMED', 11: '20241399' }) : line,
      );
      const counts = async () => [
        await count('gp_practices'),
        await count('gp_practice_history'),
        await count('reference_imports'),
      ];
      const before = await counts();
      const snapshot = await t.deps.database.db.selectFrom('gp_practices').selectAll().orderBy('code').execute();

      const error = await t.deps.referenceImport
        .importPractices({ name: 'broken.csv', bytes: Buffer.from(broken.join('\n')) })
        .catch((err: unknown) => err);
      expect(error).toBeInstanceOf(ReferenceFileError);
      expect((error as ReferenceFileError).line).toBe(191);
      expect((error as ReferenceFileError).message).toMatch(/^Line 191: the open date \(column 11\) "20241399"/u);

      const short = original.map((line, i) => (i === 100 ? line.replace(/,"[^"]*"$/u, '') : line));
      await expect(
        t.deps.referenceImport.importPractices({ name: 'short.csv', bytes: Buffer.from(short.join('\n')) }),
      ).rejects.toThrow('Line 101: expected 27 columns, found 26');

      expect(await counts()).toEqual(before);
      expect(await t.deps.database.db.selectFrom('gp_practices').selectAll().orderBy('code').execute()).toEqual(
        snapshot,
      );
    });

    it('rolls back everything when the import fails part-way through its transaction', async () => {
      let calls = 0;
      const failing = createReferenceImportService({
        audit: t.deps.audit,
        db: t.deps.database.db,
        clock: () => {
          calls++;
          if (calls > 1) throw new Error('clock failed after the rows were written');
          return new Date('2027-01-01T00:00:00.000Z');
        },
      });
      const renamed = lines(EPRACCUR).map((line) =>
        line.startsWith('"C82044"') ? withColumns(line, { 2: 'X' }) : line,
      );
      const before = [await count('gp_practice_history'), await count('reference_imports')];
      await expect(failing.importPractices({ name: 'x.csv', bytes: Buffer.from(renamed.join('\n')) })).rejects.toThrow(
        'clock failed',
      );
      expect((await practice('C82044')).name).toBe('EMPINGHAM MEDICAL CENTRE');
      expect([await count('gp_practice_history'), await count('reference_imports')]).toEqual(before);
    });
  });

  describe('schools (GIAS)', () => {
    const school = (urn: string) =>
      t.deps.database.db.selectFrom('schools').selectAll().where('urn', '=', urn).executeTakeFirstOrThrow();

    it('imports every row into an empty table, then changes nothing the second time', async () => {
      const first = await t.deps.referenceImport.importSchools({ name: GIAS, bytes: read(GIAS) });
      expect(first).toMatchObject({ total: 211, added: 211, updated: 0, unchanged: 0, closed: 0, missing: 0 });
      expect(await school('137340')).toMatchObject({
        name: 'Casterton College Rutland',
        la_code: '857',
        la_name: 'Rutland',
        status: 'open',
        town: 'Stamford',
        postcode: 'PE9 4AT',
        establishment_type_group: 'Converter academies',
      });
      expect((await school('120317')).postcode).toBeNull();

      const second = await t.deps.referenceImport.importSchools({ name: GIAS, bytes: read(GIAS) });
      expect(second).toMatchObject({ total: 211, added: 0, updated: 0, unchanged: 211, closed: 0, missing: 0 });
      expect(await count('school_history')).toBe(0);
    });

    it('reads a Windows-1252 download: a renamed school with a curly apostrophe and a closed school', async () => {
      const changed = lines(GIAS).map((line) => {
        if (line.startsWith('"138820"')) return withColumns(line, { 5: 'St Mary’s Castle Donington College' });
        if (line.startsWith('"138964"')) return withColumns(line, { 10: '2', 11: 'Closed', 17: '31-08-2026' });
        return line;
      });
      const report = await t.deps.referenceImport.importSchools({
        name: 'edubasealldata20261127.csv',
        bytes: cp1252(changed.join('\r\n')),
      });
      expect(report).toMatchObject({ encoding: 'windows-1252', added: 0, updated: 1, closed: 1, unchanged: 209 });
      expect((await school('138820')).name).toBe('St Mary’s Castle Donington College');
      expect(await school('138964')).toMatchObject({ status: 'closed', close_date: '2026-08-31' });
      expect(await t.deps.referenceData.findSchool('138964')).toMatchObject({ open: false, laCode: '891' });
      const history = await t.deps.database.db
        .selectFrom('school_history')
        .select(['urn', 'change'])
        .orderBy('urn')
        .execute();
      expect(history).toEqual([
        { urn: '138820', change: 'updated' },
        { urn: '138964', change: 'closed' },
      ]);
    });

    it('refuses a file with a broken row in the middle, naming the line, and writes nothing', async () => {
      const broken = lines(GIAS).map((line, i) => (i === 100 ? withColumns(line, { 14: '31/02/2020' }) : line));
      const before = [await count('schools'), await count('school_history'), await count('reference_imports')];
      await expect(
        t.deps.referenceImport.importSchools({ name: 'broken.csv', bytes: Buffer.from(broken.join('\n')) }),
      ).rejects.toThrow('Line 101: the OpenDate "31/02/2020" is not a date written DD-MM-YYYY');
      const header = lines(GIAS).map((line, i) => (i === 0 ? line.replace('"URN"', '"Ref"') : line));
      await expect(
        t.deps.referenceImport.importSchools({ name: 'header.csv', bytes: Buffer.from(header.join('\n')) }),
      ).rejects.toThrow('Line 1: the header has no column "URN"');
      expect([await count('schools'), await count('school_history'), await count('reference_imports')]).toEqual(before);
    });
  });
});
