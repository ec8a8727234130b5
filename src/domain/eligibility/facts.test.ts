import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import llrJson from '../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import physioJson from '../../../test/fixtures/service-definitions/test-paediatric-physio.json' with { type: 'json' };
import { parseFacts } from './parse-facts.js';
import { definitionFrom } from './test-kit.js';

const llr = definitionFrom(llrJson);
const physio = definitionFrom(physioJson);
const TODAY = '2026-11-27';

function errorsOf(input: unknown, definition = llr) {
  const parsed = parseFacts(definition, input, TODAY);
  if (parsed.ok) throw new Error('expected the facts to be refused');
  return parsed.errors;
}
const pathsOf = (input: unknown, definition = llr) => errorsOf(input, definition).map((e) => e.path);

describe('parseFacts', () => {
  it('needs only the date of birth, and decides for today unless asOf is given', () => {
    expect(parseFacts(llr, { child: { dateOfBirth: '2014-05-02' } }, TODAY)).toEqual({
      ok: true,
      facts: { child: { dateOfBirth: '2014-05-02' } },
      asOf: TODAY,
    });
    const parsed = parseFacts(llr, { asOf: '2025-01-01', child: { dateOfBirth: '2014-05-02' } }, TODAY);
    expect(parsed.ok && parsed.asOf).toBe('2025-01-01');
  });

  it('upper-cases the GP practice code', () => {
    const parsed = parseFacts(llr, { child: { dateOfBirth: '2014-05-02', gpPracticeCode: 'c82044' } }, TODAY);
    expect(parsed.ok && parsed.facts.child.gpPracticeCode).toBe('C82044');
  });

  it('names a missing date of birth and a missing child plainly', () => {
    expect(errorsOf({ child: {} })).toEqual([
      { path: 'child.dateOfBirth', message: "Enter the child's date of birth." },
    ]);
    expect(errorsOf({})).toEqual([
      { path: 'child', message: "Give the child's details as an object with at least their date of birth." },
    ]);
    expect(errorsOf(null)).toEqual([{ path: '', message: 'The facts must be a JSON object.' }]);
  });

  it.each([
    '2021-02-29',
    '2026-02-31',
    '2026-13-01',
    '02/05/2014',
    '2014-5-2',
    '',
    '2014-05-02T00:00:00Z',
    '1899-12-31',
  ])('refuses the date of birth %j', (dateOfBirth) => {
    const [error] = errorsOf({ child: { dateOfBirth } });
    expect(error?.path).toBe('child.dateOfBirth');
    expect(error?.message).toMatch(/real date written as YYYY-MM-DD/u);
  });

  it('refuses a date of birth after the decision date, given or today', () => {
    expect(errorsOf({ child: { dateOfBirth: '2026-11-28' } })).toEqual([
      { path: 'child.dateOfBirth', message: "The child's date of birth must not be after the decision date (asOf)." },
    ]);
    expect(pathsOf({ asOf: '2020-01-01', child: { dateOfBirth: '2021-01-01' } })).toEqual(['child.dateOfBirth']);
    expect(parseFacts(llr, { asOf: '2030-01-01', child: { dateOfBirth: '2028-01-01' } }, TODAY).ok).toBe(true);
    expect(parseFacts(llr, { child: { dateOfBirth: TODAY } }, TODAY).ok).toBe(true);
  });

  it('names a future date of birth alongside the other invalid fields', () => {
    expect(pathsOf({ child: { dateOfBirth: '2027-01-01', extra: 1 }, referrer: { type: 'teacher' } })).toEqual([
      'child.extra',
      'referrer.type',
      'child.dateOfBirth',
    ]);
  });

  it('refuses a discharge date before the date of birth', () => {
    expect(
      pathsOf({
        child: { dateOfBirth: '2020-01-01' },
        referrer: { type: 'parent-carer', childDischargedOn: '2019-12-31' },
      }),
    ).toEqual(['referrer.childDischargedOn']);
  });

  it('refuses unknown fields, at the top and nested', () => {
    expect(
      errorsOf({
        child: { dateOfBirth: '2014-05-02', name: 'Sam' },
        colour: 'blue',
        referrer: { type: 'gp', email: 'x' },
      }),
    ).toEqual([
      { path: 'child.name', message: 'This field is not recognised.' },
      { path: 'referrer.email', message: 'This field is not recognised.' },
      { path: 'colour', message: 'This field is not recognised.' },
    ]);
  });

  it('refuses an unknown condition, difficulty or referrer type, naming the item', () => {
    expect(
      pathsOf({
        child: { dateOfBirth: '2014-05-02' },
        conditions: ['adhd', 'flu'],
        difficulties: ['sleep'],
        referrer: { type: 'teacher' },
      }),
    ).toEqual(['difficulties.0', 'conditions.1', 'referrer.type']);
    expect(pathsOf({ child: { dateOfBirth: '2014-05-02' }, referrer: {} })).toEqual(['referrer.type']);
  });

  it("takes its codes from the definition: the physiotherapy service's differ", () => {
    expect(
      parseFacts(
        physio,
        { child: { dateOfBirth: '2014-05-02' }, conditions: ['talipes'], difficulties: ['balance'] },
        TODAY,
      ).ok,
    ).toBe(true);
    expect(pathsOf({ child: { dateOfBirth: '2014-05-02' }, conditions: ['talipes'] })).toEqual(['conditions.0']);
    expect(pathsOf({ child: { dateOfBirth: '2014-05-02' }, referrer: { type: 'other' } }, physio)).toEqual([
      'referrer.type',
    ]);
  });

  it('refuses wrong types, naming every invalid field at once', () => {
    const errors = errorsOf({
      asOf: 20261127,
      child: {
        dateOfBirth: '2027-01-01',
        inFullTimeEducation: 'yes',
        gpPracticeCode: 123,
        gpPracticeInArea: null,
        schoolUrn: 'ABC',
        schoolInArea: 1,
      },
      needsInCurriculumContext: 'true',
      difficulties: 'movement',
      conditions: {},
      shortTermAcuteIllness: 0,
      acuteSurgicalRecovery: [],
      overridingCommunityIssue: 'no',
      requestsAyresSensoryIntegration: null,
      referrer: { type: 7, childDischargedOn: '2026-02-31' },
    });
    expect(errors.map((e) => e.path)).toEqual([
      'asOf',
      'child.inFullTimeEducation',
      'child.gpPracticeCode',
      'child.gpPracticeInArea',
      'child.schoolUrn',
      'child.schoolInArea',
      'needsInCurriculumContext',
      'difficulties',
      'conditions',
      'shortTermAcuteIllness',
      'acuteSurgicalRecovery',
      'overridingCommunityIssue',
      'requestsAyresSensoryIntegration',
      'referrer.type',
      'referrer.childDischargedOn',
    ]);
    expect(errors.find((e) => e.path === 'shortTermAcuteIllness')?.message).toBe('Must be true or false.');
  });

  it('refuses NUL bytes and lone surrogates in strings', () => {
    for (const bad of ['C82\u000044', 'C82\uD800', '\uDC00']) {
      expect(errorsOf({ child: { dateOfBirth: '2014-05-02', gpPracticeCode: bad } })).toEqual([
        { path: 'child.gpPracticeCode', message: 'This must not contain NUL bytes or broken characters.' },
      ]);
    }
    expect(pathsOf({ child: { dateOfBirth: '2014-05-02\u0000' }, conditions: ['adhd\uD800'] })).toEqual([
      'child.dateOfBirth',
      'conditions.0',
    ]);
  });

  it('refuses long lists', () => {
    expect(pathsOf({ child: { dateOfBirth: '2014-05-02' }, conditions: Array<string>(51).fill('adhd') })).toEqual([
      'conditions',
    ]);
  });

  it('never throws, whatever it is given, and names a path for every error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ child: fc.jsonValue() }), fc.anything()), (input) => {
        const parsed = parseFacts(llr, input, TODAY);
        if (!parsed.ok) for (const e of parsed.errors) expect(e.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
