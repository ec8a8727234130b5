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

export interface Database {
  services: ServicesTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  account_tokens: AccountTokensTable;
  sessions: SessionsTable;
  sign_in_throttle: SignInThrottleTable;
  audit_events: AuditEventsTable;
  audit_chain_heads: AuditChainHeadsTable;
}

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
