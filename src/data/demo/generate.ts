/**
 * The synthetic data sets of PERFORMANCE.md ("Data sets"): S, M and L, built from a fixed seed and the real
 * reference data, so that every run measures the same records and the eligibility rules see realistic cases.
 *
 * Everything is a generator: L (500,000 children, 750,000 referrals) is produced one child at a time and never held
 * whole. Children and referrals come from separate random streams, so `generateChildren` yields the same children
 * whether or not referrals are drawn for them. Later features add their own tables (appointments, notes) the same way.
 * `referenceDate` is the day the data set is built as of: the benchmarks' fixed date by default, today for the demo.
 */
import type { EligibilityFacts } from '../../domain/eligibility/facts.js';
import type { PracticeFacts } from '../../domain/reference/types.js';
import { addMonthsClamped, ageInYears, nextIsoDate } from '../../domain/shared/dates.js';
import { DEFAULT_SEED, REFERENCE_DATE, type DataSetSize } from './data-sets.js';
import { FAMILY_NAMES, GIVEN_NAMES } from './names.js';
import { TestNhsNumbers } from './nhs-numbers.js';
import { Random } from './random.js';
import type { SyntheticReference, SyntheticSchool } from './reference.js';

export { DATA_SETS, DEFAULT_SEED, isDataSetName, REFERENCE_DATE } from './data-sets.js';
export type { DataSetName, DataSetSize } from './data-sets.js';

export type Sex = 'female' | 'male';

export interface SyntheticChild {
  /** 1, 2, 3... across the whole data set. */
  id: number;
  /** Which of the data set's services (0 to services - 1) the child is known to. */
  serviceIndex: number;
  /** Ten digits, starting 999: the range the NHS keeps for test data, so never a real person's number. */
  nhsNumber: string;
  givenName: string;
  familyName: string;
  sex: Sex;
  dateOfBirth: string;
  /** A postcode in the sector of the child's GP practice. */
  postcode: string;
  gpPracticeCode: string;
  /** Null for children not at school: most under-5s, and most young people past 16. */
  schoolUrn: string | null;
}

export interface SyntheticReferral {
  /** 1, 2, 3... across the whole data set. */
  id: number;
  childId: number;
  serviceIndex: number;
  receivedOn: string;
  /** As a referrer would send them to the eligibility API; decided as of `receivedOn`, which is also `facts.asOf`. */
  facts: EligibilityFacts;
}

export interface ChildWithReferrals {
  child: SyntheticChild;
  referrals: SyntheticReferral[];
}

/*
 * The mix. Ages follow the shape of children's OT referrals: few babies, most from 4 to 11, tailing off through the
 * teens, and some young people of 16 to 18 and 19 or over so that the age rule has work to do.
 */
const AGE_WEIGHTS = [2, 3, 4, 5, 7, 8, 8, 8, 7, 7, 6, 6, 5, 4, 4, 3, 3.5, 3, 2.5, 2, 1.5].map(
  (weight, age) => [age, weight] as const,
);
const MALE_SHARE = 0.62; // Boys are referred to children's OT more often than girls (coordination, autism).
const PRACTICE_GROUPS = [
  ['inArea', 92],
  ['neighbours', 6],
  ['closed', 2],
] as const;
/**
 * How likely a child of each age is to be at a school: none before 4, half of the 4-year-olds (reception), nearly all
 * from 5 to 15, most at 16 to 18 (sixth forms; the rest at college or work), none from 19.
 */
const SCHOOL_CHANCE_BY_AGE = Array.from({ length: 21 }, (_, age) =>
  age < 4 ? 0 : age === 4 ? 0.5 : age <= 15 ? 0.96 : age <= 18 ? 0.6 : 0,
);
/** The unit letters of a postcode's inward code (never C, I, K, M, O or V). */
const UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

const unitLetter = (random: Random) => UNIT_LETTERS.charAt(random.int(0, UNIT_LETTERS.length - 1));

/** Extra referrals per child: each child has two chances of one more, so a few children have three in all. */
const EXTRA_SLOTS_PER_CHILD = 2;

/**
 * Who refers, weighted. Early years settings refer the under-5s; young people refer themselves only from 16; a
 * child's later referral is more often a parent's re-referral after discharge.
 */
function referrerWeight(id: string, age: number, isRepeat: boolean): number {
  switch (id) {
    case 'gp':
      return 27;
    case 'health-professional':
      return 24;
    case 'education-staff':
      return age >= 4 ? 20 : 0;
    case 'educational-psychologist':
      return age >= 4 ? 4 : 0;
    case 'social-care':
      return 4;
    case 'early-years-setting':
      return age < 5 ? 12 : 0;
    case 'parent-carer':
      return isRepeat ? 30 : 6;
    case 'self':
      return age >= 16 ? 2 : 0;
    default:
      return 1;
  }
}

const yearsBefore = (date: string, years: number) => addMonthsClamped(date, -12 * years);
const later = (a: string, b: string) => (a > b ? a : b);

/** A number from 0 to weights.length - 1, each as likely as its weight, found by bisecting the running totals. */
function weightedIndex(random: Random, cumulative: readonly number[]): number {
  const at = random.next() * (cumulative.at(-1) ?? 0);
  let [low, high] = [0, cumulative.length - 1];
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((cumulative[mid] ?? 0) > at) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** Schools of a group that take children of each age from 0 to 20 (a school that does not give its ages takes any). */
function schoolsByAge(schools: readonly SyntheticSchool[]): SyntheticSchool[][] {
  return Array.from({ length: 21 }, (_, age) =>
    schools.filter((s) => (s.lowAge ?? 0) <= age && age <= (s.highAge ?? 99)),
  );
}

export function* generateChildren(
  size: DataSetSize,
  reference: SyntheticReference,
  seed = DEFAULT_SEED,
  referenceDate = REFERENCE_DATE,
): Generator<SyntheticChild> {
  const random = new Random(seed, 'children');
  const nhsNumbers = new TestNhsNumbers(new Random(seed, 'nhs-numbers'));
  // Services differ in size, up to about six to one, as trusts do.
  const serviceRandom = new Random(seed, 'services');
  const serviceTotals: number[] = [];
  for (let i = 0, total = 0; i < size.services; i++) serviceTotals.push((total += 0.3 + 1.7 * serviceRandom.next()));
  const { practices, schools } = reference;
  const schoolsInArea = schoolsByAge(schools.inArea);
  const schoolsOutside = schoolsByAge(schools.neighbours);
  const sectors = [...practices.inArea, ...practices.neighbours]
    .map((p) => p.postcode)
    .filter((p): p is string => p !== null);

  for (let id = 1; id <= size.children; id++) {
    const age = random.weighted(AGE_WEIGHTS);
    const dateOfBirth = random.dateBetween(
      nextIsoDate(yearsBefore(referenceDate, age + 1)),
      yearsBefore(referenceDate, age),
    );
    const sex: Sex = random.chance(MALE_SHARE) ? 'male' : 'female';
    const practiceGroup = random.weighted(PRACTICE_GROUPS);
    const practice: PracticeFacts = random.pick(practices[practiceGroup]);
    // Children registered outside the area mostly live there and go to school there too.
    const schoolOutside = random.chance(practiceGroup === 'neighbours' ? 0.6 : 0.06);
    const atSchool = random.chance(SCHOOL_CHANCE_BY_AGE[age] ?? 0);
    const candidates = (schoolOutside ? schoolsOutside : schoolsInArea)[age] ?? [];
    const school = atSchool && candidates.length > 0 ? random.pick(candidates) : null;
    const sector = (practice.postcode ?? random.pick(sectors)).slice(0, -2);
    yield {
      id,
      serviceIndex: size.services === 1 ? 0 : weightedIndex(serviceRandom, serviceTotals),
      nhsNumber: nhsNumbers.take(),
      givenName: random.pick(GIVEN_NAMES[sex]),
      familyName: random.pick(FAMILY_NAMES),
      sex,
      dateOfBirth,
      postcode: `${sector}${unitLetter(random)}${unitLetter(random)}`,
      gpPracticeCode: practice.code,
      schoolUrn: school?.urn ?? null,
    };
  }
}

/** The facts one referral gives: what the referrer knew, which is not always everything the rules ask. */
function referralFacts(
  random: Random,
  reference: SyntheticReference,
  child: SyntheticChild,
  receivedOn: string,
  isRepeat: boolean,
): EligibilityFacts {
  const { definition, lookups } = reference;
  const { eligibility } = definition;
  const age = ageInYears(child.dateOfBirth, receivedOn);
  const facts: EligibilityFacts = { asOf: receivedOn, child: { dateOfBirth: child.dateOfBirth } };

  // The GP practice: usually its code; sometimes only the referrer's word that it is local; sometimes nothing.
  const gp = random.next();
  if (gp < 0.8) facts.child.gpPracticeCode = child.gpPracticeCode;
  else if (gp < 0.85) {
    facts.child.gpPracticeInArea = reference.practices.inArea.some((p) => p.code === child.gpPracticeCode);
  }
  let schoolGiven = false;
  if (child.schoolUrn !== null) {
    const school = random.next();
    if (school < 0.9) {
      facts.child.schoolUrn = child.schoolUrn;
      schoolGiven = true;
    } else if (school < 0.94) {
      const known = lookups.school(child.schoolUrn);
      facts.child.schoolInArea = eligibility.school.localAuthorities.some((la) => la.code === known?.laCode);
      schoolGiven = true;
    }
  }
  if (age >= eligibility.ages.alwaysUnder && age < eligibility.ages.inFullTimeEducationUnder) {
    // Young people still at school are nearly all in full-time education; the others may be at college, or not.
    const education = random.weighted<boolean | undefined>(
      child.schoolUrn !== null
        ? [
            [true, 85],
            [false, 5],
            [undefined, 10],
          ]
        : [
            [true, 45],
            [false, 30],
            [undefined, 25],
          ],
    );
    if (education !== undefined) facts.child.inFullTimeEducation = education;
  }
  if (schoolGiven) {
    const curriculum = random.weighted<boolean | undefined>([
      [true, 45],
      [false, 30],
      [undefined, 25],
    ]);
    if (curriculum !== undefined) facts.needsInCurriculumContext = curriculum;
  }

  const difficulties = random.next();
  if (difficulties < 0.95) {
    facts.difficulties = random.sample(
      eligibility.difficulties.map((d) => d.code),
      random.weighted([
        [1, 45],
        [2, 35],
        [3, 20],
      ]),
    );
  } else if (difficulties < 0.965) facts.difficulties = [];

  const excluded = eligibility.excludedConditions.codes;
  const conditions: string[] = [];
  if (random.chance(0.65)) {
    const taken = definition.conditions.map((c) => c.code).filter((c) => !excluded.includes(c));
    conditions.push(...random.sample(taken, random.chance(0.75) ? 1 : 2));
  }
  if (excluded.length > 0 && random.chance(0.05)) {
    conditions.push(random.pick(excluded));
    if (random.chance(0.3)) facts.overridingCommunityIssue = true;
  }
  if (conditions.length > 0) facts.conditions = conditions;

  // Answered "no" on many forms, left out on others; "yes" only now and then.
  const yesNo = (yes: number): boolean | undefined =>
    random.weighted<boolean | undefined>([
      [true, yes],
      [false, 40],
      [undefined, 60 - yes],
    ]);
  const illness = yesNo(2);
  if (illness !== undefined) facts.shortTermAcuteIllness = illness;
  const surgery = yesNo(1.5);
  if (surgery !== undefined) facts.acuteSurgicalRecovery = surgery;
  const ayres = yesNo(2);
  if (ayres !== undefined) facts.requestsAyresSensoryIntegration = ayres;

  if (random.chance(0.94)) {
    const type = random.weighted(definition.referrers.map((r) => [r.id, referrerWeight(r.id, age, isRepeat)] as const));
    const mayRefer = definition.referrers.find((r) => r.id === type)?.mayRefer;
    if (mayRefer === 'within-re-referral-window' && random.chance(0.97)) {
      // Discharged recently (inside the window) or long ago (outside it), and never before the child was born.
      const months = eligibility.parentReReferralWindowMonths;
      const outside = random.chance(0.3);
      const [from, to] = outside
        ? [addMonthsClamped(receivedOn, -months - 18), addMonthsClamped(receivedOn, -months - 1)]
        : [addMonthsClamped(receivedOn, -months + 1), receivedOn];
      const dischargedOn = random.dateBetween(later(from, child.dateOfBirth), later(to, child.dateOfBirth));
      facts.referrer = { type, childDischargedOn: dischargedOn };
    } else facts.referrer = { type };
  }
  return facts;
}

/**
 * Each child with their referrals. Every child has at least one; the extra ones the data set's counts call for are
 * spread by selection sampling, so the total comes out exact without holding the children. A child's referrals
 * arrive in date order, on or after their birth and within the data set's span.
 */
export function* generateChildrenWithReferrals(
  size: DataSetSize,
  reference: SyntheticReference,
  seed = DEFAULT_SEED,
  referenceDate = REFERENCE_DATE,
): Generator<ChildWithReferrals> {
  const extras = size.referrals - size.children;
  if (extras < 0 || extras > size.children * EXTRA_SLOTS_PER_CHILD) {
    throw new RangeError(
      `${size.name}: ${String(size.referrals)} referrals cannot be spread over ${String(size.children)} children.`,
    );
  }
  const random = new Random(seed, 'referrals');
  const spanStart = nextIsoDate(yearsBefore(referenceDate, size.years));
  let [extrasLeft, slotsLeft] = [extras, size.children * EXTRA_SLOTS_PER_CHILD];
  let nextId = 1;
  for (const child of generateChildren(size, reference, seed, referenceDate)) {
    let count = 1;
    for (let slot = 0; slot < EXTRA_SLOTS_PER_CHILD; slot++, slotsLeft--) {
      if (random.next() * slotsLeft < extrasLeft) {
        count++;
        extrasLeft--;
      }
    }
    const from = later(spanStart, child.dateOfBirth);
    const dates = Array.from({ length: count }, () => random.dateBetween(from, referenceDate)).sort();
    const referrals = dates.map((receivedOn, i) => ({
      id: nextId++,
      childId: child.id,
      serviceIndex: child.serviceIndex,
      receivedOn,
      facts: referralFacts(random, reference, child, receivedOn, i > 0),
    }));
    yield { child, referrals };
  }
}

export function* generateReferrals(
  size: DataSetSize,
  reference: SyntheticReference,
  seed = DEFAULT_SEED,
  referenceDate = REFERENCE_DATE,
): Generator<SyntheticReferral> {
  for (const { referrals } of generateChildrenWithReferrals(size, reference, seed, referenceDate)) yield* referrals;
}
