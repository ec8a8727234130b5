/**
 * The tables as kysely sees them. Instants are ISO 8601 strings in UTC (`2026-11-27T09:30:00.000Z`) on both
 * databases, so they compare and sort the same way everywhere (see docs/adr/0004).
 */
import type { Generated, Insertable, Selectable } from 'kysely';
import type {
  AppointmentChildrenTable,
  AppointmentStaffTable,
  AppointmentsTable,
  DiaryBlocksTable,
  DiaryBusyTable,
  EpisodesTable,
  FamilyLinksTable,
  LocationsTable,
  RoomsTable,
  StaffProfilesTable,
  TasksTable,
  TeamsTable,
} from './database.care.js';
import type {
  ContactNoteAddendaTable,
  ContactNotesTable,
  ContactNoteVersionsTable,
  EquipmentEventsTable,
  EquipmentIssuesTable,
  AssessmentsTable,
  GoalRatingsTable,
  GoalsTable,
  TomsRatingsTable,
  ConsentsTable,
  DischargesTable,
  DischargeLettersTable,
  ChildAlertsTable,
  BreakGlassAccessesTable,
  AdviceGivenTable,
} from './database.record.js';
import type {
  EhcpAdviceAddendaTable,
  EhcpAdviceTable,
  EhcpDeliveriesTable,
  EhcpExceptionsTable,
  EhcpRequestDocumentsTable,
  EhcpRequestsTable,
} from './database.ehcp.js';

export interface ServicesTable {
  id: string;
  name: string;
  organisation_name: string;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  /** invited | active | disabled */
  status: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface UserRolesTable {
  service_id: string;
  user_id: string;
  role: string;
  granted_at: string;
  granted_by: string | null;
}

export interface AccountTokensTable {
  token_hash: string;
  /** first-admin | invite */
  purpose: string;
  user_id: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A person's TOTP secret, encrypted; `enrolled_at` null until set-up is confirmed (docs/adr/0032). */
export interface StaffTwoFactorTable {
  user_id: string;
  secret_enc: string;
  created_at: string;
  enrolled_at: string | null;
  last_step: number | null;
}

export interface StaffRecoveryCodesTable {
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

/** A password accepted for an anonymous session, the second factor still to come (docs/adr/0032). */
export interface SignInChallengesTable {
  session_hash: string;
  user_id: string;
  return_to: string | null;
  created_at: string;
  expires_at: string;
}

export interface PasswordResetTokensTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string | null;
  service_id: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface SignInThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
}

/** A sliding window's count for one key and one fixed window (docs/adr/0031). Instants in epoch milliseconds. */
export interface RateLimitCountersTable {
  key: string;
  window_start: number;
  hits: number;
  expires_at: number;
}

/** One scheduled job's lease and schedule, shared by every server (docs/adr/0031). Instants in epoch milliseconds. */
export interface JobLeasesTable {
  name: string;
  next_run_at: number;
  holder: string | null;
  leased_until: number | null;
  runs: Generated<number>;
  last_started_at: number | null;
  last_finished_at: number | null;
  last_outcome: string | null;
}

/** An account's identity at an OpenID provider: its issuer and `sub` (docs/adr/0033). */
export interface UserIdentitiesTable {
  issuer: string;
  subject: string;
  user_id: string;
  linked_by_claim: string;
  created_at: string;
  last_used_at: string;
}

/** What one OpenID Connect sign-in started with, until its callback takes it (docs/adr/0033). */
export interface OidcSignInAttemptsTable {
  state_hash: string;
  session_id_hash: string;
  nonce: string;
  code_verifier: string;
  return_to: string | null;
  created_at: string;
  expires_at: string;
}

export interface AuditEventsTable {
  id: Generated<number>;
  chain: string;
  service_id: string | null;
  occurred_at: string;
  actor_user_id: string | null;
  actor_roles: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  ip: string | null;
  correlation_id: string | null;
  outcome: string;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditChainHeadsTable {
  chain: string;
  last_hash: string;
  last_id: number;
}

export interface ReferenceImportsTable {
  id: string;
  /** practices | schools */
  kind: string;
  file_name: string;
  sha256: string;
  started_at: string;
  finished_at: string | null;
  total: number | null;
  added: number | null;
  updated: number | null;
  unchanged: number | null;
  closed: number | null;
  missing: number | null;
  /** file (an operator's import) | snapshot (the shipped copy, imported on first start) */
  source: Generated<string>;
  /** The publisher's date of the data (ISO date), when known. */
  data_date: string | null;
}

/** The current state of each organisation in NHS ODS epraccur (docs/adr/0012). */
export interface GpPracticesTable {
  code: string;
  name: string;
  national_grouping: string | null;
  icb_code: string | null;
  sub_icb_code: string | null;
  address_1: string | null;
  address_2: string | null;
  address_3: string | null;
  address_4: string | null;
  address_5: string | null;
  town: string | null;
  postcode: string | null;
  /** A | C | D | P */
  status: string;
  open_date: string | null;
  close_date: string | null;
  telephone: string | null;
  prescribing_setting: number;
  first_seen_at: string;
  updated_at: string;
  source_file: string;
  /** When an import first found the practice absent from its file; null while the latest file lists it. */
  missing_since: string | null;
}

export interface ReferenceHistoryColumns {
  id: Generated<number>;
  import_id: string;
  changed_at: string;
  /** updated | closed | missing | returned */
  change: string;
  /** JSON: { column: { from, to } } for each column that changed. */
  changes: string;
}

export interface GpPracticeHistoryTable extends ReferenceHistoryColumns {
  code: string;
}

/** The current state of each establishment in DfE GIAS (docs/adr/0012). */
export interface SchoolsTable {
  urn: string;
  name: string;
  la_code: string;
  la_name: string | null;
  establishment_type: string | null;
  establishment_type_group: string | null;
  phase: string | null;
  /** open | closed | open-proposed-to-close | proposed-to-open */
  status: string;
  open_date: string | null;
  close_date: string | null;
  statutory_low_age: number | null;
  statutory_high_age: number | null;
  street: string | null;
  town: string | null;
  postcode: string | null;
  first_seen_at: string;
  updated_at: string;
  source_file: string;
  missing_since: string | null;
}

export interface SchoolHistoryTable extends ReferenceHistoryColumns {
  urn: string;
}

/** A message to send, written in the business transaction and sent later by the dispatcher (docs/adr/0014). */
export interface OutboxMessagesTable {
  id: string;
  service_id: string;
  /** email | sms */
  channel: string;
  template: string;
  recipient: string;
  /** JSON: field name to the text that fills its placeholder. */
  personalisation: string;
  subject_type: string | null;
  subject_id: string | null;
  /** pending | sending | sent | dead */
  status: string;
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  /** 0 or 1: ask the provider about this reference before sending again. */
  check_before_send: number;
  last_error: string | null;
  provider_reference: string | null;
  created_at: string;
  sent_at: string | null;
  updated_at: string;
  version: number;
  /** When the retention job removed its recipient and personalisation (docs/adr/0029); null until then. */
  purged_at: string | null;
  /** A file from the file store sent with the message (the signed EHCP advice), and the name it is sent under. */
  attachment_stored_as: string | null;
  attachment_file_name: string | null;
}

/** What the local provider recorded in place of sending (the embedded mode). */
export interface OutboxLocalDeliveriesTable {
  message_id: string;
  service_id: string;
  channel: string;
  recipient: string;
  subject: string | null;
  body: string;
  delivered_at: string;
  /** When the retention job removed its recipient, subject and body; null until then. */
  purged_at: string | null;
}

export interface ReferralDraftsTable {
  id: string;
  service_id: string;
  token_hash: string;
  resume_token_hash: string | null;
  resume_expires_at: string | null;
  /** online | staff */
  source: string;
  created_by: string | null;
  /** JSON: the answers so far, field name to value. */
  answers: string;
  /** JSON: the ids of the pages the person has been through. */
  visited: string;
  idempotency_key: string;
  submitted_referral_id: string | null;
  created_at: string;
  updated_at: string;
  expires_at: string;
  version: number;
}

export interface ChildrenTable {
  id: string;
  service_id: string;
  nhs_number: string | null;
  given_name: string;
  family_name: string;
  known_as: string | null;
  date_of_birth: string;
  sex: string;
  address_line_1: string;
  address_line_2: string | null;
  town: string;
  postcode: string;
  gp_practice_code: string | null;
  school_urn: string | null;
  /** JSON { name, addressLines, postcode, code }: the practice as the referrer typed it (not in the reference data). */
  gp_practice_typed: string | null;
  /** JSON { name, addressLines, postcode, code }: the school as the referrer typed it. */
  school_typed: string | null;
  language: string | null;
  /** 0 or 1 */
  interpreter_needed: number;
  access_needs: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** Set when a clinician confirmed this record is the same child as an older one: that record's id. */
  merged_into: string | null;
}

export interface ReferralsTable {
  id: string;
  service_id: string;
  reference: string;
  child_id: string;
  status: string;
  /** online | post | email | telephone */
  source: string;
  received_at: string;
  received_on: string;
  referrer_type: string;
  referrer_name: string;
  referrer_email: string | null;
  /** JSON: every answer as given. */
  answers: string;
  eligibility_outcome: string;
  /** JSON: the engine's decision, with its policyVersion. */
  eligibility: string;
  policy_version: string;
  /** A match state of `MATCH_STATES` (src/domain/referrals/child-match.ts): new, nhs-number, nhs-number-conflict, possible... */
  child_match: string;
  possible_child_id: string | null;
  /** 0 or 1 */
  safeguarding_concern: number;
  idempotency_key: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** Set by triage: the care pathway, urgent | soon | routine, clinic | home | school. */
  pathway: string | null;
  priority: string | null;
  setting: string | null;
  /** While more information is requested: the day the reply is due. */
  reply_due_on: string | null;
  decided_at: string | null;
  /** 1 when a clinician went ahead despite an ineligible or unclear eligibility result, with a reason. */
  overridden: number;
  /**
   * The date the triage clock counts from: the received date, moved on by the working days the clock was paused
   * while more information was requested.
   */
  clock_from: string;
  /** When the referrer was reminded that the requested reply is overdue; cleared by each new request. */
  reply_reminded_at: string | null;
}

export interface ReferralEventsTable {
  id: string;
  service_id: string;
  referral_id: string;
  occurred_at: string;
  actor_user_id: string | null;
  action: string;
  from_status: string | null;
  to_status: string;
  /** JSON: what the decision says. */
  detail: string;
}

export interface ReferralConsentsTable {
  referral_id: string;
  service_id: string;
  /** parent | young-person */
  given_by: string;
  given_by_name: string;
  given_on: string;
  /** JSON: the agencies information may be shared with. */
  sharing: string;
  recorded_by: string;
  recorded_at: string;
}

export interface ReferralAttachmentsTable {
  id: string;
  service_id: string;
  draft_id: string;
  referral_id: string | null;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  /** The generated name of the file under ATTACHMENTS_DIR. */
  stored_as: string;
  uploaded_at: string;
}

/** A letter about a triage decision; its PDF is in the file store under `stored_as` (docs/adr/0016). */
export interface ReferralLettersTable {
  id: string;
  service_id: string;
  referral_id: string;
  event_id: string;
  /** referrer | family | gp */
  recipient_role: string;
  recipient_name: string;
  /** email | print */
  channel: string;
  subject: string;
  /** JSON: the letter's parts (src/domain/letters/compose.ts Letter). */
  content: string;
  html: string;
  stored_as: string;
  outbox_message_id: string | null;
  created_at: string;
  printed_at: string | null;
  printed_by: string | null;
}

export interface Database {
  services: ServicesTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  account_tokens: AccountTokensTable;
  staff_two_factor: StaffTwoFactorTable;
  staff_recovery_codes: StaffRecoveryCodesTable;
  sign_in_challenges: SignInChallengesTable;
  password_reset_tokens: PasswordResetTokensTable;
  sessions: SessionsTable;
  user_identities: UserIdentitiesTable;
  oidc_sign_in_attempts: OidcSignInAttemptsTable;
  sign_in_throttle: SignInThrottleTable;
  rate_limit_counters: RateLimitCountersTable;
  job_leases: JobLeasesTable;
  audit_events: AuditEventsTable;
  audit_chain_heads: AuditChainHeadsTable;
  reference_imports: ReferenceImportsTable;
  gp_practices: GpPracticesTable;
  gp_practice_history: GpPracticeHistoryTable;
  schools: SchoolsTable;
  school_history: SchoolHistoryTable;
  outbox_messages: OutboxMessagesTable;
  outbox_local_deliveries: OutboxLocalDeliveriesTable;
  referral_drafts: ReferralDraftsTable;
  children: ChildrenTable;
  referrals: ReferralsTable;
  referral_consents: ReferralConsentsTable;
  referral_attachments: ReferralAttachmentsTable;
  referral_events: ReferralEventsTable;
  referral_letters: ReferralLettersTable;
  teams: TeamsTable;
  locations: LocationsTable;
  rooms: RoomsTable;
  staff_profiles: StaffProfilesTable;
  episodes: EpisodesTable;
  tasks: TasksTable;
  appointments: AppointmentsTable;
  appointment_children: AppointmentChildrenTable;
  appointment_staff: AppointmentStaffTable;
  diary_blocks: DiaryBlocksTable;
  diary_busy: DiaryBusyTable;
  family_links: FamilyLinksTable;
  equipment_issues: EquipmentIssuesTable;
  equipment_events: EquipmentEventsTable;
  contact_notes: ContactNotesTable;
  contact_note_versions: ContactNoteVersionsTable;
  contact_note_addenda: ContactNoteAddendaTable;
  assessments: AssessmentsTable;
  goals: GoalsTable;
  goal_ratings: GoalRatingsTable;
  toms_ratings: TomsRatingsTable;
  consents: ConsentsTable;
  discharges: DischargesTable;
  discharge_letters: DischargeLettersTable;
  child_alerts: ChildAlertsTable;
  break_glass_accesses: BreakGlassAccessesTable;
  advice_given: AdviceGivenTable;
  ehcp_requests: EhcpRequestsTable;
  ehcp_request_documents: EhcpRequestDocumentsTable;
  ehcp_exceptions: EhcpExceptionsTable;
  ehcp_advice: EhcpAdviceTable;
  ehcp_advice_addenda: EhcpAdviceAddendaTable;
  ehcp_deliveries: EhcpDeliveriesTable;
}

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
export type GpPracticeRow = Selectable<GpPracticesTable>;
export type SchoolRow = Selectable<SchoolsTable>;
export type OutboxMessageRow = Selectable<OutboxMessagesTable>;
export type ReferralDraftRow = Selectable<ReferralDraftsTable>;
export type ChildRow = Selectable<ChildrenTable>;
export type ReferralRow = Selectable<ReferralsTable>;
