/**
 * Appointments for the family-notice tests (docs/adr/0040), written as a booking leaves them (the appointment with its
 * staff and children, a clinic location), then told to the notices port exactly as the booking use case tells it,
 * inside the same transaction. Written here rather than through the booking use case so that these tests can place
 * an appointment at any time (a reminder's day, across a clock change) without depending on free slots.
 */
import { randomUUID } from 'node:crypto';
import type { Dependencies } from '../../src/composition.js';
import { findEpisodeOfReferral } from '../../src/data/care/episodes.repository.js';
import type { RequestContext } from '../../src/services/shared/context.js';
import { aReferral } from './factories.js';
import type { ReferralCase } from './referral.js';
import { LLR } from './test-app.js';

let counter = 0;

export function bookerContext(serviceId = LLR): RequestContext {
  return {
    serviceId,
    actorUserId: null,
    actorRoles: ['admin-officer'],
    ip: null,
    correlationId: `care-appointments-${randomUUID()}`,
    recorded: new Set(),
  };
}

/** A clinic location of the service. */
export async function aClinic(deps: Dependencies, name = 'Bridge Park Clinic', serviceId = LLR): Promise<string> {
  const id = randomUUID();
  await deps.database.db
    .insertInto('locations')
    .values({
      id,
      service_id: serviceId,
      name,
      address_line_1: '1 Bridge Park Road',
      address_line_2: null,
      town: 'Leicester',
      postcode: 'LE4 8BL',
      is_clinic: 1,
      created_at: deps.clock().toISOString(),
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const found = await deps.database.db
    .selectFrom('locations')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return found.id;
}

/** A child on the waiting list (an accepted referral): its episode id. */
export async function aChildWaiting(
  deps: Dependencies,
  c: Partial<ReferralCase> = {},
  serviceId = LLR,
): Promise<{ episodeId: string; referralId: string; reference: string }> {
  const made = await aReferral(c).inService(serviceId).accepted().create(deps);
  const episode = await findEpisodeOfReferral(deps.database.db, serviceId, made.id);
  if (episode === undefined) throw new Error('Accepting the referral opened no episode');
  return { episodeId: episode.id, referralId: made.id, reference: made.reference };
}

export interface Placed {
  appointmentId: string;
}

export interface PlaceSpec {
  episodeId: string;
  clinicianId: string;
  startsAt: string;
  minutes?: number;
  type?: string;
  place?: 'clinic' | 'home' | 'school';
  locationId?: string | null;
  schoolUrn?: string | null;
  serviceId?: string;
  seriesId?: string | null;
}

/** Writes one appointment as booking does (without its busy time: these tests are not about clashes). */
export async function placeAppointment(deps: Dependencies, spec: PlaceSpec): Promise<Placed> {
  const db = deps.database.db;
  const serviceId = spec.serviceId ?? LLR;
  const id = randomUUID();
  counter += 1;
  const now = deps.clock().toISOString();
  await db
    .insertInto('appointments')
    .values({
      id,
      service_id: serviceId,
      reference: `OT-N-${String(700000 + counter)}-${id.slice(0, 4).toUpperCase()}`,
      type: spec.type ?? 'initial-assessment',
      starts_at: spec.startsAt,
      ends_at: new Date(Date.parse(spec.startsAt) + (spec.minutes ?? 60) * 60_000).toISOString(),
      place: spec.place ?? 'clinic',
      location_id: spec.locationId ?? null,
      room_id: null,
      school_urn: spec.schoolUrn ?? null,
      capacity: 1,
      series_id: spec.seriesId ?? null,
      status: 'booked',
      cancelled_by: null,
      cancelled_reason: null,
      cancelled_at: null,
      created_at: now,
      created_by: null,
      updated_at: now,
      version: 1,
    })
    .execute();
  await db
    .insertInto('appointment_staff')
    .values({ appointment_id: id, user_id: spec.clinicianId, service_id: serviceId })
    .execute();
  await db
    .insertInto('appointment_children')
    .values({
      appointment_id: id,
      episode_id: spec.episodeId,
      service_id: serviceId,
      outcome: null,
      outcome_note: null,
      outcome_at: null,
      outcome_by: null,
      late_cancellation: 0,
      family_reply: null,
      family_reply_at: null,
    })
    .execute();
  return { appointmentId: id };
}

/** Books appointments for one child and tells the family, in one transaction, as the booking use case does. */
export async function bookAndTell(deps: Dependencies, specs: readonly PlaceSpec[]): Promise<string[]> {
  const ids: string[] = [];
  for (const spec of specs) ids.push((await placeAppointment(deps, spec)).appointmentId);
  const serviceId = specs[0]?.serviceId ?? LLR;
  await deps.database.db.transaction().execute(async (trx) => {
    await deps.appointmentNotices.booked(
      trx,
      bookerContext(serviceId),
      serviceId,
      specs.map((s, i) => ({ appointmentId: ids[i] ?? '', episodeId: s.episodeId })),
    );
  });
  return ids;
}

/** The service cancels: the appointment is marked cancelled and the family told, in one transaction. */
export async function cancelAndTell(
  deps: Dependencies,
  booking: { appointmentId: string; episodeId: string },
  reason: string,
  serviceId = LLR,
): Promise<void> {
  const now = deps.clock().toISOString();
  await deps.database.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('appointments')
      .set({ status: 'cancelled', cancelled_by: 'service', cancelled_reason: reason, cancelled_at: now })
      .where('id', '=', booking.appointmentId)
      .execute();
    await deps.appointmentNotices.cancelledByService(trx, bookerContext(serviceId), serviceId, booking, reason);
  });
}
