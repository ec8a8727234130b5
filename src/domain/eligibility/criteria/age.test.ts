import { describe, expect, it } from 'vitest';
import llrJson from '../../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import physioJson from '../../../../test/fixtures/service-definitions/test-paediatric-physio.json' with { type: 'json' };
import { decide } from '../decide.js';
import { criterion, definitionFrom, lookupsOf } from '../test-kit.js';

const llr = definitionFrom(llrJson);
const physio = definitionFrom(physioJson);

function ageOn(dateOfBirth: string, asOf: string, inFullTimeEducation?: boolean, definition = llr) {
  const decision = decide(definition, { child: { dateOfBirth, inFullTimeEducation } }, lookupsOf(), asOf);
  return { ...criterion(decision, 'age'), missing: decision.missing };
}

describe('the age criterion', () => {
  it('is met under 16, with the reason the API example gives', () => {
    expect(ageOn('2014-05-02', '2026-11-27')).toMatchObject({ result: 'met', reason: 'Aged 12: under 16.' });
  });

  it.each([
    ['the day before the 16th birthday', '2010-11-28', 'met', 'Aged 15: under 16.'],
    [
      'the 16th birthday',
      '2010-11-27',
      'unknown',
      'Aged 16: 16 to 18, so it depends on whether they are in full-time education.',
    ],
    [
      'the day before the 19th birthday',
      '2007-11-28',
      'unknown',
      'Aged 18: 16 to 18, so it depends on whether they are in full-time education.',
    ],
    ['the 19th birthday', '2007-11-27', 'not-met', 'Aged 19: 19 or over.'],
  ])('on %s, without the education fact', (_, born, result, reason) => {
    expect(ageOn(born, '2026-11-27')).toMatchObject({ result, reason });
  });

  it('asks for full-time education from 16 to 18', () => {
    expect(ageOn('2010-11-27', '2026-11-27').missing).toContain('child.inFullTimeEducation');
  });

  it.each([
    [true, 'met', 'Aged 17: 16 to 18 and in full-time education.'],
    [false, 'not-met', 'Aged 17: 16 to 18 and not in full-time education.'],
  ])('at 17, full-time education %s gives %s', (education, result, reason) => {
    expect(ageOn('2009-06-01', '2026-11-27', education)).toMatchObject({ result, reason });
  });

  it('is not met at 19 or over even in full-time education', () => {
    expect(ageOn('2007-11-27', '2026-11-27', true).result).toBe('not-met');
    expect(ageOn('1990-01-01', '2026-11-27', true).result).toBe('not-met');
  });

  it('is met under 16 whatever the education answer', () => {
    expect(ageOn('2020-01-01', '2026-11-27', false).result).toBe('met');
  });

  describe('for a child born on 29 February', () => {
    it('is 16 on 29 February of a leap year, and not the day before', () => {
      expect(ageOn('2012-02-29', '2028-02-28', false).result).toBe('met');
      expect(ageOn('2012-02-29', '2028-02-29', false).result).toBe('not-met');
    });

    it('is 17 on 1 March of a common year, not on 28 February', () => {
      expect(ageOn('2008-02-29', '2025-02-28', false)).toMatchObject({ reason: expect.stringMatching(/^Aged 16:/u) });
      expect(ageOn('2008-02-29', '2025-03-01', false)).toMatchObject({ reason: expect.stringMatching(/^Aged 17:/u) });
    });

    it('turns 19 on 1 March of a common year', () => {
      expect(ageOn('2008-02-29', '2027-02-28', true)).toMatchObject({
        result: 'met',
        reason: expect.stringMatching(/^Aged 18/u),
      });
      expect(ageOn('2008-02-29', '2027-03-01', true)).toMatchObject({
        result: 'not-met',
        reason: 'Aged 19: 19 or over.',
      });
    });
  });

  it("follows the second definition's ages (under 18 always, up to 24 in education)", () => {
    expect(ageOn('2009-06-01', '2026-11-27', false, physio)).toMatchObject({
      result: 'met',
      reason: 'Aged 17: under 18.',
    });
    expect(ageOn('2004-06-01', '2026-11-27', true, physio)).toMatchObject({
      result: 'met',
      reason: 'Aged 22: 18 to 24 and in full-time education.',
    });
    expect(ageOn('2001-11-27', '2026-11-27', true, physio).result).toBe('not-met');
  });
});
