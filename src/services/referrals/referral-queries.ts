/**
 * Reading referrals. For now, what the confirmation page shows; triage (issue 5) adds the worklist and the full page.
 */
import type { Executor } from '../../data/executor.js';
import { referralById } from '../../data/referrals/referrals.repository.js';

export function createReferralQueries(deps: { db: Executor }) {
  return {
    /** The reference and acknowledgement details of a referral just submitted, for its own referrer. */
    async summary(serviceId: string, referralId: string) {
      const row = await referralById(deps.db, serviceId, referralId);
      return (
        row && {
          reference: row.reference,
          referrerEmail: row.referrer_email,
          eligibilityOutcome: row.eligibility_outcome,
        }
      );
    },
  };
}

export type ReferralQueries = ReturnType<typeof createReferralQueries>;
