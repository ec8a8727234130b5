/**
 * The outbox's retention job (docs/adr/0029): a set time after a message was sent, its recipient and personalisation
 * are removed from the outbox, and its recipient, subject and body from what the local provider recorded (and the
 * local mailbox's file of it). Each service's purge is one transaction with its audit event, which says how many were
 * purged; the pass is logged with the totals. Running it twice, or on two servers at once, purges each message once.
 *
 * `purgeSentMessages(now)` is a plain function, so that a job runner can call it on a schedule.
 */
import type { Executor } from '../../data/executor.js';
import { findPurgeable, purgeMessages } from '../../data/outbox/retention.repository.js';
import type { AuditService } from '../audit/audit.service.js';
import { systemContext } from '../shared/context.js';

const DAY_MS = 24 * 3600 * 1000;
const BATCH = 500;

export interface PurgeReport {
  /** Messages sent at or before this instant were due. */
  sentBefore: string;
  messages: number;
  localDeliveries: number;
}

export interface RetentionDeps {
  db: Executor;
  audit: AuditService;
  logger: { info(obj: object, msg: string): void };
  /** Days after sending that a message keeps its personal details. */
  retentionDays: number;
  /** The local mailbox, whose files of purged messages go too. */
  mailbox?: { remove(messageIds: readonly string[]): Promise<void> };
}

export function createOutboxRetention(deps: RetentionDeps) {
  const { db, audit, logger, retentionDays, mailbox } = deps;

  async function purgeSentMessages(now: Date): Promise<PurgeReport> {
    const sentBefore = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
    const report: PurgeReport = { sentBefore, messages: 0, localDeliveries: 0 };
    const ctx = systemContext('outbox-retention');
    for (;;) {
      const due = await findPurgeable(db, sentBefore, BATCH);
      if (due.length === 0) break;
      const byService = new Map<string, string[]>();
      for (const m of due) byService.set(m.serviceId, [...(byService.get(m.serviceId) ?? []), m.id]);
      for (const [serviceId, ids] of byService) {
        const purged = await db.transaction().execute(async (trx) => {
          const counts = await purgeMessages(trx, ids, now.toISOString());
          if (counts.messages > 0) {
            await audit.record(trx, ctx, {
              action: 'outbox.purged',
              serviceId,
              detail: { messages: counts.messages, localDeliveries: counts.localDeliveries, sentBefore, retentionDays },
            });
          }
          return counts;
        });
        await mailbox?.remove(ids);
        report.messages += purged.messages;
        report.localDeliveries += purged.localDeliveries;
      }
      if (due.length < BATCH) break;
    }
    if (report.messages > 0) {
      logger.info(
        { messages: report.messages, localDeliveries: report.localDeliveries, sentBefore, retentionDays },
        'outbox retention: personal details removed from sent messages',
      );
    }
    return report;
  }

  return { purgeSentMessages };
}

export type OutboxRetention = ReturnType<typeof createOutboxRetention>;
