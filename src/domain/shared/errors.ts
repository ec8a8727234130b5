/**
 * A problem thrown rather than returned. Use cases return an `Outcome` (see `outcome.ts`); they throw a
 * `DomainError` in two places only: inside a transaction, so that the problem rolls back what was written
 * (`settle` turns it back into the outcome at the use case's edge), and for a read behind a route that has no page of
 * its own for the problem (an id that names nothing answers the 404 page). The errors plugin maps it with the same
 * table as a returned problem (`src/web/outcome.ts`).
 */
import { failed, problem, type Outcome, type Problem, type ProblemCode } from './outcome.js';

export class DomainError extends Error {
  override name = 'DomainError';
  readonly problem: Problem;
  constructor(code: ProblemCode, message: string, details: object = {}) {
    super(message);
    this.problem = problem(code, message, details);
  }
  get code(): ProblemCode {
    return this.problem.code;
  }
}

/**
 * Runs a use case's work and answers a `DomainError` thrown inside it (to roll its transaction back) as the
 * outcome's problem. Any other error is not a problem for people and goes on up.
 */
export async function settle<T extends object, P extends Problem = Problem>(
  work: () => Promise<Outcome<T, P>>,
): Promise<Outcome<T, P>> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DomainError) return failed(err.problem as P);
    throw err;
  }
}
