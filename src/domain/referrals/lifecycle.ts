/**
 * A referral's life as a state machine: where it can go from where it is, and what each move needs. Pure: the triage
 * use cases ask `transition` whether a move is legal and what the referral becomes, then record it with who, when and
 * why. Only the moves listed here are possible.
 *
 *   awaiting-triage ─┬─ request-information ─→ more-information-requested ── information-received ─→ awaiting-triage
 *                    ├─ accept ─→ accepted (a pathway, a priority, a setting)
 *                    ├─ decline ─→ not-accepted (a reason, the signposting offered)
 *                    ├─ redirect ─→ redirected (another service)
 *                    └─ give-advice ─→ closed (advice sent)
 *   any open state ─── withdraw ─→ withdrawn
 */
export const REFERRAL_STATUSES = [
  'awaiting-triage',
  'more-information-requested',
  'accepted',
  'not-accepted',
  'redirected',
  'closed',
  'withdrawn',
] as const;

export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const PRIORITIES = ['urgent', 'soon', 'routine'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const SETTINGS = ['clinic', 'home', 'school'] as const;
export type Setting = (typeof SETTINGS)[number];

export type ReferralAction =
  | { type: 'request-information'; whatIsNeeded: string; replyBy: string }
  | { type: 'information-received'; note: string }
  | { type: 'accept'; pathway: string; priority: Priority; setting: Setting; override?: string }
  | { type: 'decline'; reason: string; signposting: string[] }
  | { type: 'redirect'; to: string; note: string }
  | { type: 'give-advice'; advice: string; override?: string }
  | { type: 'withdraw'; reason: string };

export type ActionType = ReferralAction['type'];

/** Where each action may be taken from. */
const FROM: Record<ActionType, readonly ReferralStatus[]> = {
  'request-information': ['awaiting-triage'],
  'information-received': ['more-information-requested'],
  accept: ['awaiting-triage'],
  decline: ['awaiting-triage'],
  redirect: ['awaiting-triage'],
  'give-advice': ['awaiting-triage'],
  withdraw: ['awaiting-triage', 'more-information-requested', 'accepted'],
};

const TO: Record<ActionType, ReferralStatus> = {
  'request-information': 'more-information-requested',
  'information-received': 'awaiting-triage',
  accept: 'accepted',
  decline: 'not-accepted',
  redirect: 'redirected',
  'give-advice': 'closed',
  withdraw: 'withdrawn',
};

/**
 * The actions that act on the referral as a service (accepting it, advising) despite the rules. Redirecting is not
 * one: it sends the child to another service, which is what the rules' answer usually asks for.
 */
const NEEDS_OVERRIDE_WHEN_NOT_ELIGIBLE: readonly ActionType[] = ['accept', 'give-advice'];

export type Transition =
  | { ok: true; to: ReferralStatus }
  | { ok: false; problem: 'illegal'; message: string }
  | { ok: false; problem: 'override-needed'; message: string };

export function isOpen(status: ReferralStatus): boolean {
  return status === 'awaiting-triage' || status === 'more-information-requested' || status === 'accepted';
}

/** The actions possible from a status, in the order a triage page offers them. */
export function actionsFrom(status: ReferralStatus): ActionType[] {
  return (Object.keys(FROM) as ActionType[]).filter((a) => FROM[a].includes(status));
}

/**
 * Whether `action` may be taken on a referral in `status` whose eligibility outcome was `outcome`, and what it then
 * becomes. Accepting or advising on a referral the rules found ineligible or unclear needs a recorded reason (an
 * override, such as a significant overriding community issue); declining and redirecting never do.
 */
export function transition(
  status: ReferralStatus,
  outcome: 'eligible' | 'ineligible' | 'unclear',
  action: ReferralAction,
): Transition {
  if (!FROM[action.type].includes(status)) {
    return {
      ok: false,
      problem: 'illegal',
      message: `A referral that is ${status.replaceAll('-', ' ')} cannot be changed by "${action.type.replaceAll('-', ' ')}".`,
    };
  }
  const override = 'override' in action ? action.override?.trim() : undefined;
  if (outcome !== 'eligible' && NEEDS_OVERRIDE_WHEN_NOT_ELIGIBLE.includes(action.type) && !override) {
    return {
      ok: false,
      problem: 'override-needed',
      message: `The referral criteria found this referral ${outcome}. Give the reason for going ahead.`,
    };
  }
  return { ok: true, to: TO[action.type] };
}
