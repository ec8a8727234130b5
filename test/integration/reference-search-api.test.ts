/**
 * The type-ahead search behind the practice and school pickers: public reference data as JSON, no session, refusing
 * what it does not understand, rate-limited per address, and described in the OpenAPI document.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SHARED = resolve(import.meta.dirname, '../../../shared/data');
const file = (name: string) => ({ name, bytes: readFileSync(resolve(SHARED, name)) });

describeEachDialect('the reference data search API', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { env: { SEARCH_RATE_LIMIT_PER_MINUTE: '40' } });
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, ip = '10.0.0.1') => t.app.inject({ method: 'GET', url, remoteAddress: ip });

  it('answers with nothing before any data is imported, then with the matches', async () => {
    expect((await get('/api/v1/reference/gp-practices?q=empingham')).json()).toEqual({ results: [] });
    await t.deps.referenceImport.importPractices(file('epraccur_llr_and_neighbours.csv'));
    await t.deps.referenceImport.importSchools(file('gias_layout_llr_and_neighbours.csv'));

    const practices = await get('/api/v1/reference/gp-practices?q=empingham');
    expect(practices.statusCode).toBe(200);
    expect(practices.headers['content-type']).toMatch(/^application\/json/u);
    expect(practices.headers['set-cookie']).toBeUndefined();
    expect(practices.json()).toEqual({
      results: [
        {
          code: 'C82044',
          name: 'EMPINGHAM MEDICAL CENTRE',
          town: 'OAKHAM',
          postcode: 'LE15 8PR',
          open: true,
          gpPractice: true,
        },
      ],
    });
    const closed = (await get('/api/v1/reference/gp-practices?q=c82029')).json<{ results: { open: boolean }[] }>();
    expect(closed.results[0]?.open).toBe(false);

    const schools = await get('/api/v1/reference/schools?q=ash%20field&limit=5');
    expect(schools.json()).toEqual({
      results: [
        expect.objectContaining({ urn: '138094', name: 'Ash Field Academy', open: true, localAuthority: 'Leicester' }),
      ],
    });
  });

  it('gives at most the limit asked for, and at most 20', async () => {
    const many = (await get('/api/v1/reference/schools?q=le&limit=3')).json<{ results: unknown[] }>();
    expect(many.results).toHaveLength(3);
    const fallback = (await get('/api/v1/reference/gp-practices?q=le')).json<{ results: unknown[] }>();
    expect(fallback.results).toHaveLength(10);
  });

  it('refuses a missing search, a bad limit and parameters it does not know, naming each', async () => {
    const cases: [string, string[]][] = [
      ['/api/v1/reference/gp-practices', ['q']],
      ['/api/v1/reference/gp-practices?q=%20%20', ['q']],
      [`/api/v1/reference/gp-practices?q=${'a'.repeat(101)}`, ['q']],
      ['/api/v1/reference/schools?q=x&limit=0', ['limit']],
      ['/api/v1/reference/schools?q=x&limit=21', ['limit']],
      ['/api/v1/reference/schools?q=x&limit=ten', ['limit']],
      ['/api/v1/reference/schools?q=x&q=y', ['q']],
      ['/api/v1/reference/schools?q=x&sort=name', ['sort']],
    ];
    for (const [url, fields] of cases) {
      const response = await get(url);
      expect({ url, status: response.statusCode }).toEqual({ url, status: 400 });
      expect(response.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(fields);
    }
    // Unsafe characters are refused before anything reaches the database.
    expect((await get('/api/v1/reference/schools?q=%00')).statusCode).toBe(400);
    // A broken percent-encoding in the query is taken as the literal text it is: found nowhere, and no error.
    expect((await get('/api/v1/reference/schools?q=%E0%A4%A')).json()).toEqual({ results: [] });
  });

  it('takes LIKE wildcards literally', async () => {
    expect((await get('/api/v1/reference/gp-practices?q=%25')).json()).toEqual({ results: [] });
    expect((await get('/api/v1/reference/gp-practices?q=_')).json()).toEqual({ results: [] });
  });

  describe('rate limit', () => {
    it('refuses an address that searches too often, with a JSON error', async () => {
      let last = await get('/api/v1/reference/gp-practices?q=a', '10.9.9.9');
      for (let i = 0; i < 45 && last.statusCode !== 429; i += 1) {
        last = await get('/api/v1/reference/gp-practices?q=a', '10.9.9.9');
      }
      expect(last.statusCode).toBe(429);
      expect(last.headers['content-type']).toMatch(/^application\/json/u);
      expect((await get('/api/v1/reference/gp-practices?q=a', '10.9.9.10')).statusCode).toBe(200);
    });
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await get('/api/v1/openapi.json')).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/reference/gp-practices', '/api/v1/reference/schools']),
    );
  });
});
