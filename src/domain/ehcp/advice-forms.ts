/**
 * The small forms around EHCP health advice: re-using earlier advice (regulation 6(4): the dates the authority, the
 * family and the clinician agreed, and which advice), a reviewer's decision, and an addendum to signed advice. Each
 * answers the clean value or every problem, linked to its field. Pure.
 */
import type { FieldProblem } from '../forms/fields.js';
import { parseDateInput } from '../shared/date-input.js';
import { cleanText, codePointLength } from '../shared/text.js';
import type { ReuseAgreement } from './advice-document.js';

type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

export const REUSE_DATES = [
  ['authorityAgreedOn', 'the local authority agreed', 'Date the local authority agreed'],
  ['familyAgreedOn', 'the family agreed', 'Date the family agreed'],
  ['clinicianAgreedOn', 'you agreed as the clinician', 'Date you agreed'],
] as const;

export function parseReuse(
  sent: Record<string, unknown>,
  earlierIds: readonly string[],
  today: string,
): Parsed<ReuseAgreement> {
  const problems: FieldProblem[] = [];
  const earlier = sent.earlierAdvice;
  if (typeof earlier !== 'string' || !earlierIds.includes(earlier)) {
    problems.push({ field: 'earlierAdvice', message: 'Select the earlier advice to re-use' });
  }
  const dates: Record<string, string> = {};
  for (const [name, what, label] of REUSE_DATES) {
    const parsed = parseDateInput(sent, name, {
      missing: `Enter the date ${what}`,
      label,
      notAfter: [today, `${label} must be today or in the past`],
    });
    if (parsed.ok) dates[name] = parsed.date;
    else problems.push({ field: name, message: parsed.message, part: parsed.part });
  }
  if (problems.length > 0 || typeof earlier !== 'string') return { ok: false, problems };
  return {
    ok: true,
    value: {
      earlierAdviceId: earlier,
      authorityAgreedOn: dates.authorityAgreedOn ?? '',
      familyAgreedOn: dates.familyAgreedOn ?? '',
      clinicianAgreedOn: dates.clinicianAgreedOn ?? '',
    },
  };
}

export const REVIEW_OUTCOMES = ['approved', 'changes-requested'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
export const REVIEW_OUTCOME_LABELS: Record<ReviewOutcome, string> = {
  approved: 'Approved',
  'changes-requested': 'Sent back for changes',
};
export const COMMENT_MAX = 2000;

export const isReviewOutcome = (value: unknown): value is ReviewOutcome =>
  typeof value === 'string' && (REVIEW_OUTCOMES as readonly string[]).includes(value);

function boundedText(
  value: unknown,
  field: string,
  label: string,
  max: number,
  problems: FieldProblem[],
  missing?: string,
): string {
  const text = typeof value === 'string' ? cleanText(value) : '';
  if (value !== undefined && typeof value !== 'string')
    problems.push({ field, message: `${label} must be one answer` });
  else if (text === '' && missing !== undefined) problems.push({ field, message: missing });
  else if (codePointLength(text) > max) {
    problems.push({ field, message: `${label} must be ${max.toLocaleString('en-GB')} characters or fewer` });
  }
  return text;
}

export function parseReview(sent: Record<string, unknown>): Parsed<{ outcome: ReviewOutcome; comment: string }> {
  const problems: FieldProblem[] = [];
  const outcome = sent.outcome;
  const known = isReviewOutcome(outcome);
  if (!known) problems.push({ field: 'outcome', message: 'Select whether you approve the advice or send it back' });
  const comment = boundedText(
    sent.comment,
    'comment',
    'Comment',
    COMMENT_MAX,
    problems,
    outcome === 'changes-requested' ? 'Say what needs to change before the advice can be signed' : undefined,
  );
  if (problems.length > 0 || !isReviewOutcome(outcome)) return { ok: false, problems };
  return { ok: true, value: { outcome, comment } };
}

export const ADDENDUM_TEXT_MAX = 5000;
export const ADDENDUM_REASON_MAX = 500;

export function parseAddendum(sent: Record<string, unknown>): Parsed<{ text: string; reason: string }> {
  const problems: FieldProblem[] = [];
  const text = boundedText(sent.text, 'text', 'Addendum', ADDENDUM_TEXT_MAX, problems, 'Enter the addendum');
  const reason = boundedText(
    sent.reason,
    'reason',
    'Reason',
    ADDENDUM_REASON_MAX,
    problems,
    'Enter the reason for the addendum',
  );
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { text, reason } };
}
