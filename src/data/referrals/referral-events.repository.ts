/**
 * A referral's history: one row for each decision, answer or reminder, with who, when and what it said. Rows are only
 * ever added. Every query names its service.
 */
import type { ReferralEvent } from '../../domain/referrals/triage-referral.js';
import type { Executor } from '../executor.js';

export interface NewReferralEvent {
  id: string;
  serviceId: string;
  referralId: string;
  occurredAt: string;
  /** null for the system (a reminder sent by the scheduler). */
  actorUserId: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  detail: Record<string, unknown>;
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function insertReferralEvent(db: Executor, event: NewReferralEvent): Promise<void> {
  await db
    .insertInto('referral_events')
    .values({
      id: event.id,
      service_id: event.serviceId,
      referral_id: event.referralId,
      occurred_at: event.occurredAt,
      actor_user_id: event.actorUserId,
      action: event.action,
      from_status: event.fromStatus,
      to_status: event.toStatus,
      detail: JSON.stringify(event.detail),
    })
    .execute();
}

/** The referral's history, oldest first, with the name of who did each thing. */
export async function referralEvents(db: Executor, serviceId: string, referralId: string): Promise<ReferralEvent[]> {
  const events = await db
    .selectFrom('referral_events')
    .leftJoin('users', 'users.id', 'referral_events.actor_user_id')
    .select([
      'referral_events.occurred_at',
      'users.display_name',
      'referral_events.action',
      'referral_events.from_status',
      'referral_events.to_status',
      'referral_events.detail',
    ])
    .where('referral_events.service_id', '=', serviceId)
    .where('referral_events.referral_id', '=', referralId)
    .orderBy('referral_events.occurred_at')
    .orderBy('referral_events.id')
    .execute();
  return events.map((e) => ({
    occurredAt: e.occurred_at,
    actorName: e.display_name,
    action: e.action,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    detail: parseDetail(e.detail),
  }));
}

/** The referral's latest event of this kind (the latest request for more information, say): when, and what it said. */
export async function latestReferralEvent(
  db: Executor,
  serviceId: string,
  referralId: string,
  action: string,
): Promise<{ occurredAt: string; detail: Record<string, unknown> } | undefined> {
  const row = await db
    .selectFrom('referral_events')
    .select(['occurred_at', 'detail'])
    .where('service_id', '=', serviceId)
    .where('referral_id', '=', referralId)
    .where('action', '=', action)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && { occurredAt: row.occurred_at, detail: parseDetail(row.detail) };
}
