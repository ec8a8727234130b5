import { describe, expect, it } from 'vitest';
import {
  actionsFrom,
  REFERRAL_STATUSES,
  transition,
  type ActionType,
  type ReferralAction,
  type ReferralStatus,
} from './lifecycle.js';

const ACTIONS: Record<ActionType, ReferralAction> = {
  'request-information': { type: 'request-information', whatIsNeeded: 'A school report', replyBy: '2026-12-11' },
  'information-received': { type: 'information-received', note: 'Report arrived' },
  accept: { type: 'accept', pathway: 'early-years', priority: 'routine', setting: 'clinic' },
  decline: { type: 'decline', reason: 'not-significant', signposting: [] },
  redirect: { type: 'redirect', to: 'physiotherapy', note: 'Gross motor' },
  'give-advice': { type: 'give-advice', advice: 'Strategies sent' },
  withdraw: { type: 'withdraw', reason: 'Family moved away' },
};

/** Every legal move, and nothing else: the table the state machine must match exactly. */
const LEGAL: Record<ReferralStatus, Partial<Record<ActionType, ReferralStatus>>> = {
  'awaiting-triage': {
    'request-information': 'more-information-requested',
    accept: 'accepted',
    decline: 'not-accepted',
    redirect: 'redirected',
    'give-advice': 'closed',
    withdraw: 'withdrawn',
  },
  'more-information-requested': { 'information-received': 'awaiting-triage', withdraw: 'withdrawn' },
  accepted: { withdraw: 'withdrawn' },
  'not-accepted': {},
  redirected: {},
  closed: {},
  withdrawn: {},
};

describe('the referral state machine', () => {
  for (const status of REFERRAL_STATUSES) {
    for (const [type, action] of Object.entries(ACTIONS) as [ActionType, ReferralAction][]) {
      const to = LEGAL[status][type];
      it(`${to === undefined ? 'refuses' : 'allows'} ${type} from ${status}`, () => {
        const result = transition(status, 'eligible', action);
        if (to === undefined) expect(result).toMatchObject({ ok: false, problem: 'illegal' });
        else expect(result).toEqual({ ok: true, to });
      });
    }
  }

  it('offers from each status exactly the legal actions', () => {
    for (const status of REFERRAL_STATUSES)
      expect(actionsFrom(status).sort()).toEqual(Object.keys(LEGAL[status]).sort());
  });

  it('needs a reason to accept or advise on a referral the rules did not find eligible, and none to redirect it', () => {
    for (const outcome of ['ineligible', 'unclear'] as const) {
      expect(transition('awaiting-triage', outcome, ACTIONS.accept)).toMatchObject({
        ok: false,
        problem: 'override-needed',
      });
      expect(
        transition('awaiting-triage', outcome, { ...ACTIONS.accept, override: '  ' } as ReferralAction),
      ).toMatchObject({
        ok: false,
        problem: 'override-needed',
      });
      expect(
        transition('awaiting-triage', outcome, { ...ACTIONS.accept, override: 'Cannot leave home' } as ReferralAction),
      ).toEqual({ ok: true, to: 'accepted' });
      // Redirecting sends the child elsewhere: it is not going ahead, so it needs no reason.
      expect(transition('awaiting-triage', outcome, ACTIONS.redirect)).toEqual({ ok: true, to: 'redirected' });
      expect(transition('awaiting-triage', outcome, ACTIONS['give-advice'])).toMatchObject({
        problem: 'override-needed',
      });
      // Declining, asking for more and withdrawing follow the rules' answer or need none.
      expect(transition('awaiting-triage', outcome, ACTIONS.decline)).toEqual({ ok: true, to: 'not-accepted' });
      expect(transition('awaiting-triage', outcome, ACTIONS['request-information']).ok).toBe(true);
    }
  });
});
