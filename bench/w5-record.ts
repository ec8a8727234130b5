/**
 * W5: a child's record page (issue 14 item 1): the summary (child, parents, GP and school, alerts, episodes, upcoming
 * appointments) and the timeline of what was recorded, 25 entries a page, over data sets S, M and L (as `--sizes`
 * asks), on SQLite and on PostgreSQL. Goal (PERFORMANCE.md): p95 under 50 ms at L; a constant number of queries
 * however long the history (no N+1).
 *
 * Each run builds a fresh database and loads the data set (bench/data/load.ts, which opens the episodes of care), then
 * adds the clinical record in bulk (bench/data's multi-row inserts, indexes dropped and built again, foreign-key
 * triggers skipped on PostgreSQL as the loader does): a short history for every child with an episode (the
 * background the indexes must see past), and a LONG one for the measured child, longer as the data set grows
 * (`HISTORY`: at M hundreds of signed contact notes, assessments, goals with their ratings, TOMs ratings, equipment,
 * consents, a discharge with its letters, appointments past and to come). The measured child is on the caseload of
 * the clinician who views the record.
 *
 * It measures, in order:
 *
 * 1. **Queries.** The use case `childRecord.view(serviceId, viewerId, scope, page)` runs on a kysely instance with a
 *    counting plugin (`QueryRecorder`: every query executed through it), for the measured child on page 1 and on the
 *    timeline's last page, and for a child with a one-screen history; `recordAccess.accessToChild` (what the route's
 *    access hook asks for) is counted too. Then the whole `GET /staff/children/:childId` (session, access check, view,
 *    audit event) is counted statement by statement (`countStatements`, BEGIN and COMMIT included) on the application
 *    built in this process for the purpose. Each count must be one number for all three, and the same as at S.
 * 2. **Plans.** Every query of the access check and the view is explained: a full scan of a table (SQLite's `SCAN t`;
 *    PostgreSQL's `Seq Scan on t` of a table of SMALL_TABLE_ROWS rows or more), or an index searched by the service
 *    alone (which reads all the service's rows), is reported and fails the workload.
 * 3. **The use case in process** (as W1 and W6 measure in process), one call at a time: page 1 mostly, later pages
 *    sometimes.
 * 4. **The page over HTTP**: `GET /staff/children/:childId` (and later timeline pages) for the signed-in clinician,
 *    server in its own process (bench/servers/otway.ts), by one user at a time and by 10 connections; every request
 *    also passes the access hook and writes its audit event, as a real read does.
 *
 * `npx tsx bench/w5-record.ts --check [--plans]` runs steps 1 and 2 only, and fetches the pages over HTTP once, on a
 * tiny data set with S's and then M's history for the measured child, on both databases: it shows that the counts
 * are constant without loading M, and times nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import {
  PostgresDriver,
  sql,
  SqliteDriver,
  type CompiledQuery,
  type DatabaseConnection,
  type Insertable,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { insertUser, replaceRoles } from '../src/data/accounts/users.repository.js';
import type { AppointmentLettersTable } from '../src/data/care/appointment-notice-tables.js';
import type { Dialect } from '../src/data/create-db.js';
import type { Database } from '../src/data/database.js';
import { createIndexes, droppableIndexes, dropIndexes, insertRows, isPostgres } from '../src/data/demo/bulk-insert.js';
import type { DataSetSize } from '../src/data/demo/data-sets.js';
import { hashPassword } from '../src/services/accounts/password-hasher.js';
import { createAuditService } from '../src/services/audit/audit.service.js';
import { createChildRecord, TIMELINE_PAGE_SIZE } from '../src/services/record/child-record.service.js';
import { createRecordAccess } from '../src/services/record/record-access.service.js';
import type { RecordScope } from '../src/services/record/record-scope.js';
import { createServiceRegistry } from '../src/services/service-registry.js';
import { buildApp } from '../src/app.js';
import { buildDependencies } from '../src/composition.js';
import { loadConfig } from '../src/config.js';
import { paths } from '../src/web/paths.js';
import { HttpClient } from '../test/support/http-client.js';
import { createBenchDatabase, loadedBenchDatabase, migratedHandle } from './databases.js';
import { DATA_SETS, REFERENCE_DATE, type DataSetName } from './data/generate.js';
import { loadDataSet, type LoadReport } from './data/load.js';
import { loadBenchReference, loadServiceDefinition } from './data/reference.js';
import { Random } from './data/random.js';
import { loadTest } from './http.js';
import { startServer } from './servers/spawn.js';
import { fmt, summarise, type Summary } from './stats.js';
import type { Workload, WorkloadResult } from './workloads.js';

const CONNECTIONS = 10;
const GOAL_P95_MS = 50;
/** PostgreSQL may rightly read a table of a few pages whole; one of this many rows or more must be read by an index. */
export const SMALL_TABLE_ROWS = 5_000;
const NOW = new Date(`${REFERENCE_DATE}T12:00:00.000Z`);
const EMAIL = 'w5.clinician@nhs.test';
const PASSWORD = 'w5 bench clinician password 0123456789';
/** The pages of the HTTP mix: the record as opened most often, then the timeline's later pages. */
const PAGE_MIX = ['', '', '', '?page=2', '', '?page=4'];

/** The measured child's history: what each kind of record holds for them. */
export interface History {
  /** Signed contact notes (and a tenth as many drafts, half the viewer's own). */
  notes: number;
  assessments: number;
  goals: number;
  /** Ratings of each goal: the set rating and the reviews. */
  ratingsPerGoal: number;
  toms: number;
  equipment: number;
  consents: number;
  /** Letters of the child's discharge (one discharge, its letters sent again over the years). */
  dischargeLetters: number;
  /** Letters about the referral (to the referrer, the family, the GP), each with its referral event. */
  referralLetters: number;
  /**
   * Appointments in the past (their clinician's relationship) and booked ahead (the summary's list), each with the
   * family's appointment letter.
   */
  pastAppointments: number;
  upcomingAppointments: number;
}

/** The measured child's history at each size: at M hundreds of notes and a long record of every kind. */
export const HISTORY: Readonly<Record<DataSetName, History>> = {
  S: {
    notes: 40,
    assessments: 5,
    goals: 5,
    ratingsPerGoal: 3,
    toms: 4,
    equipment: 4,
    consents: 3,
    dischargeLetters: 3,
    referralLetters: 3,
    pastAppointments: 20,
    upcomingAppointments: 3,
  },
  M: {
    notes: 400,
    assessments: 40,
    goals: 40,
    ratingsPerGoal: 4,
    toms: 40,
    equipment: 40,
    consents: 20,
    dischargeLetters: 30,
    referralLetters: 30,
    pastAppointments: 200,
    upcomingAppointments: 6,
  },
  L: {
    notes: 1_000,
    assessments: 100,
    goals: 100,
    ratingsPerGoal: 5,
    toms: 100,
    equipment: 80,
    consents: 40,
    dischargeLetters: 60,
    referralLetters: 60,
    pastAppointments: 500,
    upcomingAppointments: 10,
  },
};

/** Every other child with an episode: a short history, so that each table holds rows of many children. */
const BACKGROUND: History = {
  notes: 4,
  assessments: 1,
  goals: 1,
  ratingsPerGoal: 2,
  toms: 1,
  equipment: 1,
  consents: 1,
  dischargeLetters: 1,
  referralLetters: 2,
  pastAppointments: 4,
  upcomingAppointments: 0,
};

/** The child with a short history, to compare with: the background's, and an appointment to come as the measured child has. */
const SHORT: History = { ...BACKGROUND, upcomingAppointments: 1 };

export const historyEntries = (h: History): number =>
  h.notes +
  Math.floor(h.notes / 20) + // the viewer's own drafts (the other author's are not on the viewer's timeline)
  h.assessments +
  h.goals * (1 + h.ratingsPerGoal) +
  h.toms +
  h.equipment +
  h.consents +
  (h.dischargeLetters > 0 ? 1 + h.dischargeLetters : 0) +
  h.referralLetters +
  h.pastAppointments +
  h.upcomingAppointments;

// ---- Counting the queries ------------------------------------------------------------------------------------------

/**
 * A kysely plugin that keeps every query run through the instance it is added to: `executed` counts the results
 * that came back (one a statement sent), `nodes` keeps each query so that its plan can be asked for afterwards.
 */
export class QueryRecorder implements KyselyPlugin {
  /** The queries run, in order (a subquery or a UNION's branch is part of its query, not one of these). */
  nodes: RootOperationNode[] = [];
  executed = 0;
  /** Every query node seen, by its id: the executed query's own, and its subqueries' as they were built. */
  #seen = new Map<PluginTransformQueryArgs['queryId'], RootOperationNode>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.#seen.set(args.queryId, args.node);
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.executed += 1;
    const node = this.#seen.get(args.queryId);
    if (node !== undefined) this.nodes.push(node);
    return Promise.resolve(args.result);
  }

  reset(): void {
    this.nodes = [];
    this.executed = 0;
    this.#seen.clear();
  }
}

// ---- The history, in bulk ------------------------------------------------------------------------------------------

const RECORD_TABLES = [
  'contact_notes',
  'contact_note_versions',
  'equipment_issues',
  'assessments',
  'goals',
  'goal_ratings',
  'toms_ratings',
  'consents',
  'discharges',
  'discharge_letters',
  'referral_events',
  'referral_letters',
  'appointments',
  'appointment_children',
  'appointment_staff',
  'appointment_letters',
] as const;
type RecordTable = (typeof RECORD_TABLES)[number];
type Rows = { [T in Exclude<RecordTable, 'appointment_letters'>]: Insertable<Database[T]>[] } & {
  appointment_letters: Insertable<AppointmentLettersTable>[];
};

const emptyRows = (): Rows => ({
  contact_notes: [],
  contact_note_versions: [],
  equipment_issues: [],
  assessments: [],
  goals: [],
  goal_ratings: [],
  toms_ratings: [],
  consents: [],
  discharges: [],
  discharge_letters: [],
  referral_events: [],
  referral_letters: [],
  appointments: [],
  appointment_children: [],
  appointment_staff: [],
  appointment_letters: [],
});

const uuidOf = (random: Random) =>
  Array.from({ length: 16 }, () => random.int(0, 255).toString(16).padStart(2, '0'))
    .join('')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/u, '$1-$2-$3-$4-$5');

const DAY_MS = 86_400_000;
/** Episodes (children) whose history is built and inserted a batch, and a transaction: as the data set's loader. */
const CHILDREN_PER_BATCH = 2_000;
const CHILDREN_PER_TRANSACTION = 50_000;
const NOTE_TYPES = ['assessment', 'therapy', 'school-visit', 'telephone', 'advice'];
const INSTRUMENTS = ['mabc2', 'beery-vmi', 'sensory-profile-2', 'dcdq07', 'functional'];
const AREAS = ['self-care', 'productivity', 'leisure'];

interface Subject {
  serviceId: string;
  childId: string;
  episodeId: string;
  referralId: string;
  /** The clinician who records (and views) it, and another who writes drafts. */
  authorId: string;
  otherId: string;
}

/**
 * Adds `h`'s history of one child to `rows`: spread over the ten years before the data set's date, each entry with
 * its own instant. Appointments to come start after NOW.
 */
function addHistory(rows: Rows, random: Random, s: Subject, h: History, appointmentNumber: { next: number }): void {
  const base = { service_id: s.serviceId, child_id: s.childId };
  const at = () => {
    const instant = new Date(NOW.getTime() - random.int(1, 3650) * DAY_MS - random.int(0, DAY_MS - 1));
    return { iso: instant.toISOString(), date: instant.toISOString().slice(0, 10) };
  };
  const drafts = Math.floor(h.notes / 10);
  for (let i = 0; i < h.notes + drafts; i += 1) {
    const id = uuidOf(random);
    const t = at();
    const signed = i < h.notes;
    const author = signed || i % 2 === 0 ? s.authorId : s.otherId;
    rows.contact_notes.push({
      id,
      ...base,
      episode_id: s.episodeId,
      author_user_id: author,
      // Written as drafts with their text, then signed by one UPDATE (`signNotes`): a signed note takes no new
      // version, and the database refuses one. The drafts left are those without a contact type yet.
      contact_type: signed ? (NOTE_TYPES[i % NOTE_TYPES.length] ?? 'therapy') : null,
      contact_on: t.date,
      status: 'draft',
      signed_at: null,
      signed_by: null,
      created_at: t.iso,
      updated_at: t.iso,
      version: 1,
    });
    rows.contact_note_versions.push({
      note_id: id,
      version: 1,
      text: `Seen for a ${NOTE_TYPES[i % NOTE_TYPES.length] ?? 'therapy'} session. Worked on handwriting and dressing; practice at home agreed with the family.`,
      saved_at: t.iso,
      saved_by: author,
    });
  }
  for (let i = 0; i < h.assessments; i += 1) {
    const t = at();
    const instrument = INSTRUMENTS[i % INSTRUMENTS.length] ?? 'functional';
    rows.assessments.push({
      id: uuidOf(random),
      ...base,
      episode_id: s.episodeId,
      instrument,
      assessed_on: t.date,
      scores_json: '{}',
      derived_json: '{}',
      summary: `${instrument}: synthetic result ${String(random.int(1, 19))}`,
      recorded_by: s.authorId,
      recorded_at: t.iso,
      updated_by: null,
      updated_at: t.iso,
      version: 1,
    });
  }
  for (let i = 0; i < h.goals; i += 1) {
    const goalId = uuidOf(random);
    const t = at();
    const measure = i % 2 === 0 ? 'gas' : 'copm';
    rows.goals.push({
      id: goalId,
      ...base,
      episode_id: s.episodeId,
      text: `Goal ${String(i + 1)}: to fasten buttons on the school shirt without help`,
      occupation_area: AREAS[i % AREAS.length] ?? 'self-care',
      measure,
      agreed_with: 'child parent-carer',
      set_on: t.date,
      review_on: t.date,
      status: 'active',
      created_by: s.authorId,
      created_at: t.iso,
      updated_by: s.authorId,
      updated_at: t.iso,
      version: 1,
    });
    for (let r = 0; r < h.ratingsPerGoal; r += 1) {
      const rt = at();
      rows.goal_ratings.push({
        id: uuidOf(random),
        goal_id: goalId,
        ...base,
        rated_on: rt.date,
        kind: r === 0 ? 'set' : 'review',
        gas_level: measure === 'gas' ? random.int(-2, 2) : null,
        copm_performance: measure === 'copm' ? random.int(1, 10) : null,
        copm_satisfaction: measure === 'copm' ? random.int(1, 10) : null,
        by_user_id: s.authorId,
        created_at: rt.iso,
      });
    }
  }
  for (let i = 0; i < h.toms; i += 1) {
    const t = at();
    rows.toms_ratings.push({
      id: uuidOf(random),
      ...base,
      episode_id: s.episodeId,
      stage: i === 0 ? 'start' : 'review',
      scale: 'core',
      rated_on: t.date,
      impairment: random.int(0, 10) / 2,
      activity: random.int(0, 10) / 2,
      participation: random.int(0, 10) / 2,
      wellbeing: random.int(0, 10) / 2,
      carer_wellbeing: null,
      by_user_id: s.authorId,
      created_at: t.iso,
    });
  }
  for (let i = 0; i < h.equipment; i += 1) {
    const t = at();
    rows.equipment_issues.push({
      id: uuidOf(random),
      ...base,
      episode_id: s.episodeId,
      item_code: `EQ${String(i % 20).padStart(3, '0')}`,
      item_name: `Synthetic item ${String(i % 20)}`,
      item_supplier: 'Synthetic Supplies',
      item_age_min_months: null,
      item_age_max_months: null,
      item_review_every_months: 12,
      size_label: null,
      loan_or_keep: 'loan',
      issued_on: t.date,
      fitted_by_user_id: s.authorId,
      first_review_on: t.date,
      review_on: t.date,
      status: 'in-use',
      notes: null,
      created_by: s.authorId,
      created_at: t.iso,
      updated_at: t.iso,
      version: 1,
    });
  }
  for (let i = 0; i < h.consents; i += 1) {
    const t = at();
    const sharing = i % 2 === 1;
    rows.consents.push({
      id: uuidOf(random),
      ...base,
      episode_id: s.episodeId,
      kind: sharing ? 'sharing' : 'assessment-and-treatment',
      agency_code: sharing ? 'school' : null,
      agency_name: sharing ? 'Synthetic Primary School' : null,
      given_by: 'parental-responsibility',
      given_by_name: 'Synthetic Parent',
      relationship: 'Mother',
      judged_by: null,
      judged_on: null,
      judgement_note: null,
      given_on: t.date,
      withdrawn_on: null,
      withdrawn_reason: null,
      withdrawn_by: null,
      recorded_by: s.authorId,
      recorded_at: t.iso,
      updated_at: t.iso,
      version: 1,
    });
  }
  if (h.dischargeLetters > 0) {
    // A discharge recorded against the episode; the episode itself stays open (the access rule reads its status).
    const dischargeId = uuidOf(random);
    const t = at();
    rows.discharges.push({
      id: dischargeId,
      ...base,
      episode_id: s.episodeId,
      reason_code: 'goals-met',
      summary: 'Goals met; advice given to school.',
      discharged_on: t.date,
      re_referral_until: t.date,
      retention_review_on: t.date,
      retention_birthday: 25,
      recorded_by: s.authorId,
      recorded_at: t.iso,
    });
    for (let i = 0; i < h.dischargeLetters; i += 1) {
      const lt = at();
      const recipient = ['family', 'gp', 'school'][i % 3] ?? 'family';
      rows.discharge_letters.push({
        id: uuidOf(random),
        service_id: s.serviceId,
        discharge_id: dischargeId,
        child_id: s.childId,
        recipient,
        recipient_name: 'Synthetic Recipient',
        channel: 'print',
        subject: 'Discharge summary',
        content: '{}',
        html: '<p>Discharge summary</p>',
        stored_as: uuidOf(random),
        outbox_message_id: null,
        created_at: lt.iso,
        printed_at: lt.iso,
        printed_by: s.authorId,
      });
    }
  }
  for (let i = 0; i < h.referralLetters; i += 1) {
    const t = at();
    const eventId = uuidOf(random);
    rows.referral_events.push({
      id: eventId,
      service_id: s.serviceId,
      referral_id: s.referralId,
      occurred_at: t.iso,
      actor_user_id: s.authorId,
      action: 'accept',
      from_status: 'triage',
      to_status: 'accepted',
      detail: '{}',
    });
    const role = ['referrer', 'family', 'gp'][i % 3] ?? 'family';
    rows.referral_letters.push({
      id: uuidOf(random),
      service_id: s.serviceId,
      referral_id: s.referralId,
      event_id: eventId,
      recipient_role: role,
      recipient_name: 'Synthetic Recipient',
      channel: 'print',
      subject: 'Your referral has been accepted',
      content: '{}',
      html: '<p>Accepted</p>',
      stored_as: uuidOf(random),
      outbox_message_id: null,
      created_at: t.iso,
      printed_at: t.iso,
      printed_by: s.authorId,
    });
  }
  const appointments = [
    ...Array.from({ length: h.pastAppointments }, () => NOW.getTime() - random.int(1, 3650) * DAY_MS),
    ...Array.from({ length: h.upcomingAppointments }, (_, i) => NOW.getTime() + (i + 1) * 7 * DAY_MS),
  ];
  for (const startMs of appointments) {
    const id = uuidOf(random);
    appointmentNumber.next += 1;
    const starts = new Date(startMs - (startMs % (DAY_MS / 24)));
    rows.appointments.push({
      id,
      service_id: s.serviceId,
      reference: `W5A${String(appointmentNumber.next).padStart(7, '0')}`,
      type: 'therapy-session',
      starts_at: starts.toISOString(),
      ends_at: new Date(starts.getTime() + 3_600_000).toISOString(),
      place: 'school',
      location_id: null,
      room_id: null,
      school_urn: null,
      capacity: 1,
      series_id: null,
      status: 'booked',
      cancelled_by: null,
      cancelled_reason: null,
      cancelled_at: null,
      created_at: NOW.toISOString(),
      created_by: s.authorId,
      updated_at: NOW.toISOString(),
      version: 1,
    });
    rows.appointment_children.push({
      appointment_id: id,
      episode_id: s.episodeId,
      service_id: s.serviceId,
      outcome: startMs < NOW.getTime() ? 'attended' : null,
      outcome_note: null,
      outcome_at: null,
      outcome_by: null,
      late_cancellation: 0,
      family_reply: null,
      family_reply_at: null,
    });
    rows.appointment_staff.push({ appointment_id: id, user_id: s.authorId, service_id: s.serviceId });
    rows.appointment_letters.push({
      id: uuidOf(random),
      service_id: s.serviceId,
      appointment_id: id,
      episode_id: s.episodeId,
      kind: 'booked',
      channel: 'print',
      subject: 'Your appointment',
      content: '{}',
      html: '<p>Your appointment</p>',
      outbox_message_id: null,
      created_at: new Date(starts.getTime() - 14 * DAY_MS).toISOString(),
      printed_at: null,
      printed_by: null,
    });
  }
}

async function addUser(db: Kysely<Database>, serviceId: string, email: string, name: string, password: string | null) {
  const id = uuidOf(new Random(email.length, email));
  await insertUser(
    db,
    {
      id,
      email,
      displayName: name,
      status: 'active',
      passwordHash: password === null ? null : await hashPassword(password),
    },
    NOW.toISOString(),
  );
  await replaceRoles(db, serviceId, id, ['clinician'], null, NOW.toISOString());
  return id;
}

export interface W5World {
  serviceId: string;
  clinicianId: string;
  /** The child with the long history, on the clinician's caseload. */
  childId: string;
  /** A child with one screen of history (the background's), also on the clinician's caseload. */
  shortChildId: string;
  /** Rows added to the record's tables, in all. */
  rows: number;
  /** Entries on the measured child's timeline for the clinician. */
  entries: number;
}

/**
 * Adds the clinicians and the record's history to a loaded data set, in bulk: one transaction, the record tables'
 * secondary indexes dropped first and built again at the end.
 */
export async function addRecordHistory(db: Kysely<Database>, serviceId: string, history: History): Promise<W5World> {
  const clinicianId = await addUser(db, serviceId, EMAIL, 'W5 Clinician', PASSWORD);
  const otherId = await addUser(db, serviceId, 'w5.colleague@nhs.test', 'W5 Colleague', null);
  const episodes = await db
    .selectFrom('episodes')
    .select(['id', 'child_id', 'referral_id'])
    .where('service_id', '=', serviceId)
    .orderBy('id')
    .execute();
  const measured = episodes[0];
  const short = episodes.find((e) => e.child_id !== measured?.child_id);
  if (measured === undefined || short === undefined) throw new Error('W5: the data set has fewer than two children');
  for (const e of [measured, short]) {
    await db
      .updateTable('episodes')
      .set({ status: 'open', lead_clinician_id: clinicianId })
      .where('id', '=', e.id)
      .execute();
  }
  const indexes = await droppableIndexes(db, RECORD_TABLES);
  await dropIndexes(db, indexes);
  const superuser =
    isPostgres(db) &&
    (await sql<{ on: string }>`select current_setting('is_superuser') as on`.execute(db)).rows[0]?.on === 'on';
  const random = new Random(20_261_203, 'w5-history');
  const appointmentNumber = { next: 0 };
  const types = new Map<string, Map<string, string>>();
  const seen = new Set<string>();
  let inserted = 0;
  // Streamed as the data set's loader streams: a few thousand children's rows a batch, large transactions.
  for (let from = 0; from < episodes.length; from += CHILDREN_PER_TRANSACTION) {
    await db.transaction().execute(async (trx) => {
      if (superuser) await sql`set local session_replication_role = replica`.execute(trx);
      const to = Math.min(episodes.length, from + CHILDREN_PER_TRANSACTION);
      for (let batch = from; batch < to; batch += CHILDREN_PER_BATCH) {
        const rows = emptyRows();
        for (const e of episodes.slice(batch, Math.min(to, batch + CHILDREN_PER_BATCH))) {
          // One history a child, on the child's first episode.
          if (seen.has(e.child_id)) continue;
          seen.add(e.child_id);
          const subject = {
            serviceId,
            childId: e.child_id,
            episodeId: e.id,
            referralId: e.referral_id,
            authorId: clinicianId,
            otherId,
          };
          const h = e.id === measured.id ? history : e.id === short.id ? SHORT : BACKGROUND;
          addHistory(rows, random, subject, h, appointmentNumber);
        }
        // appointment_letters is typed apart from Database (appointment-notice-tables.ts); insertRows needs its name.
        for (const table of RECORD_TABLES) await insertRows(trx, table as keyof Database, rows[table], types);
        inserted += RECORD_TABLES.reduce((n, t) => n + rows[t].length, 0);
      }
    });
  }
  // Signed once their text is in (a signed note takes no new version).
  await db
    .updateTable('contact_notes')
    .set((eb) => ({ status: 'signed', signed_at: eb.ref('created_at'), signed_by: eb.ref('author_user_id') }))
    .where('service_id', '=', serviceId)
    .where('status', '=', 'draft')
    .where('contact_type', 'is not', null)
    .execute();
  await createIndexes(db, indexes);
  return {
    serviceId,
    clinicianId,
    childId: measured.child_id,
    shortChildId: short.child_id,
    rows: inserted,
    entries: historyEntries(history),
  };
}

// ---- Queries and plans ---------------------------------------------------------------------------------------------

export interface QueryCounts {
  /** accessToChild: what the route's access hook reads before the page. */
  access: number;
  /** view(), the measured child's first page. */
  first: number;
  /** view(), the measured child's last timeline page. */
  last: number;
  /** view(), the child with a short history. */
  short: number;
  /** The timeline's length and pages for the clinician. */
  total: number;
  pageCount: number;
}

async function planOf(db: Kysely<Database>, dialect: Dialect, compiled: CompiledQuery): Promise<string[]> {
  const explain = dialect === 'sqlite' ? `explain query plan ${compiled.sql}` : `explain ${compiled.sql}`;
  const result = await db.executeQuery<Record<string, unknown>>({ ...compiled, sql: explain });
  return result.rows.map((row) => {
    const line = row.detail ?? row['QUERY PLAN'];
    return typeof line === 'string' ? line : JSON.stringify(row);
  });
}

/** The tables PostgreSQL's statistics say are small enough to read whole (none on SQLite). */
async function smallTables(db: Kysely<Database>, dialect: Dialect): Promise<Set<string>> {
  if (dialect === 'sqlite') return new Set();
  const rows = await sql<{ relname: string; reltuples: number | string }>`
    select relname, reltuples from pg_class where relkind = 'r'`.execute(db);
  return new Set(rows.rows.filter((r) => Number(r.reltuples) < SMALL_TABLE_ROWS).map((r) => r.relname));
}

/** The full scans in one query's plan: SQLite's `SCAN t` of a table, PostgreSQL's `Seq Scan on t` of a large one. */
export function w5PlanProblems(dialect: Dialect, lines: readonly string[], small: ReadonlySet<string>): string[] {
  const text = lines.join('\n');
  const problems: string[] = [];
  if (dialect === 'sqlite') {
    // `SCAN t` (with or without an index walked whole) of a table; SCAN of a subquery (`SCAN t` over a UNION's
    // materialised rows is named after its alias, t) or of CONSTANT ROW is no table read.
    for (const m of text.matchAll(/^\s*(?:\|--|`--)?\s*SCAN (\w+)( USING (?:COVERING )?INDEX (\w+))?/gmu)) {
      const table = String(m[1]);
      if (table === 'CONSTANT' || table === 't') continue;
      problems.push(m[3] === undefined ? `SQLite scans ${table} in full` : `SQLite walks all of ${m[3]} on ${table}`);
    }
    // An index searched by the service alone (or with a status or kind, but no child, referral, episode...) reads
    // the service's rows, however many: in a one-service data set, all of them, or all of them in that status.
    for (const m of text.matchAll(/SEARCH (\w+) USING (?:COVERING )?INDEX (\w+) \((service_id=\?[^)]*)\)/gu)) {
      const others = String(m[3])
        .split(' AND ')
        .slice(1)
        .map((c) => c.replace(/[=<>].*$/u, ''));
      if (!others.some((c) => c === 'id' || c.endsWith('_id'))) {
        problems.push(`SQLite reads all the service's rows of ${String(m[1])} (by ${String(m[2])} (${String(m[3])}))`);
      }
    }
  } else {
    for (const m of text.matchAll(/Seq Scan on (\w+)/gu)) {
      if (!small.has(String(m[1]))) problems.push(`PostgreSQL scans ${String(m[1])} in full`);
    }
    // An index scan whose condition is the service alone reads all the service's rows, as on SQLite.
    let heap = '';
    for (const [i, line] of lines.entries()) {
      heap = /Bitmap Heap Scan on (\w+)/u.exec(line)?.[1] ?? heap;
      const direct = /Index (?:Only )?Scan using (\w+) on (\w+)/u.exec(line);
      const bitmap = /Bitmap Index Scan on (\w+)/u.exec(line);
      const index = direct?.[1] ?? bitmap?.[1];
      const table = direct?.[2] ?? (bitmap === null ? undefined : heap);
      const cond = /Index Cond: (.*)$/u.exec(lines[i + 1] ?? '')?.[1];
      if (index === undefined || table === undefined || cond === undefined || small.has(table)) continue;
      if (
        cond.includes('service_id') &&
        !/_id\)?(::\w+)? = |\bid\)?(::\w+)? = /u.test(cond.replace(/service_id/gu, ''))
      ) {
        problems.push(`PostgreSQL reads all the service's rows of ${table} (by ${index})`);
      }
    }
  }
  return problems;
}

/**
 * Counts the queries of the record page for the measured child (first and last page), for the short-history child,
 * and of the access check; and explains every query the view made. Times nothing.
 */
export async function countAndExplain(
  db: Kysely<Database>,
  dialect: Dialect,
  world: W5World,
): Promise<{ counts: QueryCounts; plans: Map<string, string[]>; problems: string[]; scope: RecordScope }> {
  const definition = loadServiceDefinition();
  const recorder = new QueryRecorder();
  const counted = db.withPlugin(recorder);
  const clock = () => NOW;
  const childRecord = createChildRecord({ db: counted, clock });
  const recordAccess = createRecordAccess({
    db: counted,
    clock,
    audit: createAuditService({ db, clock }),
    registry: createServiceRegistry([definition]),
  });
  const scopeFor = async (childId: string) => {
    const scope = await recordAccess.accessToChild(world.serviceId, world.clinicianId, ['clinician'], childId);
    if (scope?.access.level !== 'clinical') throw new Error(`W5: the clinician has no clinical access to ${childId}`);
    return scope;
  };
  recorder.reset();
  const scope = await scopeFor(world.childId);
  const access = recorder.executed;
  const accessNodes = [...recorder.nodes];
  const shortScope = await scopeFor(world.shortChildId);

  const viewCount = async (s: RecordScope, page: number) => {
    recorder.reset();
    const view = await childRecord.view(world.serviceId, world.clinicianId, s, page);
    if (view?.timeline === null || view === undefined) throw new Error('W5: the record page showed no timeline');
    return { n: recorder.executed, nodes: recorder.nodes, timeline: view.timeline, view };
  };
  const first = await viewCount(scope, 1);
  if (first.timeline.total !== world.entries) {
    throw new Error(`W5: the timeline has ${String(first.timeline.total)} entries, not ${String(world.entries)}`);
  }
  if (first.view.upcoming.length === 0) throw new Error('W5: the measured child has no upcoming appointments shown');
  const last = await viewCount(scope, first.timeline.pageCount);
  const short = await viewCount(shortScope, 1);

  if (dialect === 'postgres') await sql`vacuum analyze`.execute(db);
  const small = await smallTables(db, dialect);
  const plans = new Map<string, string[]>();
  const problems: string[] = [];
  const explained = [
    ...accessNodes.map((node, i) => ({ node, name: `access query ${String(i + 1)}` })),
    ...first.nodes.map((node, i) => ({ node, name: `view query ${String(i + 1)}` })),
  ];
  for (const [i, { node, name: label }] of explained.entries()) {
    const compiled = db.getExecutor().compileQuery(node, { queryId: `w5-${String(i)}` });
    const lines = await planOf(db, dialect, compiled);
    const name = `${label} (${compiled.sql.replace(/\s+/gu, ' ').slice(0, 60)}...)`;
    plans.set(name, lines);
    for (const p of w5PlanProblems(dialect, lines, small)) problems.push(`${name}: ${p}`);
  }
  return {
    counts: {
      access,
      first: first.n,
      last: last.n,
      short: short.n,
      total: first.timeline.total,
      pageCount: first.timeline.pageCount,
    },
    plans,
    problems,
    scope,
  };
}

// ---- The measurement -----------------------------------------------------------------------------------------------

export interface W5Setup {
  size: DataSetName;
  dialect: Dialect;
}

export interface W5Measurement {
  setup: W5Setup;
  loaded: LoadReport & { waiting: number };
  world: W5World;
  counts: QueryCounts;
  /** Statements of the whole GET (session, access check, the view, the audit event), counted in this process. */
  requests: RequestCounts;
  problems: string[];
  inProcess: Summary;
  single: Summary;
  concurrent: Summary;
}

async function signedInCookie(baseUrl: string): Promise<string> {
  const browser = new HttpClient(baseUrl);
  await browser.get(paths.signIn.build());
  const signedIn = await browser.post(paths.signIn.build(), { email: EMAIL, password: PASSWORD });
  if (signedIn.status !== 303) throw new Error(`W5: signing in answered ${String(signedIn.status)}`);
  return [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

/**
 * Each page of the mix, and the timeline's last, once: 200, the timeline's pages on it, and no page names another
 * child. Returns the record page's path.
 */
async function checkPages(baseUrl: string, cookie: string, world: W5World, pageCount: number): Promise<string> {
  const page = paths.record.child.build({ childId: world.childId });
  for (const query of new Set([...PAGE_MIX, `?page=${String(pageCount)}`])) {
    const response = await fetch(`${baseUrl}${page}${query}`, { headers: { cookie }, redirect: 'manual' });
    const html = await response.text();
    if (response.status !== 200 || !html.includes('nhsuk-pagination')) {
      throw new Error(`W5: the record page${query} answered ${String(response.status)} without its timeline's pages`);
    }
  }
  return page;
}

/** Signs the clinician in to a server on the loaded database and checks the record's pages once; times nothing. */
async function checkOverHttp(databaseUrl: string, world: W5World, pageCount: number): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'otway-bench-w5-data-'));
  try {
    const server = await startServer('otway', [], {
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      BENCH_NOW: NOW.toISOString(),
    });
    try {
      const cookie = await signedInCookie(server.url);
      await checkPages(server.url, cookie, world, pageCount);
      return `GET ${paths.record.child.build({ childId: world.childId })} (timeline pages ${[...new Set(PAGE_MIX.map((q) => (q === '' ? '1' : q.slice('?page='.length))))].join(', ')} and ${String(pageCount)}) answered 200 with the timeline over HTTP`;
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Counts every statement any kysely instance in this process sends from now until `stop()`: the drivers' connections
 * are wrapped as they are handed out (BEGIN and COMMIT count too, as round trips). For the whole request, which the
 * application's own kysely instance (built by the composition root) serves.
 */
function countStatements(): { readonly n: number; reset(): void; stop(): void } {
  let n = 0;
  const wrapped = new WeakSet<DatabaseConnection>();
  const drivers = [SqliteDriver.prototype, PostgresDriver.prototype];
  // The prototypes' own methods, put back by stop(); each is called with its driver as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const originals = drivers.map((d) => d.acquireConnection);
  for (const [i, driver] of drivers.entries()) {
    const original = originals[i];
    if (original === undefined) continue;
    driver.acquireConnection = async function acquireConnection(this: typeof driver) {
      const connection = await original.call(this);
      if (!wrapped.has(connection)) {
        wrapped.add(connection);
        const execute = connection.executeQuery.bind(connection);
        connection.executeQuery = (query) => {
          n += 1;
          return execute(query);
        };
      }
      return connection;
    };
  }
  return {
    get n() {
      return n;
    },
    reset() {
      n = 0;
    },
    stop() {
      for (const [i, driver] of drivers.entries()) {
        const original = originals[i];
        if (original !== undefined) driver.acquireConnection = original;
      }
    },
  };
}

/** The statements of one whole request of the record page, and of its last timeline page and a short history's. */
export interface RequestCounts {
  first: number;
  last: number;
  short: number;
}

/**
 * The application as bench/servers/otway.ts builds it, but in this process and only for counting (nothing is
 * timed): the clinician signs in, then each page is asked for three times and the fewest statements any of the three
 * sent is kept (a session's first request, or the rate limit's writes once a second, add a statement now and then).
 */
async function countRequests(databaseUrl: string, world: W5World, pageCount: number): Promise<RequestCounts> {
  const dataDir = mkdtempSync(join(tmpdir(), 'otway-bench-w5-data-'));
  const counter = countStatements();
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      SERVICE_DEFINITIONS_DIR: join(import.meta.dirname, '../service-definitions'),
      SESSION_SECRET: 'bench-session-secret-0123456789abcdefghijklmn',
      LOG_LEVEL: 'silent',
      BASE_URL: 'http://127.0.0.1',
      RATE_LIMIT_PER_MINUTE: '1000000',
      SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000000',
      API_RATE_LIMIT_PER_MINUTE: '1000000',
      STAFF_TWO_FACTOR: 'off',
    });
    const deps = await buildDependencies(config, pino({ level: 'silent' }), { clock: () => NOW });
    const app = await buildApp(deps);
    try {
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      const cookie = await signedInCookie(url);
      const statementsOf = async (childId: string, query: string) => {
        let fewest = Number.POSITIVE_INFINITY;
        for (let i = 0; i < 3; i += 1) {
          counter.reset();
          const response = await fetch(`${url}${paths.record.child.build({ childId })}${query}`, {
            headers: { cookie },
          });
          await response.text();
          if (response.status !== 200) throw new Error(`W5: the record page answered ${String(response.status)}`);
          fewest = Math.min(fewest, counter.n);
        }
        return fewest;
      };
      return {
        first: await statementsOf(world.childId, ''),
        last: await statementsOf(world.childId, `?page=${String(pageCount)}`),
        short: await statementsOf(world.shortChildId, ''),
      };
    } finally {
      await app.close();
      await deps.database.destroy();
    }
  } finally {
    counter.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The use case in process, one call at a time, over the pages of the mix; after a short warm-up. */
async function timeView(db: Kysely<Database>, world: W5World, scope: RecordScope, seconds: number): Promise<Summary> {
  const childRecord = createChildRecord({ db, clock: () => NOW });
  const pages = PAGE_MIX.map((q) => (q === '' ? 1 : Number(q.slice('?page='.length))));
  let n = 0;
  const once = () => childRecord.view(world.serviceId, world.clinicianId, scope, pages[n++ % pages.length] ?? 1);
  const warmUntil = performance.now() + Math.min(1000, seconds * 200);
  while (performance.now() < warmUntil) await once();
  const durations: number[] = [];
  const start = performance.now();
  while (performance.now() < start + seconds * 1000) {
    const t0 = performance.now();
    await once();
    durations.push(performance.now() - t0);
  }
  return summarise(durations, performance.now() - start);
}

export async function measureW5(setup: W5Setup, seconds: number): Promise<W5Measurement | string> {
  const copy = await loadedBenchDatabase(setup.dialect, setup.size);
  if (typeof copy === 'string') return copy;
  const { database } = copy;
  const dataDir = mkdtempSync(join(tmpdir(), 'otway-bench-w5-data-'));
  try {
    const reference = loadBenchReference(loadServiceDefinition());
    const serviceId = reference.definition.id;
    const handle = await migratedHandle(database.url);
    let loaded: LoadReport & { waiting: number };
    let world: W5World;
    let counted: Awaited<ReturnType<typeof countAndExplain>>;
    let inProcess: Summary;
    try {
      loaded = copy.loaded;
      world = await addRecordHistory(handle.db, serviceId, HISTORY[setup.size]);
      counted = await countAndExplain(handle.db, setup.dialect, world);
      inProcess = await timeView(handle.db, world, counted.scope, seconds);
    } finally {
      await handle.destroy();
    }
    const requests = await countRequests(database.url, world, counted.counts.pageCount);
    const server = await startServer('otway', [], {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      BENCH_NOW: NOW.toISOString(),
    });
    try {
      const cookie = await signedInCookie(server.url);
      const page = await checkPages(server.url, cookie, world, counted.counts.pageCount);
      const options = {
        headers: { cookie },
        requests: PAGE_MIX.map((query) => ({ method: 'GET' as const, path: `${page}${query}` })),
      };
      const single = await loadTest(`${server.url}${page}`, seconds, { ...options, connections: 1 });
      const concurrent = await loadTest(`${server.url}${page}`, seconds, { ...options, connections: CONNECTIONS });
      return {
        setup,
        loaded,
        world,
        counts: counted.counts,
        requests,
        problems: counted.problems,
        inProcess,
        single,
        concurrent,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const DIALECT_NAMES: Record<Dialect, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
/** The view's query count and the whole request's at S, by database: M's and L's must be the same. */
const countAtS = new Map<Dialect, { view: number; request: number }>();

/** Whether the counts are one number whatever the history: first page, last page and a short history alike. */
const constant = (c: { first: number; last: number; short: number }) => c.first === c.last && c.first === c.short;

function resultOf(setup: W5Setup, m: W5Measurement | string): WorkloadResult {
  const id = `W5 ${setup.size} ${DIALECT_NAMES[setup.dialect]}`;
  const goal = `p95 < ${String(GOAL_P95_MS)} ms (at L); a constant number of queries`;
  if (typeof m === 'string') {
    const nothing = { perSecond: Number.NaN, p50Ms: Number.NaN, p95Ms: Number.NaN, p99Ms: Number.NaN };
    return { id, what: `the child's record page: not run, ${m}`, summary: nothing, goal, verdict: 'no' };
  }
  const { loaded, world, counts, requests, single, concurrent, inProcess } = m;
  if (setup.size === 'S') countAtS.set(setup.dialect, { view: counts.first, request: requests.first });
  const atS = countAtS.get(setup.dialect);
  const sameAsS = atS === undefined || (atS.view === counts.first && atS.request === requests.first);
  const what = [
    `the child's record page (summary, alerts, episodes, upcoming appointments, timeline ${String(TIMELINE_PAGE_SIZE)} a page; pages 1, 2 and 4) for the clinician whose caseload the child is on, server in its own process`,
    `on ${DIALECT_NAMES[setup.dialect]} with data set ${setup.size} (${loaded.referrals.toLocaleString('en-GB')} referrals, ${world.rows.toLocaleString('en-GB')} rows of clinical record), loaded in ${fmt(loaded.ms / 1000)} s; the child measured has ${counts.total.toLocaleString('en-GB')} timeline entries (${String(counts.pageCount)} pages)`,
    `queries of the view: ${String(counts.first)} (last page ${String(counts.last)}, a child with a short history ${String(counts.short)}${atS === undefined || setup.size === 'S' ? '' : `, at S ${String(atS.view)}`}), of the access check ${String(counts.access)}; statements of the whole request ${String(requests.first)} (last page ${String(requests.last)}, short history ${String(requests.short)}${atS === undefined || setup.size === 'S' ? '' : `, at S ${String(atS.request)}`})`,
    `use case in process p50 ${fmt(inProcess.p50Ms)} ms, p95 ${fmt(inProcess.p95Ms)} ms`,
    `latencies by one user at a time (${fmt(single.perSecond)}/s); per second by ${String(CONNECTIONS)} connections (p50 ${fmt(concurrent.p50Ms)} ms, p95 ${fmt(concurrent.p95Ms)} ms)`,
    m.problems.length === 0 ? 'no query of the page reads any table in full' : `full scans: ${m.problems.join('; ')}`,
  ].join('; ');
  const met =
    single.p95Ms < GOAL_P95_MS && constant(counts) && constant(requests) && sameAsS && m.problems.length === 0;
  return { id, what, summary: { ...single, perSecond: concurrent.perSecond }, goal, verdict: met ? 'yes' : 'no' };
}

/** W5's rows: each size asked for, smallest first (so that M's count is compared with S's), on each database. */
export function w5(sizes: readonly DataSetName[]): Workload[] {
  const order: DataSetName[] = ['S', 'M', 'L'];
  return order
    .filter((size) => sizes.includes(size))
    .flatMap((size) => (['sqlite', 'postgres'] as const).map((dialect) => ({ size, dialect })))
    .map((setup) => ({
      id: `W5 ${setup.size} ${DIALECT_NAMES[setup.dialect]}`,
      async run(seconds: number) {
        return resultOf(setup, await measureW5(setup, seconds));
      },
    }));
}

// ---- `--check`: the counts on a tiny data set, nothing timed -------------------------------------------------------

/** A data set of a few hundred children: enough for the background, quick to load. */
const TINY: DataSetSize = { ...DATA_SETS.S, description: 'tiny (W5 --check)', children: 200, referrals: 240 };

/** Loads the tiny data set with `history`, counts and explains; times nothing. */
async function checkOne(databaseUrl: string, dialect: Dialect, history: History) {
  const handle = await migratedHandle(databaseUrl);
  try {
    const reference = loadBenchReference(loadServiceDefinition());
    await loadDataSet(handle.db, TINY, reference);
    const world = await addRecordHistory(handle.db, reference.definition.id, history);
    return { world, ...(await countAndExplain(handle.db, dialect, world)) };
  } finally {
    await handle.destroy();
  }
}

async function check(showPlans: boolean): Promise<void> {
  const results: string[] = [];
  let notConstant = false;
  let missing = false;
  let scans = 0;
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const seen = new Set<string>();
    for (const size of ['S', 'M'] as const) {
      const database = await createBenchDatabase(dialect);
      if (typeof database === 'string') {
        results.push(`${dialect}: not run, ${database}`);
        missing = true;
        continue;
      }
      try {
        const { world, counts, problems, plans } = await checkOne(database.url, dialect, HISTORY[size]);
        const requests = await countRequests(database.url, world, counts.pageCount);
        seen.add(`${String(counts.first)}/${String(requests.first)}`);
        if (!constant(counts) || !constant(requests)) notConstant = true;
        scans += problems.length;
        results.push(
          `${dialect}, tiny data set with ${size}'s history (${String(world.rows)} record rows; the child measured has ${String(counts.total)} timeline entries, ${String(counts.pageCount)} pages): ` +
            `view() ${String(counts.first)} queries on page 1, ${String(counts.last)} on the last page, ${String(counts.short)} for a child with a short history; accessToChild ${String(counts.access)}; ` +
            `the whole GET ${String(requests.first)} statements on page 1, ${String(requests.last)} on the last page, ${String(requests.short)} for the short history`,
          ...problems.map((p) => `  plan: ${p}`),
        );
        if (showPlans) for (const [name, lines] of plans) results.push(`  ${name}\n    ${lines.join('\n    ')}`);
        if (size === 'M') results.push(`${dialect}: ${await checkOverHttp(database.url, world, counts.pageCount)}`);
      } finally {
        await database.drop();
      }
    }
    if (seen.size > 1) notConstant = true;
  }
  console.log(results.join('\n'));
  console.log(
    [
      notConstant ? 'W5 check: the query count is NOT constant' : 'W5 check: the query count is constant',
      missing ? 'a database was missing' : null,
      scans === 0 ? 'no full scan in any plan' : `${String(scans)} plan problems (the workload would fail on them)`,
    ]
      .filter((x) => x !== null)
      .join('; '),
  );
  if (notConstant || missing) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const { values } = parseArgs({ options: { check: { type: 'boolean' }, plans: { type: 'boolean' } } });
  if (values.check !== true) {
    console.error('Usage: npx tsx bench/w5-record.ts --check [--plans]   (npm run bench -- --only W5 measures it)');
    process.exit(2);
  }
  await check(values.plans === true);
}
