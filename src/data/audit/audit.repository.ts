/**
 * The append-only audit trail. Each service has its own chain: every row carries the hash of the row before it in
 * that chain, so an edited or removed row shows. The database refuses UPDATE and DELETE on the table (see the
 * foundation migration); the chain head row serialises writers within a chain.
 */
import { createHash } from 'node:crypto';
import { INSTANCE_CHAIN, type AuditEvent, type AuditOutcome, type StoredAuditEvent } from '../../domain/audit/event.js';
import type { AuditEventRow } from '../database.js';
import type { Executor } from '../executor.js';

export const GENESIS_HASH = '0'.repeat(64);

export function chainOf(serviceId: string | null): string {
  return serviceId ?? INSTANCE_CHAIN;
}

type HashedFields = Omit<AuditEventRow, 'id' | 'hash'>;

export function hashAuditRow(row: HashedFields): string {
  const canonical = JSON.stringify([
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
  return createHash('sha256').update(canonical).digest('hex');
}

function toEvent(row: AuditEventRow): StoredAuditEvent {
  return {
    id: row.id,
    serviceId: row.service_id,
    occurredAt: row.occurred_at,
    actorUserId: row.actor_user_id,
    actorRoles: row.actor_roles === '' ? [] : row.actor_roles.split(' '),
    action: row.action as StoredAuditEvent['action'],
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    ip: row.ip,
    correlationId: row.correlation_id,
    outcome: row.outcome as AuditOutcome,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as StoredAuditEvent['detail']),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

async function appendInTransaction(db: Executor, event: AuditEvent): Promise<number> {
  const chain = chainOf(event.serviceId);
  await db
    .insertInto('audit_chain_heads')
    .values({ chain, last_hash: GENESIS_HASH, last_id: 0 })
    .onConflict((oc) => oc.column('chain').doNothing())
    .execute();
  // A no-op update takes the row lock on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers.
  await db
    .updateTable('audit_chain_heads')
    .set((eb) => ({ last_id: eb.ref('last_id') }))
    .where('chain', '=', chain)
    .execute();
  const head = await db
    .selectFrom('audit_chain_heads')
    .select('last_hash')
    .where('chain', '=', chain)
    .executeTakeFirstOrThrow();
  const fields: HashedFields = {
    chain,
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
    prev_hash: head.last_hash,
  };
  const hash = hashAuditRow(fields);
  const inserted = await db
    .insertInto('audit_events')
    .values({ ...fields, hash })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = inserted.id;
  await db.updateTable('audit_chain_heads').set({ last_hash: hash, last_id: id }).where('chain', '=', chain).execute();
  return id;
}

/** Appends an event, inside the caller's transaction when there is one, else in a transaction of its own. */
export async function appendAuditEvent(db: Executor, event: AuditEvent): Promise<number> {
  if (db.isTransaction) return appendInTransaction(db, event);
  return db.transaction().execute((trx) => appendInTransaction(trx, event));
}

export interface AuditQuery {
  chains: string[];
  from?: string;
  to?: string;
  action?: string;
  actorUserId?: string;
  subjectId?: string;
  outcome?: AuditOutcome;
  /** Keyset pagination: only events older than this id. */
  beforeId?: number;
  limit: number;
}

export async function searchAuditEvents(db: Executor, q: AuditQuery): Promise<StoredAuditEvent[]> {
  let query = db.selectFrom('audit_events').selectAll().where('chain', 'in', q.chains);
  if (q.from !== undefined) query = query.where('occurred_at', '>=', q.from);
  if (q.to !== undefined) query = query.where('occurred_at', '<', q.to);
  if (q.action !== undefined) query = query.where('action', '=', q.action);
  if (q.actorUserId !== undefined) query = query.where('actor_user_id', '=', q.actorUserId);
  if (q.subjectId !== undefined) query = query.where('subject_id', '=', q.subjectId);
  if (q.outcome !== undefined) query = query.where('outcome', '=', q.outcome);
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  const rows = await query.orderBy('id', 'desc').limit(q.limit).execute();
  return rows.map(toEvent);
}

export interface ChainCheck {
  chain: string;
  checked: number;
  /** The first row whose hash or link does not match, if any. */
  brokenAtId: number | null;
}

/** Recomputes a chain from its start, in batches, and reports the first row that does not match. */
export async function verifyChain(db: Executor, chain: string, batchSize = 1000): Promise<ChainCheck> {
  let prevHash = GENESIS_HASH;
  let afterId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('chain', '=', chain)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    for (const row of rows) {
      const { id, hash, ...fields } = row;
      if (row.prev_hash !== prevHash || hashAuditRow(fields) !== hash) {
        return { chain, checked, brokenAtId: id };
      }
      prevHash = hash;
      afterId = id;
      checked++;
    }
    if (rows.length < batchSize) break;
  }
  // Rows removed from the end leave the head pointing past the last row.
  const head = await db
    .selectFrom('audit_chain_heads')
    .select(['last_hash', 'last_id'])
    .where('chain', '=', chain)
    .executeTakeFirst();
  if (head !== undefined && (head.last_hash !== prevHash || head.last_id !== afterId)) {
    return { chain, checked, brokenAtId: head.last_id };
  }
  return { chain, checked, brokenAtId: null };
}
