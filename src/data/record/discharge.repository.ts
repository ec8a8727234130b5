/**
 * Discharges (`discharges`, issue 14 item 8) and their summary letters (`discharge_letters`): the child as a discharge
 * needs them (the open episode, the GP and school, the family's contact from the referral), a discharge with the dates
 * it set, each letter with what it said and how it travels. Never deleted. Every query names the service.
 */
import type { Executor } from '../executor.js';

export interface DischargeChild {
  childId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nhsNumber: string | null;
  gpPracticeCode: string | null;
  gpPracticeTyped: string | null;
  schoolUrn: string | null;
  schoolTyped: string | null;
  /** The child's open episode of care, if any. */
  episode: { id: string; version: number; acceptedAt: string; referralId: string; answers: string } | null;
}

/** The child of the service with their open episode (the latest, should there be more than one). */
export async function findDischargeChild(
  db: Executor,
  serviceId: string,
  childId: string,
): Promise<DischargeChild | undefined> {
  const child = await db
    .selectFrom('children')
    .select([
      'id',
      'given_name',
      'family_name',
      'date_of_birth',
      'nhs_number',
      'gp_practice_code',
      'gp_practice_typed',
      'school_urn',
      'school_typed',
    ])
    .where('service_id', '=', serviceId)
    .where('id', '=', childId)
    .executeTakeFirst();
  if (child === undefined) return undefined;
  const episode = await db
    .selectFrom('episodes')
    .innerJoin('referrals', 'referrals.id', 'episodes.referral_id')
    .select(['episodes.id', 'episodes.version', 'episodes.accepted_at', 'episodes.referral_id', 'referrals.answers'])
    .where('episodes.service_id', '=', serviceId)
    .where('referrals.service_id', '=', serviceId)
    .where('episodes.child_id', '=', childId)
    .where('episodes.status', '=', 'open')
    .orderBy('episodes.accepted_at', 'desc')
    .executeTakeFirst();
  return {
    childId: child.id,
    givenName: child.given_name,
    familyName: child.family_name,
    dateOfBirth: child.date_of_birth,
    nhsNumber: child.nhs_number,
    gpPracticeCode: child.gp_practice_code,
    gpPracticeTyped: child.gp_practice_typed,
    schoolUrn: child.school_urn,
    schoolTyped: child.school_typed,
    episode:
      episode === undefined
        ? null
        : {
            id: episode.id,
            version: episode.version,
            acceptedAt: episode.accepted_at,
            referralId: episode.referral_id,
            answers: episode.answers,
          },
  };
}

export interface DischargeRow {
  id: string;
  childId: string;
  episodeId: string;
  reasonCode: string;
  summary: string;
  dischargedOn: string;
  reReferralUntil: string;
  retentionReviewOn: string;
  retentionBirthday: number;
  recordedBy: string;
  recordedByName: string;
  recordedAt: string;
}

export async function insertDischarge(
  db: Executor,
  serviceId: string,
  row: Omit<DischargeRow, 'recordedByName'>,
): Promise<void> {
  await db
    .insertInto('discharges')
    .values({
      id: row.id,
      service_id: serviceId,
      child_id: row.childId,
      episode_id: row.episodeId,
      reason_code: row.reasonCode,
      summary: row.summary,
      discharged_on: row.dischargedOn,
      re_referral_until: row.reReferralUntil,
      retention_review_on: row.retentionReviewOn,
      retention_birthday: row.retentionBirthday,
      recorded_by: row.recordedBy,
      recorded_at: row.recordedAt,
    })
    .execute();
}

function dischargeQuery(db: Executor, serviceId: string) {
  return db
    .selectFrom('discharges')
    .innerJoin('users', 'users.id', 'discharges.recorded_by')
    .selectAll('discharges')
    .select('users.display_name as recorded_by_name')
    .where('discharges.service_id', '=', serviceId);
}

type Row = Awaited<ReturnType<ReturnType<typeof dischargeQuery>['execute']>>[number];

const toDischarge = (r: Row): DischargeRow => ({
  id: r.id,
  childId: r.child_id,
  episodeId: r.episode_id,
  reasonCode: r.reason_code,
  summary: r.summary,
  dischargedOn: r.discharged_on,
  reReferralUntil: r.re_referral_until,
  retentionReviewOn: r.retention_review_on,
  retentionBirthday: r.retention_birthday,
  recordedBy: r.recorded_by,
  recordedByName: r.recorded_by_name,
  recordedAt: r.recorded_at,
});

/** A child's discharges, the latest first. */
export async function dischargesOfChild(db: Executor, serviceId: string, childId: string): Promise<DischargeRow[]> {
  const rows = await dischargeQuery(db, serviceId)
    .where('discharges.child_id', '=', childId)
    .orderBy('discharges.discharged_on', 'desc')
    .orderBy('discharges.recorded_at', 'desc')
    .execute();
  return rows.map(toDischarge);
}

export async function findDischarge(db: Executor, serviceId: string, id: string): Promise<DischargeRow | undefined> {
  const row = await dischargeQuery(db, serviceId).where('discharges.id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toDischarge(row);
}

export interface DischargeLetterRow {
  id: string;
  dischargeId: string;
  childId: string;
  recipient: string;
  recipientName: string;
  channel: string;
  subject: string;
  content: string;
  storedAs: string;
  outboxStatus: string | null;
  createdAt: string;
  printedAt: string | null;
}

export async function insertDischargeLetter(
  db: Executor,
  row: {
    id: string;
    serviceId: string;
    dischargeId: string;
    childId: string;
    recipient: string;
    recipientName: string;
    channel: string;
    subject: string;
    content: string;
    html: string;
    storedAs: string;
    outboxMessageId: string | null;
    createdAt: string;
  },
): Promise<void> {
  await db
    .insertInto('discharge_letters')
    .values({
      id: row.id,
      service_id: row.serviceId,
      discharge_id: row.dischargeId,
      child_id: row.childId,
      recipient: row.recipient,
      recipient_name: row.recipientName,
      channel: row.channel,
      subject: row.subject,
      content: row.content,
      html: row.html,
      stored_as: row.storedAs,
      outbox_message_id: row.outboxMessageId,
      created_at: row.createdAt,
      printed_at: null,
      printed_by: null,
    })
    .execute();
}

function letterQuery(db: Executor, serviceId: string) {
  return db
    .selectFrom('discharge_letters')
    .leftJoin('outbox_messages', 'outbox_messages.id', 'discharge_letters.outbox_message_id')
    .select([
      'discharge_letters.id',
      'discharge_letters.discharge_id',
      'discharge_letters.child_id',
      'discharge_letters.recipient',
      'discharge_letters.recipient_name',
      'discharge_letters.channel',
      'discharge_letters.subject',
      'discharge_letters.content',
      'discharge_letters.stored_as',
      'discharge_letters.created_at',
      'discharge_letters.printed_at',
      'outbox_messages.status as outbox_status',
    ])
    .where('discharge_letters.service_id', '=', serviceId);
}

type LetterQueryRow = Awaited<ReturnType<ReturnType<typeof letterQuery>['execute']>>[number];

const toLetter = (r: LetterQueryRow): DischargeLetterRow => ({
  id: r.id,
  dischargeId: r.discharge_id,
  childId: r.child_id,
  recipient: r.recipient,
  recipientName: r.recipient_name,
  channel: r.channel,
  subject: r.subject,
  content: r.content,
  storedAs: r.stored_as,
  outboxStatus: r.outbox_status,
  createdAt: r.created_at,
  printedAt: r.printed_at,
});

const PARTY_ORDER: Record<string, number> = { family: 0, gp: 1, school: 2 };

/** A discharge's letters: family, GP, school. */
export async function lettersOfDischarge(
  db: Executor,
  serviceId: string,
  dischargeId: string,
): Promise<DischargeLetterRow[]> {
  const rows = await letterQuery(db, serviceId).where('discharge_letters.discharge_id', '=', dischargeId).execute();
  return rows.map(toLetter).sort((a, b) => (PARTY_ORDER[a.recipient] ?? 9) - (PARTY_ORDER[b.recipient] ?? 9));
}

export async function findDischargeLetter(
  db: Executor,
  serviceId: string,
  id: string,
): Promise<DischargeLetterRow | undefined> {
  const row = await letterQuery(db, serviceId).where('discharge_letters.id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toLetter(row);
}

/** Discharge letters waiting to be printed, oldest first, at most `limit`. */
export async function dischargeLettersToPrint(
  db: Executor,
  serviceId: string,
  limit: number,
): Promise<DischargeLetterRow[]> {
  const rows = await letterQuery(db, serviceId)
    .where('discharge_letters.channel', '=', 'print')
    .where('discharge_letters.printed_at', 'is', null)
    .orderBy('discharge_letters.created_at')
    .orderBy('discharge_letters.id')
    .limit(limit)
    .execute();
  return rows.map(toLetter);
}

/** Marks a discharge letter printed; false when it was not waiting to be printed. */
export async function markDischargeLetterPrinted(
  db: Executor,
  serviceId: string,
  id: string,
  userId: string | null,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('discharge_letters')
    .set({ printed_at: now, printed_by: userId })
    .where('service_id', '=', serviceId)
    .where('id', '=', id)
    .where('channel', '=', 'print')
    .where('printed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** The child's open episode, the latest should there be more than one. */
export async function findEpisodeOfChild(
  db: Executor,
  serviceId: string,
  childId: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('episodes')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('child_id', '=', childId)
    .where('status', '=', 'open')
    .orderBy('accepted_at', 'desc')
    .executeTakeFirst();
}

/**
 * The latest discharge date on or before `onOrBefore` of any of these children of the service, or null: the record a
 * parent's re-referral window is read from.
 */
export async function latestDischargeOf(
  db: Executor,
  serviceId: string,
  childIds: readonly string[],
  onOrBefore: string,
): Promise<string | null> {
  if (childIds.length === 0) return null;
  const row = await db
    .selectFrom('discharges')
    .select('discharged_on')
    .where('service_id', '=', serviceId)
    .where('child_id', 'in', [...childIds])
    .where('discharged_on', '<=', onOrBefore)
    .orderBy('discharged_on', 'desc')
    .executeTakeFirst();
  return row?.discharged_on ?? null;
}
