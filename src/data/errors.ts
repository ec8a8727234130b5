/**
 * Recognises database failures by kind, on either database, so the edge can answer 503 or 409 instead of 500.
 */
const PG_UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006']);
const NODE_UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
const SQLITE_UNAVAILABLE_CODES = /^SQLITE_(FULL|IOERR|CANTOPEN|BUSY|LOCKED|READONLY|NOTADB|CORRUPT)/u;
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect|Cannot use a pool after calling end|database system is (starting up|shutting down)/iu;

function codeOf(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}

export function isDatabaseUnavailable(err: unknown): boolean {
  const code = codeOf(err);
  if (code !== undefined) {
    if (PG_UNAVAILABLE_CODES.has(code) || NODE_UNAVAILABLE_CODES.has(code) || SQLITE_UNAVAILABLE_CODES.test(code)) {
      return true;
    }
  }
  if (err instanceof AggregateError) return err.errors.some(isDatabaseUnavailable);
  return err instanceof Error && UNAVAILABLE_MESSAGES.test(err.message);
}

export function isUniqueViolation(err: unknown): boolean {
  const code = codeOf(err);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Two busy times of one clinician or one room that would overlap, refused by the database itself (docs/adr/0036): on
 * PostgreSQL the exclusion constraint, on SQLite the trigger's abort.
 */
export function isDiaryClash(err: unknown): boolean {
  if (err instanceof DiaryClashError) return true;
  const code = codeOf(err);
  if (code === '23P01') return true;
  return err instanceof Error && err.message.includes('diary_busy_no_overlap');
}

/** A claim of busy time that lost a race the database ended another way than by refusing it (see claimBusy). */
export class DiaryClashError extends Error {
  override name = 'DiaryClashError';
}

/** PostgreSQL ended the transaction to break a deadlock (SQLSTATE 40P01). */
export function isDeadlock(err: unknown): boolean {
  return codeOf(err) === '40P01';
}

/**
 * A change to a signed contact note, or to any note's versions or addenda, refused by the database itself
 * (docs/adr/0045): on PostgreSQL the trigger functions' SQLSTATE `OTN01`, on SQLite the triggers' abort message.
 */
export function isSignedNoteChange(err: unknown): boolean {
  if (codeOf(err) === 'OTN01') return true;
  return err instanceof Error && err.message.includes('signed note');
}
