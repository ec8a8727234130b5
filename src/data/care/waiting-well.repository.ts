/**
 * What waiting well reads (docs/adr/0038): the episodes whose contact is due, and what a contact is written from (the
 * child's first name, the referral's answers and recorded consent). Writes go through the episodes, family links and
 * tasks repositories, in the use case's transaction.
 */
import type { Executor } from '../executor.js';

/** A whole number as the driver gives it (a number, or a string or bigint from some drivers and aggregates). */
const int = (value: unknown): number => Number(value);

export interface DueContact {
  id: string;
  serviceId: string;
  nextContactOn: string;
  version: number;
}

/**
 * Episodes still waiting whose next contact is due on or before `today`, soonest first, at most `limit` (a pass's
 * batch). Served by `episodes_contact_idx` (service_id, status, next_contact_on).
 */
export async function dueWaitingWellContacts(
  db: Executor,
  serviceIds: readonly string[],
  today: string,
  limit: number,
): Promise<DueContact[]> {
  if (serviceIds.length === 0) return [];
  const rows = await db
    .selectFrom('episodes')
    .select(['id', 'service_id', 'next_contact_on', 'version'])
    .where('service_id', 'in', serviceIds)
    .where('status', '=', 'waiting')
    .where('next_contact_on', 'is not', null)
    .where('next_contact_on', '<=', today)
    .orderBy('next_contact_on')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    serviceId: r.service_id,
    nextContactOn: r.next_contact_on ?? today,
    version: int(r.version),
  }));
}

export interface ContactFacts {
  episodeId: string;
  status: string;
  priority: string;
  waitFrom: string;
  unansweredContacts: number;
  version: number;
  reference: string;
  referrerType: string;
  referrerEmail: string | null;
  /** JSON: every answer of the referral as given. */
  answers: string;
  givenName: string;
  knownAs: string | null;
  /** JSON: who the family agreed information may be shared with (referral_consents), or null if none is recorded. */
  sharing: string | null;
}

/** One episode with what a contact (and the family's page) is written from; undefined for another service's. */
export async function contactFacts(
  db: Executor,
  serviceId: string,
  episodeId: string,
): Promise<ContactFacts | undefined> {
  const row = await db
    .selectFrom('episodes as e')
    .innerJoin('referrals as r', (j) =>
      j.onRef('r.id', '=', 'e.referral_id').onRef('r.service_id', '=', 'e.service_id'),
    )
    .innerJoin('children as c', (j) => j.onRef('c.id', '=', 'e.child_id').onRef('c.service_id', '=', 'e.service_id'))
    .leftJoin('referral_consents as rc', (j) =>
      j.onRef('rc.referral_id', '=', 'r.id').onRef('rc.service_id', '=', 'r.service_id'),
    )
    .select([
      'e.id as episodeId',
      'e.status',
      'e.priority',
      'e.wait_from as waitFrom',
      'e.unanswered_contacts as unansweredContacts',
      'e.version',
      'r.reference',
      'r.referrer_type as referrerType',
      'r.referrer_email as referrerEmail',
      'r.answers',
      'c.given_name as givenName',
      'c.known_as as knownAs',
      'rc.sharing',
    ])
    .where('e.service_id', '=', serviceId)
    .where('e.id', '=', episodeId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    ...row,
    unansweredContacts: int(row.unansweredContacts),
    version: int(row.version),
    sharing: row.sharing ?? null,
  };
}

export interface EpisodeChild {
  episodeId: string;
  status: string;
  version: number;
  pathway: string;
  priority: string;
  waitFrom: string;
  reference: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
}

/** An episode with its child's name and date of birth and the referral's reference, for staff who may see them. */
export async function episodeChild(
  db: Executor,
  serviceId: string,
  episodeId: string,
): Promise<EpisodeChild | undefined> {
  const row = await db
    .selectFrom('episodes as e')
    .innerJoin('referrals as r', (j) =>
      j.onRef('r.id', '=', 'e.referral_id').onRef('r.service_id', '=', 'e.service_id'),
    )
    .innerJoin('children as c', (j) => j.onRef('c.id', '=', 'e.child_id').onRef('c.service_id', '=', 'e.service_id'))
    .select([
      'e.id as episodeId',
      'e.status',
      'e.version',
      'e.pathway',
      'e.priority',
      'e.wait_from as waitFrom',
      'r.reference',
      'c.given_name as givenName',
      'c.family_name as familyName',
      'c.date_of_birth as dateOfBirth',
    ])
    .where('e.service_id', '=', serviceId)
    .where('e.id', '=', episodeId)
    .executeTakeFirst();
  return row === undefined ? undefined : { ...row, version: int(row.version) };
}
