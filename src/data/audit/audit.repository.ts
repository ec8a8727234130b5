/**
 * The append-only audit trail. Each service has its own chain: every row carries the hash of the row before it in
 * that chain, so an edited or removed row shows. The database refuses UPDATE and DELETE on the table (see the
 * foundation migration); the chain head row serialises writers within a chain.
 */
import { createHash } from 'node:crypto';
import { PostgresAdapter, sql } from 'kysely';
import type { ChainCheck } from '../../domain/audit/chain-check.js';
import { INSTANCE_CHAIN, type AuditEvent, type AuditOutcome, type StoredAuditEvent } from '../../domain/audit/event.js';
import type { AuditEventRow } from '../database.js';
import type { Executor } from '../executor.js';

export const GENESIS_HASH = '0'.repeat(64);

export function chainOf(serviceId: string | null): string {
  return serviceId ?? INSTANCE_CHAIN;
}

type HashedFields = Omit<AuditEventRow, 'id' | 'hash'>;
/** A row's own fields: all that is hashed but the previous row's hash. */
type OwnFields = Omit<HashedFields, 'prev_hash'>;

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

function ownFields(event: AuditEvent): OwnFields {
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

/** Gives a chain its head, at the genesis hash, if it has none (two at once: the second waits, then does nothing). */
async function ensureHead(db: Executor, chain: string): Promise<void> {
  await db
    .insertInto('audit_chain_heads')
    .values({ chain, last_hash: GENESIS_HASH, last_id: 0 })
    .onConflict((oc) => oc.column('chain').doNothing())
    .execute();
}

/**
 * Locks a chain's head and reads its last hash, in one statement: a no-op update takes the row lock (on SQLite,
 * BEGIN IMMEDIATE has already serialised writers) and returns the row as it stands once the lock is held, the last
 * hash written by whoever held it before. Undefined when the chain has no head yet.
 */
async function lockHead(db: Executor, chain: string): Promise<string | undefined> {
  const head = await db
    .updateTable('audit_chain_heads')
    .set((eb) => ({ last_id: eb.ref('last_id') }))
    .where('chain', '=', chain)
    .returning('last_hash')
    .executeTakeFirst();
  return head?.last_hash;
}

/**
 * SQLite: appends events in order within the caller's transaction. Each chain's head is locked and read once (BEGIN
 * IMMEDIATE has already serialised writers), each row is hashed onto the one before it in its chain and inserted, and
 * each head is moved on once, to the last row written to it.
 */
async function appendInTransaction(db: Executor, events: readonly OwnFields[]): Promise<number[]> {
  const heads = new Map<string, { hash: string; id: number | null }>();
  const ids: number[] = [];
  for (const own of events) {
    const chain = own.chain;
    let head = heads.get(chain);
    if (head === undefined) {
      let lastHash = await lockHead(db, chain);
      if (lastHash === undefined) {
        await ensureHead(db, chain);
        lastHash = await lockHead(db, chain);
        if (lastHash === undefined) throw new Error(`The audit chain ${chain} has no head.`);
      }
      head = { hash: lastHash, id: null };
      heads.set(chain, head);
    }
    const fields: HashedFields = { ...own, prev_hash: head.hash };
    const hash = hashAuditRow(fields);
    const inserted = await db
      .insertInto('audit_events')
      .values({ ...fields, hash })
      .returning('id')
      .executeTakeFirstOrThrow();
    head.hash = hash;
    head.id = inserted.id;
    ids.push(inserted.id);
  }
  for (const [chain, head] of heads) {
    if (head.id === null) continue;
    await db
      .updateTable('audit_chain_heads')
      .set({ last_hash: head.hash, last_id: head.id })
      .where('chain', '=', chain)
      .execute();
  }
  return ids;
}

interface PendingAppend {
  own: OwnFields;
  resolve(id: number): void;
  reject(err: unknown): void;
}

/** Events waiting to be appended on SQLite, by database: those recorded in the same turn of the event loop. */
const pendingAppends = new WeakMap<Executor, PendingAppend[]>();

/**
 * SQLite, outside a transaction: the event joins the others recorded in the same turn of the event loop, and all are
 * appended in one transaction (group commit). With `synchronous=FULL` each commit waits for the disk (an fsync of the
 * write-ahead log, on the event loop, as better-sqlite3 is synchronous): one commit for the events of concurrent
 * requests, rather than one each, keeps that wait from queuing every request behind every other's. Each caller's
 * promise settles only once its event is committed, so a request still answers only after its event is on disk. Should
 * the shared transaction fail, each event is tried again in a transaction of its own, so that one event's failure is
 * its caller's alone.
 */
function appendGrouped(db: Executor, own: OwnFields): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let queue = pendingAppends.get(db);
    if (queue === undefined) {
      const batch: PendingAppend[] = [];
      queue = batch;
      pendingAppends.set(db, batch);
      setImmediate(() => {
        pendingAppends.delete(db);
        void commitGroup(db, batch);
      });
    }
    queue.push({ own, resolve, reject });
  });
}

function settle(batch: readonly PendingAppend[], ids: readonly number[]): void {
  batch.forEach((p, i) => {
    const id = ids[i];
    if (id === undefined) p.reject(new Error(`The audit chain ${p.own.chain} took no row.`));
    else p.resolve(id);
  });
}

async function commitGroup(db: Executor, batch: readonly PendingAppend[]): Promise<void> {
  try {
    const ids = await db.transaction().execute((trx) =>
      appendInTransaction(
        trx,
        batch.map((p) => p.own),
      ),
    );
    settle(batch, ids);
  } catch (err) {
    if (batch.length === 1) {
      batch[0]?.reject(err);
      return;
    }
    for (const p of batch) {
      try {
        settle([p], await db.transaction().execute((trx) => appendInTransaction(trx, [p.own])));
      } catch (alone) {
        p.reject(alone);
      }
    }
  }
}

/**
 * PostgreSQL: the same append as one statement. It locks the head row (FOR UPDATE: a writer that finds it locked
 * waits, then reads the hash its predecessor wrote), inserts the row with that hash as its previous one and its own
 * hash, and moves the head on. The hash is SHA-256 of the same canonical text as hashAuditRow's: the application
 * writes the text around the previous hash (canonicalAround) and the database puts that hash in. As one statement,
 * the head stays locked only while the database runs it and commits: never across round trips to the application,
 * where concurrent requests would queue behind one whose next statement waits for a busy event loop.
 * Undefined when the chain has no head yet (nothing is written then).
 */
async function appendInOneStatement(db: Executor, own: OwnFields): Promise<number | undefined> {
  const { before, after } = canonicalAround(own);
  const appended = await db
    .with('head', (qc) =>
      qc.selectFrom('audit_chain_heads').select('last_hash').where('chain', '=', own.chain).forUpdate(),
    )
    .with('appended', (qc) =>
      qc
        .insertInto('audit_events')
        .columns([
          'chain',
          'service_id',
          'occurred_at',
          'actor_user_id',
          'actor_roles',
          'action',
          'subject_type',
          'subject_id',
          'ip',
          'correlation_id',
          'outcome',
          'detail',
          'prev_hash',
          'hash',
        ])
        .expression(
          qc.selectFrom('head').select((eb) => [
            eb.val(own.chain).as('chain'),
            eb.val(own.service_id).as('service_id'),
            eb.val(own.occurred_at).as('occurred_at'),
            eb.val(own.actor_user_id).as('actor_user_id'),
            eb.val(own.actor_roles).as('actor_roles'),
            eb.val(own.action).as('action'),
            eb.val(own.subject_type).as('subject_type'),
            eb.val(own.subject_id).as('subject_id'),
            eb.val(own.ip).as('ip'),
            eb.val(own.correlation_id).as('correlation_id'),
            eb.val(own.outcome).as('outcome'),
            eb.val(own.detail).as('detail'),
            'head.last_hash',
            // The text as bytes (UTF-8, as createHash reads a string), so the database's encoding plays no part.
            sql<string>`encode(sha256(cast(${Buffer.from(before)} as bytea) || convert_to(head.last_hash, 'UTF8') || cast(${Buffer.from(after)} as bytea)), 'hex')`.as(
              'hash',
            ),
          ]),
        )
        .returning(['id', 'hash']),
    )
    .updateTable('audit_chain_heads')
    .from('appended')
    .set((eb) => ({ last_hash: eb.ref('appended.hash'), last_id: eb.ref('appended.id') }))
    .where('audit_chain_heads.chain', '=', own.chain)
    .returning('appended.id')
    .executeTakeFirst();
  return appended?.id;
}

const isPostgres = (db: Executor) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Appends an event, inside the caller's transaction when there is one. Otherwise: on SQLite in a transaction shared
 * with the events recorded in the same turn of the event loop (appendGrouped); on PostgreSQL as one statement, which
 * is a transaction of its own.
 */
export async function appendAuditEvent(db: Executor, event: AuditEvent): Promise<number> {
  const own = ownFields(event);
  if (isPostgres(db)) {
    const id = await appendInOneStatement(db, own);
    if (id !== undefined) return id;
    // The chain's first event: give it its head, then append as any other.
    await ensureHead(db, own.chain);
    const next = await appendInOneStatement(db, own);
    if (next === undefined) throw new Error(`The audit chain ${own.chain} has no head.`);
    return next;
  }
  if (db.isTransaction) {
    const [id] = await appendInTransaction(db, [own]);
    if (id === undefined) throw new Error(`The audit chain ${own.chain} took no row.`);
    return id;
  }
  return appendGrouped(db, own);
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

export type { ChainCheck };

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
