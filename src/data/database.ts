/**
 * The tables as kysely sees them. Instants are ISO 8601 strings in UTC (`2026-11-27T09:30:00.000Z`) on both
 * databases, so they compare and sort the same way everywhere (see docs/adr/0004).
 */
import type { Generated, Insertable, Selectable } from 'kysely';

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

export interface Database {
  services: ServicesTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  account_tokens: AccountTokensTable;
  sessions: SessionsTable;
  sign_in_throttle: SignInThrottleTable;
  audit_events: AuditEventsTable;
  audit_chain_heads: AuditChainHeadsTable;
  reference_imports: ReferenceImportsTable;
  gp_practices: GpPracticesTable;
  gp_practice_history: GpPracticeHistoryTable;
  schools: SchoolsTable;
  school_history: SchoolHistoryTable;
}

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
export type GpPracticeRow = Selectable<GpPracticesTable>;
export type SchoolRow = Selectable<SchoolsTable>;
