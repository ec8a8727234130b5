import { describe, expect, it } from 'vitest';
import { birthdayIn, retentionReviewDate } from './retention.js';

const reviewOn = (dob: string, ended: string) => {
  const result = retentionReviewDate(dob, ended);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
};

describe('the retention review date of a child record', () => {
  it('is the 25th birthday for a child discharged at 16 (born 15 June 2010)', () => {
    expect(reviewOn('2010-06-15', '2026-11-30')).toEqual({
      reviewOn: '2035-06-15',
      birthday: 25,
      ageWhenTreatmentEnded: 16,
      treatedAsAdult: false,
    });
  });

  it('is the 26th birthday for a young person discharged at 17', () => {
    expect(reviewOn('2010-06-15', '2027-09-01')).toMatchObject({ reviewOn: '2036-06-15', birthday: 26 });
  });

  it('counts the 17th birthday itself as 17', () => {
    expect(reviewOn('2010-06-15', '2027-06-15')).toMatchObject({ reviewOn: '2036-06-15', ageWhenTreatmentEnded: 17 });
  });

  it('counts the day before the 17th birthday as 16', () => {
    expect(reviewOn('2010-06-15', '2027-06-14')).toMatchObject({ reviewOn: '2035-06-15', ageWhenTreatmentEnded: 16 });
  });

  it('counts the day before the 18th birthday as 17', () => {
    expect(reviewOn('2010-06-15', '2028-06-14')).toMatchObject({ reviewOn: '2036-06-15', ageWhenTreatmentEnded: 17 });
  });

  it('is still the 25th birthday after 18, and marks the record for the adult rule to be checked', () => {
    expect(reviewOn('2010-06-15', '2028-06-15')).toEqual({
      reviewOn: '2035-06-15',
      birthday: 25,
      ageWhenTreatmentEnded: 18,
      treatedAsAdult: true,
    });
    expect(reviewOn('2010-06-15', '2029-12-01')).toMatchObject({ reviewOn: '2035-06-15', treatedAsAdult: true });
  });

  it('is the 25th birthday for a baby discharged on the day of birth', () => {
    expect(reviewOn('2026-01-31', '2026-01-31')).toMatchObject({ reviewOn: '2051-01-31', ageWhenTreatmentEnded: 0 });
  });

  it('takes 28 February for a 29 February birthday in a year that is not a leap year', () => {
    // Born 29 February 2012: the 25th birthday falls in 2037, not a leap year.
    expect(reviewOn('2012-02-29', '2020-05-01').reviewOn).toBe('2037-02-28');
  });

  it('keeps 29 February when the review year is a leap year', () => {
    // Born 29 February 2008 and discharged at 17: the 26th birthday falls in 2034, not a leap year.
    expect(reviewOn('2008-02-29', '2025-03-01').reviewOn).toBe('2034-02-28');
    expect(birthdayIn('2008-02-29', 2032)).toBe('2032-02-29');
  });

  it('counts a 29 February child as 17 on 28 February of a year that is not a leap year', () => {
    expect(reviewOn('2008-02-29', '2025-02-28')).toMatchObject({ ageWhenTreatmentEnded: 17, birthday: 26 });
    expect(reviewOn('2008-02-29', '2025-02-27')).toMatchObject({ ageWhenTreatmentEnded: 16, birthday: 25 });
  });

  it('refuses dates that are not real, naming each', () => {
    expect(retentionReviewDate('2010-02-30', '2026-13-01')).toEqual({
      ok: false,
      problems: [
        { field: 'dateOfBirth', message: 'Date of birth must be a real date' },
        { field: 'treatmentEndedOn', message: 'Date treatment ended must be a real date' },
      ],
    });
    expect(retentionReviewDate('', 'yesterday').ok).toBe(false);
  });

  it('refuses an end of treatment before the birth', () => {
    expect(retentionReviewDate('2010-06-15', '2010-06-14')).toEqual({
      ok: false,
      problems: [
        { field: 'treatmentEndedOn', message: "Date treatment ended must be on or after the child's date of birth" },
      ],
    });
  });
});
