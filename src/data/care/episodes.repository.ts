/**
 * Episodes of care: opened when a referral is accepted (the child joins the waiting list), moved onto a caseload when
 * the first appointment is booked, closed by a person. Every change names the version it read.
 */
import type { Executor } from '../executor.js';

export interface NewEpisode {
  id: string;
  serviceId: string;
  childId: string;
  referralId: string;
  pathway: string;
  priority: string;
  setting: string;
  waitFrom: string;
  acceptedAt: string;
  nextContactOn: string | null;
}

export async function insertEpisode(db: Executor, e: NewEpisode): Promise<void> {
  await db
    .insertInto('episodes')
    .values({
      id: e.id,
      service_id: e.serviceId,
      child_id: e.childId,
      referral_id: e.referralId,
      pathway: e.pathway,
      priority: e.priority,
      setting: e.setting,
      status: 'waiting',
      wait_from: e.waitFrom,
      accepted_at: e.acceptedAt,
      left_list_at: null,
      lead_clinician_id: null,
      next_contact_on: e.nextContactOn,
      unanswered_contacts: 0,
      closed_at: null,
      closed_reason: null,
      created_at: e.acceptedAt,
      updated_at: e.acceptedAt,
      version: 1,
    })
    .execute();
}

export interface EpisodeRecord {
  id: string;
  serviceId: string;
  childId: string;
  referralId: string;
  pathway: string;
  priority: string;
  setting: string;
  status: string;
  waitFrom: string;
  acceptedAt: string;
  leftListAt: string | null;
  leadClinicianId: string | null;
  nextContactOn: string | null;
  unansweredContacts: number;
  closedAt: string | null;
  closedReason: string | null;
  version: number;
}

export async function findEpisode(
  db: Executor,
  serviceId: string,
  episodeId: string,
): Promise<EpisodeRecord | undefined> {
  const row = await db
    .selectFrom('episodes')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('id', '=', episodeId)
    .executeTakeFirst();
  return row === undefined ? undefined : toEpisode(row);
}

export async function findEpisodeOfReferral(
  db: Executor,
  serviceId: string,
  referralId: string,
): Promise<EpisodeRecord | undefined> {
  const row = await db
    .selectFrom('episodes')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('referral_id', '=', referralId)
    .executeTakeFirst();
  return row === undefined ? undefined : toEpisode(row);
}

export interface EpisodeChanges {
  status?: 'waiting' | 'open' | 'closed';
  leftListAt?: string | null;
  leadClinicianId?: string | null;
  nextContactOn?: string | null;
  unansweredContacts?: number;
  closedAt?: string | null;
  closedReason?: string | null;
}

/** Applies the changes if the episode is still at `expectedVersion`; false when someone else changed it first. */
export async function updateEpisodeAtVersion(
  db: Executor,
  serviceId: string,
  episodeId: string,
  expectedVersion: number,
  changes: EpisodeChanges,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('episodes')
    .set({
      ...(changes.status !== undefined && { status: changes.status }),
      ...(changes.leftListAt !== undefined && { left_list_at: changes.leftListAt }),
      ...(changes.leadClinicianId !== undefined && { lead_clinician_id: changes.leadClinicianId }),
      ...(changes.nextContactOn !== undefined && { next_contact_on: changes.nextContactOn }),
      ...(changes.unansweredContacts !== undefined && { unanswered_contacts: changes.unansweredContacts }),
      ...(changes.closedAt !== undefined && { closed_at: changes.closedAt }),
      ...(changes.closedReason !== undefined && { closed_reason: changes.closedReason }),
      updated_at: now,
      version: expectedVersion + 1,
    })
    .where('service_id', '=', serviceId)
    .where('id', '=', episodeId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

type EpisodeRow = {
  id: string;
  service_id: string;
  child_id: string;
  referral_id: string;
  pathway: string;
  priority: string;
  setting: string;
  status: string;
  wait_from: string;
  accepted_at: string;
  left_list_at: string | null;
  lead_clinician_id: string | null;
  next_contact_on: string | null;
  unanswered_contacts: number;
  closed_at: string | null;
  closed_reason: string | null;
  version: number;
};

function toEpisode(r: EpisodeRow): EpisodeRecord {
  return {
    id: r.id,
    serviceId: r.service_id,
    childId: r.child_id,
    referralId: r.referral_id,
    pathway: r.pathway,
    priority: r.priority,
    setting: r.setting,
    status: r.status,
    waitFrom: r.wait_from,
    acceptedAt: r.accepted_at,
    leftListAt: r.left_list_at,
    leadClinicianId: r.lead_clinician_id,
    nextContactOn: r.next_contact_on,
    unansweredContacts: r.unanswered_contacts,
    closedAt: r.closed_at,
    closedReason: r.closed_reason,
    version: r.version,
  };
}
