/**
 * The child's record page (issue 14 item 1): the child with their GP practice, school and the people with parental
 * responsibility (from the latest referral's answers); their episodes; and their upcoming appointments, in a fixed
 * number of indexed queries however long the history. The timeline of what was recorded about them is
 * timeline.repository.ts's.
 */
import type { Executor } from '../executor.js';

export interface RecordHeader {
  id: string;
  nhsNumber: string | null;
  givenName: string;
  familyName: string;
  knownAs: string | null;
  dateOfBirth: string;
  sex: string;
  addressLines: string[];
  postcode: string;
  gp: { code: string | null; name: string | null; typed: string | null };
  school: { urn: string | null; name: string | null; typed: string | null };
  language: string | null;
  interpreterNeeded: boolean;
  accessNeeds: string | null;
  /** The latest referral's answers (JSON text), for the people with parental responsibility. */
  latestAnswers: string | null;
}

export async function recordHeader(
  db: Executor,
  serviceId: string,
  childId: string,
): Promise<RecordHeader | undefined> {
  const r = await db
    .selectFrom('children as c')
    .leftJoin('gp_practices as g', 'g.code', 'c.gp_practice_code')
    .leftJoin('schools as s', 's.urn', 'c.school_urn')
    .select((eb) => [
      'c.id',
      'c.nhs_number',
      'c.given_name',
      'c.family_name',
      'c.known_as',
      'c.date_of_birth',
      'c.sex',
      'c.address_line_1',
      'c.address_line_2',
      'c.town',
      'c.postcode',
      'c.gp_practice_code',
      'c.gp_practice_typed',
      'g.name as gp_name',
      'c.school_urn',
      'c.school_typed',
      's.name as school_name',
      'c.language',
      'c.interpreter_needed',
      'c.access_needs',
      eb
        .selectFrom('referrals as r')
        .select('r.answers')
        .whereRef('r.child_id', '=', 'c.id')
        .where('r.service_id', '=', serviceId)
        .orderBy('r.received_at', 'desc')
        .orderBy('r.id', 'desc')
        .limit(1)
        .as('latest_answers'),
    ])
    .where('c.service_id', '=', serviceId)
    .where('c.id', '=', childId)
    .executeTakeFirst();
  if (r === undefined) return undefined;
  return {
    id: r.id,
    nhsNumber: r.nhs_number,
    givenName: r.given_name,
    familyName: r.family_name,
    knownAs: r.known_as,
    dateOfBirth: r.date_of_birth,
    sex: r.sex,
    addressLines: [r.address_line_1, r.address_line_2, r.town].filter((l): l is string => l !== null && l !== ''),
    postcode: r.postcode,
    gp: { code: r.gp_practice_code, name: r.gp_name ?? null, typed: r.gp_practice_typed },
    school: { urn: r.school_urn, name: r.school_name ?? null, typed: r.school_typed },
    language: r.language,
    interpreterNeeded: r.interpreter_needed === 1,
    accessNeeds: r.access_needs,
    latestAnswers: r.latest_answers ?? null,
  };
}

export interface ChildEpisode {
  id: string;
  reference: string;
  status: string;
  pathway: string;
  priority: string;
  acceptedAt: string;
  closedAt: string | null;
  closedReason: string | null;
  leadClinicianName: string | null;
}

/** Every episode of the child, the most recent first. */
export async function episodesOfChild(db: Executor, serviceId: string, childId: string): Promise<ChildEpisode[]> {
  const rows = await db
    .selectFrom('episodes as e')
    .innerJoin('referrals as r', 'r.id', 'e.referral_id')
    .leftJoin('users as u', 'u.id', 'e.lead_clinician_id')
    .select([
      'e.id',
      'r.reference',
      'e.status',
      'e.pathway',
      'e.priority',
      'e.accepted_at',
      'e.closed_at',
      'e.closed_reason',
      'u.display_name',
    ])
    .where('e.service_id', '=', serviceId)
    .where('e.child_id', '=', childId)
    .orderBy('e.accepted_at', 'desc')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    status: r.status,
    pathway: r.pathway,
    priority: r.priority,
    acceptedAt: r.accepted_at,
    closedAt: r.closed_at,
    closedReason: r.closed_reason,
    leadClinicianName: r.display_name ?? null,
  }));
}

export interface UpcomingAppointment {
  id: string;
  reference: string;
  type: string;
  startsAt: string;
  endsAt: string;
  place: string;
  locationName: string | null;
  /** The clinicians, joined with ", ". */
  staffNames: string | null;
}

/** The child's booked appointments not yet over, soonest first, up to `limit`. */
export async function upcomingAppointmentsOfChild(
  db: Executor,
  serviceId: string,
  childId: string,
  now: string,
  limit: number,
): Promise<UpcomingAppointment[]> {
  const rows = await db
    .selectFrom('appointment_children as ac')
    .innerJoin('episodes as e', 'e.id', 'ac.episode_id')
    .innerJoin('appointments as a', 'a.id', 'ac.appointment_id')
    .leftJoin('locations as l', 'l.id', 'a.location_id')
    .select(['a.id', 'a.reference', 'a.type', 'a.starts_at', 'a.ends_at', 'a.place', 'l.name as location_name'])
    .where('ac.service_id', '=', serviceId)
    .where('e.service_id', '=', serviceId)
    .where('e.child_id', '=', childId)
    .where('a.status', '=', 'booked')
    .where('a.ends_at', '>', now)
    .orderBy('a.starts_at')
    .orderBy('a.id')
    .limit(limit)
    .execute();
  // Their clinicians in one more query (at most `limit` appointments).
  const staff =
    rows.length === 0
      ? []
      : await db
          .selectFrom('appointment_staff as s')
          .innerJoin('users as u', 'u.id', 's.user_id')
          .select(['s.appointment_id', 'u.display_name'])
          .where('s.service_id', '=', serviceId)
          .where(
            's.appointment_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('u.display_name')
          .execute();
  const namesOf = (id: string) =>
    staff
      .filter((s) => s.appointment_id === id)
      .map((s) => s.display_name)
      .join(', ');
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    type: r.type,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    place: r.place,
    locationName: r.location_name ?? null,
    staffNames: namesOf(r.id) || null,
  }));
}
