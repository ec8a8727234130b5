/**
 * W6: finding free slots and booking with the clash checks (docs/adr/0037), over data sets S, M and L (as `--sizes`
 * asks), on SQLite and on PostgreSQL. Goal (PERFORMANCE.md): p95 under 50 ms, flat from S to L (p95 at L at most 1.5
 * times that at S).
 *
 * Each run builds a fresh database and loads the data set (bench/data/load.ts, which opens the episodes of care);
 * its set-up adds the clinicians and clinic rooms the bookings need (the data sets have none yet) and picks waiting
 * episodes by the waiting-list index. One operation is what a person booking does after choosing what to book: the
 * week's free slots for a clinician and a room (one indexed range query of busy time, then the pure computation), then
 * `book` of the first free slot, in one transaction that writes the appointment and claims the clinician's and the
 * room's busy time, which the database refuses to let overlap. It is measured by CONCURRENT bookers at once, who
 * share clinicians and rooms in pairs, so some bookings race for one slot and lose with a clash (counted: a clash is
 * an answer, and the loser looks again). The booking use case runs in this process on its own connection pool, as W1
 * runs the eligibility engine; the family's letter (`AppointmentNotices`) is not part of W6 (it is the outbox's).
 *
 * After the measurement (when the diaries hold its bookings, and PostgreSQL has analysed them), the plan of the
 * busy-time query is asked for: a full scan of diary_busy fails the workload.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { insertUser, replaceRoles } from '../src/data/accounts/users.repository.js';
import { roomResource, userResource } from '../src/data/care/diary-busy.repository.js';
import type { Dialect } from '../src/data/create-db.js';
import type { Database } from '../src/data/database.js';
import { addDays } from '../src/domain/care/london-time.js';
import { createAuditService } from '../src/services/audit/audit.service.js';
import { createBooking } from '../src/services/care/booking.service.js';
import { createServiceRegistry } from '../src/services/service-registry.js';
import { systemContext, type RequestContext } from '../src/services/shared/context.js';
import { loadedBenchDatabase, migratedHandle } from './databases.js';
import { REFERENCE_DATE, type DataSetName } from './data/generate.js';
import type { LoadReport } from './data/load.js';
import { loadBenchReference, loadServiceDefinition } from './data/reference.js';
import { fmt, summarise, type Summary } from './stats.js';
import type { Workload, WorkloadResult } from './workloads.js';

const BOOKERS = 4;
const CLINICIANS = BOOKERS / 2;
const GOAL_P95_MS = 50;
const GOAL_L_TO_S = 1.5;
/** Monday after the data set's date, 08:00 London: bookings start the next week. */
const NOW = new Date(`${REFERENCE_DATE}T08:00:00.000Z`);

export interface W6Setup {
  size: DataSetName;
  dialect: Dialect;
}

export interface W6Measurement {
  setup: W6Setup;
  loaded: LoadReport & { waiting: number };
  summary: Summary;
  booked: number;
  clashes: number;
  plan: string[];
  planProblem: string | null;
}

/** A full scan of the busy time (SQLite's `SCAN diary_busy`, PostgreSQL's `Seq Scan on diary_busy`), if any. */
export function planProblemOf(dialect: Dialect, lines: readonly string[]): string | null {
  const text = lines.join('\n');
  if (dialect === 'sqlite') {
    return /SEARCH diary_busy USING (COVERING )?INDEX/u.test(text) ? null : 'SQLite reads diary_busy without its index';
  }
  return text.includes('Seq Scan on diary_busy') ? 'PostgreSQL scans diary_busy in full' : null;
}

const uuid = () => randomUUID();

async function addClinicians(db: Kysely<Database>, serviceId: string): Promise<string[]> {
  const now = NOW.toISOString();
  const ids: string[] = [];
  for (let i = 0; i < CLINICIANS; i += 1) {
    const id = uuid();
    await insertUser(
      db,
      {
        id,
        email: `w6.clinician.${String(i)}@nhs.test`,
        displayName: `W6 Clinician ${String(i)}`,
        status: 'active',
        passwordHash: null,
      },
      now,
    );
    await replaceRoles(db, serviceId, id, ['clinician'], null, now);
    ids.push(id);
  }
  return ids;
}

async function addRooms(db: Kysely<Database>, serviceId: string): Promise<string[]> {
  const now = NOW.toISOString();
  const locationId = uuid();
  await db
    .insertInto('locations')
    .values({
      id: locationId,
      service_id: serviceId,
      name: 'W6 Clinic',
      address_line_1: '1 Bench Road',
      address_line_2: null,
      town: 'Leicester',
      postcode: 'LE1 7RH',
      is_clinic: 1,
      created_at: now,
    })
    .execute();
  const ids: string[] = [];
  for (let i = 0; i < CLINICIANS; i += 1) {
    const id = uuid();
    await db
      .insertInto('rooms')
      .values({
        id,
        service_id: serviceId,
        location_id: locationId,
        name: `Room ${String(i + 1)}`,
        capacity: 1,
        created_at: now,
      })
      .execute();
    ids.push(id);
  }
  return ids;
}

async function waitingEpisodes(db: Kysely<Database>, serviceId: string, n: number): Promise<string[]> {
  const rows = await db
    .selectFrom('episodes')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('status', '=', 'waiting')
    .limit(n)
    .execute();
  return rows.map((r) => r.id);
}

/** The plan of the busy-time range query booking makes, for one clinician and one room. */
async function busyPlan(db: Kysely<Database>, dialect: Dialect, resources: string[]): Promise<string[]> {
  const compiled = db
    .selectFrom('diary_busy')
    .select(['resource', 'start_ms', 'end_ms', 'appointment_id', 'block_id'])
    .where('resource', 'in', resources)
    .where('start_ms', '<', NOW.getTime() + 7 * 86_400_000)
    .where('end_ms', '>', NOW.getTime())
    .orderBy('start_ms')
    .compile();
  const explain = dialect === 'sqlite' ? `explain query plan ${compiled.sql}` : `explain ${compiled.sql}`;
  const result = await db.executeQuery<Record<string, unknown>>({ ...compiled, sql: explain });
  return result.rows.map((row) => {
    const line = row.detail ?? row['QUERY PLAN'];
    return typeof line === 'string' ? line : JSON.stringify(row);
  });
}

/** Loads, checks and measures one data set on one database. */
export async function measureW6(setup: W6Setup, seconds: number): Promise<W6Measurement | string> {
  const copy = await loadedBenchDatabase(setup.dialect, setup.size);
  if (typeof copy === 'string') return copy;
  const { database } = copy;
  const handle = await migratedHandle(database.url);
  try {
    const reference = loadBenchReference(loadServiceDefinition());
    const definition = reference.definition;
    const serviceId = definition.id;
    const loaded = copy.loaded;
    const clinicians = await addClinicians(handle.db, serviceId);
    const rooms = await addRooms(handle.db, serviceId);
    const episodes = await waitingEpisodes(handle.db, serviceId, BOOKERS * 4);
    if (episodes.length === 0) return 'the data set has no waiting episodes';
    if (setup.dialect === 'postgres') await sql`vacuum analyze`.execute(handle.db);

    let clockMs = NOW.getTime();
    const clock = () => new Date(clockMs);
    const audit = createAuditService({ db: handle.db, clock });
    const booking = createBooking({
      db: handle.db,
      clock,
      audit,
      registry: createServiceRegistry([definition]),
      notices: { booked: () => Promise.resolve(), cancelledByService: () => Promise.resolve() },
    });
    const ctx = (userId: string): RequestContext => ({
      ...systemContext(`w6-${userId}`),
      serviceId,
      actorUserId: userId,
      actorRoles: ['clinician'],
    });
    const firstWeek = addDays(REFERENCE_DATE, 7 - ((new Date(`${REFERENCE_DATE}T12:00:00Z`).getUTCDay() + 6) % 7));
    let booked = 0;
    let clashes = 0;

    /** One booker: slots for its clinician and room, then book the first; a week with none moves on a week. */
    async function booker(i: number, until: number, durations: number[] | null): Promise<void> {
      const clinicianId = clinicians[i % CLINICIANS] ?? '';
      const roomId = rooms[i % CLINICIANS] ?? '';
      const choice = {
        type: 'therapy-session',
        place: 'clinic' as const,
        clinicianIds: [clinicianId],
        roomId,
        sessions: 1,
        everyWeeks: 1,
        capacity: null,
      };
      let week = firstWeek;
      let n = 0;
      while (performance.now() < until) {
        const t0 = performance.now();
        const found = await booking.freeSlots(serviceId, choice, week);
        if (!found.ok) throw new Error(`W6: ${found.problem.message}`);
        // The pair sharing a clinician aims an hour apart, so they race only when one's time has just gone.
        const slot = found.slots[(Math.floor(i / CLINICIANS) * 4) % Math.max(1, found.slots.length)];
        if (slot === undefined) {
          week = addDays(week, 7);
          continue;
        }
        const result = await booking.book(ctx(clinicianId), serviceId, {
          episodeId: episodes[(i + n * BOOKERS) % episodes.length] ?? '',
          choice,
          date: slot.date,
          time: slot.time,
        });
        n += 1;
        durations?.push(performance.now() - t0);
        if (result.ok) booked += 1;
        else if (result.problem.code === 'conflict') clashes += 1;
        else throw new Error(`W6: booking refused: ${result.problem.message}`);
      }
    }

    const warm = performance.now() + Math.min(1000, seconds * 200);
    await Promise.all(Array.from({ length: BOOKERS }, (_, i) => booker(i, warm, null)));
    booked = 0;
    clashes = 0;
    clockMs = NOW.getTime();
    const durations: number[] = [];
    const start = performance.now();
    await Promise.all(Array.from({ length: BOOKERS }, (_, i) => booker(i, start + seconds * 1000, durations)));
    const summary = summarise(durations, performance.now() - start);
    if (setup.dialect === 'postgres') await sql`analyze diary_busy`.execute(handle.db);
    const plan = await busyPlan(handle.db, setup.dialect, [
      userResource(clinicians[0] ?? ''),
      roomResource(rooms[0] ?? ''),
    ]);
    return { setup, loaded, summary, booked, clashes, plan, planProblem: planProblemOf(setup.dialect, plan) };
  } finally {
    await handle.destroy();
    await database.drop();
  }
}

const DIALECT_NAMES: Record<Dialect, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
const p95AtS = new Map<Dialect, number>();

function resultOf(setup: W6Setup, m: W6Measurement | string): WorkloadResult {
  const id = `W6 ${setup.size} ${DIALECT_NAMES[setup.dialect]}`;
  const goal = `p95 < ${String(GOAL_P95_MS)} ms${setup.size === 'L' ? `; p95 ≤ ${String(GOAL_L_TO_S)}× that at S` : ''}`;
  if (typeof m === 'string') {
    const nothing = { perSecond: Number.NaN, p50Ms: Number.NaN, p95Ms: Number.NaN, p99Ms: Number.NaN };
    return { id, what: `free slots and booking: not run, ${m}`, summary: nothing, goal, verdict: 'no' };
  }
  if (setup.size === 'S') p95AtS.set(setup.dialect, m.summary.p95Ms);
  const atS = p95AtS.get(setup.dialect);
  const ratio = setup.size !== 'S' && atS !== undefined ? m.summary.p95Ms / atS : null;
  const what = [
    `a week's free slots for a clinician and a room, then booking the first (one transaction, busy time claimed, overlap refused by the database), by ${String(BOOKERS)} concurrent bookers sharing ${String(CLINICIANS)} clinicians and rooms in pairs`,
    `on ${DIALECT_NAMES[setup.dialect]} with data set ${setup.size} (${m.loaded.referrals.toLocaleString('en-GB')} referrals, ${m.loaded.waiting.toLocaleString('en-GB')} waiting), loaded in ${fmt(m.loaded.ms / 1000)} s`,
    `${m.booked.toLocaleString('en-GB')} booked, ${m.clashes.toLocaleString('en-GB')} lost a race (clash)`,
    ...(ratio === null ? [] : [`p95 ${fmt(ratio)}× that at S`]),
    `busy-time plan: ${m.plan.join(' / ')}${m.planProblem === null ? '' : ` (${m.planProblem})`}`,
  ].join('; ');
  const met =
    m.planProblem === null &&
    m.summary.p95Ms < GOAL_P95_MS &&
    (setup.size !== 'L' || (ratio !== null && ratio <= GOAL_L_TO_S));
  return { id, what, summary: m.summary, goal, verdict: met ? 'yes' : 'no' };
}

/** W6's rows: each size asked for, smallest first, on each database. */
export function w6(sizes: readonly DataSetName[]): Workload[] {
  const order: DataSetName[] = ['S', 'M', 'L'];
  return order
    .filter((size) => sizes.includes(size))
    .flatMap((size) => (['sqlite', 'postgres'] as const).map((dialect) => ({ size, dialect })))
    .map((setup) => ({
      id: `W6 ${setup.size} ${DIALECT_NAMES[setup.dialect]}`,
      async run(seconds: number) {
        return resultOf(setup, await measureW6(setup, seconds));
      },
    }));
}
