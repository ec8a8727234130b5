/**
 * The retention review date of a child's record, under the Records Management Code of Practice for health and social
 * care: a child's record is kept until the 25th birthday, or the 26th if the young person was 17 when treatment ended.
 * The date is shown on the record and starts a review; nothing is ever deleted automatically.
 *
 * Out of scope: after a death the record is kept for 10 years after it, and the Code asks for a clinician's advice
 * where the illness could matter in adult life or to the family; both are for the reviewer, not this rule.
 *
 * A birthday on 29 February falls on 28 February in a year that is not a leap year, both for the review date and for
 * whether the young person had turned 17 by the end of treatment. This differs from `ageInYears` (which has such a
 * person attain an age on 1 March): here the earlier day is taken, so a leapling discharged on 28 February of their
 * 17th year counts as 17 and the record is kept a year longer. Pure.
 */
import { isIsoDate, isLeapYear } from '../shared/dates.js';
import type { FieldProblem } from '../forms/fields.js';

export interface RetentionReview {
  /** The day the record is due for review: the 25th or 26th birthday. */
  reviewOn: string;
  birthday: 25 | 26;
  /** Age in completed years on the day treatment ended. */
  ageWhenTreatmentEnded: number;
  /**
   * Treatment went on past the 18th birthday: the reviewer should check whether the Code's rule for adults' records
   * (8 years after treatment ended) keeps the record longer than this date.
   */
  treatedAsAdult: boolean;
}

export type RetentionResult = { ok: true; value: RetentionReview } | { ok: false; problems: FieldProblem[] };

/** The birthday in a given year: 29 February is taken as 28 February in a year that is not a leap year. */
export function birthdayIn(dateOfBirth: string, year: number): string {
  const [month, day] = [dateOfBirth.slice(5, 7), dateOfBirth.slice(8, 10)];
  const leapDay = month === '02' && day === '29';
  return `${String(year).padStart(4, '0')}-${month}-${leapDay && !isLeapYear(year) ? '28' : day}`;
}

/** Age in completed years on `on`, with birthdays as `birthdayIn` places them. */
function ageOn(dateOfBirth: string, on: string): number {
  const year = Number(on.slice(0, 4));
  const years = year - Number(dateOfBirth.slice(0, 4));
  return on >= birthdayIn(dateOfBirth, year) ? years : years - 1;
}

/**
 * When a child's record is due for retention review, from the date of birth and the date treatment ended (the
 * discharge date): the 25th birthday, or the 26th when the young person was 17 on that day.
 */
export function retentionReviewDate(dateOfBirth: string, treatmentEndedOn: string): RetentionResult {
  const problems: FieldProblem[] = [];
  if (!isIsoDate(dateOfBirth)) problems.push({ field: 'dateOfBirth', message: 'Date of birth must be a real date' });
  if (!isIsoDate(treatmentEndedOn)) {
    problems.push({ field: 'treatmentEndedOn', message: 'Date treatment ended must be a real date' });
  }
  if (problems.length === 0 && treatmentEndedOn < dateOfBirth) {
    problems.push({
      field: 'treatmentEndedOn',
      message: "Date treatment ended must be on or after the child's date of birth",
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  const age = ageOn(dateOfBirth, treatmentEndedOn);
  const birthday = age === 17 ? 26 : 25;
  return {
    ok: true,
    value: {
      reviewOn: birthdayIn(dateOfBirth, Number(dateOfBirth.slice(0, 4)) + birthday),
      birthday,
      ageWhenTreatmentEnded: age,
      treatedAsAdult: age >= 18,
    },
  };
}
