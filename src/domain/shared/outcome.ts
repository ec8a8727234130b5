/**
 * What a use case answers: done, with what it made, or a problem a person can act on. One union of problem codes for
 * every use case, so that the web layer maps each code once (`src/web/outcome.ts`) to an HTTP status and a page, as
 * Medplum's `OperationOutcome` helpers do for its API. A problem carries a message for people and the details its
 * page needs (the referral as it is now for a conflict, the page to answer for an incomplete referral).
 *
 *   const decided = await triage.decide(ctx, serviceId, id, version, action);
 *   if (!decided.ok) return answerProblem(decided.problem);   // decided.problem.code: 'conflict' | ...
 *   return redirect(decided.to);
 */

export type ProblemCode =
  /** Nothing there, or not this service's. */
  | 'not-found'
  /** The request contradicts what is stored (an address in use, your own account). */
  | 'conflict'
  /** Someone else changed the record since the page was read. */
  | 'stale-version'
  /** A one-time link that has expired or been used. */
  | 'invalid-token'
  /** Not allowed for this person. */
  | 'forbidden'
  /** What was sent is not acceptable (a form, a query, a file). */
  | 'invalid-input'
  /** Not a move the record's state allows. */
  | 'illegal'
  /** Allowed only with a recorded reason for going ahead. */
  | 'override-needed'
  /** Something still needs answering first. */
  | 'incomplete'
  /** The rules say no. */
  | 'ineligible'
  /** Wrong credentials. */
  | 'unauthenticated'
  /** Too many attempts: wait. */
  | 'throttled';

export type Problem<C extends ProblemCode = ProblemCode> = { code: C; message: string };

/** A problem with the details its page needs, such as `{ current: TriageReferral }` for a conflict. */
export type ProblemWith<C extends ProblemCode, D extends object> = Problem<C> & D;

/** Success carries its values beside `ok` (`decided.to`); failure one problem. */
export type Outcome<T extends object = object, P extends Problem = Problem> =
  ({ ok: true } & T) | { ok: false; problem: P };

export function ok<T extends object = object>(values: T = {} as T): { ok: true } & T {
  return { ...values, ok: true };
}

export function problem<C extends ProblemCode>(code: C, message: string): Problem<C>;
export function problem<C extends ProblemCode, D extends object>(
  code: C,
  message: string,
  details: D,
): ProblemWith<C, D>;
export function problem(code: ProblemCode, message: string, details: object = {}): Problem {
  return { ...details, code, message };
}

export function failed<P extends Problem>(found: P): { ok: false; problem: P } {
  return { ok: false, problem: found };
}
