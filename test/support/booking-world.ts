/**
 * The world the booking tests need: clinicians, a clinic with rooms, children on the waiting list (accepted through
 * triage by the factory), a known school, and a clinician's request context. Clinics and rooms are written as rows
 * until the places use cases settle (the test is about booking, not setting places up); diary blocks are claimed as
 * the diary does, through the busy-time repository.
 */
import { randomUUID } from 'node:crypto';
import type { Dependencies } from '../../src/composition.js';
import { claimBusy, userResource } from '../../src/data/care/diary-busy.repository.js';
import { findEpisodeOfReferral } from '../../src/data/care/episodes.repository.js';
import type { Role } from '../../src/domain/access/roles.js';
import type { RequestContext } from '../../src/services/shared/context.js';
import { aStaffMember, type CreatedStaff } from './builders.js';
import { aReferral } from './factories.js';
import { LLR } from './test-app.js';

export function staffContext(user: { id: string }, roles: Role[] = ['clinician'], serviceId = LLR): RequestContext {
  return {
    serviceId,
    actorUserId: user.id,
    actorRoles: roles,
    ip: null,
    correlationId: `booking-${randomUUID()}`,
    recorded: new Set(),
  };
}

export async function aClinician(deps: Dependencies, name = 'Priya Natarajan'): Promise<CreatedStaff> {
  return aStaffMember().called(name).withRoles('clinician').create(deps);
}

/** A clinic location with rooms; returns the rooms' ids in order. */
export async function aClinic(deps: Dependencies, rooms = 2, serviceId = LLR): Promise<string[]> {
  const db = deps.database.db;
  const now = deps.clock().toISOString();
  const locationId = randomUUID();
  await db
    .insertInto('locations')
    .values({
      id: locationId,
      service_id: serviceId,
      name: `Clinic ${locationId.slice(0, 6)}`,
      address_line_1: '1 Clinic Road',
      address_line_2: null,
      town: 'Leicester',
      postcode: 'LE1 7RH',
      is_clinic: 1,
      created_at: now,
    })
    .execute();
  const ids: string[] = [];
  for (let i = 0; i < rooms; i += 1) {
    const id = randomUUID();
    await db
      .insertInto('rooms')
      .values({
        id,
        service_id: serviceId,
        location_id: locationId,
        name: `Room ${String(i + 1)}`,
        capacity: 8,
        created_at: now,
      })
      .execute();
    ids.push(id);
  }
  return ids;
}

/** A child accepted through triage, so on the waiting list: their episode's id and the referral's reference. */
export async function aWaitingChild(
  deps: Dependencies,
  serviceId = LLR,
): Promise<{ episodeId: string; reference: string; referralId: string }> {
  const referral = await aReferral().inService(serviceId).accepted().create(deps);
  const episode = await findEpisodeOfReferral(deps.database.db, serviceId, referral.id);
  if (episode === undefined) throw new Error('Accepting the referral opened no episode');
  return { episodeId: episode.id, reference: referral.reference, referralId: referral.id };
}

/** Gives the episode's child a school that the reference data knows. */
export async function atAKnownSchool(deps: Dependencies, episodeId: string, urn = '990001'): Promise<void> {
  const db = deps.database.db;
  const now = deps.clock().toISOString();
  const known = await db.selectFrom('schools').select('urn').where('urn', '=', urn).executeTakeFirst();
  if (known === undefined) {
    await db
      .insertInto('schools')
      .values({
        urn,
        name: 'Braunstone Primary School',
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
        street: '2 School Lane',
        town: 'Leicester',
        postcode: 'LE3 1AA',
        first_seen_at: now,
        updated_at: now,
        source_file: 'test',
        missing_since: null,
      })
      .execute();
  }
  const episode = await db
    .selectFrom('episodes')
    .select('child_id')
    .where('id', '=', episodeId)
    .executeTakeFirstOrThrow();
  await db.updateTable('children').set({ school_urn: urn }).where('id', '=', episode.child_id).execute();
}

/** Non-clinical time in a clinician's diary (leave, training), claimed as the diary claims it. */
export async function aDiaryBlock(
  deps: Dependencies,
  userId: string,
  startsAt: string,
  endsAt: string,
  serviceId = LLR,
): Promise<string> {
  const db = deps.database.db;
  const id = randomUUID();
  await db
    .insertInto('diary_blocks')
    .values({
      id,
      service_id: serviceId,
      user_id: userId,
      room_id: null,
      kind: 'training',
      starts_at: startsAt,
      ends_at: endsAt,
      note: null,
      created_at: deps.clock().toISOString(),
      created_by: userId,
    })
    .execute();
  await claimBusy(db, serviceId, [
    {
      resource: userResource(userId),
      startMs: new Date(startsAt).getTime(),
      endMs: new Date(endsAt).getTime(),
      blockId: id,
    },
  ]);
  return id;
}
