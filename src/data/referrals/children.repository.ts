/**
 * Children's records: written when a referral names a child the service does not know, changed when a clinician
 * answers "is this the same child?". Every query names its service. (Finding the records that may be a child is
 * `childCandidates` in referrals.repository.ts.)
 */
import type { Insertable } from 'kysely';
import type { ChildrenTable } from '../database.js';
import type { Executor } from '../executor.js';

export type NewChild = Insertable<ChildrenTable>;

/** What a clinician's answer may change on a record: its NHS number, its name, and whether it was merged. */
export interface ChildChanges {
  nhsNumber?: string | null;
  givenName?: string;
  familyName?: string;
  /** The record this one turned out to be: this one is kept, as history. */
  mergedInto?: string;
}

export async function insertChild(db: Executor, child: NewChild): Promise<void> {
  await db.insertInto('children').values(child).execute();
}

export async function updateChild(
  db: Executor,
  serviceId: string,
  childId: string,
  changes: ChildChanges,
  now: string,
): Promise<void> {
  await db
    .updateTable('children')
    .set({
      ...(changes.nhsNumber !== undefined && { nhs_number: changes.nhsNumber }),
      ...(changes.givenName !== undefined && { given_name: changes.givenName }),
      ...(changes.familyName !== undefined && { family_name: changes.familyName }),
      ...(changes.mergedInto !== undefined && { merged_into: changes.mergedInto }),
      updated_at: now,
    })
    .where('service_id', '=', serviceId)
    .where('id', '=', childId)
    .execute();
}

/** Every referral of one record now names the other: the first step of merging two records of the same child. */
export async function moveReferralsToChild(
  db: Executor,
  serviceId: string,
  fromChildId: string,
  toChildId: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('referrals')
    .set({ child_id: toChildId, updated_at: now })
    .where('service_id', '=', serviceId)
    .where('child_id', '=', fromChildId)
    .execute();
}
