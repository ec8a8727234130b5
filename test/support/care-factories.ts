/**
 * Children on the waiting list, made through the use cases (the referral factory, then triage's own decisions), on
 * the days a test names: the movable clock is set to each day before the step that happens on it, so the received
 * date, the pause for more information and the acceptance are dated as they would be in a real service.
 *
 *   const r = await acceptedOn(t.deps, time, '2027-07-12', { priority: 'urgent' });
 *   const p = await pausedThenAccepted(t.deps, time, { receivedOn: '2027-07-06', infoOn: '2027-07-13' });
 */
import { randomUUID } from 'node:crypto';
import type { Dependencies } from '../../src/composition.js';
import type { ReferralAction } from '../../src/domain/referrals/lifecycle.js';
import type { RequestContext } from '../../src/services/shared/context.js';
import type { MovableClock } from './clock.js';
import { aReferral, type CreatedReferral } from './factories.js';
import type { ReferralCase } from './referral.js';
import { LLR } from './test-app.js';

type Accept = Partial<Extract<ReferralAction, { type: 'accept' }>>;

/** Ten in the morning in London on a date (11:00 UTC is never another London day). */
export const onDay = (date: string) => new Date(`${date}T10:00:00.000Z`);

function triager(serviceId: string): RequestContext {
  return {
    serviceId,
    actorUserId: null,
    actorRoles: ['triage-clinician'],
    ip: null,
    correlationId: `care-factory-${randomUUID()}`,
    recorded: new Set(),
  };
}

/** Takes one more triage decision on a referral, now (as the clock says). */
export async function decideNow(
  deps: Dependencies,
  referralId: string,
  action: ReferralAction,
  serviceId = LLR,
): Promise<void> {
  const current = await deps.triage.referral(serviceId, referralId);
  if (current === undefined) throw new Error('No such referral');
  const decided = await deps.triage.decide(triager(serviceId), serviceId, referralId, current.version, action);
  if (!decided.ok) throw new Error(`Deciding "${action.type}" failed: ${decided.problem.message}`);
}

/** A referral received and accepted on `receivedOn`. */
export async function acceptedOn(
  deps: Dependencies,
  time: MovableClock,
  receivedOn: string,
  accept: Accept = {},
  c: Partial<ReferralCase> = {},
  serviceId = LLR,
): Promise<CreatedReferral> {
  time.set(onDay(receivedOn));
  return aReferral(c).inService(serviceId).accepted(accept).create(deps);
}

/**
 * A referral received on `receivedOn`, for which more information was asked the same day; the information arrived on
 * `infoOn` and it was accepted then (or on `acceptedOn`).
 */
export async function pausedThenAccepted(
  deps: Dependencies,
  time: MovableClock,
  days: { receivedOn: string; infoOn: string; acceptedOn?: string },
  accept: Accept = {},
  c: Partial<ReferralCase> = {},
): Promise<CreatedReferral> {
  time.set(onDay(days.receivedOn));
  const made = await aReferral(c).moreInformationRequested().create(deps);
  time.set(onDay(days.infoOn));
  await decideNow(deps, made.id, { type: 'information-received', note: 'The school report arrived.' });
  time.set(onDay(days.acceptedOn ?? days.infoOn));
  await decideNow(deps, made.id, {
    type: 'accept',
    pathway: 'coordination',
    priority: 'routine',
    setting: 'clinic',
    ...accept,
  });
  return made;
}
