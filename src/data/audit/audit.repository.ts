/**
 * The append-only audit trail. Each service has its own chain: every row carries the hash of the row before it in
 * that chain, so an edited or removed row shows. The database refuses UPDATE and DELETE on the table (see the
 * foundation migration); the chain head row serialises writers within a chain.
 */
import { PostgresAdapter } from 'kysely';
import type { ChainCheck } from '../../domain/audit/chain-check.js';
import type { AuditEvent, AuditOutcome, StoredAuditEvent } from '../../domain/audit/event.js';
import type { AuditEventRow } from '../database.js';
import type { Executor } from '../executor.js';
import { appendToChainInOneStatement } from './audit-append.postgres.js';
import { GENESIS_HASH, hashAuditRow, ownFields, type HashedFields, type OwnFields } from './audit-hash.js';

export { canonicalAround, chainOf, GENESIS_HASH, hashAuditRow } from './audit-hash.js';

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

/** Events waiting to be appended, by database: those recorded in the same turn of the event loop. */
const pendingAppends = new WeakMap<Executor, PendingAppend[]>();

/**
 * Outside a transaction: the event joins the others recorded in the same turn of the event loop, and all are appended
 * together (group commit). On SQLite each commit is a transaction's worth of work on the one connection, and is
 * flushed to disk before its callers go on (ADR 0051): one commit for the events of concurrent
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

/**
 * Appends a group's events together, each all or nothing: in one transaction on SQLite; on PostgreSQL in one statement,
 * so one chain's events at a time (a group is split by chain first).
 */
function appendTogether(db: Executor, events: readonly OwnFields[]): Promise<number[]> {
  if (isPostgres(db)) return appendOnPostgres(db, events);
  return db.transaction().execute((trx) => appendInTransaction(trx, events));
}

async function commitGroup(db: Executor, batch: readonly PendingAppend[]): Promise<void> {
  if (isPostgres(db)) {
    const chains = new Set(batch.map((p) => p.own.chain));
    if (chains.size > 1) {
      await Promise.all(
        [...chains].map((chain) =>
          commitGroup(
            db,
            batch.filter((p) => p.own.chain === chain),
          ),
        ),
      );
      return;
    }
  }
  try {
    settle(
      batch,
      await appendTogether(
        db,
        batch.map((p) => p.own),
      ),
    );
  } catch (err) {
    if (batch.length === 1) {
      batch[0]?.reject(err);
      return;
    }
    for (const p of batch) {
      try {
        settle([p], await appendTogether(db, [p.own]));
      } catch (alone) {
        p.reject(alone);
      }
    }
  }
}

const isPostgres = (db: Executor) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * PostgreSQL: appends events in order, one statement a chain (appendToChainInOneStatement), each a transaction of its
 * own unless the caller's transaction holds it. A chain's first event gives the chain its head first.
 */
async function appendOnPostgres(db: Executor, events: readonly OwnFields[]): Promise<number[]> {
  const ids = new Map<OwnFields, number>();
  for (const chain of new Set(events.map((e) => e.chain))) {
    const ofChain = events.filter((e) => e.chain === chain);
    let appended = await appendToChainInOneStatement(db, chain, ofChain);
    if (appended === undefined) {
      await ensureHead(db, chain);
      appended = await appendToChainInOneStatement(db, chain, ofChain);
      if (appended === undefined) throw new Error(`The audit chain ${chain} has no head.`);
    }
    ofChain.forEach((e, i) => {
      const id = appended[i];
      if (id !== undefined) ids.set(e, id);
    });
  }
  return events.flatMap((e) => ids.get(e) ?? []);
}

/**
 * Appends an event, inside the caller's transaction when there is one. Otherwise it joins the events recorded in the
 * same turn of the event loop and all are appended together (appendGrouped): on SQLite in one transaction, on
 * PostgreSQL in one statement a chain.
 */
export async function appendAuditEvent(db: Executor, event: AuditEvent): Promise<number> {
  const own = ownFields(event);
  if (!db.isTransaction) return appendGrouped(db, own);
  const [id] = isPostgres(db) ? await appendOnPostgres(db, [own]) : await appendInTransaction(db, [own]);
  if (id === undefined) throw new Error(`The audit chain ${own.chain} took no row.`);
  return id;
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

/**
 * Recomputes a chain from its start, in batches, and reports the first row that does not match: its hash, its link to
 * the row before, or the hash an anchor (a signed head kept outside the database, by id) says it had. An anchored row
 * that is gone, or a head behind an anchor, is a break at the anchored id too.
 */
export async function verifyChain(
  db: Executor,
  chain: string,
  anchors: ReadonlyMap<number, string> = new Map(),
  batchSize = 1000,
): Promise<ChainCheck> {
  const anchorsChecked = anchors.size;
  const broken = (brokenAtId: number, brokenBecause: ChainCheck['brokenBecause']): ChainCheck => ({
    chain,
    checked,
    anchorsChecked,
    brokenAtId,
    brokenBecause,
  });
  const pendingAnchors = [...anchors.keys()].sort((x, y) => x - y);
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
      // An anchored id passed over: the row it names is gone, and the chain was relinked around it.
      const skipped = pendingAnchors[0];
      if (skipped !== undefined && skipped < id) return broken(skipped, 'anchor');
      if (row.prev_hash !== prevHash || hashAuditRow(fields) !== hash) return broken(id, 'hash');
      if (skipped === id) {
        if (anchors.get(id) !== hash) return broken(id, 'anchor');
        pendingAnchors.shift();
      }
      prevHash = hash;
      afterId = id;
      checked++;
    }
    if (rows.length < batchSize) break;
  }
  const beyond = pendingAnchors[0];
  if (beyond !== undefined) return broken(beyond, 'anchor');
  // Rows removed from the end leave the head pointing past the last row.
  const head = await db
    .selectFrom('audit_chain_heads')
    .select(['last_hash', 'last_id'])
    .where('chain', '=', chain)
    .executeTakeFirst();
  if (head !== undefined && (head.last_hash !== prevHash || head.last_id !== afterId)) {
    return broken(head.last_id, 'head');
  }
  return { chain, checked, anchorsChecked, brokenAtId: null, brokenBecause: null };
}

/** Every chain's head: where each stands now, to be anchored. */
export async function chainHeads(db: Executor): Promise<{ chain: string; lastId: number; lastHash: string }[]> {
  const rows = await db
    .selectFrom('audit_chain_heads')
    .select(['chain', 'last_id', 'last_hash'])
    .where('last_id', '>', 0)
    .orderBy('chain')
    .execute();
  return rows.map((r) => ({ chain: r.chain, lastId: r.last_id, lastHash: r.last_hash }));
}
