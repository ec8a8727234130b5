/**
 * Look-ups for the eligibility engine and the type-ahead search, over the publishers' files in ../shared/data and
 * the border cases its README names.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SHARED = resolve(import.meta.dirname, '../../../shared/data');
const file = (name: string) => ({ name, bytes: readFileSync(resolve(SHARED, name)) });

describeEachDialect('reference data look-ups and search', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('says when nothing has been imported yet, so the checker can ask declarations instead', async () => {
    expect(await t.deps.referenceData.loaded()).toEqual({ practices: false, schools: false });
    expect(await t.deps.referenceData.findPractice('C82044')).toBeUndefined();
    expect(await t.deps.referenceData.searchPractices('Empingham')).toEqual([]);

    await t.deps.referenceImport.importPractices(file('epraccur_llr_and_neighbours.csv'));
    expect(await t.deps.referenceData.loaded()).toEqual({ practices: true, schools: false });
    await t.deps.referenceImport.importSchools(file('gias_layout_llr_and_neighbours.csv'));
    expect(await t.deps.referenceData.loaded()).toEqual({ practices: true, schools: true });
    // "Not found" was kept after the first look-up (ADR 0050); an import in this process forgets it at once.
    expect(await t.deps.referenceData.findPractice('C82044')).toMatchObject({ code: 'C82044' });
  });

  describe('practices', () => {
    it('finds an LLR GP practice: ICB QK1, active, setting 4', async () => {
      expect(await t.deps.referenceData.findPractice(' c82044 ')).toEqual({
        code: 'C82044',
        name: 'EMPINGHAM MEDICAL CENTRE',
        status: 'A',
        prescribingSetting: 4,
        icbCode: 'QK1',
        subIcbCode: '03W',
        postcode: 'LE15 8PR',
        town: 'OAKHAM',
      });
    });

    it('finds the border cases: a practice in Leicestershire under another ICB, a closed one, a non-GP setting', async () => {
      expect(await t.deps.referenceData.findPractice('C82040')).toMatchObject({
        name: 'ORCHARD SURGERY',
        icbCode: 'QT1',
        subIcbCode: '52R',
        status: 'A',
        prescribingSetting: 4,
        postcode: 'DE74 2EL',
      });
      expect(await t.deps.referenceData.findPractice('C84005')).toMatchObject({ icbCode: 'QT1', postcode: 'LE12 6JG' });
      expect(await t.deps.referenceData.findPractice('C82029')).toMatchObject({
        name: 'WILLOWBROOK MEDICAL CENTRE (JG ASTLES)',
        icbCode: 'QK1',
        status: 'C',
      });
      expect(await t.deps.referenceData.findPractice('A99888')).toMatchObject({
        icbCode: 'QK1',
        status: 'A',
        prescribingSetting: 0,
      });
      expect(await t.deps.referenceData.findPractice('C82015')).toMatchObject({
        icbCode: 'Q78',
        subIcbCode: '04C',
        status: 'C',
      });
      expect(await t.deps.referenceData.findPractice('ZZZ999')).toBeUndefined();
    });

    it('searches by name, village, town, postcode and code, case and spaces ignored', async () => {
      const codes = async (query: string, limit?: number) =>
        (await t.deps.referenceData.searchPractices(query, limit)).map((p) => p.code);
      expect(await codes('empingham medical')).toEqual(['C82044']);
      expect(await codes('Kegworth')).toContain('C82040');
      // GP practices only: Kendrew Medical Centre (A91152, Cottesmore) is a prescribing cost centre of another setting.
      expect(await codes('oakham')).toContain('C82044');
      expect(await codes('oakham')).not.toContain('A91152');
      expect(await codes('le158pr')).toEqual(['C82044']);
      expect(await codes('LE15 8')).toContain('C82044');
      expect((await codes('c82044'))[0]).toBe('C82044');
      expect(await codes('C8204')).toEqual(expect.arrayContaining(['C82040', 'C82044']));
    });

    it('lists active practices first, takes % and _ literally, and returns at most 20', async () => {
      const results = await t.deps.referenceData.searchPractices('leicester', 20);
      expect(results).toHaveLength(20);
      const all = await t.deps.referenceData.searchPractices('medical', 1000);
      expect(all).toHaveLength(20);
      expect(await t.deps.referenceData.searchPractices('medical', 0)).toHaveLength(1);
      const firstInactive = all.findIndex((p) => p.status !== 'A');
      if (firstInactive !== -1) expect(all.slice(firstInactive).every((p) => p.status !== 'A')).toBe(true);
      const closedToo = await t.deps.referenceData.searchPractices('willowbrook');
      expect(closedToo.map((p) => p.code)).toContain('C82029');
      expect(await t.deps.referenceData.searchPractices('%')).toEqual([]);
      expect(await t.deps.referenceData.searchPractices('_')).toEqual([]);
      expect(await t.deps.referenceData.searchPractices("O'Brien \\ ; drop table gp_practices")).toEqual([]);
      expect(await t.deps.referenceData.searchPractices('   ')).toEqual([]);
    });
  });

  describe('schools', () => {
    it('finds LLR schools in each of 855, 856 and 857, and a neighbour just outside', async () => {
      expect(await t.deps.referenceData.findSchool('138820')).toEqual({
        urn: '138820',
        name: 'Castle Donington College',
        open: true,
        laCode: '855',
        laName: 'Leicestershire',
        postcode: 'DE74 2LN',
        town: 'Derby',
      });
      expect(await t.deps.referenceData.findSchool('143247')).toMatchObject({ laCode: '856', postcode: null });
      expect(await t.deps.referenceData.findSchool('137340')).toMatchObject({ laCode: '857', town: 'Stamford' });
      expect(await t.deps.referenceData.findSchool('138964')).toMatchObject({
        name: 'East Leake Academy',
        laCode: '891',
        postcode: 'LE12 6QN',
        open: true,
      });
      expect(await t.deps.referenceData.findSchool('999999')).toBeUndefined();
    });

    it('finds a closed school as closed', async () => {
      const closedFile = readFileSync(resolve(SHARED, 'gias_layout_llr_and_neighbours.csv'), 'utf8')
        .split('\n')
        .map((line) => (line.startsWith('"138108"') ? line.replace('"1","Open"', '"2","Closed"') : line))
        .join('\n');
      const report = await t.deps.referenceImport.importSchools({ name: 'closed.csv', bytes: Buffer.from(closedFile) });
      expect(report).toMatchObject({ closed: 1, updated: 0 });
      expect(await t.deps.referenceData.findSchool('138108')).toMatchObject({
        name: 'The Market Bosworth School',
        open: false,
        laCode: '855',
      });
      const results = await t.deps.referenceData.searchSchools('school', 20);
      const firstClosed = results.findIndex((s) => !s.open);
      if (firstClosed !== -1) expect(results.slice(firstClosed).every((s) => !s.open)).toBe(true);
    });

    it('searches by name, town, postcode and URN', async () => {
      const urns = async (query: string) => (await t.deps.referenceData.searchSchools(query)).map((s) => s.urn);
      expect(await urns('castle donington')).toEqual(['138820']);
      expect(await urns('STAMFORD')).toContain('137340');
      expect(await urns('le12 6qn')).toEqual(['138964']);
      expect((await urns('138820'))[0]).toBe('138820');
    });
  });

  it('builds synchronous look-ups holding the practice and school the facts name', async () => {
    const lookups = await t.deps.referenceData.lookupsFor({ practiceCode: 'c82044', urn: '137340' });
    expect(lookups.practice('C82044')?.icbCode).toBe('QK1');
    expect(lookups.practice(' c82044')?.name).toBe('EMPINGHAM MEDICAL CENTRE');
    expect(lookups.school('137340')?.laCode).toBe('857');
    expect(lookups.practice('C82040')).toBeUndefined();

    const unknown = await t.deps.referenceData.lookupsFor({ practiceCode: 'ZZZ999', urn: null });
    expect(unknown.practice('ZZZ999')).toBeUndefined();
    expect(unknown.school('137340')).toBeUndefined();
  });
});
