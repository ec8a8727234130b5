/**
 * The parent re-referral window after discharge (issue 14 item 8): a parent or carer may refer their child again
 * directly until the discharge date plus the service's `parentReReferralWindowMonths` calendar months, that last day
 * included. Where the day does not exist the month's last day is taken (31 August plus 6 months is 28 or 29
 * February). This is the same rule as the eligibility engine's `reReferralWindow`
 * (`eligibility/criteria/referrer.ts`), built on the same date arithmetic; it lives here so that the eligibility
 * layer can read the discharge from the record (the engine is not changed by this module). Pure.
 */
import { addMonthsClamped, isIsoDate, isWithinMonthsAfter } from '../shared/dates.js';
import type { FieldProblem } from '../forms/fields.js';

/** The last day a parent or carer may re-refer directly after a discharge on `dischargedOn`. */
export function reReferralUntil(dischargedOn: string, windowMonths: number): string {
  return addMonthsClamped(dischargedOn, windowMonths);
}

/** A discharge as the record holds it. */
export interface RecordedDischarge {
  dischargedOn: string;
}

export type ReReferralStanding =
  /** No discharge on or before the day asked about. */
  | { state: 'none' }
  /** The latest discharge, and whether the day asked about is inside its window. */
  | { state: 'within' | 'ended'; dischargedOn: string; until: string };

export type ReReferralResult = { ok: true; value: ReReferralStanding } | { ok: false; problems: FieldProblem[] };

/**
 * Whether a parent or carer referring on `today` is inside the re-referral window of the child's latest discharge.
 * Only discharges on or before `today` count (a later date is a mistake in the record, not a discharge yet). The
 * window's length is the definition's `parentReReferralWindowMonths` as it stands when asked, as the engine reads it.
 * `dischargedOn` is what the engine takes as the referrer's `childDischargedOn`.
 */
export function withinReReferralWindow(
  discharges: readonly RecordedDischarge[],
  today: string,
  windowMonths: number,
): ReReferralResult {
  const problems: FieldProblem[] = [];
  if (!isIsoDate(today)) problems.push({ field: 'today', message: 'Today must be a real date' });
  if (!Number.isInteger(windowMonths) || windowMonths < 1) {
    problems.push({
      field: 'windowMonths',
      message: 'The re-referral window must be a whole number of months, 1 or more',
    });
  }
  discharges.forEach((d, i) => {
    if (!isIsoDate(d.dischargedOn)) {
      problems.push({
        field: `discharges[${String(i)}].dischargedOn`,
        message: 'Date of discharge must be a real date',
      });
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  const latest = discharges
    .map((d) => d.dischargedOn)
    .filter((on) => on <= today)
    .reduce<string | undefined>((a, b) => (a === undefined || b > a ? b : a), undefined);
  if (latest === undefined) return { ok: true, value: { state: 'none' } };
  return {
    ok: true,
    value: {
      state: isWithinMonthsAfter(today, latest, windowMonths) ? 'within' : 'ended',
      dischargedOn: latest,
      until: reReferralUntil(latest, windowMonths),
    },
  };
}
