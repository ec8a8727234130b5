import { ROLE_LABELS, isRole } from '../../../domain/access/roles.js';
import { AUDIT_ACTIONS, type StoredAuditEvent } from '../../../domain/audit/event.js';
import type { ServiceMember } from '../../../domain/accounts/user.js';
import { CHAIN_BREAK_TEXT, type ChainCheck } from '../../../domain/audit/chain-check.js';
import { formatDateTime } from '../../plugins/views.js';
import type { AuditQueryInput } from './audit.forms.js';

export const AUDIT_CSV_HEADER = [
  'id',
  'occurred_at_utc',
  'service',
  'actor_user_id',
  'actor_name',
  'actor_roles',
  'action',
  'subject_type',
  'subject_id',
  'outcome',
  'ip',
  'correlation_id',
  'detail',
  'hash',
] as const;

export function actorName(members: Map<string, ServiceMember>, id: string | null): string {
  if (id === null) return 'Not signed in';
  return members.get(id)?.displayName ?? 'Staff outside this service';
}

function roleLabels(roles: readonly string[]): string {
  return roles.map((r) => (isRole(r) ? ROLE_LABELS[r] : r)).join(', ');
}

export function auditRows(events: StoredAuditEvent[], members: Map<string, ServiceMember>) {
  return events.map((e) => ({
    id: e.id,
    when: formatDateTime(e.occurredAt),
    who: actorName(members, e.actorUserId),
    roles: roleLabels(e.actorRoles),
    action: e.action,
    subject: [e.subjectType, e.subjectId].filter(Boolean).join(' '),
    outcome: e.outcome,
    ip: e.ip ?? '',
    correlationId: e.correlationId ?? '',
  }));
}

export function auditCsvValues(e: StoredAuditEvent, members: Map<string, ServiceMember>): (string | number)[] {
  return [
    e.id,
    e.occurredAt,
    e.serviceId ?? '',
    e.actorUserId ?? '',
    actorName(members, e.actorUserId),
    e.actorRoles.join(' '),
    e.action,
    e.subjectType ?? '',
    e.subjectId ?? '',
    e.outcome,
    e.ip ?? '',
    e.correlationId ?? '',
    e.detail === null ? '' : JSON.stringify(e.detail),
    e.hash,
  ];
}

export function filterOptions(q: Partial<AuditQueryInput>, members: ServiceMember[]) {
  const select = (values: { value: string; text: string }[], current: string | undefined) => [
    { value: '', text: 'Any', selected: current === undefined },
    ...values.map((v) => ({ ...v, selected: v.value === current })),
  ];
  return {
    actions: select(
      AUDIT_ACTIONS.map((a) => ({ value: a, text: a })),
      q.action,
    ),
    outcomes: select(
      ['success', 'failure', 'denied'].map((o) => ({ value: o, text: o })),
      q.outcome,
    ),
    actors: select(
      members.map((m) => ({ value: m.id, text: `${m.displayName} (${m.email})` })),
      q.actor,
    ),
  };
}

export function chainSummary(checks: ChainCheck[]) {
  const broken = checks.filter((c) => c.brokenAtId !== null);
  return {
    intact: broken.length === 0,
    checked: checks.reduce((n, c) => n + c.checked, 0),
    brokenAt: broken.map((c) => c.brokenAtId).join(', '),
    anchors: checks.reduce((n, c) => n + c.anchorsChecked, 0),
    reasons: [...new Set(broken.flatMap((c) => (c.brokenBecause === null ? [] : [CHAIN_BREAK_TEXT[c.brokenBecause]])))],
  };
}
