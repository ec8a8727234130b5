/**
 * Watching the audit trail: a scheduled check of every chain, held against its anchors, that tells the administrators
 * through the outbox when one is broken; and the anchoring of every intact chain's head. Both run as jobs, once an
 * interval however many servers run (docs/adr/0027).
 */
import { CHAIN_BREAK_TEXT, type ChainCheck } from '../../domain/audit/chain-check.js';
import { INSTANCE_CHAIN } from '../../domain/audit/event.js';
import { membersOfService } from '../../data/accounts/users.repository.js';
import type { Executor } from '../../data/executor.js';
import type { Outbox } from '../outbox/outbox.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock } from '../shared/context.js';
import type { AuditAnchors } from './audit-anchors.js';
import type { AuditService } from './audit.service.js';

export interface AuditWatchReport {
  checks: ChainCheck[];
  broken: ChainCheck[];
  /** Messages queued to administrators about breaks not reported before. */
  alerted: number;
}

export function createAuditWatch(deps: {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  anchors: AuditAnchors | undefined;
  outbox: Outbox;
  registry: ServiceRegistry;
}) {
  const { db, clock, audit, anchors, outbox, registry } = deps;
  /** Breaks already reported by this process, so that one break is one message, not one an hour. */
  const reported = new Set<string>();

  /** The services whose administrators hear of a break in a chain: its own, or every service for the instance's. */
  function servicesOf(chain: string): string[] {
    return registry.ids.filter((id) => chain === INSTANCE_CHAIN || id === chain);
  }

  async function alert(check: ChainCheck): Promise<number> {
    let queued = 0;
    const checkedAt = clock().toISOString();
    for (const serviceId of servicesOf(check.chain)) {
      const admins = (await membersOfService(db, serviceId)).filter(
        (m) => m.status === 'active' && m.roles.includes('admin'),
      );
      for (const admin of admins) {
        await outbox.enqueue(db, {
          serviceId,
          template: 'audit-trail-broken',
          channel: 'email',
          recipient: admin.email,
          personalisation: {
            service_name: registry.byId(serviceId)?.serviceName ?? serviceId,
            trail:
              check.chain === INSTANCE_CHAIN ? 'the instance’s trail (sign-ins and accounts)' : 'this service’s trail',
            event: String(check.brokenAtId),
            reason: check.brokenBecause === null ? 'it does not match' : CHAIN_BREAK_TEXT[check.brokenBecause],
            checked_at: checkedAt,
          },
        });
        queued++;
      }
    }
    return queued;
  }

  /** Checks every chain and tells the administrators of each new break. */
  async function verifyAndAlert(): Promise<AuditWatchReport> {
    const checks = await audit.verifyAll();
    const broken = checks.filter((c) => c.brokenAtId !== null);
    let alerted = 0;
    for (const check of broken) {
      const key = `${check.chain}:${String(check.brokenAtId)}:${String(check.brokenBecause)}`;
      if (reported.has(key)) continue;
      alerted += await alert(check);
      reported.add(key);
    }
    return { checks, broken, alerted };
  }

  /** Anchors the head of every chain that moved; none when anchoring is not set up. */
  async function anchor(): Promise<number> {
    return anchors === undefined ? 0 : anchors.anchorHeads();
  }

  return { verifyAndAlert, anchor };
}

export type AuditWatch = ReturnType<typeof createAuditWatch>;
