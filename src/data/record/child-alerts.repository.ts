/**
 * The alerts on a child's record (issue 14 item 9, docs/adr/0047): safeguarding, a sealed address, access and
 * communication needs. Added, listed while in force (safeguarding first), ended with a reason, never removed; and
 * whether a sealed address is in force, for the letters and summaries that then withhold it.
 */
import type { Executor } from '../executor.js';

export interface AlertRow {
  id: string;
  childId: string;
  kind: string;
  detail: string;
  contact: string | null;
  createdBy: string;
  createdByName: string;
  createdAt: string;
}

export async function insertAlert(
  db: Executor,
  a: {
    id: string;
    serviceId: string;
    childId: string;
    kind: string;
    detail: string;
    contact: string | null;
    by: string;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('child_alerts')
    .values({
      id: a.id,
      service_id: a.serviceId,
      child_id: a.childId,
      kind: a.kind,
      detail: a.detail,
      contact: a.contact,
      created_by: a.by,
      created_at: a.at,
      ended_by: null,
      ended_at: null,
      end_reason: null,
    })
    .execute();
}

/** The alerts in force on a child's record, safeguarding first then oldest first. */
export async function alertsOf(db: Executor, serviceId: string, childId: string): Promise<AlertRow[]> {
  const rows = await db
    .selectFrom('child_alerts as a')
    .innerJoin('users as u', 'u.id', 'a.created_by')
    .select(['a.id', 'a.child_id', 'a.kind', 'a.detail', 'a.contact', 'a.created_by', 'a.created_at', 'u.display_name'])
    .where('a.service_id', '=', serviceId)
    .where('a.child_id', '=', childId)
    .where('a.ended_at', 'is', null)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
  // Safeguarding first (a stable sort keeps the rest oldest first).
  const ordered = [...rows].sort((a, b) => Number(b.kind === 'safeguarding') - Number(a.kind === 'safeguarding'));
  return ordered.map((r) => ({
    id: r.id,
    childId: r.child_id,
    kind: r.kind,
    detail: r.detail,
    contact: r.contact,
    createdBy: r.created_by,
    createdByName: r.display_name,
    createdAt: r.created_at,
  }));
}

/** Ends an alert still in force; false when there is none (ended already, or not this child's). */
export async function endAlert(
  db: Executor,
  serviceId: string,
  childId: string,
  alertId: string,
  end: { by: string; at: string; reason: string },
): Promise<boolean> {
  const result = await db
    .updateTable('child_alerts')
    .set({ ended_by: end.by, ended_at: end.at, end_reason: end.reason })
    .where('service_id', '=', serviceId)
    .where('child_id', '=', childId)
    .where('id', '=', alertId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** The children of the service whose address is sealed, among `childIds`. */
export async function sealedAddressAmong(
  db: Executor,
  serviceId: string,
  childIds: readonly string[],
): Promise<Set<string>> {
  if (childIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('child_alerts')
    .select('child_id')
    .where('service_id', '=', serviceId)
    .where('child_id', 'in', [...childIds])
    .where('kind', '=', 'sealed-address')
    .where('ended_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.child_id));
}

/** Whether the child a referral is about has a sealed address in force (letters and summaries then withhold it). */
export async function referralChildAddressSealed(
  db: Executor,
  serviceId: string,
  referralId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('referrals as r')
    .innerJoin('child_alerts as a', (j) =>
      j.onRef('a.child_id', '=', 'r.child_id').onRef('a.service_id', '=', 'r.service_id'),
    )
    .select('a.id')
    .where('r.service_id', '=', serviceId)
    .where('r.id', '=', referralId)
    .where('a.kind', '=', 'sealed-address')
    .where('a.ended_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}
