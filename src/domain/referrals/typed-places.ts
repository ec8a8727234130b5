/**
 * A GP practice or school as the referrer typed it ("I cannot find it"), read from a referral's answers: kept on the
 * child's record and used to address the GP's letter when the reference data does not know the practice.
 */
import type { Answers } from '../forms/fields.js';
import { isTypedPlaceAnswer } from './questions.js';

export interface TypedPlace {
  name: string;
  /** The address as typed: lines, town and postcode, each non-empty. */
  addressLines: string[];
  postcode: string;
  /** The ODS code or URN, when the referrer knew it. */
  code: string | null;
}

const text = (answers: Answers, name: string): string => {
  const v = answers[name];
  return typeof v === 'string' ? v.trim() : '';
};

/**
 * The practice (`childGp`) or school (`childSchool`) the referrer typed ("I cannot find it", or, with no reference data,
 * in the area or somewhere else), or null when it was chosen from the reference data or not given.
 */
export function typedPlace(answers: Answers, prefix: 'childGp' | 'childSchool'): TypedPlace | null {
  if (!isTypedPlaceAnswer(answers[prefix])) return null;
  const name = text(answers, `${prefix}Name`);
  const postcode = text(answers, `${prefix}Postcode`);
  if (name === '' || postcode === '') return null;
  const code = text(answers, prefix === 'childGp' ? 'childGpCode' : 'childSchoolUrn');
  return {
    name,
    addressLines: [
      text(answers, `${prefix}AddressLine1`),
      text(answers, `${prefix}AddressLine2`),
      text(answers, `${prefix}Town`),
      postcode,
    ].filter((l) => l !== ''),
    postcode,
    code: code === '' ? null : code,
  };
}

/** The typed place as kept on the child's record (JSON), or null. */
export function typedPlaceJson(answers: Answers, prefix: 'childGp' | 'childSchool'): string | null {
  const place = typedPlace(answers, prefix);
  return place === null ? null : JSON.stringify(place);
}
