/**
 * Appointments for the outcome and caseload tests, written through the appointments and episodes repositories as a
 * booking leaves them (the appointment with its staff and children; the episode open on the first clinician's
 * caseload). The booking use case refuses times in the past, and an outcome needs an appointment that has started, so
 * these tests place appointments directly at the times they need. The diary's busy time is not claimed: these tests
 * are not about clashes.
 */
import { randomUUID } from 'node:crypto';
import type { Dependencies } from '../../src/composition.js';
import { insertAppointment } from '../../src/data/care/appointments.repository.js';
import { findEpisode, findEpisodeOfReferral, updateEpisodeAtVersion } from '../../src/data/care/episodes.repository.js';
import { aReferral } from './factories.js';
import { LLR } from './test-app.js';

let counter = 0;

export interface PlacedAppointment {
  appointmentId: string;
  reference: string;
}

export interface AppointmentSpec {
  episodeIds: readonly string[];
  clinicianIds: readonly string[];
  startsAt: string;
  minutes?: number;
  type?: string;
  serviceId?: string;
}

/** An appointment for these children with these clinicians; the first clinician leads each child's episode. */
export async function placeAppointment(deps: Dependencies, spec: AppointmentSpec): Promise<PlacedAppointment> {
  const db = deps.database.db;
  const serviceId = spec.serviceId ?? LLR;
  const id = randomUUID();
  counter += 1;
  const reference = `OT-A-${String(900000 + counter)}-${id.slice(0, 4).toUpperCase()}`;
  const ends = new Date(Date.parse(spec.startsAt) + (spec.minutes ?? 45) * 60_000).toISOString();
  const now = deps.clock().toISOString();
  await insertAppointment(
    db,
    {
      id,
      serviceId,
      reference,
      type: spec.type ?? 'review',
      startsAt: new Date(spec.startsAt).toISOString(),
      endsAt: ends,
      place: 'clinic',
      locationId: null,
      roomId: null,
      schoolUrn: null,
      capacity: spec.episodeIds.length,
      seriesId: null,
      createdBy: spec.clinicianIds[0] ?? null,
      staffIds: spec.clinicianIds,
      episodeIds: spec.episodeIds,
    },
    now,
  );
  for (const episodeId of spec.episodeIds) {
    const episode = await findEpisode(db, serviceId, episodeId);
    if (episode === undefined) throw new Error(`No episode ${episodeId}`);
    if (episode.status === 'waiting') {
      const moved = await updateEpisodeAtVersion(
        db,
        serviceId,
        episodeId,
        episode.version,
        { status: 'open', leftListAt: now, leadClinicianId: spec.clinicianIds[0] ?? null },
        now,
      );
      if (!moved) throw new Error('The episode changed while placing the appointment');
    }
  }
  return { appointmentId: id, reference };
}

/** A child accepted through triage (so on the waiting list), and the id of their episode. */
export async function acceptedChild(
  deps: Dependencies,
  names: { given: string; family: string },
  accept: { pathway?: string; priority?: 'urgent' | 'soon' | 'routine' } = {},
  serviceId = LLR,
): Promise<{ episodeId: string; referralId: string }> {
  // The tests' second service (paediatric physiotherapy) knows other difficulties than LLR's.
  const difficulties = serviceId === LLR ? {} : { difficulties: ['movement'], conditions: ['cerebral-palsy'] };
  const referral = await aReferral({ childGivenName: names.given, childFamilyName: names.family, ...difficulties })
    .inService(serviceId)
    .accepted(accept)
    .create(deps);
  const episode = await findEpisodeOfReferral(deps.database.db, serviceId, referral.id);
  if (episode === undefined) throw new Error('Accepting the referral opened no episode');
  return { episodeId: episode.id, referralId: referral.id };
}
