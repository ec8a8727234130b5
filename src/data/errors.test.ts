import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isUniqueViolation } from './errors.js';

/** An Error with a `code`, as pg's DatabaseError, better-sqlite3's SqliteError and Node's system errors are. */
function coded(code: string, message = 'database error'): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

describe('isDatabaseUnavailable: PostgreSQL', () => {
  it.each([
    ['57P01', 'admin_shutdown'],
    ['57P02', 'crash_shutdown'],
    ['57P03', 'cannot_connect_now'],
    ['53300', 'too_many_connections'],
    ['08006', 'connection_failure'],
    ['08001', 'sqlclient_unable_to_establish_sqlconnection'],
  ])('is true for SQLSTATE %s (%s)', (code) => {
    expect(isDatabaseUnavailable(coded(code))).toBe(true);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'])(
    'is true for the socket error %s',
    (code) => {
      expect(isDatabaseUnavailable(coded(code, `connect ${code} 127.0.0.1:5432`))).toBe(true);
    },
  );

  it.each([
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'timeout exceeded when trying to connect',
    'Cannot use a pool after calling end on the pool',
    'Client has encountered a connection error and is not queryable',
    'the database system is starting up',
    'the database system is shutting down',
  ])('is true for the pg message %j', (message) => {
    expect(isDatabaseUnavailable(new Error(message))).toBe(true);
  });

  it('is true for an AggregateError of refused connections (IPv4 and IPv6)', () => {
    const err = new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], '');
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['23505', 'unique_violation'],
    ['23503', 'foreign_key_violation'],
    ['42P01', 'undefined_table'],
    ['22021', 'character_not_in_repertoire (a NUL byte)'],
    ['40001', 'serialization_failure'],
  ])('is false for SQLSTATE %s (%s)', (code) => {
    expect(isDatabaseUnavailable(coded(code))).toBe(false);
  });
});

describe('isDatabaseUnavailable: SQLite', () => {
  it.each([
    'SQLITE_FULL',
    'SQLITE_IOERR',
    'SQLITE_IOERR_WRITE',
    'SQLITE_CANTOPEN',
    'SQLITE_BUSY',
    'SQLITE_BUSY_SNAPSHOT',
    'SQLITE_LOCKED',
    'SQLITE_READONLY',
    'SQLITE_NOTADB',
    'SQLITE_CORRUPT',
  ])('is true for %s', (code) => {
    expect(isDatabaseUnavailable(coded(code))).toBe(true);
  });

  it.each(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_CHECK', 'SQLITE_ERROR', 'SQLITE_MISMATCH'])(
    'is false for %s',
    (code) => {
      expect(isDatabaseUnavailable(coded(code))).toBe(false);
    },
  );
});

describe('isDatabaseUnavailable: anything else', () => {
  it.each([
    ['a plain error', new Error('something broke')],
    ['an AggregateError of other errors', new AggregateError([new Error('a'), coded('23505')])],
    ['undefined', undefined],
    ['null', null],
    ['a string', 'ECONNREFUSED'],
    ['an object with a numeric code', { code: 57 }],
    ['a plain object with a message', { message: 'Connection terminated' }],
  ])('is false for %s', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });

  it('recognises a plain object carrying an unavailable code', () => {
    expect(isDatabaseUnavailable({ code: 'ECONNREFUSED' })).toBe(true);
  });
});

describe('isUniqueViolation', () => {
  it('is true for PostgreSQL unique_violation (23505)', () => {
    const err = Object.assign(coded('23505', 'duplicate key value violates unique constraint "users_email_key"'), {
      constraint: 'users_email_key',
    });
    expect(isUniqueViolation(err)).toBe(true);
  });

  it('is true for SQLite unique and primary key constraints', () => {
    expect(isUniqueViolation(coded('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed: users.email'))).toBe(true);
    expect(isUniqueViolation(coded('SQLITE_CONSTRAINT_PRIMARYKEY', 'UNIQUE constraint failed: users.id'))).toBe(true);
  });

  it.each([
    coded('23503'),
    coded('SQLITE_CONSTRAINT_FOREIGNKEY'),
    coded('SQLITE_CONSTRAINT_NOTNULL'),
    coded('SQLITE_CONSTRAINT'),
    coded('ECONNREFUSED'),
    new Error('UNIQUE constraint failed: users.email'),
    undefined,
    null,
    '23505',
    { code: 23505 },
  ])('is false for %j', (err) => {
    expect(isUniqueViolation(err)).toBe(false);
  });
});
