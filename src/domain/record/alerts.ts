/**
 * Alerts on a child's record (issue 14 item 1), shown as a banner above everything else on every page of the record:
 * a safeguarding flag with who to contact, a sealed address (not to be disclosed to anyone without the need to know:
 * no letter, message, export or page for them shows it), access needs and communication needs. An alert is ended
 * with a reason, never removed. Pure.
 */
import type { FieldProblem } from '../forms/fields.js';
import { cleanText, codePointLength, hasUnsafeCharacters } from '../shared/text.js';

export const ALERT_KINDS = ['safeguarding', 'sealed-address', 'access-needs', 'communication-needs'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_LABELS: Record<AlertKind, string> = {
  safeguarding: 'Safeguarding concern',
  'sealed-address': 'Address sealed',
  'access-needs': 'Access needs',
  'communication-needs': 'Communication needs',
};

export const ALERT_HINTS: Record<AlertKind, string> = {
  safeguarding: 'What the concern is, and what staff must or must not do',
  'sealed-address': 'Why the address must not be disclosed, and who may know it',
  'access-needs': 'For example, a wheelchair user who needs step-free access',
  'communication-needs': 'For example, an interpreter, British Sign Language, or large print',
};

export const DETAIL_MAX = 1000;
export const CONTACT_MAX = 300;
export const END_REASON_MAX = 500;

export function isAlertKind(value: unknown): value is AlertKind {
  return typeof value === 'string' && (ALERT_KINDS as readonly string[]).includes(value);
}

export interface AlertInput {
  kind: AlertKind;
  detail: string;
  /** Who to contact about it: required for a safeguarding concern, optional otherwise. */
  contact: string | null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

function textField(
  sent: unknown,
  field: string,
  labels: { missing: string | null; name: string },
  max: number,
  problems: FieldProblem[],
): string | null {
  if (Array.isArray(sent)) {
    problems.push({ field, message: 'Enter one answer only' });
    return null;
  }
  const value = typeof sent === 'string' ? cleanText(sent) : '';
  if (value === '') {
    if (labels.missing !== null) problems.push({ field, message: labels.missing });
    return null;
  }
  if (hasUnsafeCharacters(value)) {
    problems.push({ field, message: `${labels.name} must not include characters that cannot be shown` });
    return null;
  }
  if (codePointLength(value) > max) {
    problems.push({ field, message: `${labels.name} must be ${max.toLocaleString('en-GB')} characters or fewer` });
    return null;
  }
  return value;
}

/** The alert as the form sent it, or what is wrong with it. */
export function parseAlert(body: Record<string, unknown>): Parsed<AlertInput> {
  const problems: FieldProblem[] = [];
  const kind = body.kind;
  if (!isAlertKind(kind)) problems.push({ field: 'kind', message: 'Select the kind of alert' });
  const detail = textField(
    body.detail,
    'detail',
    { missing: 'Enter the details of the alert', name: 'Details' },
    DETAIL_MAX,
    problems,
  );
  const contact = textField(
    body.contact,
    'contact',
    {
      missing: kind === 'safeguarding' ? 'Enter who to contact about the safeguarding concern' : null,
      name: 'Contact',
    },
    CONTACT_MAX,
    problems,
  );
  if (problems.length > 0 || !isAlertKind(kind) || detail === null) return { ok: false, problems };
  return { ok: true, value: { kind, detail, contact } };
}

/** Why an alert is ended: required, so that the record says why a warning stopped showing. */
export function parseEndReason(body: Record<string, unknown>): Parsed<string> {
  const problems: FieldProblem[] = [];
  const reason = textField(
    body.reason,
    'reason',
    { missing: 'Enter why this alert no longer applies', name: 'Reason' },
    END_REASON_MAX,
    problems,
  );
  if (reason === null) return { ok: false, problems };
  return { ok: true, value: reason };
}
