/**
 * The audit trail's vocabulary. Each event says who did what to which subject, when, from where, and how it ended.
 */
export type AuditOutcome = 'success' | 'failure' | 'denied';

/** Events that concern no single service (an unknown account's failed sign-in, setting up the first admin). */
export const INSTANCE_CHAIN = 'instance';

export const AUDIT_ACTIONS = [
  'auth.sign-in',
  'auth.sign-in-failed',
  'auth.sign-out',
  'auth.session-expired',
  'auth.second-factor-failed',
  'auth.second-factor-enrolled',
  'user.two-factor-reset',
  'account.password-reset-requested',
  'account.password-reset',
  'access.denied',
  'account.first-admin-link-issued',
  'account.activated',
  'user.list-viewed',
  'user.viewed',
  'user.invited',
  'user.updated',
  'user.disabled',
  'user.enabled',
  'user.invitation-resent',
  'user.added-to-service',
  'audit.searched',
  'audit.exported',
  'audit.chain-checked',
  'staff.service-chosen',
  'reference.imported',
  'outbox.viewed',
  'outbox.retried',
  'outbox.purged',
  'referral.submitted',
  'referral.draft-link-sent',
  'feedback.sent',
  'referral.viewed',
  'triage.worklist-viewed',
  'referral.decided',
  'referral.child-match-answered',
  'referral.reply-reminder-sent',
  'referral.attachment-downloaded',
  'referral.letter-viewed',
  'referral.letter-printed',
  'letters.print-queue-viewed',
  'letters.print-all-downloaded',
  'referral.searched',
  'referral.summary-viewed',
  'subject-access.searched',
  'subject-access.viewed',
  'subject-access.exported',
  // After acceptance (issue 13).
  'waiting-list.viewed',
  'waiting-list.exported',
  'waiting-list.child-removed',
  'waiting-well.contact-sent',
  'waiting-well.answered',
  'task.raised',
  'task.completed',
  'tasks.viewed',
  'places.changed',
  'staff-profile.changed',
  'diary.viewed',
  'diary.block-added',
  'diary.block-removed',
  'appointment.slots-searched',
  'appointment.booked',
  'appointment.viewed',
  'appointment.cancelled',
  'appointment.outcome-recorded',
  'appointment.family-replied',
  'appointment.letter-viewed',
  'appointment.letter-printed',
  'caseload.viewed',
  'safeguarding.flags-viewed',
  'calendar-feed.created',
  'calendar-feed.revoked',
  'calendar-feed.read',
  // The clinical record (issue 14).
  'record.viewed',
  'record.alert-added',
  'record.alert-ended',
  'record.break-glass-started',
  'record.break-glass-refused',
  'record.break-glass-reviewed',
  'record.break-glass-reviews-viewed',
  'advice.viewed',
  'advice.given',
  'ehcp.tracker-viewed',
  'ehcp.report-viewed',
  'ehcp.request-logged',
  'ehcp.request-viewed',
  'ehcp.request-withdrawn',
  'ehcp.document-added',
  'ehcp.document-viewed',
  'ehcp.assigned',
  'ehcp.exception-recorded',
  'ehcp.exception-withdrawn',
  'ehcp.escalated',
  'ehcp.advice-viewed',
  'ehcp.advice-started',
  'ehcp.advice-saved',
  'ehcp.advice-reused',
  'ehcp.advice-review-requested',
  'ehcp.advice-reviewed',
  'ehcp.advice-signed',
  'ehcp.advice-addendum-added',
  'ehcp.advice-sent',
  'ehcp.advice-printed',
  'ehcp.print-list-viewed',
  'equipment.issued',
  'equipment.reviewed',
  'equipment.repaired',
  'equipment.returned',
  'equipment.viewed',
  'note.drafted',
  'note.signed',
  'note.addendum-added',
  'note.viewed',
  'notes.listed',
  'note.saved',
  'assessment.viewed',
  'assessment.recorded',
  'assessment.corrected',
  'goal.set',
  'goal.edited',
  'goal.rated',
  'goal.viewed',
  'outcome.toms-recorded',
  'consent.viewed',
  'consent.recorded',
  'consent.withdrawn',
  'discharge.viewed',
  'discharge.recorded',
  'discharge.letter-downloaded',
  'discharge.letter-printed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEvent {
  serviceId: string | null;
  occurredAt: string;
  actorUserId: string | null;
  actorRoles: readonly string[];
  action: AuditAction;
  subjectType: string | null;
  subjectId: string | null;
  ip: string | null;
  correlationId: string | null;
  outcome: AuditOutcome;
  detail: Record<string, string | number | boolean> | null;
}

export interface StoredAuditEvent extends AuditEvent {
  id: number;
  prevHash: string;
  hash: string;
}

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}
