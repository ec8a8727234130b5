/**
 * Reading the audit trail straight from the database, as an investigator would, to check what the application wrote.
 */
import type { Selectable } from 'kysely';
import type { Dependencies } from '../../src/composition.js';
import type { AuditEventsTable } from '../../src/data/database.js';

export type AuditRow = Selectable<AuditEventsTable>;

export interface AuditFilter {
  action?: string;
  actorUserId?: string | null;
  correlationId?: string;
  serviceId?: string | null;
  /** Only rows with an id above this one (written after it). */
  afterId?: number;
}

/** Matching rows, oldest first. */
export async function auditRows(deps: Dependencies, filter: AuditFilter = {}): Promise<AuditRow[]> {
  let query = deps.database.db.selectFrom('audit_events').selectAll();
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.actorUserId !== undefined) {
    query =
      filter.actorUserId === null
        ? query.where('actor_user_id', 'is', null)
        : query.where('actor_user_id', '=', filter.actorUserId);
  }
  if (filter.correlationId !== undefined) query = query.where('correlation_id', '=', filter.correlationId);
  if (filter.serviceId !== undefined) {
    query =
      filter.serviceId === null
        ? query.where('service_id', 'is', null)
        : query.where('service_id', '=', filter.serviceId);
  }
  if (filter.afterId !== undefined) query = query.where('id', '>', filter.afterId);
  return query.orderBy('id').execute();
}

/** The id of the newest audit row, or 0 when there is none: take it before an action, then read what came after. */
export async function lastAuditId(deps: Dependencies): Promise<number> {
  const row = await deps.database.db
    .selectFrom('audit_events')
    .select('id')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? 0;
}
