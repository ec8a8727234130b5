/**
 * What the outbox pages show. Recipients are masked everywhere; the personalisation is never shown as such, only,
 * when the local provider was used, the message it rendered, with its one-time links taken out (docs/adr/0029). Once
 * the retention job has purged a message, it says so in place of what was removed.
 */
import type { LocalDelivery, OutboxMessage, OutboxStatus } from '../../../domain/notifications/message.js';
import { OUTBOX_STATUSES } from '../../../domain/notifications/message.js';
import { maskRecipient } from '../../../domain/notifications/recipient.js';
import { oneTimeLinkFields, isTemplateKey, templateLabel } from '../../../domain/notifications/templates.js';
import type { OutboxPage, OutboxSummary } from '../../../services/outbox/outbox.service.js';
import { paths } from '../../paths.js';
import { formatDateTime } from '../../plugins/views.js';

const STATUS: Record<OutboxStatus, { text: string; colour: string }> = {
  pending: { text: 'Waiting', colour: 'blue' },
  sending: { text: 'Sending', colour: 'yellow' },
  sent: { text: 'Sent', colour: 'green' },
  dead: { text: 'Failed', colour: 'red' },
};

export const CHANNEL_LABELS = { email: 'Email', sms: 'Text message' } as const;

/** A message the embedded mode recorded (no Notify key): "sent" to the outbox, but it never left Otway. */
const RECORDED = { text: 'Recorded, not sent: no Notify key', colour: 'grey' };

/**
 * Whether a sent message was only recorded: Notify gives every message it accepts an id, the local provider none.
 */
export function recordedOnly(m: Pick<OutboxMessage, 'status' | 'providerReference'>): boolean {
  return m.status === 'sent' && m.providerReference === null;
}

export function outboxStatusTag(status: OutboxStatus, recorded = false) {
  const s = recorded && status === 'sent' ? RECORDED : STATUS[status];
  return { text: s.text, classes: `nhsuk-tag--${s.colour}` };
}

/** When the next attempt comes, for messages that will have one. */
function nextAttempt(m: Pick<OutboxMessage, 'status' | 'nextAttemptAt'>): string {
  return m.status === 'pending' ? formatDateTime(m.nextAttemptAt) : '';
}

function listHref(status: OutboxStatus | null, page = 1): string {
  const params = new URLSearchParams();
  if (status !== null) params.set('status', status);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `${paths.admin.outbox.build()}${query === '' ? '' : `?${query}`}`;
}

/** Shown in place of a recipient the retention job removed. */
export const REMOVED = 'Removed after the retention period';

function recipientText(m: Pick<OutboxMessage, 'channel' | 'recipient' | 'purgedAt'>): string {
  return m.purgedAt === null ? maskRecipient(m.channel, m.recipient) : REMOVED;
}

export function outboxRows(messages: OutboxSummary[]) {
  return messages.map((m) => ({
    href: paths.admin.outboxMessage.build({ messageId: m.id }),
    created: formatDateTime(m.createdAt),
    template: templateLabel(m.template),
    channel: CHANNEL_LABELS[m.channel],
    recipient: recipientText(m),
    status: outboxStatusTag(m.status, recordedOnly(m)),
    attempts: String(m.attempts),
    nextAttempt: nextAttempt(m),
    lastError: m.lastError ?? '',
  }));
}

/** The status filter as links, each with its count; the one shown is marked current. */
export function statusFilters(page: OutboxPage, current: OutboxStatus | null) {
  const all = Object.values(page.counts).reduce((a, b) => a + b, 0);
  return [
    { text: 'All', count: all, href: listHref(null), current: current === null },
    ...OUTBOX_STATUSES.map((s) => ({
      text: STATUS[s].text,
      count: page.counts[s],
      href: listHref(s),
      current: current === s,
    })),
  ];
}

export function outboxPagination(page: OutboxPage, status: OutboxStatus | null) {
  return {
    previousHref: page.page > 1 ? listHref(status, Math.min(page.page - 1, page.pageCount)) : null,
    nextHref: page.page < page.pageCount ? listHref(status, page.page + 1) : null,
    summary: `Page ${String(Math.min(page.page, page.pageCount))} of ${String(page.pageCount)}`,
  };
}

export function messageDetails(m: OutboxMessage, maxAttempts: number) {
  const rows: { key: string; value: string }[] = [
    { key: 'Template', value: templateLabel(m.template) },
    { key: 'Sent by', value: CHANNEL_LABELS[m.channel] },
    { key: 'To', value: recipientText(m) },
    { key: 'About', value: [m.subjectType, m.subjectId].filter(Boolean).join(' ') || 'Nothing in particular' },
    { key: 'Queued', value: formatDateTime(m.createdAt) },
    { key: 'Attempts', value: `${String(m.attempts)} of ${String(maxAttempts)}` },
  ];
  if (m.status === 'pending') rows.push({ key: 'Next attempt', value: nextAttempt(m) });
  if (m.sentAt !== null) rows.push({ key: recordedOnly(m) ? 'Recorded' : 'Sent', value: formatDateTime(m.sentAt) });
  if (m.lastError !== null) rows.push({ key: 'Last error', value: m.lastError });
  if (m.providerReference !== null) rows.push({ key: 'GOV.UK Notify id', value: m.providerReference });
  if (isTemplateKey(m.template) && oneTimeLinkFields(m.template).length > 0) {
    rows.push({ key: 'One-time link', value: 'Made when the message is sent; never stored or shown' });
  }
  if (m.purgedAt !== null) rows.push({ key: 'Personal details removed', value: formatDateTime(m.purgedAt) });
  rows.push({ key: 'Outbox id', value: m.id });
  rows.push({ key: 'Last changed', value: formatDateTime(m.updatedAt) });
  return rows.map((r) => ({ key: { text: r.key }, value: { text: r.value } }));
}

/** The local rendering as paragraphs of lines, so the page keeps its line breaks without raw HTML. */
export function localRendering(delivery: LocalDelivery | null) {
  if (delivery?.purgedAt !== null) return null;
  return {
    channel: CHANNEL_LABELS[delivery.channel],
    to: maskRecipient(delivery.channel, delivery.recipient),
    when: formatDateTime(delivery.deliveredAt),
    subject: delivery.subject,
    paragraphs: delivery.body.split(/\n{2,}/u).map((p) => p.split('\n')),
  };
}

export const OUTBOX_DONE_MESSAGES = {
  retried: 'The message is back in the queue and will be sent shortly.',
} as const;
