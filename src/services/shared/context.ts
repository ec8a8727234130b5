/**
 * Who is asking, from where, in which service: built by the web layer for each request and passed to every use
 * case, which writes it into the audit events it records.
 */
import type { Role } from '../../domain/access/roles.js';
import type { AuditAction } from '../../domain/audit/event.js';

export interface RequestContext {
  serviceId: string | null;
  actorUserId: string | null;
  actorRoles: readonly Role[];
  ip: string | null;
  correlationId: string;
  /** Audit actions already recorded for this request, so the route hook records its declared event only once. */
  readonly recorded: Set<AuditAction>;
}

export function systemContext(correlationId: string): RequestContext {
  return { serviceId: null, actorUserId: null, actorRoles: [], ip: null, correlationId, recorded: new Set() };
}

export type Clock = () => Date;
