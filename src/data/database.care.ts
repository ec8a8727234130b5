/**
 * The tables of the care after acceptance (issue 13; migration 2026-12-04T09-00-00-care, docs/adr/0036), as kysely
 * sees them. Instants are ISO 8601 UTC strings, dates ISO dates, as in database.ts.
 */

export interface TeamsTable {
  id: string;
  service_id: string;
  name: string;
  created_at: string;
}

export interface LocationsTable {
  id: string;
  service_id: string;
  name: string;
  address_line_1: string;
  address_line_2: string | null;
  town: string;
  postcode: string;
  /** 0 or 1: a clinic where children are seen. */
  is_clinic: number;
  created_at: string;
}

export interface RoomsTable {
  id: string;
  service_id: string;
  location_id: string;
  name: string;
  capacity: number;
  created_at: string;
}

export interface StaffProfilesTable {
  service_id: string;
  user_id: string;
  team_id: string | null;
  base_location_id: string | null;
  /** JSON WorkingPattern (src/domain/service/care-settings.ts). */
  working_pattern: string;
  feed_token_hash: string | null;
  feed_created_at: string | null;
  updated_at: string;
  version: number;
}

export interface EpisodesTable {
  id: string;
  service_id: string;
  child_id: string;
  referral_id: string;
  pathway: string;
  priority: string;
  setting: string;
  /** waiting | open | closed */
  status: string;
  /** ISO date the wait counts from (received, moved on by the days triage was paused). */
  wait_from: string;
  accepted_at: string;
  left_list_at: string | null;
  lead_clinician_id: string | null;
  next_contact_on: string | null;
  unanswered_contacts: number;
  closed_at: string | null;
  closed_reason: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface TasksTable {
  id: string;
  service_id: string;
  kind: string;
  episode_id: string | null;
  appointment_id: string | null;
  assigned_user_id: string | null;
  assigned_role: string | null;
  due_on: string | null;
  /** JSON */
  detail: string;
  /** open | done */
  status: string;
  created_at: string;
  created_by: string | null;
  done_at: string | null;
  done_by: string | null;
  resolution: string | null;
  version: number;
}

export interface AppointmentsTable {
  id: string;
  service_id: string;
  reference: string;
  type: string;
  starts_at: string;
  ends_at: string;
  /** clinic | home | school */
  place: string;
  location_id: string | null;
  room_id: string | null;
  school_urn: string | null;
  capacity: number;
  series_id: string | null;
  /** booked | cancelled */
  status: string;
  cancelled_by: string | null;
  cancelled_reason: string | null;
  cancelled_at: string | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  version: number;
}

export interface AppointmentChildrenTable {
  appointment_id: string;
  episode_id: string;
  service_id: string;
  outcome: string | null;
  outcome_note: string | null;
  outcome_at: string | null;
  outcome_by: string | null;
  late_cancellation: number;
  family_reply: string | null;
  family_reply_at: string | null;
}

export interface AppointmentStaffTable {
  appointment_id: string;
  user_id: string;
  service_id: string;
}

export interface DiaryBlocksTable {
  id: string;
  service_id: string;
  user_id: string | null;
  room_id: string | null;
  /** admin | training | leave | meeting | room-closed */
  kind: string;
  starts_at: string;
  ends_at: string;
  note: string | null;
  created_at: string;
  created_by: string | null;
}

/** Busy time per resource ("user:<id>", "room:<id>"); the database refuses two rows of one resource that overlap. */
export interface DiaryBusyTable {
  id: string;
  service_id: string;
  resource: string;
  start_ms: number;
  end_ms: number;
  appointment_id: string | null;
  block_id: string | null;
}

export interface FamilyLinksTable {
  id: string;
  service_id: string;
  /** waiting-well | appointment */
  purpose: string;
  episode_id: string;
  appointment_id: string | null;
  token_hash: string | null;
  created_at: string;
  minted_at: string | null;
  expires_at: string;
  used_at: string | null;
  answer: string | null;
  answer_text: string | null;
}
