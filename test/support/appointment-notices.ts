/**
 * The world of the family-notice tests (docs/adr/0040): an application on a movable clock, a clinician and a clinic,
 * and helpers to book a child and tell the family, read the messages queued, and read a family link out of the
 * message as it went through the local provider.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Database } from '../../src/data/database.js';
import { aStaffMember, type CreatedStaff } from './builders.js';
import { aChildWaiting, aClinic, bookAndTell } from './care-appointments.js';
import { movableClock, type MovableClock } from './clock.js';
import type { Dialect } from '../../src/data/create-db.js';
import { createTestApp, type TestApp } from './test-app.js';

export const FAMILY_EMAIL = 'grace.ndiaye@family.test';
export const MOBILE = '07700900982';
/** What must never be in an e-mail or a text message: the surname, the date of birth, the NHS number, the address. */
export const NEVER_SENT = ['Ndiaye', '2016', '943 476 5919', '9434765919', 'Granby', 'LE1 6FB', 'May 2016'];
export const fieldsOf = (m: { personalisation: string }) =>
  JSON.parse(m.personalisation) as Record<string, string | undefined>;
export const LINK = /http:\/\/localhost:3000\/your-child\/appointment\/([A-Za-z0-9_%-]{20,})/u;

/** Monday 10:00 in London, in GMT (January): the day the tests book on. */
export const BOOKED_ON = new Date('2027-01-11T10:00:00.000Z');

/** Every value in every table, as text, with the table and column it is in. */
export async function everyValue(db: Kysely<Database>, dialect: string): Promise<{ where: string; value: string }[]> {
  const tables =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db);
  const values: { where: string; value: string }[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    for (const row of rows.rows) {
      for (const [column, value] of Object.entries(row)) {
        if (value === null || value === undefined) continue;
        values.push({ where: `${name}.${column}`, value: typeof value === 'string' ? value : JSON.stringify(value) });
      }
    }
  }
  return values;
}

export interface NoticeWorld {
  readonly t: TestApp;
  readonly time: MovableClock;
  readonly clinician: CreatedStaff;
  db(): Kysely<Database>;
  messagesOf(
    template: string,
    recipient?: string,
  ): Promise<
    {
      id: string;
      recipient: string;
      channel: string;
      personalisation: string;
      subject_type: string | null;
      subject_id: string | null;
      status: string;
    }[]
  >;
  bookedChild(
    startsAt: string,
    c?: { familyEmail?: string },
  ): Promise<{ episodeId: string; referralId: string; reference: string; appointmentId: string }>;
  sentLink(messageId: string): Promise<string>;
}

/** Registers the suite's set-up and tear-down; the world's parts are there once beforeAll has run. */
export function noticeWorld(dialect: Dialect): NoticeWorld {
  let t: TestApp | undefined;
  let clinician: CreatedStaff | undefined;
  let clinicId = '';
  const time = movableClock(BOOKED_ON);
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock });
    clinician = await aStaffMember().called('Jo Therapist').withRoles('clinician').create(t.deps);
    clinicId = await aClinic(t.deps);
  });
  afterAll(async () => {
    await t?.close();
  });
  const app = () => {
    if (t === undefined) throw new Error('The test application is not built yet');
    return t;
  };
  const staff = () => {
    if (clinician === undefined) throw new Error('The clinician is not made yet');
    return clinician;
  };
  return {
    get t() {
      return app();
    },
    time,
    get clinician() {
      return staff();
    },
    db: () => app().deps.database.db,
    messagesOf: (template, recipient) => {
      let q = app()
        .deps.database.db.selectFrom('outbox_messages')
        .select(['id', 'recipient', 'channel', 'personalisation', 'subject_type', 'subject_id', 'status'])
        .where('template', '=', template);
      if (recipient !== undefined) q = q.where('recipient', '=', recipient);
      return q.orderBy('created_at').orderBy('id').execute();
    },
    /** A child on the list (with the family's e-mail address unless told otherwise), booked at a clinic. */
    async bookedChild(startsAt, c = { familyEmail: FAMILY_EMAIL }) {
      time.set(BOOKED_ON);
      const child = await aChildWaiting(app().deps, c);
      const [appointmentId = ''] = await bookAndTell(app().deps, [
        { episodeId: child.episodeId, clinicianId: staff().id, startsAt, locationId: clinicId },
      ]);
      return { ...child, appointmentId };
    },
    /** Sends what is queued through the local provider, and reads the family link out of the message as it went. */
    async sentLink(messageId) {
      await app().deps.outboxDispatcher.runOnce();
      const mail = await app().deps.localMailbox.read(messageId);
      const token = LINK.exec(mail)?.[1];
      expect(token, mail).toBeDefined();
      return decodeURIComponent(token ?? '');
    },
  };
}
