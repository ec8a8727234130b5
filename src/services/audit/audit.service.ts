/**
 * Recording, searching, exporting and checking the audit trail.
 */
import { type AuditAction, type AuditOutcome, type StoredAuditEvent } from '../../domain/audit/event.js';
import { INSTANCE_CHAIN } from '../../domain/audit/event.js';
import {
  appendAuditEvent,
  chainHeads,
  chainOf,
  searchAuditEvents,
  verifyChain,
  type AuditQuery,
} from '../../data/audit/audit.repository.js';
import type { ChainCheck } from '../../domain/audit/chain-check.js';
import type { Executor } from '../../data/executor.js';
import { referralIdByReference } from '../../data/referrals/referrals.repository.js';
import type { Clock, RequestContext } from '../shared/context.js';
import type { AuditAnchors, ChainAnchors } from './audit-anchors.js';

export interface AuditRecord {
  action: AuditAction;
  outcome?: AuditOutcome;
  subjectType?: string;
  subjectId?: string;
  /** Overrides the context's service, for events that belong to another chain (a sign-in into each service). */
  serviceId?: string | null;
  detail?: Record<string, string | number | boolean>;
}

export type AuditFilters = Omit<AuditQuery, 'chains' | 'limit'>;

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_MAX = 50_000;

export function createAuditService(deps: { db: Executor; clock: Clock; anchors?: AuditAnchors }) {
  const { db, clock, anchors } = deps;

  async function record(executor: Executor, ctx: RequestContext, event: AuditRecord): Promise<void> {
    await appendAuditEvent(executor, {
      serviceId: event.serviceId === undefined ? ctx.serviceId : event.serviceId,
      occurredAt: clock().toISOString(),
      actorUserId: ctx.actorUserId,
      actorRoles: ctx.actorRoles,
      action: event.action,
      subjectType: event.subjectType ?? null,
      subjectId: event.subjectId ?? null,
      ip: ctx.ip,
      correlationId: ctx.correlationId,
      outcome: event.outcome ?? 'success',
      detail: event.detail ?? null,
    });
    ctx.recorded.add(event.action);
  }

  /** The chains an auditor of a service may read: the service's own and the instance's (which names no one). */
  function chainsFor(serviceId: string): string[] {
    return [chainOf(serviceId), INSTANCE_CHAIN];
  }

  async function search(
    serviceId: string,
    filters: AuditFilters,
  ): Promise<{ events: StoredAuditEvent[]; nextBeforeId: number | null }> {
    const events = await searchAuditEvents(db, {
      ...filters,
      chains: chainsFor(serviceId),
      limit: AUDIT_PAGE_SIZE + 1,
    });
    const more = events.length > AUDIT_PAGE_SIZE;
    const page = events.slice(0, AUDIT_PAGE_SIZE);
    return { events: page, nextBeforeId: more ? (page.at(-1)?.id ?? null) : null };
  }

  async function exportRows(serviceId: string, filters: AuditFilters): Promise<StoredAuditEvent[]> {
    return searchAuditEvents(db, { ...filters, chains: chainsFor(serviceId), limit: AUDIT_EXPORT_MAX });
  }

  /** The id of the service's referral with this reference (normalised), for a search by reference. */
  async function referralIdFor(serviceId: string, reference: string): Promise<string | null> {
    return (await referralIdByReference(db, serviceId, reference)) ?? null;
  }

  /**
   * Checks chains from their start, each held against its anchors whose signature is good. A chain intact in itself
   * is still reported broken when a line of the anchor file about it (or a line that is no anchor at all, other than
   * a torn last one) is not signed by the anchor key.
   */
  async function check(chains: readonly string[]): Promise<ChainCheck[]> {
    const anchored = anchors === undefined ? new Map<string, ChainAnchors>() : await anchors.read();
    const unreadable = anchored.get('*')?.badSignatures ?? [];
    return Promise.all(
      chains.map(async (chain) => {
        const own = anchored.get(chain);
        const result = await verifyChain(db, chain, own?.hashes);
        const forged = [...(own?.badSignatures ?? []), ...unreadable];
        if (result.brokenAtId !== null || forged.length === 0) return result;
        return { ...result, brokenAtId: Math.min(...forged), brokenBecause: 'anchor-signature' as const };
      }),
    );
  }

  /** The service's chain and the instance's. */
  async function verify(serviceId: string): Promise<ChainCheck[]> {
    return check(chainsFor(serviceId));
  }

  /** Every chain there is, for the scheduled check and the command line. */
  async function verifyAll(): Promise<ChainCheck[]> {
    const chains = new Set([INSTANCE_CHAIN, ...(await chainHeads(db)).map((h) => h.chain)]);
    return check([...chains]);
  }

  return { record, search, exportRows, referralIdFor, verify, verifyAll };
}

export type AuditService = ReturnType<typeof createAuditService>;
