/**
 * Letters about triage decisions (`referral_letters`), and the addresses of the practices and schools they go to.
 * Every query names the service: a letter of another service is simply not there.
 */
import type { Letter, LetterPlace } from '../../domain/letters/compose.js';
import type { LetterChannel } from '../../domain/letters/delivery.js';
import type { LetterRecipient } from '../../domain/letters/placeholders.js';
import { normalisePracticeCode } from '../../domain/reference/types.js';
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../database.js';
import type { Executor } from '../executor.js';

export interface NewLetterRow {
  id: string;
  serviceId: string;
  referralId: string;
  eventId: string;
  channel: LetterChannel;
  letter: Letter;
  html: string;
  storedAs: string;
  outboxMessageId: string | null;
  createdAt: string;
}

export interface LetterSummary {
  id: string;
  referralId: string;
  reference: string;
  recipient: LetterRecipient;
  recipientName: string;
  channel: LetterChannel;
  subject: string;
  createdAt: string;
  printedAt: string | null;
  /** For an e-mailed letter: where its message is in the outbox (pending, sending, sent or dead). */
  outboxStatus: string | null;
}

export interface StoredLetter extends LetterSummary {
  letter: Letter;
  html: string;
  storedAs: string;
}

export async function insertLetter(db: Executor, row: NewLetterRow): Promise<void> {
  await db
    .insertInto('referral_letters')
    .values({
      id: row.id,
      service_id: row.serviceId,
      referral_id: row.referralId,
      event_id: row.eventId,
      recipient_role: row.letter.recipient,
      recipient_name: row.letter.recipientName,
      channel: row.channel,
      subject: row.letter.subject,
      content: JSON.stringify(row.letter),
      html: row.html,
      stored_as: row.storedAs,
      outbox_message_id: row.outboxMessageId,
      created_at: row.createdAt,
      printed_at: null,
      printed_by: null,
    })
    .execute();
}

function lettersOf(db: Executor, serviceId: string) {
  return db
    .selectFrom('referral_letters')
    .innerJoin('referrals', 'referrals.id', 'referral_letters.referral_id')
    .leftJoin('outbox_messages', 'outbox_messages.id', 'referral_letters.outbox_message_id')
    .select([
      'referral_letters.id',
      'referral_letters.referral_id',
      'referrals.reference',
      'referral_letters.recipient_role',
      'referral_letters.recipient_name',
      'referral_letters.channel',
      'referral_letters.subject',
      'referral_letters.created_at',
      'referral_letters.printed_at',
      'outbox_messages.status as outbox_status',
    ])
    .where('referral_letters.service_id', '=', serviceId)
    .where('referrals.service_id', '=', serviceId);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof lettersOf>['execute']>>[number];

function toSummary(row: SummaryRow): LetterSummary {
  return {
    id: row.id,
    referralId: row.referral_id,
    reference: row.reference,
    recipient: row.recipient_role as LetterRecipient,
    recipientName: row.recipient_name,
    channel: row.channel as LetterChannel,
    subject: row.subject,
    createdAt: row.created_at,
    printedAt: row.printed_at,
    outboxStatus: row.outbox_status,
  };
}

/** One decision's letters share their instant: they are listed referrer, family, GP, as they are written. */
const byRecipient = (eb: ExpressionBuilder<Database, 'referral_letters'>) =>
  eb
    .case()
    .when('referral_letters.recipient_role', '=', 'referrer')
    .then(0)
    .when('referral_letters.recipient_role', '=', 'family')
    .then(1)
    .else(2)
    .end();

/** A referral's letters, oldest first. */
export async function listLettersForReferral(
  db: Executor,
  serviceId: string,
  referralId: string,
): Promise<LetterSummary[]> {
  const rows = await lettersOf(db, serviceId)
    .where('referral_letters.referral_id', '=', referralId)
    .orderBy('referral_letters.created_at')
    .orderBy(byRecipient)
    .orderBy('referral_letters.id')
    .execute();
  return rows.map(toSummary);
}

/** Letters waiting to be printed, oldest first, and how many there are in all. */
export async function listPrintQueue(
  db: Executor,
  serviceId: string,
  limit: number,
): Promise<{ letters: StoredLetter[]; total: number }> {
  const waiting = (q: ReturnType<typeof lettersOf>) =>
    q.where('referral_letters.channel', '=', 'print').where('referral_letters.printed_at', 'is', null);
  const rows = await waiting(lettersOf(db, serviceId))
    .select(['referral_letters.content', 'referral_letters.html', 'referral_letters.stored_as'])
    .orderBy('referral_letters.created_at')
    .orderBy(byRecipient)
    .orderBy('referral_letters.id')
    .limit(limit)
    .execute();
  const count = await db
    .selectFrom('referral_letters')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('service_id', '=', serviceId)
    .where('channel', '=', 'print')
    .where('printed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    letters: rows.map((r) => ({
      ...toSummary(r),
      letter: JSON.parse(r.content) as Letter,
      html: r.html,
      storedAs: r.stored_as,
    })),
    total: Number(count.n),
  };
}

/**
 * Those of `ids` that are still waiting to be printed in this service, in the print queue's order (oldest first).
 * A letter of another service, an e-mailed one, or one marked printed since is simply not among them.
 */
export async function listWaitingLetters(
  db: Executor,
  serviceId: string,
  ids: readonly string[],
): Promise<StoredLetter[]> {
  if (ids.length === 0) return [];
  const rows = await lettersOf(db, serviceId)
    .select(['referral_letters.content', 'referral_letters.html', 'referral_letters.stored_as'])
    .where('referral_letters.id', 'in', [...ids])
    .where('referral_letters.channel', '=', 'print')
    .where('referral_letters.printed_at', 'is', null)
    .orderBy('referral_letters.created_at')
    .orderBy(byRecipient)
    .orderBy('referral_letters.id')
    .execute();
  return rows.map((r) => ({
    ...toSummary(r),
    letter: JSON.parse(r.content) as Letter,
    html: r.html,
    storedAs: r.stored_as,
  }));
}

/** One letter of the service, with what it says. */
export async function findLetter(db: Executor, serviceId: string, letterId: string): Promise<StoredLetter | undefined> {
  const row = await lettersOf(db, serviceId)
    .select(['referral_letters.content', 'referral_letters.html', 'referral_letters.stored_as'])
    .where('referral_letters.id', '=', letterId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return { ...toSummary(row), letter: JSON.parse(row.content) as Letter, html: row.html, storedAs: row.stored_as };
}

/** Marks a printed letter printed; false when it is not waiting to be printed (already marked, or e-mailed). */
export async function markLetterPrinted(
  db: Executor,
  serviceId: string,
  letterId: string,
  userId: string | null,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('referral_letters')
    .set({ printed_at: now, printed_by: userId })
    .where('service_id', '=', serviceId)
    .where('id', '=', letterId)
    .where('channel', '=', 'print')
    .where('printed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

const lines = (...values: (string | null)[]) => values.filter((v): v is string => v !== null && v.trim() !== '');

/** An open GP practice's name and postal address, from the reference data; undefined when unknown or not open. */
export async function openPracticeAddress(
  db: Executor,
  code: string,
): Promise<(LetterPlace & { code: string }) | undefined> {
  const row = await db
    .selectFrom('gp_practices')
    .select(['code', 'name', 'address_1', 'address_2', 'address_3', 'address_4', 'address_5', 'postcode'])
    .where('code', '=', normalisePracticeCode(code))
    .where('status', '=', 'A')
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    code: row.code,
    name: row.name,
    // The town is one of the address lines already (ODS fills them unevenly), so it is not added again.
    addressLines: lines(row.address_1, row.address_2, row.address_3, row.address_4, row.address_5, row.postcode),
  };
}

/** A school's name and postal address, from the reference data. */
export async function schoolAddress(db: Executor, urn: string): Promise<LetterPlace | undefined> {
  const row = await db
    .selectFrom('schools')
    .select(['name', 'street', 'town', 'postcode'])
    .where('urn', '=', urn.trim())
    .executeTakeFirst();
  return row && { name: row.name, addressLines: lines(row.street, row.town, row.postcode) };
}
