/**
 * The tables of statutory EHCP health advice (issue 15, migration 2026-12-07T09-00-00-ehcp, docs/adr/0048) as kysely
 * sees them. Dates are ISO dates, instants ISO 8601 UTC strings, as in database.ts.
 */

export interface EhcpRequestsTable {
  id: string;
  service_id: string;
  child_id: string;
  /** needs-assessment | annual-review */
  kind: string;
  la_code: string;
  la_name: string;
  la_reference: string;
  la_contact_name: string;
  la_contact_email: string | null;
  la_contact_telephone: string | null;
  /** The instant the request arrived, when known. */
  received_at: string | null;
  /** The London date the request arrived (not the date it was entered). */
  received_on: string;
  /** Received plus 42 days for a needs assessment; the authority's date for an annual review. Never moved. */
  due_on: string;
  questions: string | null;
  /** src/domain/referrals/child-match.ts's MatchState */
  child_match: string;
  /** 0 or 1: the authority's process expects a copy to the family. */
  family_copy: number;
  assigned_clinician_id: string | null;
  /** open | answered | withdrawn */
  status: string;
  /** The date the advice was sent: the date it was given. */
  answered_on: string | null;
  withdrawn_reason: string | null;
  escalated_at: string | null;
  logged_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface EhcpRequestDocumentsTable {
  id: string;
  service_id: string;
  request_id: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  stored_as: string;
  uploaded_by: string;
  created_at: string;
}

export interface EhcpExceptionsTable {
  id: string;
  service_id: string;
  request_id: string;
  /** personal-circumstances | away-from-area | missed-appointment */
  kind: string;
  starts_on: string;
  ends_on: string | null;
  evidence: string;
  appointment_id: string | null;
  recorded_by: string;
  created_at: string;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface EhcpAdviceTable {
  id: string;
  service_id: string;
  request_id: string;
  child_id: string;
  author_id: string;
  /** draft | in-review | signed */
  status: string;
  /** JSON: the template's sections (src/domain/ehcp/advice.ts). */
  content: string;
  reused_from_advice_id: string | null;
  /** JSON: who agreed to re-use earlier advice (regulation 6(4)), and when. */
  reuse_agreement: string | null;
  reviewer_id: string | null;
  review_requested_at: string | null;
  reviewed_at: string | null;
  /** approved | changes-requested */
  review_outcome: string | null;
  review_comment: string | null;
  signed_by: string | null;
  signed_at: string | null;
  /** The signed PDF in the file store. */
  stored_as: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface EhcpAdviceAddendaTable {
  id: string;
  service_id: string;
  advice_id: string;
  text: string;
  reason: string;
  added_by: string;
  created_at: string;
}

export interface EhcpDeliveriesTable {
  id: string;
  service_id: string;
  request_id: string;
  advice_id: string;
  /** authority | family */
  recipient: string;
  /** email | post */
  method: string;
  to_name: string;
  to_email: string | null;
  outbox_message_id: string | null;
  printed_at: string | null;
  /** For post to the authority: its address as typed on the send form (JSON: lines and postcode). Migration 09-50. */
  to_address: string | null;
  sent_on: string;
  sent_by: string;
  created_at: string;
}
