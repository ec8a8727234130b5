/**
 * The rows of a synthetic data set beyond what the generator draws: ids, references, instants, the form's answers, and
 * what triage has made of each referral (its status and the columns a decision sets), fitted to how long it has been
 * waiting on the data set's reference date.
 */
import type { Insertable } from 'kysely';
import type { EligibilityDecision } from '../../domain/eligibility/index.js';
import { PRIORITIES, type ReferralStatus } from '../../domain/referrals/lifecycle.js';
import { addDays, workingDaysBetween } from '../../domain/referrals/working-days.js';
import { ageInYears } from '../../domain/shared/dates.js';
import type { ReferralsTable } from '../database.js';
import type { SyntheticChild, SyntheticReferral } from './generate.js';
import type { Random } from './random.js';
import type { SyntheticReference } from './reference.js';

/** A version 4 UUID from the seeded stream: random like the application's ids, so the keys' order is as realistic. */
export function uuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16));
  hex[12] = '4';
  hex[16] = (8 + random.int(0, 3)).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/**
 * A reference for each referral number that looks random and never repeats: the number times an odd constant, modulo
 * 2^40, is a one-to-one mapping of the 40 bits a reference carries.
 */
export function referenceFor(prefix: string, id: number): string {
  let bits = (BigInt(id) * 0x9e3779b97fn) & 0xffffffffffn;
  let chars = '';
  for (let i = 0; i < 8; i++) {
    chars = CROCKFORD.charAt(Number(bits & 31n)) + chars;
    bits >>= 5n;
  }
  return `${prefix}-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** An instant on a London working day, in office hours (a UTC time that is office hours in London all year). */
export function instantOn(random: Random, date: string): string {
  const minutes = random.int(8 * 60, 17 * 60);
  return `${date}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}.000Z`;
}

/** How likely a referral that has been waiting this many working days is still waiting: most are decided in two weeks. */
function stillWaitingChance(workingDays: number): number {
  if (workingDays <= 3) return 0.95;
  if (workingDays <= 8) return 0.6;
  if (workingDays <= 12) return 0.3;
  if (workingDays <= 25) return 0.08;
  if (workingDays <= 60) return 0.01;
  return 0.001;
}

/** What triage has made of a referral: its status and the columns a decision sets. */
export function triageState(
  random: Random,
  reference: SyntheticReference,
  referral: SyntheticReferral,
  child: SyntheticChild,
  decision: EligibilityDecision,
  referenceDate: string,
): Pick<
  Insertable<ReferralsTable>,
  'status' | 'pathway' | 'priority' | 'setting' | 'reply_due_on' | 'decided_at' | 'overridden'
> {
  const { definition } = reference;
  const waited = workingDaysBetween(referral.receivedOn, referenceDate);
  const none = { pathway: null, priority: null, setting: null, reply_due_on: null, decided_at: null, overridden: 0 };
  if (random.chance(stillWaitingChance(waited))) {
    if (waited >= 2 && random.chance(0.2)) {
      const asked = addDays(referral.receivedOn, random.int(1, Math.min(10, waited)));
      return {
        ...none,
        status: 'more-information-requested',
        reply_due_on: addDays(asked, definition.triage.replyWithinDays),
      };
    }
    return { ...none, status: 'awaiting-triage' };
  }
  // Decided within a few working days, now and then long after the target; never after the reference date.
  const after = random.weighted([
    [random.int(1, 5), 50],
    [random.int(6, 10), 35],
    [random.int(11, 30), 15],
  ]);
  const decidedOn = addDays(referral.receivedOn, Math.round((after * 7) / 5));
  const decidedAt = instantOn(random, decidedOn > referenceDate ? referenceDate : decidedOn);
  const outcome = decision.outcome;
  const status = random.weighted<ReferralStatus>(
    outcome === 'eligible'
      ? [
          ['accepted', 75],
          ['redirected', 7],
          ['closed', 7],
          ['not-accepted', 5],
          ['withdrawn', 6],
        ]
      : outcome === 'ineligible'
        ? [
            ['not-accepted', 70],
            ['redirected', 15],
            ['closed', 10],
            ['accepted', 5],
          ]
        : [
            ['accepted', 45],
            ['not-accepted', 25],
            ['redirected', 15],
            ['closed', 10],
            ['withdrawn', 5],
          ],
  );
  if (status !== 'accepted') {
    return {
      ...none,
      status,
      decided_at: decidedAt,
      overridden: outcome !== 'eligible' && status !== 'not-accepted' ? 1 : 0,
    };
  }
  // An early years pathway (when the service has one) takes only the under-5s.
  const age = ageInYears(child.dateOfBirth, referral.receivedOn);
  const pathways = definition.pathways.map((p) => p.id).filter((id) => id !== 'early-years' || age < 5);
  return {
    ...none,
    status,
    pathway: random.pick(pathways),
    priority: random.weighted(PRIORITIES.map((p) => [p, p === 'urgent' ? 10 : p === 'soon' ? 30 : 60] as const)),
    setting: random.pick(definition.offers.settings),
    decided_at: decidedAt,
    overridden: outcome === 'eligible' ? 0 : 1,
  };
}

export const SOURCES = [
  ['online', 70],
  ['email', 15],
  ['post', 10],
  ['telephone', 5],
] as const;

const PHRASES = [
  'Finds it hard to fasten buttons and zips, and needs help to get dressed for PE.',
  'Handwriting is slow and hard to read; tires quickly when writing.',
  'Avoids messy play and becomes distressed by some clothing textures.',
  'Falls often and bumps into things; struggles with stairs and playground equipment.',
  'School has tried pencil grips, a writing slope and extra time, with little change.',
  'Family would like help with independence in self-care at home.',
];

/** The answers a referral form stores, as the form names them: about the size of a real one. */
export function answersFor(random: Random, child: SyntheticChild, r: SyntheticReferral, referrerType: string) {
  const text = () => random.sample(PHRASES, random.int(1, 3)).join(' ');
  return {
    referrerType,
    referrerName: 'Synthetic Referrer',
    childGivenName: child.givenName,
    childFamilyName: child.familyName,
    childDateOfBirth: child.dateOfBirth,
    childNhsNumber: child.nhsNumber,
    childSex: child.sex,
    childAddressLine1: `${String(random.int(1, 250))} Synthetic Road`,
    childTown: 'Leicester',
    childPostcode: child.postcode,
    childGp: r.facts.child.gpPracticeCode ?? 'not-known',
    childSchool: r.facts.child.schoolUrn ?? 'none',
    difficulties: r.facts.difficulties ?? [],
    conditions: r.facts.conditions ?? [],
    impact: ['handwriting', 'dressing'],
    impactDetails: text(),
    duration: 'over-12-months',
    tried: text(),
    hopes: text(),
    safeguarding: 'no',
  };
}
