/**
 * Who is referring. Each referrer type in the definition may refer always, never, or (a parent or carer) only within
 * the re-referral window after the child's discharge from the service.
 */
import { addMonthsClamped, formatLongDate, isWithinMonthsAfter } from '../../shared/dates.js';
import { met, notMet, unknown, type Evaluation } from '../decision.js';
import type { CriterionContext } from './context.js';

/**
 * Where a discharge date stands against the re-referral window on a given day: after it (`future`), inside it, or
 * past its last day (`ended`); `lastDay` is the last day a parent or carer may refer. The one rule for the engine
 * and for the pages that ask for the date.
 */
export interface ReReferralWindow {
  state: 'future' | 'within' | 'ended';
  lastDay: string;
}

export function reReferralWindow(dischargedOn: string, months: number, asOf: string): ReReferralWindow {
  const lastDay = addMonthsClamped(dischargedOn, months);
  if (dischargedOn > asOf) return { state: 'future', lastDay };
  return { state: isWithinMonthsAfter(asOf, dischargedOn, months) ? 'within' : 'ended', lastDay };
}

function withinWindow(label: string, dischargedOn: string | undefined, months: number, asOf: string): Evaluation {
  const window = `${String(months)} month${months === 1 ? '' : 's'}`;
  const rule = `${label} may refer only within ${window} of the child's discharge from the service`;
  if (dischargedOn === undefined) return notMet(`${rule}, and no discharge date was given.`);
  const discharged = formatLongDate(dischargedOn);
  const { state, lastDay } = reReferralWindow(dischargedOn, months, asOf);
  if (state === 'future') return notMet(`${rule}, and the discharge date given (${discharged}) is in the future.`);
  const until = formatLongDate(lastDay);
  if (state === 'within') {
    return met(`${label}: the child was discharged on ${discharged}, so they may refer until ${until}.`);
  }
  return notMet(`${rule}: the child was discharged on ${discharged}, and that time ended on ${until}.`);
}

export function referrer({ definition, facts, asOf }: CriterionContext): Evaluation {
  if (facts.referrer === undefined) return unknown('Who is referring was not given.', ['referrer.type']);
  const { type, childDischargedOn } = facts.referrer;
  const kind = definition.referrers.find((r) => r.id === type);
  // The facts schema refuses a type the definition does not list, so this is only for facts built by hand.
  if (kind === undefined) return notMet(`"${type}" is not a type of referrer this service knows.`);
  switch (kind.mayRefer) {
    case 'always':
      return met(`${kind.label} may refer.`);
    case 'never':
      return notMet(`${kind.label} may not refer to this service.`);
    case 'within-re-referral-window':
      return withinWindow(kind.label, childDischargedOn, definition.eligibility.parentReReferralWindowMonths, asOf);
  }
}
