/**
 * The outbox pages' parameters. The status filter and the page number come from an allow-list and a bounded number;
 * anything else, or a parameter given twice, is refused with 400.
 */
import { z } from 'zod';
import { isOutboxStatus, type OutboxStatus } from '../../../domain/notifications/message.js';
import { versionField, type Field } from '../../../domain/forms/fields.js';

const optionalSingle = <T extends string>(check: (v: string) => v is T, message: string) =>
  z
    .unknown()
    .transform((raw, ctx): T | undefined => {
      if (raw === undefined || raw === '') return undefined;
      if (typeof raw !== 'string' || !check(raw)) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return raw;
    })
    .optional();

const isPageNumber = (v: string): v is string => /^[1-9]\d{0,5}$/u.test(v);

export const outboxQuery = z.object({
  status: optionalSingle(isOutboxStatus, 'Select a status from the list'),
  page: optionalSingle(isPageNumber, 'The page number is not valid'),
});

export function toFilter(q: z.output<typeof outboxQuery>): { status: OutboxStatus | null; page: number } {
  return { status: q.status ?? null, page: q.page === undefined ? 1 : Number(q.page) };
}

/** "Try again" sends the version of the message the page showed. */
export const retryFields = [versionField] as const satisfies readonly Field[];

/** Outbox ids are UUIDs: anything else cannot name a message, and is not found without asking the database. */
export function isMessageId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u.test(value);
}
