import { describe, expect, it } from 'vitest';
import llrJson from '../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import { decide } from '../eligibility/decide.js';
import { aPractice, aSchool, criterion, definitionFrom, eligibleFacts, lookupsOf } from '../eligibility/test-kit.js';
import { recordsOfSameChild, withRecordedDischarge } from './re-referral-from-record.js';

const llr = definitionFrom(llrJson);
const child = {
  nhsNumber: '9434765919',
  givenName: 'Amara',
  familyName: 'Ndiaye',
  dateOfBirth: '2014-05-02',
  postcode: 'LE1 6FB',
};

describe('the re-referral window read from the record', () => {
  it('finds the same child by name and date of birth, never by an NHS number alone', () => {
    const known = [
      { ...child, id: 'same' },
      { ...child, id: 'no-number', nhsNumber: null },
      { ...child, id: 'other-number', nhsNumber: '4010232137' },
      { ...child, id: 'other-name', givenName: 'Ama' },
      { ...child, id: 'accents', givenName: 'Amára', familyName: 'N’diaye', postcode: null },
    ];
    expect(recordsOfSameChild(child, known)).toEqual(['same', 'no-number', 'accents']);
    expect(recordsOfSameChild({ ...child, nhsNumber: null }, known)).toEqual([
      'same',
      'no-number',
      'other-number',
      'accents',
    ]);
  });

  it('takes the discharge date from the record for a parent or carer, and only for them', () => {
    const parent = eligibleFacts({ referrer: { type: 'parent-carer', childDischargedOn: '2026-11-01' } });
    expect(withRecordedDischarge(parent, llr, '2026-01-10').referrer).toEqual({
      type: 'parent-carer',
      childDischargedOn: '2026-01-10',
    });
    expect(withRecordedDischarge(parent, llr, null)).toBe(parent);
    const gp = eligibleFacts();
    expect(withRecordedDischarge(gp, llr, '2026-01-10')).toBe(gp);

    const lookups = lookupsOf([aPractice()], [aSchool()]);
    const asked = (facts: typeof parent) => criterion(decide(llr, facts, lookups, '2026-12-03'), 'referrer').result;
    // The parent remembers a date inside the window; the record says the window ended on 10 July 2026.
    expect(asked(parent)).toBe('met');
    expect(asked(withRecordedDischarge(parent, llr, '2026-01-10'))).toBe('not-met');
    expect(asked(withRecordedDischarge(parent, llr, '2026-09-01'))).toBe('met');
  });
});
