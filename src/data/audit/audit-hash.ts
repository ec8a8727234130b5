/**
 * What an audit row's hash is made of: its fields as canonical JSON, the previous row's hash last. Shared by the
 * appends on both databases and by the verification.
 */
import { createHash } from 'node:crypto';
import { INSTANCE_CHAIN, type AuditEvent } from '../../domain/audit/event.js';
import type { AuditEventRow } from '../database.js';

export const GENESIS_HASH = '0'.repeat(64);

export function chainOf(serviceId: string | null): string {
  return serviceId ?? INSTANCE_CHAIN;
}

export type HashedFields = Omit<AuditEventRow, 'id' | 'hash'>;
/** A row's own fields: all that is hashed but the previous row's hash. */
export type OwnFields = Omit<HashedFields, 'prev_hash'>;

/** The text that is hashed: the row's fields as JSON, in a fixed order, the previous row's hash last. */
function canonical(row: HashedFields): string {
  return JSON.stringify([
    row.chain,
    row.service_id,
    row.occurred_at,
    row.actor_user_id,
    row.actor_roles,
    row.action,
    row.subject_type,
    row.subject_id,
    row.ip,
    row.correlation_id,
    row.outcome,
    row.detail,
    row.prev_hash,
  ]);
}

export function hashAuditRow(row: HashedFields): string {
  return createHash('sha256').update(canonical(row)).digest('hex');
}

/**
 * The canonical text of a row split around the previous hash, which comes last and is 64 hex digits that JSON writes
 * as they are: for any such hash `h`, `before + h + after` is the text hashAuditRow hashes. So the database can hash a
 * row whose previous hash only it knows, exactly as hashAuditRow would.
 */
export function canonicalAround(row: OwnFields): { before: string; after: string } {
  // The text with an empty previous hash ends with `""]`: the hash goes between those quotes.
  const text = canonical({ ...row, prev_hash: '' });
  return { before: text.slice(0, -2), after: text.slice(-2) };
}

export function ownFields(event: AuditEvent): OwnFields {
  return {
    chain: chainOf(event.serviceId),
    service_id: event.serviceId,
    occurred_at: event.occurredAt,
    actor_user_id: event.actorUserId,
    actor_roles: event.actorRoles.join(' '),
    action: event.action,
    subject_type: event.subjectType,
    subject_id: event.subjectId,
    ip: event.ip,
    correlation_id: event.correlationId,
    outcome: event.outcome,
    detail: event.detail === null ? null : JSON.stringify(event.detail),
  };
}
