/**
 * The eligibility API's OpenAPI description as it is served: it passes an independent linter's recommended rules
 * (Redocly's, as a library), its request schema (generated from the zod schema, ADR 0024) gives the same verdict as
 * parseFacts, and the API's real answers match what it documents.
 */
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFacts } from '../../src/domain/eligibility/index.js';
import type { ServiceDefinition } from '../../src/domain/service/definition.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDialect } from '../support/databases.js';
import { createTestApp, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object, whose `default` is the plugin.
const addFormats = addFormatsPlugin as unknown as typeof addFormatsPlugin.default;

interface Operation {
  operationId: string;
  security?: unknown[];
  tags?: string[];
  responses: Record<string, unknown>;
}

interface Document {
  info: { license?: { name: string } };
  servers?: { url: string }[];
  paths: Record<string, Partial<Record<'get' | 'post', Operation>>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

const TODAY = '2026-11-27';
const VALID = {
  asOf: TODAY,
  child: { dateOfBirth: '2014-05-02', gpPracticeCode: 'c82044', schoolUrn: '120345', inFullTimeEducation: true },
  needsInCurriculumContext: true,
  difficulties: ['movement'],
  conditions: ['autism'],
  referrer: { type: 'parent-carer', childDischargedOn: '2025-01-01' },
};
const child = { dateOfBirth: '2014-05-02' };

/** Facts on which the document's schema and parseFacts agree. */
const SAME_VERDICT: [string, unknown, boolean][] = [
  ['a full, valid set of facts', VALID, true],
  ['only the date of birth', { child }, true],
  ['an unknown field at the top', { child, colour: 'blue' }, false],
  ['an unknown field in the child', { child: { ...child, name: 'Sam' } }, false],
  ['a difficulty not in the definition', { child, difficulties: ['flying'] }, false],
  ["another service's difficulty", { child, difficulties: ['balance'] }, false],
  ['a condition not in the definition', { child, conditions: ['adhd', 'flu'] }, false],
  ['a referrer type not in the definition', { child, referrer: { type: 'milkman' } }, false],
  ['a referrer without its type', { child, referrer: {} }, false],
  ['no child', {}, false],
  ['no date of birth', { child: { gpPracticeInArea: true } }, false],
  ['a date that does not exist', { child: { dateOfBirth: '2026-02-31' } }, false],
  ['a date in another format', { child: { dateOfBirth: '02/05/2014' } }, false],
  ['a yes or no given as text', { child: { ...child, inFullTimeEducation: 'yes' } }, false],
  ['an ODS code with a dash', { child: { ...child, gpPracticeCode: 'C8-2044' } }, false],
  ['an ODS code with a NUL byte', { child: { ...child, gpPracticeCode: 'C82\u000044' } }, false],
  ['a URN with letters', { child: { ...child, schoolUrn: 'ABC' } }, false],
  ['a list of 51 conditions', { child, conditions: Array<string>(51).fill('adhd') }, false],
  ['null', null, false],
  ['a list', [child], false],
];

/** What JSON Schema cannot say: zod refuses these, and the document says so in words. */
const IN_WORDS: [string, unknown, string][] = [
  ['a birth after asOf', { asOf: '2020-01-01', child: { dateOfBirth: '2021-01-01' } }, 'not after asOf'],
  ['a date before 1900', { child: { dateOfBirth: '1899-12-31' } }, 'from 1900-01-01 to 2999-12-31'],
  [
    'a discharge before birth',
    { child, referrer: { type: 'parent-carer', childDischargedOn: '2010-01-01' } },
    "not before the child's date of birth",
  ],
];

describeEachDialect('the OpenAPI description as served', (dialect) => {
  let t: TestApp;
  let document: Document;
  let defaultService: ServiceDefinition;
  let schemaOf: (name: string) => ValidateFunction;

  beforeAll(async () => {
    t = await createTestApp(dialect, { twoServices: true });
    const response = await t.app.inject({ method: 'GET', url: paths.api.openApi.build() });
    expect(response.statusCode).toBe(200);
    document = response.json<Document>();
    defaultService = t.deps.eligibility.serviceFor(undefined);
    const ajv = new Ajv2020({ allErrors: true });
    addFormats(ajv);
    const compiled = new Map<string, ValidateFunction>();
    schemaOf = (name) => {
      const schema = document.components.schemas[name];
      if (schema === undefined) throw new Error(`no schema ${name}`);
      compiled.set(name, compiled.get(name) ?? ajv.compile(schema));
      return compiled.get(name)!;
    };
  });
  afterAll(async () => {
    await t.close();
  });

  it("passes the independent linter's recommended rules with no error and no warning", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(document), config });
    const described = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(described).toEqual([]);
  });

  it('declares a licence, a server, and every operation anonymous on purpose, tagged, with 4xx answers', () => {
    expect(document.info.license?.name).toBe('MIT');
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const operations = Object.values(document.paths).flatMap((item) => [item.get, item.post]);
    expect(operations.filter(Boolean)).toHaveLength(4);
    for (const operation of operations) {
      if (operation === undefined) continue;
      expect(operation.security, operation.operationId).toEqual([]);
      expect(operation.tags?.length, operation.operationId).toBe(1);
      expect(Object.keys(operation.responses), operation.operationId).toEqual(
        expect.arrayContaining(['200', '400', '429']),
      );
    }
  });

  it.each(SAME_VERDICT)('gives the same verdict as parseFacts on %s', (_what, facts, valid) => {
    const validate = schemaOf('Facts');
    expect(parseFacts(defaultService, facts, TODAY).ok).toBe(valid);
    expect(validate(facts), JSON.stringify(validate.errors)).toBe(valid);
  });

  it.each(IN_WORDS)('says in words what only zod refuses: %s', (_what, facts, words) => {
    expect(parseFacts(defaultService, facts, TODAY).ok).toBe(false);
    expect(schemaOf('Facts')(facts)).toBe(true);
    expect(JSON.stringify(document.components.schemas.Facts)).toContain(words);
  });

  it("lists the default service's codes, and the services the path may name", () => {
    const facts = document.components.schemas.Facts as {
      properties: Record<string, { items?: { enum: string[] }; properties?: Record<string, { enum?: string[] }> }>;
    };
    expect(facts.properties.difficulties?.items?.enum).toEqual(
      defaultService.eligibility.difficulties.map((d) => d.code),
    );
    expect(facts.properties.conditions?.items?.enum).toEqual(defaultService.conditions.map((c) => c.code));
    expect(facts.properties.referrer?.properties?.type?.enum).toEqual(defaultService.referrers.map((r) => r.id));
    expect(JSON.stringify(document.paths['/api/v1/services/{serviceId}/eligibility'])).toContain(SECOND_SERVICE);
  });

  describe("matches the API's real answers", () => {
    const json = { 'content-type': 'application/json' };
    const cases: [string, string, Record<string, string>, string, number, string][] = [
      ['a decision', paths.api.eligibility.build(), json, JSON.stringify(VALID), 200, 'Decision'],
      ['invalid facts', paths.api.eligibility.build(), json, JSON.stringify({ child: {} }), 400, 'Errors'],
      ['malformed JSON', paths.api.eligibility.build(), json, '{"child":', 400, 'Errors'],
      [
        'no such service',
        paths.api.serviceEligibility.build({ serviceId: 'nope' }),
        json,
        JSON.stringify(VALID),
        404,
        'Errors',
      ],
      ['a body too large', paths.api.eligibility.build(), json, 'x'.repeat(20_000), 413, 'Errors'],
      ['not JSON', paths.api.eligibility.build(), { 'content-type': 'text/plain' }, 'child', 415, 'Errors'],
    ];

    it.each(cases)(
      '%s: a documented status, with the documented shape',
      async (_what, url, headers, body, status, schema) => {
        const response = await t.app.inject({ method: 'POST', url, headers, payload: body });
        expect(response.statusCode, response.body).toBe(status);
        const template = url.startsWith('/api/v1/services/') ? '/api/v1/services/{serviceId}/eligibility' : url;
        expect(Object.keys(document.paths[template]?.post?.responses ?? {})).toContain(String(status));
        const validate = schemaOf(schema);
        expect(validate(response.json()), JSON.stringify(validate.errors)).toBe(true);
      },
    );
  });
});
