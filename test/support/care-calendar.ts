/**
 * World state for the calendar feed's tests: clinics, a school, and appointments at the instants a test names (past
 * ones included, which booking refuses), written through the places and appointments repositories as a booking leaves
 * them; a cancellation through the appointments repository as the service's cancelling does. Busy time is not claimed:
 * these tests are about the feed, not clashes.
 */
import { randomUUID } from 'node:crypto';
import type { Dependencies } from '../../src/composition.js';
import { cancelAppointment, insertAppointment } from '../../src/data/care/appointments.repository.js';
import { insertLocation } from '../../src/data/care/places.repository.js';
import { LLR } from './test-app.js';

let counter = 0;

export async function aClinic(deps: Dependencies, name: string, serviceId = LLR): Promise<string> {
  const id = randomUUID();
  await insertLocation(
    deps.database.db,
    {
      id,
      serviceId,
      name,
      addressLine1: '1 Clinic Road',
      addressLine2: null,
      town: 'Leicester',
      postcode: 'LE5 0TA',
      isClinic: true,
    },
    deps.clock().toISOString(),
  );
  return id;
}

/** A school in the reference data, with its street and postcode. */
export async function aSchool(deps: Dependencies, urn: string, postcode: string): Promise<void> {
  const now = deps.clock().toISOString();
  await deps.database.db
    .insertInto('schools')
    .values({
      urn,
      name: `School ${urn}`,
      la_code: '856',
      la_name: 'Leicester',
      establishment_type: null,
      establishment_type_group: null,
      phase: 'Primary',
      status: 'open',
      open_date: null,
      close_date: null,
      statutory_low_age: 4,
      statutory_high_age: 11,
      street: 'Narborough Road',
      town: 'Leicester',
      postcode,
      first_seen_at: now,
      updated_at: now,
      source_file: 'test',
      missing_since: null,
    })
    .execute();
}

export interface FeedAppointmentSpec {
  clinicianIds: readonly string[];
  episodeIds: readonly string[];
  start: Date;
  minutes?: number;
  type?: string;
  place?: 'clinic' | 'home' | 'school';
  locationId?: string | null;
  schoolUrn?: string | null;
  serviceId?: string;
}

export async function anAppointment(
  deps: Dependencies,
  spec: FeedAppointmentSpec,
): Promise<{ id: string; reference: string }> {
  const id = randomUUID();
  counter += 1;
  const reference = `OT-A-${String(700000 + counter)}${id.slice(0, 3).toUpperCase()}`;
  await insertAppointment(
    deps.database.db,
    {
      id,
      serviceId: spec.serviceId ?? LLR,
      reference,
      type: spec.type ?? 'review',
      startsAt: spec.start.toISOString(),
      endsAt: new Date(spec.start.getTime() + (spec.minutes ?? 45) * 60_000).toISOString(),
      place: spec.place ?? 'clinic',
      locationId: spec.locationId ?? null,
      roomId: null,
      schoolUrn: spec.schoolUrn ?? null,
      capacity: Math.max(1, spec.episodeIds.length),
      seriesId: null,
      createdBy: spec.clinicianIds[0] ?? null,
      staffIds: spec.clinicianIds,
      episodeIds: spec.episodeIds,
    },
    deps.clock().toISOString(),
  );
  return { id, reference };
}

export async function cancelled(deps: Dependencies, appointmentId: string, serviceId = LLR): Promise<void> {
  const done = await cancelAppointment(
    deps.database.db,
    {
      serviceId,
      appointmentId,
      expectedVersion: 1,
      by: 'service',
      reason: 'Clinician unwell',
      outcome: 'cancelled-by-service',
      actorUserId: null,
    },
    deps.clock().toISOString(),
  );
  if (!done) throw new Error('The appointment could not be cancelled');
}
