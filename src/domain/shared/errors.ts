/**
 * Named errors with stable codes. The message is for people; the code is for logs, tests and the edge that maps an
 * error to an HTTP status.
 */
export type DomainErrorCode =
  'not-found' | 'conflict' | 'stale-version' | 'invalid-token' | 'forbidden' | 'invalid-input';

export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}
