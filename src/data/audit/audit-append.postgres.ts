/**
 * PostgreSQL: appending audit events to one chain in one statement, however many there are.
 *
 * The statement locks the chain's head row (FOR UPDATE: a writer that finds it locked waits, then reads the hash its
 * predecessor wrote), hashes the events one onto the next in a recursive query, inserts them with ids taken from the
 * table's sequence in that order, and moves the head on to the last. Each hash is SHA-256 of the same canonical text
 * as hashAuditRow's: the application sends the text around the previous hash (canonicalAround) as bytes, and the
 * database puts that hash in. As one statement the head stays locked only while the database runs it and commits,
 * never across round trips to the application, and the events of concurrent requests share one commit.
 */
import { sql } from 'kysely';
import type { Executor } from '../executor.js';
import { canonicalAround, type OwnFields } from './audit-hash.js';

/**
 * Appends `events`, all of one chain, in order. The ids given them, in the same order; undefined when the chain has no
 * head yet (nothing is written then).
 */
export async function appendToChainInOneStatement(
  db: Executor,
  chain: string,
  events: readonly OwnFields[],
): Promise<number[] | undefined> {
  if (events.some((e) => e.chain !== chain)) throw new Error('Every event appended together must be of one chain.');
  const around = events.map((e) => canonicalAround(e));
  // One array a column: the statement takes the same number of parameters however many events there are.
  const column = <K extends keyof OwnFields>(key: K) => events.map((e) => e[key]);
  const result = await sql<{ ids: number[] | null }>`
    with recursive
      head as (select last_hash from audit_chain_heads where chain = ${chain} for update),
      input as (
        select *
        from unnest(
          ${around.map((a) => Buffer.from(a.before))}::bytea[],
          ${around.map((a) => Buffer.from(a.after))}::bytea[],
          ${column('service_id')}::text[],
          ${column('occurred_at')}::text[],
          ${column('actor_user_id')}::text[],
          ${column('actor_roles')}::text[],
          ${column('action')}::text[],
          ${column('subject_type')}::text[],
          ${column('subject_id')}::text[],
          ${column('ip')}::text[],
          ${column('correlation_id')}::text[],
          ${column('outcome')}::text[],
          ${column('detail')}::text[]
        ) with ordinality as i(before, after, service_id, occurred_at, actor_user_id, actor_roles, action,
                               subject_type, subject_id, ip, correlation_id, outcome, detail, n)
      ),
      chained (n, prev_hash, hash) as (
        select i.n, h.last_hash::text,
               encode(sha256(i.before || convert_to(h.last_hash, 'UTF8') || i.after), 'hex')
        from head h, input i
        where i.n = 1
        union all
        select i.n, c.hash, encode(sha256(i.before || convert_to(c.hash, 'UTF8') || i.after), 'hex')
        from chained c join input i on i.n = c.n + 1
      ),
      appended as (
        insert into audit_events (chain, service_id, occurred_at, actor_user_id, actor_roles, action, subject_type,
                                  subject_id, ip, correlation_id, outcome, detail, prev_hash, hash)
        select ${chain}, i.service_id, i.occurred_at, i.actor_user_id, i.actor_roles, i.action,
               i.subject_type, i.subject_id, i.ip, i.correlation_id, i.outcome, i.detail, c.prev_hash, c.hash
        from input i
        join chained c on c.n = i.n
        -- In chain order, so that the ids the sequence gives (as each row is inserted, after the head is locked: every
        -- row needs the hash chained from it) rise in the order the hashes were chained in.
        order by i.n
        returning id, hash
      )
    update audit_chain_heads
    set last_id = (select max(id) from appended),
        last_hash = (select hash from appended order by id desc limit 1)
    where chain = ${chain} and exists (select 1 from appended)
    returning (select array_agg(id order by id) from appended) as ids
  `.execute(db);
  const ids = result.rows[0]?.ids ?? null;
  if (ids === null) return undefined;
  if (ids.length !== events.length) {
    throw new Error(`The audit chain ${chain} took ${String(ids.length)} of ${String(events.length)} events.`);
  }
  return ids.map(Number);
}
