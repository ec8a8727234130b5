/**
 * The audit search filters. Every parameter is checked against an allow-list; anything else is refused with 400.
 */
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../../domain/audit/event.js';
import { DATE_PARTS, dateParts, parseDateInput } from '../../../domain/shared/date-input.js';
import { isIsoDate, nextIsoDate, startOfLondonDay } from '../../../domain/shared/dates.js';
import type { AuditFilters } from '../../../services/audit/audit.service.js';
import { errorsFromMessages, formValues, parseForm, type FormErrors } from '../../forms/form.js';

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

const datePart = z.unknown().optional();

const auditQuerySchema = z.object({
  // The dates as three boxes each (the GOV.UK date input), or as 2026-11-27 (the links the pages built before).
  from: datePart,
  'from[day]': datePart,
  'from[month]': datePart,
  'from[year]': datePart,
  to: datePart,
  'to[day]': datePart,
  'to[month]': datePart,
  'to[year]': datePart,
  action: optionalSingle((v) => (AUDIT_ACTIONS as readonly string[]).includes(v), 'Select an action from the list'),
  outcome: optionalSingle((v) => ['success', 'failure', 'denied'].includes(v), 'Select an outcome from the list'),
  actor: optionalSingle((v) => /^[0-9a-f-]{36}$/u.test(v), 'Select a member of staff from the list'),
  // A record id, or a referral reference as people type it ("ot 7k3m 9qx2"), which the route resolves.
  subject: optionalSingle(
    (v) => v.length <= 64 && /^[\w.:@ -]+$/u.test(v) && v.trim() !== '',
    'Enter a referral reference or a record id using letters, numbers and hyphens only',
  ),
  before: optionalSingle((v) => /^\d{1,15}$/u.test(v), 'The page number is not valid'),
});

export interface AuditQueryInput {
  /** ISO dates (London calendar days). */
  from?: string;
  to?: string;
  action?: string;
  outcome?: string;
  actor?: string;
  subject?: string;
  before?: string;
}

export type AuditQueryForm =
  | { ok: true; data: AuditQueryInput; values: Record<string, unknown> }
  | { ok: false; errors: FormErrors; values: Record<string, unknown> };

const DATE_NAMES = ['from', 'to'] as const;
type DateName = (typeof DATE_NAMES)[number];

type DateOutcome = { date: string } | { message: string; href: string } | null;

/** One of the two dates: from its three boxes when any was filled in, else from `name=2026-11-27`, else none. */
function dateOf(values: Record<string, unknown>, name: DateName): DateOutcome {
  const label = `The '${name}' date`;
  const boxes = DATE_PARTS.map((p) => values[`${name}[${p}]`]);
  if (boxes.some((v) => v !== undefined && v !== '')) {
    const result = parseDateInput(values, name, { missing: `Enter the '${name}' date`, label });
    return result.ok ? { date: result.date } : { message: result.message, href: `${name}-${result.part}` };
  }
  const iso = values[name];
  if (iso === undefined || iso === '') return null;
  return typeof iso === 'string' && isIsoDate(iso)
    ? { date: iso }
    : { message: `${label} must be a real date`, href: `${name}-day` };
}

/** The values to show again: the three boxes of each date, filled from an ISO date where that was given. */
function shownValues(values: Record<string, unknown>, dates: Record<DateName, DateOutcome>): Record<string, unknown> {
  const shown: Record<string, unknown> = { ...values };
  for (const name of DATE_NAMES) {
    const outcome = dates[name];
    const fromBoxes = DATE_PARTS.some((p) => values[`${name}[${p}]`] !== undefined && values[`${name}[${p}]`] !== '');
    if (outcome !== null && 'date' in outcome && !fromBoxes) {
      const parts = dateParts(outcome.date);
      for (const p of DATE_PARTS) shown[`${name}[${p}]`] = parts[p];
    } else if (!fromBoxes && typeof values[name] === 'string') {
      const [year = '', month = '', day = ''] = values[name].split('-');
      Object.assign(shown, { [`${name}[day]`]: day, [`${name}[month]`]: month, [`${name}[year]`]: year });
    }
  }
  return shown;
}

/**
 * The search's query string, checked: each date error at its own box, a "from" after the "to" refused, and the other
 * filters against their allow-lists. Unknown parameters are refused outright (400), as on every form.
 */
export function parseAuditQuery(query: unknown): AuditQueryForm {
  const form = parseForm(auditQuerySchema, query);
  const values = formValues(query);
  const dates = { from: dateOf(values, 'from'), to: dateOf(values, 'to') };
  const messages: [field: string, text: string, href?: string][] = [];
  for (const name of DATE_NAMES) {
    const outcome = dates[name];
    if (outcome !== null && 'message' in outcome) messages.push([name, outcome.message, outcome.href]);
  }
  const from = dates.from !== null && 'date' in dates.from ? dates.from.date : undefined;
  const to = dates.to !== null && 'date' in dates.to ? dates.to.date : undefined;
  if (from !== undefined && to !== undefined && from > to) {
    messages.push(['to', "The 'to' date must be the same as or after the 'from' date", 'to-day']);
  }
  if (!form.ok) {
    for (const { text, href } of form.errors.summary) messages.push([href.slice(1), text]);
  }
  const shown = shownValues(values, dates);
  if (messages.length > 0) return { ok: false, errors: errorsFromMessages(messages), values: shown };
  if (!form.ok) throw new Error('unreachable: a form with errors has messages');
  const { action, outcome, actor, subject, before } = form.data;
  const data: AuditQueryInput = {
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
    ...(action !== undefined && { action }),
    ...(outcome !== undefined && { outcome }),
    ...(actor !== undefined && { actor }),
    ...(subject !== undefined && { subject: subject.trim() }),
    ...(before !== undefined && { before }),
  };
  return { ok: true, data, values: { ...shown, ...(data.subject !== undefined && { subject: data.subject }) } };
}

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
