/**
 * The team's tasks after acceptance: what reaches a person or a role to act on, and how each is labelled. A task is
 * closed by a person who says what they did; nothing closes one, or discharges a child, on its own.
 */
import type { Role } from '../access/roles.js';

export const TASK_KINDS = [
  // Waiting well: a family's answer through their link.
  'waiting-well-no-change',
  'waiting-well-worse',
  'waiting-well-no-longer-needed',
  // Waiting well: contacts in a row left unanswered; a clinician validates the child's place on the list.
  'waiting-well-unanswered',
  // An appointment: the family asked to cancel or rebook through their link.
  'appointment-cancel-requested',
  'appointment-rebook-requested',
  // An appointment the child was not brought to: consider the impact, contact the family, record what was done.
  'was-not-brought',
  // For the safeguarding lead: Was Not Brought in a row, or a pattern of late cancellations.
  'safeguarding-flag',
  // For the service manager: a statutory EHCP request turned red with no draft advice (issue 15).
  'ehcp-escalation',
] as const;

export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_STATUSES = ['open', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_LABELS: Record<TaskKind, string> = {
  'waiting-well-no-change': 'Family says still needed, no change',
  'waiting-well-worse': 'Family says things are worse',
  'waiting-well-no-longer-needed': 'Family says no longer needed: confirm before removing from the list',
  'waiting-well-unanswered': 'No answer to waiting-list contacts: validate',
  'appointment-cancel-requested': 'Family asks to cancel an appointment',
  'appointment-rebook-requested': 'Family asks to rebook an appointment',
  'was-not-brought': 'Was Not Brought: follow up',
  'safeguarding-flag': 'Safeguarding flag: missed or late-cancelled appointments',
  'ehcp-escalation': 'EHCP advice request due soon with no draft: find a clinician to write it',
};

/** Who a task of each kind goes to when no one person is named. */
export const TASK_ROLES: Record<TaskKind, Role> = {
  'waiting-well-no-change': 'admin-officer',
  'waiting-well-worse': 'triage-clinician',
  'waiting-well-no-longer-needed': 'triage-clinician',
  'waiting-well-unanswered': 'triage-clinician',
  'appointment-cancel-requested': 'admin-officer',
  'appointment-rebook-requested': 'admin-officer',
  'was-not-brought': 'clinician',
  'safeguarding-flag': 'safeguarding-lead',
  'ehcp-escalation': 'service-manager',
};

export function isTaskKind(value: unknown): value is TaskKind {
  return typeof value === 'string' && (TASK_KINDS as readonly string[]).includes(value);
}
