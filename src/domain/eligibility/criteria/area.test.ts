import { describe, expect, it } from 'vitest';
import llrJson from '../../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import physioJson from '../../../../test/fixtures/service-definitions/test-paediatric-physio.json' with { type: 'json' };
import { decide } from '../decide.js';
import type { EligibilityFacts } from '../facts.js';
import { aPractice, aSchool, criterion, definitionFrom, lookupsOf } from '../test-kit.js';

const llr = definitionFrom(llrJson);
const physio = definitionFrom(physioJson);
const LLR = 'Leicester, Leicestershire or Rutland';

const lookups = lookupsOf(
  [
    aPractice(),
    aPractice({ code: 'C82040', name: 'Orchard Surgery', icbCode: 'QT1', subIcbCode: '52R' }),
    aPractice({ code: 'C82999', name: 'Closed Surgery', status: 'C' }),
    aPractice({ code: 'Y05792', name: 'LLR PCL Centre', status: 'D', prescribingSetting: 0 }),
    aPractice({ code: 'Y06497', name: 'SWMC Clinic', status: 'D' }),
    aPractice({ code: 'Y09999', name: 'New Surgery', status: 'P' }),
    aPractice({ code: 'Y02077', name: 'Leics & Rutland OOH Service', prescribingSetting: 1 }),
    aPractice({ code: 'C82111', name: 'No ICB Surgery', icbCode: null, subIcbCode: '04C' }),
    aPractice({ code: 'C82112', name: 'Old CCG Surgery', icbCode: null, subIcbCode: '99X' }),
    aPractice({ code: 'C81001', name: 'Derby Surgery', icbCode: 'QJ2', subIcbCode: '15M' }),
  ],
  [
    aSchool(),
    aSchool({ urn: '145966', name: 'Friesland School', laCode: '830', laName: 'Derbyshire' }),
    aSchool({ urn: '199999', name: 'Closed School', open: false }),
    aSchool({ urn: '120000', name: 'Rutland School', laCode: '857', laName: 'Rutland' }),
  ],
);

type Child = Omit<EligibilityFacts['child'], 'dateOfBirth'>;
function areaOf(child: Child, needsInCurriculumContext?: boolean, definition = llr) {
  const facts: EligibilityFacts = { child: { dateOfBirth: '2014-05-02', ...child }, needsInCurriculumContext };
  const decision = decide(definition, facts, lookups, '2026-11-27');
  // Only the area's own missing facts: the others (difficulties, referrer) are not given here either.
  const missing = decision.missing.filter((m) => !['difficulties', 'referrer.type'].includes(m));
  return { ...criterion(decision, 'area'), missing };
}

describe('the area criterion, GP route', () => {
  it('is met for an active GP practice in the ICB, with the reason the API example gives', () => {
    expect(areaOf({ gpPracticeCode: 'C82044' })).toMatchObject({
      result: 'met',
      reason: `Registered with a GP practice in ${LLR}.`,
    });
  });

  it('reads the code whatever its case', () => {
    expect(areaOf({ gpPracticeCode: 'c82044' }).result).toBe('met');
  });

  it.each([
    [
      'C82040',
      'in another ICB',
      'Orchard Surgery (C82040) is a GP practice outside Leicester, Leicestershire or Rutland.',
    ],
    ['C82999', 'closed', 'Closed Surgery (C82999) is closed.'],
    ['Y06497', 'dormant', 'SWMC Clinic (Y06497) is dormant.'],
    ['Y09999', 'proposed, not yet open', 'New Surgery (Y09999) is not yet open.'],
    ['Y02077', 'not a GP practice (setting 1)', 'Leics & Rutland OOH Service (Y02077) is not a GP practice.'],
    ['Y05792', 'dormant and not a GP practice', 'LLR PCL Centre (Y05792) is not a GP practice.'],
  ])('is not met for %s (%s)', (code, _, reason) => {
    expect(areaOf({ gpPracticeCode: code })).toMatchObject({ result: 'not-met', reason });
  });

  it('uses the sub-ICB locations only when the record has no ICB', () => {
    expect(areaOf({ gpPracticeCode: 'C82111' }).result).toBe('met');
    expect(areaOf({ gpPracticeCode: 'C82112' }).result).toBe('not-met');
  });

  it('is unknown for a code not in the reference data, and asks for it', () => {
    const area = areaOf({ gpPracticeCode: 'Z99999' });
    expect(area.result).toBe('unknown');
    expect(area.reason).toContain('Z99999 is not in our reference data');
    expect(area.missing).toEqual(
      expect.arrayContaining(['child.gpPracticeCode', 'child.schoolUrn', 'child.schoolInArea']),
    );
  });

  it('uses the declaration only when no code is given', () => {
    expect(areaOf({ gpPracticeInArea: true })).toMatchObject({
      result: 'met',
      reason: `Registered with a GP practice in ${LLR} (as declared).`,
    });
    expect(areaOf({ gpPracticeInArea: false }).result).toBe('not-met');
    expect(areaOf({ gpPracticeCode: 'Z99999', gpPracticeInArea: true }).result).toBe('unknown');
    expect(areaOf({ gpPracticeCode: 'C82040', gpPracticeInArea: true }).result).toBe('not-met');
    expect(areaOf({ gpPracticeCode: 'C82044', gpPracticeInArea: false }).result).toBe('met');
  });
});

describe('the area criterion, school route', () => {
  const gpOutside = { gpPracticeCode: 'C82040' };

  it('is met by a school in the area when therapy is needed in the curriculum, with the GP outside', () => {
    const area = areaOf({ ...gpOutside, schoolUrn: '120345' }, true);
    expect(area.result).toBe('met');
    expect(area.reason).toBe(
      `Attends Darul Uloom Leicester (URN 120345), a school in ${LLR}. Occupational therapy needs to be delivered within the school curriculum.`,
    );
  });

  it('is not met by a school in the area when therapy is not needed in the curriculum', () => {
    expect(areaOf({ ...gpOutside, schoolUrn: '120345' }, false).result).toBe('not-met');
  });

  it('is unknown by a school in the area when the curriculum question is not answered', () => {
    const area = areaOf({ ...gpOutside, schoolUrn: '120345' });
    expect(area.result).toBe('unknown');
    expect(area.missing).toEqual(['needsInCurriculumContext']);
  });

  it.each([
    [
      '145966',
      'outside the local authorities',
      'Friesland School (URN 145966) is in Derbyshire, outside Leicester, Leicestershire or Rutland.',
    ],
    ['199999', 'closed', 'Closed School (URN 199999) is closed.'],
  ])('is not met by a school %s (%s)', (urn, _, reason) => {
    expect(areaOf({ ...gpOutside, schoolUrn: urn }, true)).toMatchObject({
      result: 'not-met',
      reason: expect.stringContaining(reason),
    });
  });

  it('is met in each of the local authorities', () => {
    expect(areaOf({ schoolUrn: '120000' }, true).result).toBe('met');
  });

  it('is unknown for a URN not in the reference data, whatever the curriculum answer (criteria.md: "not found: unknown")', () => {
    const area = areaOf({ ...gpOutside, schoolUrn: '100001' }, true);
    expect(area.result).toBe('unknown');
    expect(area.missing).toEqual(['child.schoolUrn']);
    expect(areaOf({ ...gpOutside, schoolUrn: '100001' }, false).result).toBe('unknown');
  });

  it('uses the school declaration only without a URN', () => {
    expect(areaOf({ schoolInArea: true }, true)).toMatchObject({ result: 'met' });
    expect(areaOf({ schoolInArea: true }, false).result).toBe('not-met');
    expect(areaOf({ schoolInArea: true }).result).toBe('unknown');
    expect(areaOf({ schoolInArea: false }, true).result).toBe('not-met');
    expect(areaOf({ schoolUrn: '145966', schoolInArea: true }, true).result).toBe('not-met');
  });

  it('applies when only the curriculum answer is given, and stays unknown until the school is known', () => {
    const area = areaOf({}, true);
    expect(area.result).toBe('unknown');
    expect(area.missing).toEqual([
      'child.schoolUrn',
      'child.schoolInArea',
      'child.gpPracticeCode',
      'child.gpPracticeInArea',
    ]);
    expect(areaOf({}, false).result).toBe('unknown');
  });
});

describe('the area criterion, routes combined', () => {
  it('is met if any route is met', () => {
    expect(areaOf({ gpPracticeCode: 'Z99999', schoolUrn: '120345' }, true).result).toBe('met');
    expect(areaOf({ gpPracticeCode: 'C82044', schoolUrn: '145966' }, false).result).toBe('met');
  });

  it('is unknown if no route is met and one is unknown', () => {
    expect(areaOf({ gpPracticeCode: 'Z99999', schoolUrn: '145966' }, true).result).toBe('unknown');
    expect(areaOf({ gpPracticeCode: 'C82040', schoolUrn: '100001' }, true).result).toBe('unknown');
  });

  it('is not met when every route that applies is not met', () => {
    const area = areaOf({ gpPracticeCode: 'C82040', schoolUrn: '145966' }, true);
    expect(area.result).toBe('not-met');
    expect(area.reason).toContain('Orchard Surgery');
    expect(area.reason).toContain('Friesland School');
  });

  it('is unknown with no area facts at all, asking for either route', () => {
    const area = areaOf({});
    expect(area.result).toBe('unknown');
    expect(area.missing).toEqual([
      'child.gpPracticeCode',
      'child.gpPracticeInArea',
      'child.schoolUrn',
      'child.schoolInArea',
    ]);
  });

  it("follows the second definition's ICB and local authorities, and names its area", () => {
    expect(areaOf({ gpPracticeCode: 'C81001' }, undefined, physio)).toMatchObject({
      result: 'met',
      reason: 'Registered with a GP practice in Derby or Derbyshire.',
    });
    expect(areaOf({ gpPracticeCode: 'C81001' }).result).toBe('not-met');
    expect(areaOf({ gpPracticeCode: 'C82044' }, undefined, physio).result).toBe('not-met');
    expect(areaOf({ schoolUrn: '145966' }, true, physio).result).toBe('met');
    expect(areaOf({ schoolUrn: '120345' }, true, physio).reason).toContain('outside Derby or Derbyshire');
    for (const child of [{ gpPracticeCode: 'C82040' }, { schoolUrn: '120345' }, {}, { gpPracticeInArea: true }]) {
      expect(areaOf(child, true, physio).reason).not.toContain('Leicestershire or Rutland');
    }
  });
});
