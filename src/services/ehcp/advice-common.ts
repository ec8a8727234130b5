/**
 * What the EHCP advice use cases share: their context, their refusals and the messages people see.
 */
import type { AdviceRow } from '../../data/ehcp/advice.repository.js';
import type { FieldProblem } from '../../domain/forms/fields.js';
import { failed, problem, type Problem } from '../../domain/shared/outcome.js';
import type { RequestContext } from '../shared/context.js';

export type AdviceCtx = RequestContext & { serviceId: string; actorUserId: string };

export type AdviceRefusal = Problem<
  'not-found' | 'invalid-input' | 'stale-version' | 'forbidden' | 'illegal' | 'conflict' | 'incomplete'
> & { problems: FieldProblem[]; current?: AdviceRow };

export const refused = (
  code: AdviceRefusal['code'],
  message: string,
  problems: FieldProblem[] = [],
  current?: AdviceRow,
) => failed({ ...problem(code, message), problems, ...(current !== undefined && { current }) });

export const invalid = (problems: FieldProblem[]) =>
  refused('invalid-input', problems.map((p) => p.message).join('. '), problems);

export const NO_REQUEST = 'There is no such request in this service.';
export const NO_ADVICE = 'There is no such advice in this service.';
export const NOT_AUTHOR = 'Only the clinician who started this advice can change, submit or sign it.';
export const SIGNED = 'This advice has been signed and cannot be changed. Add an addendum to correct it.';
export const IN_REVIEW = 'This advice is with its reviewer and cannot be changed until it is approved or sent back.';
export const STALE =
  'Someone else saved this advice while you were editing it. Your changes were not saved: check the advice as it is now and try again';
export const NOT_READY = 'This advice is not ready to sign: fix the problems listed.';

/** A whole number sent by a hidden field; undefined when it is anything else. */
export function versionOf(sent: Record<string, unknown>): number | undefined {
  const v = sent.version;
  return typeof v === 'string' && /^[1-9]\d{0,8}$/u.test(v) ? Number(v) : undefined;
}

export const VERSION_PROBLEM: FieldProblem = {
  field: 'version',
  message: 'The page was not sent correctly: try again',
};
