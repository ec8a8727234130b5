import { describe, expect, it } from 'vitest';
import llrJson from '../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import physioJson from '../../../test/fixtures/service-definitions/test-paediatric-physio.json' with { type: 'json' };
import { parseServiceDefinition } from './definition.js';
import { recordSettingsSchema } from './record-settings.js';

const item = {
  code: 'writing-slope',
  name: 'Writing slope',
  ageMonths: { min: 48, max: 215 },
  supplier: 'NHS Supply Chain',
  reviewEveryMonths: 12,
  terms: 'keep',
};
const programme = {
  code: 'dressing',
  title: 'Learning to dress',
  audience: 'home',
  difficulties: ['independence'],
  paragraphs: ['Lay the clothes out in the order they go on.'],
};
const minimal = { dischargeReasons: [{ code: 'goals-met', label: 'Goals met' }] };

const problems = (input: unknown) => {
  const result = recordSettingsSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the record settings of a service definition', () => {
  it('fills the defaults: no catalogue or advice, 60 minutes, 90 days, 6 months', () => {
    expect(recordSettingsSchema.parse(minimal)).toEqual({
      ...minimal,
      equipmentCatalogue: [],
      advice: [],
      breakGlassMinutes: 60,
      readAfterDischargeDays: 90,
      outgrowWithinMonths: 6,
    });
  });

  it('needs at least one discharge reason', () => {
    expect(problems({ dischargeReasons: [] })).toEqual([
      'dischargeReasons: Too small: expected array to have >=1 items',
    ]);
  });

  it('accepts break-glass minutes from 15 to 1,440 only', () => {
    expect(problems({ ...minimal, breakGlassMinutes: 15 })).toEqual([]);
    expect(problems({ ...minimal, breakGlassMinutes: 1440 })).toEqual([]);
    expect(problems({ ...minimal, breakGlassMinutes: 14 })).toHaveLength(1);
    expect(problems({ ...minimal, breakGlassMinutes: 1441 })).toHaveLength(1);
    expect(problems({ ...minimal, breakGlassMinutes: 60.5 })).toHaveLength(1);
  });

  it('refuses negative days after discharge and warning months over 24', () => {
    expect(problems({ ...minimal, readAfterDischargeDays: -1 })).toHaveLength(1);
    expect(problems({ ...minimal, outgrowWithinMonths: 25 })).toHaveLength(1);
    expect(problems({ ...minimal, outgrowWithinMonths: 0 })).toEqual([]);
  });

  it('accepts an item sized by age, by label, or both, and refuses one with neither', () => {
    const without = { ...item, ageMonths: undefined };
    expect(problems({ ...minimal, equipmentCatalogue: [item] })).toEqual([]);
    expect(problems({ ...minimal, equipmentCatalogue: [{ ...without, sizeLabel: 'standard' }] })).toEqual([]);
    expect(problems({ ...minimal, equipmentCatalogue: [without] })).toEqual([
      'equipmentCatalogue.0.ageMonths: must have an age range, a size label or both',
    ]);
  });

  it('refuses an age range upside down, a review interval of 0, and unknown terms', () => {
    expect(problems({ ...minimal, equipmentCatalogue: [{ ...item, ageMonths: { min: 50, max: 49 } }] })).toEqual([
      'equipmentCatalogue.0.ageMonths.max: must not be below min',
    ]);
    expect(problems({ ...minimal, equipmentCatalogue: [{ ...item, reviewEveryMonths: 0 }] })).toHaveLength(1);
    expect(problems({ ...minimal, equipmentCatalogue: [{ ...item, terms: 'sell' }] })).toHaveLength(1);
  });

  it('refuses a field it does not know, so a misspelt setting is not ignored', () => {
    expect(problems({ ...minimal, breakGlassMinute: 30 })).toHaveLength(1);
  });

  it('refuses a programme with no paragraphs, no difficulty or an unknown audience', () => {
    expect(problems({ ...minimal, advice: [programme] })).toEqual([]);
    expect(problems({ ...minimal, advice: [{ ...programme, paragraphs: [] }] })).toHaveLength(1);
    expect(problems({ ...minimal, advice: [{ ...programme, difficulties: [] }] })).toHaveLength(1);
    expect(problems({ ...minimal, advice: [{ ...programme, audience: 'everyone' }] })).toHaveLength(1);
  });

  it('refuses a code listed twice in each list', () => {
    expect(
      problems({
        dischargeReasons: [minimal.dischargeReasons[0], minimal.dischargeReasons[0]],
        equipmentCatalogue: [item, item],
        advice: [programme, programme],
      }),
    ).toEqual([
      'dischargeReasons.1: discharge reason "goals-met" is listed twice',
      'equipmentCatalogue.1: item "writing-slope" is listed twice',
      'advice.1: programme "dressing" is listed twice',
    ]);
  });
});

describe('the record sections of the service definitions', () => {
  const llr = parseServiceDefinition(llrJson);
  const physio = parseServiceDefinition(physioJson);

  it('parse, and a definition without a record section does not', () => {
    expect(llr.ok).toBe(true);
    expect(physio.ok).toBe(true);
    const { record: _record, ...withoutRecord } = llrJson;
    expect(parseServiceDefinition(withoutRecord)).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^record:/u)],
    });
  });

  it('give the LLR service its discharge reasons, equipment and advice, with the settings', () => {
    if (!llr.ok) throw new Error(llr.problems.join('\n'));
    const { record } = llr.definition;
    expect(record.dischargeReasons.map((r) => r.code)).toEqual([
      'goals-met',
      'managing-with-advice',
      'family-declined',
      'moved-out-of-area',
      'no-contact',
      'transferred',
      'aged-out',
    ]);
    expect(record.equipmentCatalogue.map((i) => i.code)).toContain('toilet-seat-reducer');
    expect(record).toMatchObject({ breakGlassMinutes: 60, readAfterDischargeDays: 90, outgrowWithinMonths: 6 });
  });

  it('name only difficulties each service knows in its advice', () => {
    for (const parsed of [llr, physio]) {
      if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
      const known = new Set(parsed.definition.eligibility.difficulties.map((d) => d.code));
      const named = parsed.definition.record.advice.flatMap((a) => a.difficulties);
      expect(named.filter((code) => !known.has(code))).toEqual([]);
    }
  });

  it('name suppliers generically', () => {
    for (const parsed of [llr, physio]) {
      if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
      for (const i of parsed.definition.record.equipmentCatalogue) {
        expect(['NHS Supply Chain', 'local equipment service']).toContain(i.supplier);
      }
    }
  });

  it('fill the defaults the physiotherapy fixture leaves out', () => {
    if (!physio.ok) throw new Error(physio.problems.join('\n'));
    expect(physio.definition.record).toMatchObject({
      breakGlassMinutes: 30,
      readAfterDischargeDays: 60,
      outgrowWithinMonths: 6,
    });
  });
});
