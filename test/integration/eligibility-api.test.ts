/**
 * The eligibility API, exactly as criteria.md specifies it: the answer, every invalid field named at once, bad
 * requests refused as JSON (never a 500, never an HTML page), one service or another, no cookies, rate-limited.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRITERION_IDS } from '../../src/domain/eligibility/index.js';
import { paths } from '../../src/web/paths.js';
import { CRITERIA_EXAMPLE_REQUEST } from '../../src/domain/eligibility/test-kit.js';
import { describeEachDialect } from '../support/databases.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

const SHARED = resolve(import.meta.dirname, '../../../shared/data');
const file = (name: string) => ({ name, bytes: readFileSync(resolve(SHARED, name)) });

const API = paths.api.eligibility.build();
const forService = (serviceId: string) => paths.api.serviceEligibility.build({ serviceId });

/** Everything met for LLR on 2026-11-27, by declaration: a base for cases that change one thing. */
const ELIGIBLE = {
  asOf: '2026-11-27',
  child: { dateOfBirth: '2014-05-02', gpPracticeInArea: true },
  difficulties: ['movement'],
  referrer: { type: 'gp' },
};

interface Decision {
  outcome: string;
  service: string;
  policyVersion: string;
  asOf: string;
  criteria: { id: string; result: string; reason: string }[];
  missing: string[];
}

interface Errors {
  errors: { path: string; message: string }[];
}

async function post(
  t: TestApp,
  url: string,
  payload: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url, headers, payload });
}

const postJson = (t: TestApp, body: unknown, url = API) => post(t, url, JSON.stringify(body));

function decisionOf(response: LightMyRequestResponse): Decision {
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Decision>();
}

const resultOf = (decision: Decision, id: string) => decision.criteria.find((c) => c.id === id)?.result;

/** A refusal in the API's one error shape, as JSON, not stored by anyone. */
function expectJsonError(response: LightMyRequestResponse, status: number): Errors {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/u);
  expect(response.headers['cache-control']).toBe('no-store');
  const body = response.json<Errors>();
  expect(body.errors.length).toBeGreaterThan(0);
  for (const e of body.errors) {
    expect(typeof e.path).toBe('string');
    expect(e.message).toMatch(/\S/u);
  }
  return body;
}

describeEachDialect('the eligibility API', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    // The API's own limit is tested below, on an app of its own.
    t = await createTestApp(dialect, { env: { API_RATE_LIMIT_PER_MINUTE: '100000' } });
    await t.deps.referenceImport.importPractices(file('epraccur_llr_and_neighbours.csv'));
    await t.deps.referenceImport.importSchools(file('gias_layout_llr_and_neighbours.csv'));
  });
  afterAll(async () => {
    await t.close();
  });

  describe('answers', () => {
    it("gives criteria.md's own example a well-formed answer: one result per criterion, in the table's order", async () => {
      const response = await postJson(t, CRITERIA_EXAMPLE_REQUEST);
      const decision = decisionOf(response);
      expect(Object.keys(decision)).toEqual(['outcome', 'service', 'policyVersion', 'asOf', 'criteria', 'missing']);
      expect(decision).toMatchObject({
        outcome: 'eligible',
        service: LLR,
        policyVersion: '2026-11-27.1',
        asOf: '2026-11-27',
        missing: [],
      });
      expect(decision.criteria.map((c) => c.id)).toEqual([...CRITERION_IDS]);
      for (const c of decision.criteria) {
        expect(Object.keys(c)).toEqual(['id', 'result', 'reason']);
        expect(c.result).toBe('met');
        expect(c.reason).toMatch(/\S/u);
      }
      expect(decision.criteria[0]).toEqual({ id: 'age', result: 'met', reason: 'Aged 12: under 16.' });
      expect(response.headers['content-type']).toMatch(/^application\/json/u);
      expect(response.headers['cache-control']).toBe('no-store');
      // helmet's headers apply to the API as to every page.
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toBeDefined();
      expect(response.headers['set-cookie']).toBeUndefined();
    });

    it('answers eligible, ineligible and unclear, and names what is missing', async () => {
      expect(decisionOf(await postJson(t, ELIGIBLE)).outcome).toBe('eligible');

      const nineteen = decisionOf(await postJson(t, { ...ELIGIBLE, child: { dateOfBirth: '2007-11-27' } }));
      expect(nineteen.outcome).toBe('ineligible');
      expect(resultOf(nineteen, 'age')).toBe('not-met');

      const ayres = decisionOf(await postJson(t, { ...ELIGIBLE, requestsAyresSensoryIntegration: true }));
      expect(ayres.outcome).toBe('ineligible');
      expect(resultOf(ayres, 'ayres-sensory-integration')).toBe('not-met');

      const onlyBirth = decisionOf(await postJson(t, { asOf: '2026-11-27', child: { dateOfBirth: '2014-05-02' } }));
      expect(onlyBirth.outcome).toBe('unclear');
      expect(resultOf(onlyBirth, 'area')).toBe('unknown');
      expect(resultOf(onlyBirth, 'difficulties')).toBe('unknown');
      expect(resultOf(onlyBirth, 'referrer')).toBe('unknown');
      expect(onlyBirth.missing).toEqual(expect.arrayContaining(['referrer.type']));
      expect(onlyBirth.missing.length).toBeGreaterThanOrEqual(3);
    });

    it('decides for today in Europe/London when no asOf is given', async () => {
      const decision = decisionOf(await postJson(t, { child: { dateOfBirth: '2014-05-02' } }));
      expect(decision.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
      const london = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
      expect(decision.asOf).toBe(london);
    });

    it('looks the GP practice up in the imported reference data: in area, outside it, unknown', async () => {
      const area = async (gpPracticeCode: string) =>
        resultOf(
          decisionOf(await postJson(t, { ...ELIGIBLE, child: { dateOfBirth: '2014-05-02', gpPracticeCode } })),
          'area',
        );
      expect(await area('C82044')).toBe('met');
      expect(await area('c82044')).toBe('met');
      expect(await area('C82040')).toBe('not-met');
      expect(await area('Z99999')).toBe('unknown');
    });

    it('takes declarations instead of codes', async () => {
      const area = async (child: Record<string, unknown>) =>
        resultOf(
          decisionOf(await postJson(t, { ...ELIGIBLE, child: { dateOfBirth: '2014-05-02', ...child } })),
          'area',
        );
      expect(await area({ gpPracticeInArea: true })).toBe('met');
      expect(await area({ gpPracticeInArea: false })).toBe('not-met');
      expect(await area({ schoolInArea: true })).toBe('unknown');
      expect(await area({})).toBe('unknown');
    });

    it('sets no cookie and ignores one sent: the API uses no session', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: API,
        headers: { 'content-type': 'application/json', cookie: 'otway-session=forged' },
        payload: JSON.stringify(ELIGIBLE),
      });
      expect(decisionOf(response).outcome).toBe('eligible');
      expect(response.headers['set-cookie']).toBeUndefined();
    });

    it('needs no CSRF token (it has no session to protect) and the decision is the same with a charset', async () => {
      const response = await post(t, API, JSON.stringify(ELIGIBLE), {
        'content-type': 'application/json; charset=utf-8',
      });
      expect(decisionOf(response).outcome).toBe('eligible');
      // Routes that use a session still need their token.
      const signIn = await post(t, paths.signIn.build(), 'email=a%40nhs.test&password=x', {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(signIn.statusCode).toBe(403);
    });
  });

  describe('invalid facts', () => {
    it('names every invalid field at once', async () => {
      const response = await postJson(t, {
        asOf: '2026-11-27',
        child: { dateOfBirth: '2030-01-01', inFullTimeEducation: 'yes', gpPracticeCode: 42 },
        difficulties: 'lots',
        conditions: ['autism', 'flu'],
        referrer: { type: 'milkman', childDischargedOn: '2026-02-30' },
        favouriteColour: 'blue',
      });
      const { errors } = expectJsonError(response, 400);
      expect(errors.map((e) => e.path).sort()).toEqual(
        [
          'child.dateOfBirth',
          'child.inFullTimeEducation',
          'child.gpPracticeCode',
          'difficulties',
          'conditions.1',
          'referrer.type',
          'referrer.childDischargedOn',
          'favouriteColour',
        ].sort(),
      );
      expect(errors.find((e) => e.path === 'child.dateOfBirth')?.message).toMatch(/after the decision date/u);
    });

    it('refuses impossible dates, a missing date of birth and facts that are not an object', async () => {
      const paths400 = async (body: unknown) => expectJsonError(await postJson(t, body), 400).errors.map((e) => e.path);
      expect(await paths400({ child: { dateOfBirth: '2014-02-30' } })).toEqual(['child.dateOfBirth']);
      expect(await paths400({ child: { dateOfBirth: '02/05/2014' } })).toEqual(['child.dateOfBirth']);
      expect(await paths400({ asOf: 'tomorrow', child: { dateOfBirth: '2014-05-02' } })).toEqual(['asOf']);
      expect(await paths400({ child: {} })).toEqual(['child.dateOfBirth']);
      expect(await paths400({})).toEqual(['child']);
      expect(await paths400([])).toEqual(['']);
      expect(await paths400(null)).toEqual(['']);
      expect(await paths400('<script>alert(1)</script>')).toEqual(['']);
    });
  });

  describe('bad requests: JSON errors, never a 500 or an HTML page', () => {
    it('refuses a body that is not application/json with 415', async () => {
      const body = JSON.stringify(ELIGIBLE);
      expectJsonError(await post(t, API, body, { 'content-type': 'text/plain' }), 415);
      expectJsonError(await post(t, API, 'child=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
      expectJsonError(await post(t, API, body, { 'content-type': 'application/xml' }), 415);
      expectJsonError(await post(t, API, body, {}), 415);
    });

    it('refuses a body over 16 KiB with 413', async () => {
      const big = JSON.stringify({ ...ELIGIBLE, padding: 'x'.repeat(20_000) });
      expectJsonError(await post(t, API, big), 413);
    });

    it('refuses malformed JSON, an empty body, __proto__ and NUL bytes with 400', async () => {
      expectJsonError(await post(t, API, '{"child": {'), 400);
      expectJsonError(await post(t, API, ''), 400);
      expectJsonError(
        await post(t, API, '{"__proto__": {"admin": true}, "child": {"dateOfBirth": "2014-05-02"}}'),
        400,
      );
      expectJsonError(
        await post(t, API, '{"constructor": {"prototype": {"x": 1}}, "child": {"dateOfBirth": "2014-05-02"}}'),
        400,
      );
      expectJsonError(await post(t, API, '{"child": {"dateOfBirth": "2014-05-02\\u0000"}}'), 400);
      expectJsonError(await post(t, API, '{"child": {"dateOfBirth": "2014-05-02", "x\\u0000": 1}}'), 400);
      expectJsonError(await post(t, API, '{"child": {"dateOfBirth": "\\ud800"}}'), 400);
    });

    it('answers 404 in JSON for an unknown service or API path', async () => {
      expectJsonError(await postJson(t, ELIGIBLE, forService('no-such-service')), 404);
      expectJsonError(await postJson(t, ELIGIBLE, '/api/v1/nothing-here'), 404);
    });

    it('never answers 500, and always answers JSON, whatever JSON is posted (property)', async () => {
      const facts = fc.record(
        {
          asOf: fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
            fc.jsonValue(),
          ),
          child: fc.record(
            {
              dateOfBirth: fc.oneof(
                fc
                  .date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
                  .map((d) => d.toISOString().slice(0, 10)),
                fc.string(),
              ),
              inFullTimeEducation: fc.oneof(fc.boolean(), fc.jsonValue()),
              gpPracticeCode: fc.oneof(fc.constantFrom('C82044', 'C82040', 'Z99999'), fc.string()),
              gpPracticeInArea: fc.boolean(),
            },
            { requiredKeys: [] },
          ),
          difficulties: fc.array(fc.constantFrom('movement', 'sensory', 'flying')),
          conditions: fc.array(fc.constantFrom('autism', 'mental-health', 'flu')),
          referrer: fc.record({ type: fc.constantFrom('gp', 'parent-carer', 'self', 'milkman') }),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.jsonValue(), facts), async (value) => {
          const response = await postJson(t, value);
          expect([200, 400]).toContain(response.statusCode);
          expect(response.headers['content-type']).toMatch(/^application\/json/u);
          const body = response.json<Record<string, unknown>>();
          expect(response.statusCode === 200 ? 'outcome' in body : 'errors' in body).toBe(true);
        }),
        { numRuns: 100 },
      );
    });
  });

  describe('the OpenAPI description', () => {
    it('is JSON, OpenAPI 3.1, and documents both POST routes with their 200 and 400 answers', async () => {
      const response = await t.app.inject({ method: 'GET', url: paths.api.openApi.build() });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/u);
      expect(response.headers['set-cookie']).toBeUndefined();
      const document = JSON.parse(response.body) as {
        openapi: string;
        paths: Record<string, { post?: { responses: Record<string, unknown> } }>;
      };
      expect(document.openapi).toBe('3.1.0');
      for (const path of ['/api/v1/eligibility', '/api/v1/services/{serviceId}/eligibility']) {
        const responses = document.paths[path]?.post?.responses;
        expect(responses, path).toBeDefined();
        expect(Object.keys(responses!)).toEqual(expect.arrayContaining(['200', '400']));
      }
      const refs = [...response.body.matchAll(/"\$ref":"#\/components\/schemas\/([A-Za-z]+)"/gu)].map((m) => m[1]);
      const schemas = (document as unknown as { components: { schemas: Record<string, unknown> } }).components.schemas;
      for (const ref of refs) expect(schemas[ref!], ref).toBeDefined();
    });
  });
});

describeEachDialect('the eligibility API with two services', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { twoServices: true });
  });
  afterAll(async () => {
    await t.close();
  });

  /** Seventeen, education not said, referring themselves: LLR and the test service's rules differ on both. */
  const SEVENTEEN_SELF = {
    asOf: '2026-11-27',
    child: { dateOfBirth: '2009-06-01', gpPracticeInArea: true },
    difficulties: ['movement'],
    referrer: { type: 'self' },
  };

  it("answers for the service named, with that service's rules version and parameters", async () => {
    const physio = decisionOf(await postJson(t, SEVENTEEN_SELF, forService(SECOND_SERVICE)));
    expect(physio).toMatchObject({ service: SECOND_SERVICE, policyVersion: '2027-01-15.3', outcome: 'eligible' });
    expect(resultOf(physio, 'age')).toBe('met');
    expect(resultOf(physio, 'referrer')).toBe('met');

    const llr = decisionOf(await postJson(t, SEVENTEEN_SELF, forService(LLR)));
    expect(llr).toMatchObject({ service: LLR, policyVersion: '2026-11-27.1', outcome: 'ineligible' });
    expect(resultOf(llr, 'age')).toBe('unknown');
    expect(resultOf(llr, 'referrer')).toBe('not-met');
  });

  it('uses the first service in the registry as the default, and checks codes against the service named', async () => {
    expect(decisionOf(await postJson(t, SEVENTEEN_SELF)).service).toBe(LLR);
    // `balance` is a difficulty of the test service, not of LLR.
    const balance = { ...SEVENTEEN_SELF, difficulties: ['balance'] };
    expect(decisionOf(await postJson(t, balance, forService(SECOND_SERVICE))).outcome).toBe('eligible');
    expect(expectJsonError(await postJson(t, balance, forService(LLR)), 400).errors).toEqual([
      { path: 'difficulties.0', message: expect.any(String) as string },
    ]);
    expectJsonError(await postJson(t, SEVENTEEN_SELF, forService('nope')), 404);
  });
});

describeEachDialect("the eligibility API's own rate limit", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { env: { API_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 in JSON beyond the limit for one address, and still serves other addresses', async () => {
    const body = JSON.stringify(ELIGIBLE);
    const from = (remoteAddress: string) =>
      t.app.inject({
        method: 'POST',
        url: API,
        remoteAddress,
        headers: { 'content-type': 'application/json' },
        payload: body,
      });
    for (let i = 0; i < 3; i++) expect((await from('203.0.113.7')).statusCode).toBe(200);
    const refused = await from('203.0.113.7');
    expectJsonError(refused, 429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await from('203.0.113.8')).statusCode).toBe(200);
  });
});
