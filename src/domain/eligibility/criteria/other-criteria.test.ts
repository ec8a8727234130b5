import { describe, expect, it } from 'vitest';
import llrJson from '../../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import physioJson from '../../../../test/fixtures/service-definitions/test-paediatric-physio.json' with { type: 'json' };
import { decide } from '../decide.js';
import type { CriterionId } from '../decision.js';
import type { EligibilityFacts } from '../facts.js';
import { criterion, definitionFrom, lookupsOf } from '../test-kit.js';

const llr = definitionFrom(llrJson);
const physio = definitionFrom(physioJson);

function resultOf(id: CriterionId, facts: Omit<EligibilityFacts, 'child'>, definition = llr) {
  const decision = decide(definition, { child: { dateOfBirth: '2014-05-02' }, ...facts }, lookupsOf(), '2026-11-27');
  return { ...criterion(decision, id), missing: decision.missing };
}

describe('the difficulties criterion', () => {
  it.each(['functional', 'independence', 'sensory', 'movement', 'perceptual'])('is met by %s alone', (difficulty) => {
    expect(resultOf('difficulties', { difficulties: [difficulty] }).result).toBe('met');
  });

  it('says triage judges whether they are significant', () => {
    expect(resultOf('difficulties', { difficulties: ['sensory', 'perceptual'] }).reason).toBe(
      'Has sensory and perceptual difficulties (whether they are significant and can be changed by occupational therapy is judged at triage).',
    );
  });

  it('is not met by an empty list', () => {
    expect(resultOf('difficulties', { difficulties: [] }).result).toBe('not-met');
  });

  it('is unknown when not given, and asks for them', () => {
    const difficulties = resultOf('difficulties', {});
    expect(difficulties.result).toBe('unknown');
    expect(difficulties.missing).toContain('difficulties');
  });
});

describe('short-term illness and acute surgery', () => {
  it.each([
    ['short-term-illness', 'shortTermAcuteIllness'],
    ['acute-surgery', 'acuteSurgicalRecovery'],
  ] as const)('%s is not met when true, and met when false or not given', (id, field) => {
    expect(resultOf(id, { [field]: true }).result).toBe('not-met');
    expect(resultOf(id, { [field]: false }).result).toBe('met');
    expect(resultOf(id, {}).result).toBe('met');
    expect(resultOf(id, {}).missing).toEqual([
      'child.gpPracticeCode',
      'child.gpPracticeInArea',
      'child.schoolUrn',
      'child.schoolInArea',
      'difficulties',
      'referrer.type',
    ]);
  });
});

describe('the excluded conditions', () => {
  it.each(['mental-health', 'chronic-fatigue-syndrome', 'rheumatology'])(
    '%s is not met without the override',
    (code) => {
      expect(resultOf('excluded-conditions', { conditions: ['adhd', code] }).result).toBe('not-met');
      expect(resultOf('excluded-conditions', { conditions: [code], overridingCommunityIssue: false }).result).toBe(
        'not-met',
      );
    },
  );

  it('is met with the override, saying that triage must confirm it', () => {
    const excluded = resultOf('excluded-conditions', { conditions: ['rheumatology'], overridingCommunityIssue: true });
    expect(excluded.result).toBe('met');
    expect(excluded.reason).toContain('triage must confirm the override');
    expect(excluded.reason).toContain('a rheumatology condition');
  });

  it('is met for every condition the service takes', () => {
    const taken = llr.conditions
      .map((c) => c.code)
      .filter((c) => !llr.eligibility.excludedConditions.codes.includes(c));
    expect(taken).toHaveLength(16);
    expect(resultOf('excluded-conditions', { conditions: taken }).result).toBe('met');
    expect(resultOf('excluded-conditions', {}).result).toBe('met');
  });

  it('names every excluded condition reported', () => {
    expect(resultOf('excluded-conditions', { conditions: ['mental-health', 'rheumatology'] }).reason).toMatch(
      /^Has a mental health condition and a rheumatology condition, which the service does not take unless/u,
    );
  });

  it('allows no override where the definition says so', () => {
    const physioExcluded = resultOf(
      'excluded-conditions',
      { conditions: ['sports-injury'], overridingCommunityIssue: true },
      physio,
    );
    expect(physioExcluded.result).toBe('not-met');
    expect(resultOf('excluded-conditions', { conditions: ['mental-health'] }, physio).result).toBe('met');
  });
});

describe('Ayres Sensory Integration', () => {
  it('is not met when requested, with no override', () => {
    const asi = resultOf('ayres-sensory-integration', {
      requestsAyresSensoryIntegration: true,
      overridingCommunityIssue: true,
    });
    expect(asi.result).toBe('not-met');
    expect(asi.reason).toContain('the service does not provide it');
  });

  it('is met when not requested or not given', () => {
    expect(resultOf('ayres-sensory-integration', { requestsAyresSensoryIntegration: false }).result).toBe('met');
    expect(resultOf('ayres-sensory-integration', {}).result).toBe('met');
  });

  it('is met when requested from a service that provides it', () => {
    expect(resultOf('ayres-sensory-integration', { requestsAyresSensoryIntegration: true }, physio).result).toBe('met');
  });
});
