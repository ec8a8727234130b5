/**
 * The tables of the clinical record (issue 14) as kysely sees them: so far the equipment issued to children and what
 * was recorded against it (migration 2026-12-05T09-00-00-equipment, docs/adr/0044), and contact notes with their
 * versions and addenda (migration 2026-12-05T10-00-00-contact-notes, docs/adr/0045). Dates are ISO dates, instants
 * ISO 8601 UTC strings, as in database.ts.
 */

export interface EquipmentIssuesTable {
  id: string;
  service_id: string;
  child_id: string;
  episode_id: string | null;
  item_code: string;
  /** The catalogue entry as issued: the catalogue may change later. */
  item_name: string;
  item_supplier: string;
  item_age_min_months: number | null;
  item_age_max_months: number | null;
  item_review_every_months: number;
  size_label: string | null;
  /** loan | keep */
  loan_or_keep: string;
  issued_on: string;
  fitted_by_user_id: string;
  first_review_on: string;
  /** The next review; null once there is none. */
  review_on: string | null;
  /** in-use | awaiting-return | finished | returned */
  status: string;
  notes: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface EquipmentEventsTable {
  id: string;
  service_id: string;
  issue_id: string;
  /** review | repair | return */
  kind: string;
  on_date: string;
  by_user_id: string;
  /** A review's outcome; null for a repair or a return. */
  outcome: string | null;
  /** A repair's note. */
  notes: string | null;
  /** A review's next review date, when set by hand. */
  next_review_on: string | null;
  /** The issue's version the event was recorded on. */
  issue_version: number;
  created_at: string;
}

/** Contact notes (migration 2026-12-05T10-00-00-contact-notes, docs/adr/0045): a signed row never changes. */
export interface ContactNotesTable {
  id: string;
  service_id: string;
  child_id: string;
  episode_id: string | null;
  author_user_id: string;
  /** assessment | therapy | school-visit | telephone | advice; null while a draft has none. */
  contact_type: string | null;
  contact_on: string | null;
  /** draft | signed */
  status: string;
  signed_at: string | null;
  signed_by: string | null;
  created_at: string;
  updated_at: string;
  /** The latest saved version of the text. */
  version: number;
}

/** Every saved text of a note, by version: never changed or removed. */
export interface ContactNoteVersionsTable {
  note_id: string;
  version: number;
  text: string;
  saved_at: string;
  saved_by: string;
}

/** A correction to a signed note, with its reason: never changed or removed. */
export interface ContactNoteAddendaTable {
  id: string;
  note_id: string;
  text: string;
  reason: string;
  author: string;
  created_at: string;
}
