/**
 * Finding a referral someone telephones about, and the summary an admin officer reads of it. Every query names the
 * service twice (the referral's and its child's), so a referral of another service is simply not there. Each value
 * is a bound parameter; names are compared by the service (as people mean them), not here.
 */
import type { Executor } from '../executor.js';

export interface FoundReferral {
  id: string;
  reference: string;
  status: string;
  receivedOn: string;
  child: { givenName: string; familyName: string; knownAs: string | null; dateOfBirth: string };
}

function found(db: Executor, serviceId: string) {
  return db
    .selectFrom('referrals as r')
    .innerJoin('children as c', 'c.id', 'r.child_id')
    .select([
      'r.id',
      'r.reference',
      'r.status',
      'r.received_on',
      'r.received_at',
      'c.given_name',
      'c.family_name',
      'c.known_as',
      'c.date_of_birth',
    ])
    .where('r.service_id', '=', serviceId)
    .where('c.service_id', '=', serviceId);
}

type FoundRow = Awaited<ReturnType<ReturnType<typeof found>['execute']>>[number];

const toFound = (row: FoundRow): FoundReferral => ({
  id: row.id,
  reference: row.reference,
  status: row.status,
  receivedOn: row.received_on,
  child: {
    givenName: row.given_name,
    familyName: row.family_name,
    knownAs: row.known_as,
    dateOfBirth: row.date_of_birth,
  },
});

/** The referral with this reference (already tidied), if it is the service's. */
export async function referralsByReference(db: Executor, serviceId: string, reference: string) {
  const rows = await found(db, serviceId).where('r.reference', '=', reference).execute();
  return rows.map(toFound);
}

/** Referrals of children with this NHS number (ten digits), newest first, at most `limit`. */
export async function referralsByNhsNumber(db: Executor, serviceId: string, nhsNumber: string, limit: number) {
  const rows = await found(db, serviceId)
    .where('c.nhs_number', '=', nhsNumber)
    .orderBy('r.received_at', 'desc')
    .orderBy('r.id')
    .limit(limit)
    .execute();
  return rows.map(toFound);
}

/**
 * Referrals of children born on this date, newest first, at most `limit`: the candidates whose names the service
 * then compares. Read through the children's index on service and date of birth.
 */
export async function referralsByDateOfBirth(db: Executor, serviceId: string, dateOfBirth: string, limit: number) {
  const rows = await found(db, serviceId)
    .where('c.date_of_birth', '=', dateOfBirth)
    .orderBy('r.received_at', 'desc')
    .orderBy('r.id')
    .limit(limit)
    .execute();
  return rows.map(toFound);
}

export interface ReferralSummaryRow extends FoundReferral {
  source: string;
  receivedAt: string;
  referrerType: string;
  referrerName: string;
  referrerEmail: string | null;
  answers: string;
  address: { line1: string; line2: string | null; town: string; postcode: string };
}

/** One referral of the service with its child's name, date of birth and address, for the read-only summary. */
export async function referralSummary(
  db: Executor,
  serviceId: string,
  referralId: string,
): Promise<ReferralSummaryRow | undefined> {
  const row = await found(db, serviceId)
    .select([
      'r.source',
      'r.referrer_type',
      'r.referrer_name',
      'r.referrer_email',
      'r.answers',
      'c.address_line_1',
      'c.address_line_2',
      'c.town',
      'c.postcode',
    ])
    .where('r.id', '=', referralId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    ...toFound(row),
    source: row.source,
    receivedAt: row.received_at,
    referrerType: row.referrer_type,
    referrerName: row.referrer_name,
    referrerEmail: row.referrer_email,
    answers: row.answers,
    address: { line1: row.address_line_1, line2: row.address_line_2, town: row.town, postcode: row.postcode },
  };
}
