/**
 * The audit search filters. Every parameter is checked against an allow-list; anything else is refused with 400.
 */
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../../domain/audit/event.js';
import { isIsoDate, nextIsoDate, startOfLondonDay } from '../../../domain/shared/dates.js';
import type { AuditFilters } from '../../../services/audit/audit.service.js';

// `.optional()`: zod 4 refuses a missing key whose schema's output may be undefined unless it is marked optional.
const optionalSingle = (check: (v: string) => boolean, message: string) =>
  z
    .unknown()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return undefined;
      if (typeof raw !== 'string' || !check(raw)) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return raw;
    })
    .optional();

export const auditQuery = z.object({
  from: optionalSingle(isIsoDate, 'Enter a real "from" date, like 2026-11-27'),
  to: optionalSingle(isIsoDate, 'Enter a real "to" date, like 2026-11-27'),
  action: optionalSingle((v) => (AUDIT_ACTIONS as readonly string[]).includes(v), 'Select an action from the list'),
  outcome: optionalSingle((v) => ['success', 'failure', 'denied'].includes(v), 'Select an outcome from the list'),
  actor: optionalSingle((v) => /^[0-9a-f-]{36}$/u.test(v), 'Select a member of staff from the list'),
  subject: optionalSingle(
    (v) => v.length <= 64 && /^[\w.:@-]+$/u.test(v),
    'Enter a subject id using letters, numbers and hyphens only',
  ),
  before: optionalSingle((v) => /^\d{1,15}$/u.test(v), 'The page number is not valid'),
});

export type AuditQueryInput = z.output<typeof auditQuery>;

/** Dates are London calendar days; the filter runs from the start of `from` to the end of `to`. */
export function toFilters(q: AuditQueryInput): AuditFilters {
  return {
    ...(q.from !== undefined && { from: startOfLondonDay(q.from).toISOString() }),
    ...(q.to !== undefined && { to: startOfLondonDay(nextIsoDate(q.to)).toISOString() }),
    ...(q.action !== undefined && { action: q.action }),
    ...(q.outcome !== undefined && { outcome: q.outcome as AuditFilters['outcome'] }),
    ...(q.actor !== undefined && { actorUserId: q.actor }),
    ...(q.subject !== undefined && { subjectId: q.subject }),
    ...(q.before !== undefined && { beforeId: Number(q.before) }),
  };
}
