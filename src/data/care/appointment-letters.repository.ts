/**
 * Appointment letters (`appointment_letters`, docs/adr/0040): each letter with what it said and how it travelled, an
 * appointment's letters, those waiting to be printed, and marking one printed. Every query names its service.
 */
import type { Letter } from '../../domain/letters/compose.js';
import type { LetterChannel } from '../../domain/letters/delivery.js';
import type { Executor } from '../executor.js';
import { noticeTables as tables } from './appointment-notice-tables.js';

export interface NewAppointmentLetter {
  id: string;
  serviceId: string;
  appointmentId: string;
  episodeId: string;
  kind: 'booked' | 'cancelled';
  channel: LetterChannel;
  letter: Letter;
  html: string;
  outboxMessageId: string | null;
  createdAt: string;
}

export async function insertAppointmentLetter(db: Executor, row: NewAppointmentLetter): Promise<void> {
  await tables(db)
    .insertInto('appointment_letters')
    .values({
      id: row.id,
      service_id: row.serviceId,
      appointment_id: row.appointmentId,
      episode_id: row.episodeId,
      kind: row.kind,
      channel: row.channel,
      subject: row.letter.subject,
      content: JSON.stringify(row.letter),
      html: row.html,
      outbox_message_id: row.outboxMessageId,
      created_at: row.createdAt,
      printed_at: null,
      printed_by: null,
    })
    .execute();
}

export interface AppointmentLetterRecord {
  id: string;
  appointmentId: string;
  episodeId: string;
  referralId: string;
  reference: string;
  kind: string;
  channel: LetterChannel;
  subject: string;
  letter: Letter;
  html: string;
  createdAt: string;
  printedAt: string | null;
  outboxStatus: string | null;
}

function lettersOf(db: Executor, serviceId: string) {
  return tables(db)
    .selectFrom('appointment_letters')
    .innerJoin('episodes', 'episodes.id', 'appointment_letters.episode_id')
    .innerJoin('referrals', 'referrals.id', 'episodes.referral_id')
    .leftJoin('outbox_messages', 'outbox_messages.id', 'appointment_letters.outbox_message_id')
    .select([
      'appointment_letters.id',
      'appointment_letters.appointment_id',
      'appointment_letters.episode_id',
      'episodes.referral_id',
      'referrals.reference',
      'appointment_letters.kind',
      'appointment_letters.channel',
      'appointment_letters.subject',
      'appointment_letters.content',
      'appointment_letters.html',
      'appointment_letters.created_at',
      'appointment_letters.printed_at',
      'outbox_messages.status as outbox_status',
    ])
    .where('appointment_letters.service_id', '=', serviceId)
    .where('episodes.service_id', '=', serviceId);
}

type LetterRow = Awaited<ReturnType<ReturnType<typeof lettersOf>['execute']>>[number];

const toLetter = (r: LetterRow): AppointmentLetterRecord => ({
  id: r.id,
  appointmentId: r.appointment_id,
  episodeId: r.episode_id,
  referralId: r.referral_id,
  reference: r.reference,
  kind: r.kind,
  channel: r.channel as LetterChannel,
  subject: r.subject,
  letter: JSON.parse(r.content) as Letter,
  html: r.html,
  createdAt: r.created_at,
  printedAt: r.printed_at,
  outboxStatus: r.outbox_status,
});

/** An appointment's letters, oldest first. */
export async function listAppointmentLetters(
  db: Executor,
  serviceId: string,
  appointmentId: string,
): Promise<AppointmentLetterRecord[]> {
  const rows = await lettersOf(db, serviceId)
    .where('appointment_letters.appointment_id', '=', appointmentId)
    .orderBy('appointment_letters.created_at')
    .orderBy('appointment_letters.id')
    .execute();
  return rows.map(toLetter);
}

export async function findAppointmentLetter(
  db: Executor,
  serviceId: string,
  letterId: string,
): Promise<AppointmentLetterRecord | undefined> {
  const row = await lettersOf(db, serviceId).where('appointment_letters.id', '=', letterId).executeTakeFirst();
  return row === undefined ? undefined : toLetter(row);
}

/** Appointment letters waiting to be printed, oldest first. */
export async function listAppointmentLettersToPrint(
  db: Executor,
  serviceId: string,
  limit: number,
): Promise<AppointmentLetterRecord[]> {
  const rows = await lettersOf(db, serviceId)
    .where('appointment_letters.channel', '=', 'print')
    .where('appointment_letters.printed_at', 'is', null)
    .orderBy('appointment_letters.created_at')
    .orderBy('appointment_letters.id')
    .limit(limit)
    .execute();
  return rows.map(toLetter);
}

/** Marks a posted appointment letter printed; false when it is not waiting to be printed (already, or e-mailed). */
export async function markAppointmentLetterPrinted(
  db: Executor,
  serviceId: string,
  letterId: string,
  userId: string | null,
  now: string,
): Promise<boolean> {
  const result = await tables(db)
    .updateTable('appointment_letters')
    .set({ printed_at: now, printed_by: userId })
    .where('service_id', '=', serviceId)
    .where('id', '=', letterId)
    .where('channel', '=', 'print')
    .where('printed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
