/**
 * Referral drafts, children and referrals: the rows and the queries the referral use cases need. Every query names
 * its service.
 */
import type { Insertable } from 'kysely';
import type { KnownChild } from '../../domain/referrals/child-match.js';
import type { Draft } from '../../domain/referrals/draft.js';
import type { Answers } from '../../domain/forms/fields.js';
import type { ReferralConsentsTable, ReferralDraftRow, ReferralsTable } from '../database.js';
import type { Executor } from '../executor.js';

export type { Draft } from '../../domain/referrals/draft.js';

export type NewReferral = Insertable<ReferralsTable>;
export type NewConsent = Insertable<ReferralConsentsTable>;

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function toDraft(row: ReferralDraftRow): Draft {
  return {
    id: row.id,
    serviceId: row.service_id,
    source: row.source === 'staff' ? 'staff' : 'online',
    createdBy: row.created_by,
    answers: parseJson<Answers>(row.answers, {}),
    visited: parseJson<string[]>(row.visited, []),
    idempotencyKey: row.idempotency_key,
    submittedReferralId: row.submitted_referral_id,
    expiresAt: row.expires_at,
    version: row.version,
  };
}

export async function insertDraft(
  db: Executor,
  draft: {
    id: string;
    serviceId: string;
    tokenHash: string;
    source: 'online' | 'staff';
    createdBy: string | null;
    idempotencyKey: string;
  },
  now: string,
  expiresAt: string,
): Promise<void> {
  await db
    .insertInto('referral_drafts')
    .values({
      id: draft.id,
      service_id: draft.serviceId,
      token_hash: draft.tokenHash,
      resume_token_hash: null,
      resume_expires_at: null,
      source: draft.source,
      created_by: draft.createdBy,
      answers: '{}',
      visited: '[]',
      idempotency_key: draft.idempotencyKey,
      submitted_referral_id: null,
      created_at: now,
      updated_at: now,
      expires_at: expiresAt,
      version: 1,
    })
    .execute();
}

export async function findDraftByToken(
  db: Executor,
  serviceId: string,
  tokenHash: string,
  now: string,
): Promise<Draft | undefined> {
  const row = await db
    .selectFrom('referral_drafts')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('service_id', '=', serviceId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row && toDraft(row);
}

/** The draft a one-time link opens, if the link is still good. */
export async function findDraftByResumeToken(
  db: Executor,
  serviceId: string,
  resumeHash: string,
  now: string,
): Promise<Draft | undefined> {
  const row = await db
    .selectFrom('referral_drafts')
    .selectAll()
    .where('resume_token_hash', '=', resumeHash)
    .where('service_id', '=', serviceId)
    .where('resume_expires_at', '>', now)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row && toDraft(row);
}

/** Saves the answers if nobody else saved since `version` was read; false when they did. */
export async function saveDraftAnswers(
  db: Executor,
  draft: Pick<Draft, 'id' | 'version'>,
  answers: Answers,
  visited: readonly string[],
  now: string,
  expiresAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable('referral_drafts')
    .set({
      answers: JSON.stringify(answers),
      visited: JSON.stringify(visited),
      updated_at: now,
      expires_at: expiresAt,
      version: draft.version + 1,
    })
    .where('id', '=', draft.id)
    .where('version', '=', draft.version)
    .where('submitted_referral_id', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function setDraftTokens(
  db: Executor,
  draftId: string,
  tokens: { tokenHash?: string; resumeTokenHash: string | null; resumeExpiresAt: string | null },
): Promise<void> {
  await db
    .updateTable('referral_drafts')
    .set({
      ...(tokens.tokenHash !== undefined && { token_hash: tokens.tokenHash }),
      resume_token_hash: tokens.resumeTokenHash,
      resume_expires_at: tokens.resumeExpiresAt,
    })
    .where('id', '=', draftId)
    .execute();
}

/**
 * Puts a freshly minted resume link's hash on a draft that is still waiting for one: not expired, not submitted, and
 * asked for (its resume link's expiry set). The hash replaces any earlier one. False when the draft is gone.
 */
export async function setResumeTokenHashIfOpen(
  db: Executor,
  serviceId: string,
  draftId: string,
  resumeHash: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('referral_drafts')
    .set({ resume_token_hash: resumeHash })
    .where('id', '=', draftId)
    .where('service_id', '=', serviceId)
    .where('submitted_referral_id', 'is', null)
    .where('resume_expires_at', '>', now)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markDraftSubmitted(
  db: Executor,
  draftId: string,
  referralId: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('referral_drafts')
    .set({ submitted_referral_id: referralId, resume_token_hash: null, resume_expires_at: null, updated_at: now })
    .where('id', '=', draftId)
    .execute();
}

export async function deleteExpiredDrafts(db: Executor, now: string): Promise<number> {
  const result = await db.deleteFrom('referral_drafts').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Children who might be this one: the same NHS number, or the same date of birth. */
export async function childCandidates(
  db: Executor,
  serviceId: string,
  nhsNumber: string | null,
  dateOfBirth: string,
): Promise<KnownChild[]> {
  // Two index searches, one for each way a child can match: as one OR, SQLite searched the date-of-birth index by
  // the service alone, reading every child of the service (W2 at scale).
  const candidates = () =>
    db
      .selectFrom('children')
      .select(['id', 'nhs_number', 'given_name', 'family_name', 'date_of_birth', 'postcode'])
      .where('service_id', '=', serviceId)
      // A record merged into another is history: the child is the record it was merged into.
      .where('merged_into', 'is', null);
  const byBirth = candidates().where('date_of_birth', '=', dateOfBirth);
  const rows = await (
    nhsNumber === null ? byBirth.limit(200) : candidates().where('nhs_number', '=', nhsNumber).union(byBirth).limit(200)
  ).execute();
  return rows.map((r) => ({
    id: r.id,
    nhsNumber: r.nhs_number,
    givenName: r.given_name,
    familyName: r.family_name,
    dateOfBirth: r.date_of_birth,
    postcode: r.postcode,
  }));
}

export async function referralByIdempotencyKey(
  db: Executor,
  serviceId: string,
  key: string,
): Promise<{ id: string; reference: string } | undefined> {
  return db
    .selectFrom('referrals')
    .select(['id', 'reference'])
    .where('service_id', '=', serviceId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

export async function referralById(db: Executor, serviceId: string, id: string) {
  return db
    .selectFrom('referrals')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The id of the service's referral with this reference (already normalised), if there is one. */
export async function referralIdByReference(
  db: Executor,
  serviceId: string,
  reference: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('referrals')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('reference', '=', reference)
    .executeTakeFirst();
  return row?.id;
}

/** True when any service's referral already has this reference (references are unique across the instance). */
export async function referenceTaken(db: Executor, reference: string): Promise<boolean> {
  const row = await db.selectFrom('referrals').select('id').where('reference', '=', reference).executeTakeFirst();
  return row !== undefined;
}

export async function insertReferral(db: Executor, referral: NewReferral): Promise<void> {
  await db.insertInto('referrals').values(referral).execute();
}

export async function insertConsent(db: Executor, consent: NewConsent): Promise<void> {
  await db.insertInto('referral_consents').values(consent).execute();
}
