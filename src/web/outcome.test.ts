import { describe, expect, it } from 'vitest';
import { DomainError, settle } from '../domain/shared/errors.js';
import { failed, ok, problem, type Outcome, type ProblemCode } from '../domain/shared/outcome.js';
import { errorsFromMessages } from './forms/form.js';
import { PROBLEM_STATUS, errorPageOf, invalidInput, statusOf } from './outcome.js';

describe('one outcome from use case to page', () => {
  it('gives every problem code the status its pages have always had', () => {
    expect(PROBLEM_STATUS).toEqual({
      'not-found': 404,
      conflict: 409,
      'stale-version': 409,
      'invalid-token': 410,
      forbidden: 403,
      'invalid-input': 400,
      illegal: 409,
      'override-needed': 400,
      incomplete: 400,
      ineligible: 400,
      unauthenticated: 401,
      throttled: 429,
    } satisfies Record<ProblemCode, number>);
  });

  it('maps a problem, returned or thrown, through the same table', () => {
    const stale = problem('stale-version', 'Someone else changed this account while you were editing it.');
    expect(statusOf(stale)).toBe(409);
    expect(statusOf(new DomainError('invalid-token', 'This link has expired or has already been used.').problem)).toBe(
      410,
    );
  });

  it('shows each status its own error page, and the general one for a status without a page', () => {
    expect(errorPageOf(statusOf(problem('not-found', 'No such account.')))).toBe('errors/404.njk');
    expect(errorPageOf(statusOf(problem('invalid-token', 'Used')))).toBe('errors/410.njk');
    expect(errorPageOf(statusOf(problem('throttled', 'Wait')))).toBe('errors/429.njk');
    expect(errorPageOf(statusOf(problem('illegal', 'Not from here')))).toBe('errors/409.njk');
    expect(errorPageOf(418)).toBe('errors/500.njk');
  });

  it('keeps the details a page needs beside the code and the message', () => {
    const conflict = problem('stale-version', 'Changed', { current: { version: 2 } });
    expect(conflict).toEqual({ code: 'stale-version', message: 'Changed', current: { version: 2 } });
    expect(failed(conflict)).toEqual({ ok: false, problem: conflict });
    expect(ok({ to: 'accepted' })).toEqual({ ok: true, to: 'accepted' });
  });

  it('turns a problem thrown to roll a transaction back into the outcome, and lets any other error through', async () => {
    const rolledBack = await settle<{ done: true }>(() => {
      throw new DomainError('stale-version', 'Changed while you were setting your password.');
    });
    expect(rolledBack).toEqual({
      ok: false,
      problem: { code: 'stale-version', message: 'Changed while you were setting your password.' },
    });
    const done: Outcome<{ done: true }> = await settle(async () => ok({ done: true as const }));
    expect(done).toEqual({ ok: true, done: true });
    await expect(settle(() => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
  });

  it('says a form that cannot be shown again as one invalid-input problem, its errors in order', () => {
    const errors = errorsFromMessages([
      ['from', 'Date from must be a real date'],
      ['to', 'Date to must be after date from'],
    ]);
    expect(invalidInput(errors)).toEqual({
      code: 'invalid-input',
      message: 'Date from must be a real date. Date to must be after date from',
    });
  });
});
