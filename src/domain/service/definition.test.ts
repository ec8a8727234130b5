import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseServiceDefinition } from './definition.js';

const root = new URL('../../../', import.meta.url);
const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

const llr = () => readJson('service-definitions/llr-childrens-ot.json') as Record<string, unknown>;

function problemsOf(input: unknown): string[] {
  const result = parseServiceDefinition(input);
  if (result.ok) throw new Error('expected the definition to be refused');
  return result.problems;
}

describe('parseServiceDefinition', () => {
  it("accepts the LLR children's occupational therapy definition", () => {
    const result = parseServiceDefinition(llr());
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.definition.id).toBe('llr-childrens-ot');
      expect(result.definition.organisation.odsCode).toBe('RT5');
    }
  });

  it('accepts the test physiotherapy definition', () => {
    const result = parseServiceDefinition(readJson('test/fixtures/service-definitions/test-paediatric-physio.json'));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.definition.contact.hours).toBe('Weekdays, 8am to 6pm');
  });

  it('fills in notes when they are left out', () => {
    const { notes: _notes, ...withoutNotes } = llr();
    const result = parseServiceDefinition(withoutNotes);
    expect(result.ok && result.definition.notes).toEqual([]);
  });

  it('names the id when it has capitals', () => {
    const problems = problemsOf({ ...llr(), id: 'LLR-Childrens-OT' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^id: /u);
  });

  it.each(['with space', '-leading', 'trailing-', 'double--hyphen', ''])('names the id %j', (id) => {
    expect(problemsOf({ ...llr(), id })[0]).toMatch(/^id: /u);
  });

  it('names organisation.odsCode when it is missing', () => {
    const definition = llr();
    const problems = problemsOf({ ...definition, organisation: { name: 'Leicestershire Partnership NHS Trust' } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^organisation\.odsCode: /u);
  });

  it('names an unknown extra field, at the top or nested', () => {
    const top = problemsOf({ ...llr(), colour: 'blue' });
    expect(top).toHaveLength(1);
    expect(top[0]).toContain('colour');

    const nested = problemsOf({ ...llr(), contact: { telephone: '0116 295 2495', fax: '0116 000 0000' } });
    expect(nested).toHaveLength(1);
    expect(nested[0]).toMatch(/^contact: /u);
    expect(nested[0]).toContain('fax');
  });

  it('names every bad field at once', () => {
    const problems = problemsOf({ ...llr(), phase: 'gamma', contact: { telephone: 'call us' } });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['contact.telephone', 'phase']);
  });

  it('refuses what is not an object', () => {
    for (const input of [null, 'llr', 42, []]) expect(problemsOf(input)[0]).toMatch(/^\(root\): /u);
  });

  it('names the bad path when a cross-field rule fails', () => {
    const definition = llr() as { referrers: unknown[]; eligibility: Record<string, unknown>; conditions: unknown[] };
    const eligibility = definition.eligibility;
    expect(
      problemsOf({
        ...definition,
        referrers: [...definition.referrers, definition.referrers[0]],
        eligibility: {
          ...eligibility,
          excludedConditions: { codes: ['mental-health', 'flu'], overriddenByCommunityIssue: true },
        },
      }),
    ).toEqual([
      'referrers: referrer "gp" is listed twice',
      'eligibility.excludedConditions.codes.1: "flu" is not one of the conditions',
    ]);
  });

  it('names a bad criteria parameter by its path', () => {
    const definition = llr() as { eligibility: Record<string, unknown> };
    const problems = problemsOf({
      ...definition,
      eligibility: {
        ...definition.eligibility,
        parentReReferralWindowMonths: 'six',
        ages: { alwaysUnder: 16, inFullTimeEducationUnder: 12 },
      },
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'eligibility.ages.inFullTimeEducationUnder',
      'eligibility.parentReReferralWindowMonths',
    ]);
  });

  it('requires a policy version', () => {
    const { policyVersion: _policyVersion, ...without } = llr();
    expect(problemsOf(without)[0]).toMatch(/^policyVersion: /u);
    expect(problemsOf({ ...llr(), policyVersion: 'latest' })[0]).toMatch(/^policyVersion: /u);
  });
});

describe("the LLR definition's content", () => {
  const parsed = parseServiceDefinition(llr());
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const d = parsed.definition;

  it('holds the criteria parameters of the service page', () => {
    expect(d.eligibility).toMatchObject({
      areaName: 'Leicester, Leicestershire or Rutland',
      ages: { alwaysUnder: 16, inFullTimeEducationUnder: 19 },
      gpPractice: { icbCode: 'QK1', subIcbCodes: ['03W', '04C', '04V'], prescribingSetting: 4 },
      school: {
        localAuthorities: [
          { code: '855', name: 'Leicestershire' },
          { code: '856', name: 'Leicester' },
          { code: '857', name: 'Rutland' },
        ],
      },
      parentReReferralWindowMonths: 6,
      excludedConditions: {
        codes: ['mental-health', 'chronic-fatigue-syndrome', 'rheumatology'],
        overriddenByCommunityIssue: true,
      },
      ayresSensoryIntegrationProvided: false,
    });
    expect(d.contact.telephone).toBe('0116 295 2495');
    expect(d.offers.settings).toEqual(['clinic', 'home', 'school']);
  });

  it('lists exactly the condition codes of the criteria', () => {
    expect(d.conditions.map((c) => c.code)).toEqual([
      'developmental-coordination-disorder',
      'adhd',
      'autism',
      'cerebral-palsy',
      'hemiplegia',
      'developmental-delay',
      'neuromuscular',
      'muscle-wasting',
      'genetic-syndrome',
      'hypermobility',
      'spina-bifida',
      'physical-disability',
      'complex-needs',
      'acquired-condition',
      'birth-trauma',
      'environmental-circumstances',
      'mental-health',
      'chronic-fatigue-syndrome',
      'rheumatology',
    ]);
  });

  it('lists the eight care pathways', () => {
    expect(d.pathways.map((p) => p.label)).toEqual([
      'Early Years',
      'Physical Disability: Hemi Hub',
      'Physical Disability: Coordination',
      'Complex Disability',
      'Hand splinting',
      'Muscle Wasting Conditions',
      'Sensory needs',
      'Involvement in autism diagnosis',
    ]);
  });

  it('gives the referrer types and who may refer', () => {
    expect(Object.fromEntries(d.referrers.map((r) => [r.id, r.mayRefer]))).toEqual({
      gp: 'always',
      'health-professional': 'always',
      'education-staff': 'always',
      'educational-psychologist': 'always',
      'social-care': 'always',
      'early-years-setting': 'always',
      'parent-carer': 'within-re-referral-window',
      self: 'never',
      other: 'never',
    });
  });

  it('carries every signposting resource of the shared list, with its area', () => {
    expect(d.signposting).toHaveLength(9);
    expect(new Set(d.signposting.map((s) => s.area))).toEqual(
      new Set(['LLR', 'Leicester', 'Leicestershire', 'Rutland']),
    );
  });

  it('records the decisions on the contradictions of the page', () => {
    const notes = d.notes.join('\n');
    expect(notes).toMatch(/6 months .* 3 months/u);
    expect(notes).toContain('Access is by GP referrals');
    expect(notes).toContain('Ayres Sensory Integration');
  });
});
