/**
 * The two tables of telling families about appointments (migration 2026-12-04T10-30-00-appointment-notices,
 * docs/adr/0040), typed here with kysely's `withTables` rather than in the shared Database interface.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import type { Executor } from '../executor.js';

export type AppointmentLettersTable = {
  id: string;
  service_id: string;
  appointment_id: string;
  episode_id: string;
  /** booked | cancelled */
  kind: string;
  channel: string;
  subject: string;
  content: string;
  html: string;
  outbox_message_id: string | null;
  created_at: string;
  printed_at: string | null;
  printed_by: string | null;
};

export type AppointmentRemindersTable = {
  appointment_id: string;
  episode_id: string;
  /** email | sms */
  kind: string;
  service_id: string;
  /** sent | no-recipient */
  result: string;
  outbox_message_id: string | null;
  created_at: string;
};

export type NoticeTables = {
  appointment_letters: AppointmentLettersTable;
  appointment_reminders: AppointmentRemindersTable;
};

export const noticeTables = (db: Executor) => (db as Kysely<Database>).withTables<NoticeTables>();
