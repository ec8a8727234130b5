/**
 * A clinician's secret calendar feed (docs/adr/0039): the hash of its token on their staff profile (never the token,
 * as docs/adr/0029 asks of every secret link), and the appointments it shows. Reading a feed is a fixed number of
 * queries however many appointments it holds: the owner, the appointments, the children in them.
 */
import { sql } from 'kysely';
import type { Executor } from '../executor.js';

export interface FeedOwner {
  serviceId: string;
  userId: string;
  /** invited | active | disabled */
  userStatus: string;
  createdAt: string | null;
}

/** Whose feed a token's hash opens, with their account's status; undefined when no feed has it. */
export async function findFeedOwner(db: Executor, tokenHash: string): Promise<FeedOwner | undefined> {
  const row = await db
    .selectFrom('staff_profiles as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.service_id', 'p.user_id', 'u.status', 'p.feed_created_at'])
    .where('p.feed_token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { serviceId: row.service_id, userId: row.user_id, userStatus: row.status, createdAt: row.feed_created_at };
}

/** When the person's current feed in the service was made; null when they have none. */
export async function feedCreatedAt(db: Executor, serviceId: string, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('staff_profiles')
    .select(['feed_token_hash', 'feed_created_at'])
    .where('service_id', '=', serviceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.feed_token_hash == null ? null : row.feed_created_at;
}

/**
 * Gives the person's profile in the service this feed hash, replacing any earlier one (whose address stops working).
 * A person without a profile gets one, with the service's default working pattern. The profile's version guards its
 * team, base and working pattern, which a manager edits; the feed is the person's own and leaves it alone, so making
 * a feed never turns a manager's save into a stale-version conflict.
 */
export async function setFeedHash(
  db: Executor,
  feed: { serviceId: string; userId: string; tokenHash: string; defaultWorkingPattern: string },
  now: string,
): Promise<void> {
  await db
    .insertInto('staff_profiles')
    .values({
      service_id: feed.serviceId,
      user_id: feed.userId,
      team_id: null,
      base_location_id: null,
      working_pattern: feed.defaultWorkingPattern,
      feed_token_hash: feed.tokenHash,
      feed_created_at: now,
      updated_at: now,
      version: 1,
    })
    .onConflict((oc) =>
      oc.columns(['service_id', 'user_id']).doUpdateSet({
        feed_token_hash: feed.tokenHash,
        feed_created_at: now,
        updated_at: now,
      }),
    )
    .execute();
}

/** Removes the person's feed in the service; true when there was one. */
export async function clearFeedHash(db: Executor, serviceId: string, userId: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('staff_profiles')
    .set({ feed_token_hash: null, feed_created_at: null, updated_at: now })
    .where('service_id', '=', serviceId)
    .where('user_id', '=', userId)
    .where('feed_token_hash', 'is not', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export interface FeedAppointmentRow {
  id: string;
  reference: string;
  type: string;
  startsAt: string;
  endsAt: string;
  place: string;
  status: string;
  version: number;
  locationName: string | null;
  schoolPostcode: string | null;
  /** In the order the children were added; the first child's postcode is a home visit's. */
  children: { given: string; family: string; postcode: string }[];
}

/** Most appointments one feed holds: 30 weeks of a full diary is far fewer. */
export const FEED_MAX_APPOINTMENTS = 2000;

/**
 * The clinician's appointments in the service that start from `from` and before `to`: those booked, and those
 * cancelled since `cancelledSince` (so a calendar that read the feed before removes them). Two queries. Each child
 * comes back as the first letters of their names and their postcode: their names never leave the database.
 */
export async function appointmentsForFeed(
  db: Executor,
  q: { serviceId: string; userId: string; from: string; to: string; cancelledSince: string },
): Promise<FeedAppointmentRow[]> {
  const rows = await db
    .selectFrom('appointments as a')
    .innerJoin('appointment_staff as s', (j) =>
      j.onRef('s.appointment_id', '=', 'a.id').on('s.user_id', '=', q.userId).on('s.service_id', '=', q.serviceId),
    )
    .leftJoin('locations as l', 'l.id', 'a.location_id')
    .leftJoin('schools as sc', 'sc.urn', 'a.school_urn')
    .select([
      'a.id',
      'a.reference',
      'a.type',
      'a.starts_at',
      'a.ends_at',
      'a.place',
      'a.status',
      'a.version',
      'l.name as location_name',
      'sc.postcode as school_postcode',
    ])
    .where('a.service_id', '=', q.serviceId)
    .where('a.starts_at', '>=', q.from)
    .where('a.starts_at', '<', q.to)
    .where((eb) =>
      eb.or([
        eb('a.status', '=', 'booked'),
        eb.and([eb('a.status', '=', 'cancelled'), eb('a.cancelled_at', '>=', q.cancelledSince)]),
      ]),
    )
    .orderBy('a.starts_at')
    .orderBy('a.id')
    .limit(FEED_MAX_APPOINTMENTS)
    .execute();
  if (rows.length === 0) return [];

  const children = await db
    .selectFrom('appointment_children as ac')
    .innerJoin('episodes as e', 'e.id', 'ac.episode_id')
    .innerJoin('children as c', 'c.id', 'e.child_id')
    .innerJoin('appointment_staff as s', (j) =>
      j.onRef('s.appointment_id', '=', 'ac.appointment_id').on('s.user_id', '=', q.userId),
    )
    .innerJoin('appointments as a', 'a.id', 'ac.appointment_id')
    .select([
      'ac.appointment_id',
      sql<string>`substr(c.given_name, 1, 1)`.as('given'),
      sql<string>`substr(c.family_name, 1, 1)`.as('family'),
      'c.postcode',
    ])
    .where('ac.service_id', '=', q.serviceId)
    .where('c.service_id', '=', q.serviceId)
    .where('a.starts_at', '>=', q.from)
    .where('a.starts_at', '<', q.to)
    .orderBy('ac.appointment_id')
    .orderBy('e.accepted_at')
    .orderBy('e.id')
    .execute();
  const byAppointment = new Map<string, FeedAppointmentRow['children']>();
  for (const c of children) {
    const list = byAppointment.get(c.appointment_id) ?? [];
    list.push({ given: c.given, family: c.family, postcode: c.postcode });
    byAppointment.set(c.appointment_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    type: r.type,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    place: r.place,
    status: r.status,
    version: r.version,
    locationName: r.location_name,
    schoolPostcode: r.school_postcode,
    children: byAppointment.get(r.id) ?? [],
  }));
}
