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

/** Alerts on a child's record (migration 2026-12-06T09-00-00-record-access): ended, never removed. */
export interface ChildAlertsTable {
  id: string;
  service_id: string;
  child_id: string;
  /** safeguarding | sealed-address | access-needs | communication-needs */
  kind: string;
  detail: string;
  contact: string | null;
  created_by: string;
  created_at: string;
  ended_by: string | null;
  ended_at: string | null;
  end_reason: string | null;
}

/** Break-glass accesses to a child's record and the Caldicott guardian's reviews of them. */
export interface BreakGlassAccessesTable {
  id: string;
  service_id: string;
  child_id: string;
  user_id: string;
  reason: string;
  started_at: string;
  minutes: number;
  ends_at: string;
  reviewed_at: string | null;
  reviewed_by: string | null;
  /** appropriate | not-appropriate */
  review_outcome: string | null;
  review_note: string | null;
}

/** Goals agreed with the child and family (migration 2026-12-06T11-00-00-goals-outcomes), versioned. */
export interface GoalsTable {
  id: string;
  service_id: string;
  child_id: string;
  episode_id: string | null;
  text: string;
  /** self-care | productivity | leisure */
  occupation_area: string;
  /** gas | copm */
  measure: string;
  /** Who agreed it, space-separated: child parent-carer school. */
  agreed_with: string;
  set_on: string;
  review_on: string;
  /** active | achieved | discontinued */
  status: string;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  version: number;
}

/** A goal's ratings, only ever added: GAS level, or COPM performance and satisfaction. */
export interface GoalRatingsTable {
  id: string;
  goal_id: string;
  service_id: string;
  child_id: string;
  rated_on: string;
  /** set | review */
  kind: string;
  gas_level: number | null;
  copm_performance: number | null;
  copm_satisfaction: number | null;
  by_user_id: string;
  created_at: string;
}

/** Therapy Outcome Measures ratings, 0 to 5 in half points, only ever added. */
export interface TomsRatingsTable {
  id: string;
  service_id: string;
  child_id: string;
  episode_id: string | null;
  /** start | review | end */
  stage: string;
  scale: string;
  rated_on: string;
  impairment: number;
  activity: number;
  participation: number;
  wellbeing: number;
  carer_wellbeing: number | null;
  by_user_id: string;
  created_at: string;
}

/** Consent on the child's record (migration 2026-12-06T12-00-00-consent-discharge): kept for good, withdrawn by date. */
export interface ConsentsTable {
  id: string;
  service_id: string;
  child_id: string;
  episode_id: string | null;
  /** assessment-and-treatment | sharing */
  kind: string;
  /** For sharing: school | gp | social-care | education-authority | other; null otherwise. */
  agency_code: string | null;
  /** For sharing with another organisation: its name. */
  agency_name: string | null;
  /** parental-responsibility | competent-young-person */
  given_by: string;
  /** The person with parental responsibility who gave it; null for a young person. */
  given_by_name: string | null;
  relationship: string | null;
  /** A young person's competence: who judged, when, and how. */
  judged_by: string | null;
  judged_on: string | null;
  judgement_note: string | null;
  given_on: string;
  withdrawn_on: string | null;
  withdrawn_reason: string | null;
  withdrawn_by: string | null;
  recorded_by: string;
  recorded_at: string;
  updated_at: string;
  version: number;
}

/** A discharge from the service, with the dates it sets; never deleted. */
export interface DischargesTable {
  id: string;
  service_id: string;
  child_id: string;
  episode_id: string;
  reason_code: string;
  summary: string;
  discharged_on: string;
  re_referral_until: string;
  retention_review_on: string;
  /** 25 | 26 */
  retention_birthday: number;
  recorded_by: string;
  recorded_at: string;
}

/** A discharge summary letter; its PDF is in the file store under `stored_as`. */
export interface DischargeLettersTable {
  id: string;
  service_id: string;
  discharge_id: string;
  child_id: string;
  /** family | gp | school */
  recipient: string;
  recipient_name: string;
  /** email | print */
  channel: string;
  subject: string;
  content: string;
  html: string;
  stored_as: string;
  outbox_message_id: string | null;
  created_at: string;
  printed_at: string | null;
  printed_by: string | null;
}

/**
 * Standardised and functional assessments (migration 2026-12-06T10-00-00-assessments): the scores entered and the
 * values derived from them at save time, both as JSON text, so that a later rule change never alters a result.
 */
export interface AssessmentsTable {
  id: string;
  service_id: string;
  child_id: string;
  episode_id: string | null;
  /** mabc2 | beery-vmi | sensory-profile-2 | dcdq07 | functional */
  instrument: string;
  assessed_on: string;
  scores_json: string;
  derived_json: string;
  /** The timeline's one line, derived with the values. */
  summary: string;
  recorded_by: string;
  recorded_at: string;
  updated_by: string | null;
  updated_at: string;
  version: number;
}

/** Advice and strategies given to a child's family or school (migration 2026-12-06T13-00-00-advice). */
export interface AdviceGivenTable {
  id: string;
  service_id: string;
  child_id: string;
  episode_id: string | null;
  programme_code: string;
  programme_title: string;
  /** family | school */
  given_to: string;
  given_on: string;
  given_by: string;
  stored_as: string;
  created_at: string;
}
