/**
 * PostgreSQL: each query Otway sends is prepared once on a connection and run by name from then on (docs/adr/0052).
 *
 * Kysely sends every query as an unnamed statement, so PostgreSQL parses and plans it afresh each time: measured under
 * the triage worklist at data set M, parsing and planning were a third of the database's time for a request (the audit
 * append's one long statement 0.5 ms of its 1 ms). Named, a statement is parsed once per connection, and after five
 * runs PostgreSQL may keep a generic plan when it costs no more than the custom ones (`plan_cache_mode = auto`).
 *
 * Only data statements are named (SELECT, INSERT, UPDATE, DELETE, WITH, VALUES): transaction control, `SET`, locks and
 * migrations' DDL go as they did. Each connection keeps at most `limit` statements, the least recently used
 * deallocated first, so that queries whose text varies with their filters cannot fill a connection's memory; a
 * statement's name is never reused on its connection, so a deallocation still in flight cannot be confused with a new
 * statement of the same text. A statement whose table changed under it (a migration run while a server serves) is
 * prepared afresh, and sent again when it was not in a transaction.
 */
import type pg from 'pg';

/** Statements kept prepared on one connection. */
export const PREPARED_PER_CONNECTION = 200;

const DATA_STATEMENT = /^\s*(?:select|insert|update|delete|with|values)\b/iu;

/** The part of node-postgres's connection that remembers which statements it has parsed (pg 8). */
interface ParsedStatements {
  connection?: { parsedStatements?: Record<string, string> };
}

type Query = (...args: unknown[]) => unknown;

/** Makes `client` prepare the data statements it is given as (text, values) and run them by name from then on. */
export function prepareStatements(client: pg.ClientBase, limit = PREPARED_PER_CONNECTION): void {
  const query = client.query.bind(client) as Query;
  /** Statement text to its name, least recently used first. */
  const names = new Map<string, string>();
  let next = 0;

  const forget = (name: string) => {
    const parsed = (client as unknown as ParsedStatements).connection?.parsedStatements;
    // A statement whose preparation failed is not on the server: there is nothing to deallocate, and DEALLOCATE of a
    // name the server does not know would fail the transaction it was sent in.
    if (parsed?.[name] === undefined) return;
    // Queued behind every query already sent on this connection, so none of them still needs the statement. It fails
    // only in a transaction that has failed already, where the statement then stays until the connection closes
    // (an idle one closes within 30 s): harmless, as its name is never given again.
    const done = () => {
      Reflect.deleteProperty(parsed, name);
    };
    (query(`deallocate "${name}"`) as Promise<unknown>).then(done, done);
  };

  const named = (text: string): string => {
    const known = names.get(text);
    if (known !== undefined) {
      names.delete(text);
      names.set(text, known);
      return known;
    }
    if (names.size >= limit) {
      const oldest = names.entries().next().value;
      if (oldest !== undefined) {
        names.delete(oldest[0]);
        forget(oldest[1]);
      }
    }
    const name = `otway_${String(next)}`;
    next += 1;
    names.set(text, name);
    return name;
  };

  /** Whether the connection is inside a transaction block, as the statements sent on it say. */
  let inTransaction = false;
  const notice = (text: string) => {
    if (TRANSACTION_STARTS.test(text)) inTransaction = true;
    else if (TRANSACTION_ENDS.test(text)) inTransaction = false;
  };

  const run = async (text: string, values: unknown[]): Promise<unknown> => {
    const name = named(text);
    try {
      return await query({ name, text, values });
    } catch (err) {
      if (!isStalePlan(err)) throw err;
      // The table changed under the statement (a migration run while this server serves): prepare it afresh. Outside
      // a transaction the statement did nothing, so it is sent again at once; inside one the transaction has failed,
      // and its caller sees the error, as for any other.
      names.delete(text);
      forget(name);
      if (inTransaction) throw err;
      return query({ name: named(text), text, values });
    }
  };

  (client as unknown as { query: Query }).query = (...args: unknown[]) => {
    const [text, values, callback] = args;
    if (typeof text === 'string') notice(text);
    if (typeof text !== 'string' || !Array.isArray(values) || callback !== undefined || !DATA_STATEMENT.test(text)) {
      return query(...args);
    }
    return run(text, values);
  };
}

const TRANSACTION_STARTS = /^\s*(?:begin|start\s+transaction)\b/iu;
const TRANSACTION_ENDS = /^\s*(?:commit|end|abort|rollback(?!\s+(?:work\s+|transaction\s+)?to\b))\b/iu;

/** PostgreSQL's refusal to run a prepared statement whose result columns have changed since it was planned. */
function isStalePlan(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err as Error & { code?: unknown }).code === '0A000' &&
    err.message.includes('cached plan must not change result type')
  );
}
