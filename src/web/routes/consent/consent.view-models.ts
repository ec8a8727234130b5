/**
 * What the consent pages show: a child's consents, each with what it is for, who gave it (and, for a young person, the
 * judgement of their competence), when, and where it stands; and the consent form's boxes. Dates as "3 December
 * 2026". Pure: unit-tested in consent.view-models.test.ts.
 */
import type { Field } from '../../../domain/forms/fields.js';
import { AGENCY_LABELS, CONSENT_FIELDS, KIND_LABELS, WITHDRAWAL_FIELDS } from '../../../domain/record/consent.js';
import type { ConsentRecord } from '../../../domain/record/consent.js';
import { formatLongDate } from '../../../domain/shared/dates.js';
import type { ConsentWithState } from '../../../services/record/consent.service.js';
import { fieldModels, problemsFrom } from '../../forms/field-models.js';
import type { FormErrors } from '../../forms/form.js';
import { paths } from '../../paths.js';

/** The consent form's fields in the order the page asks them. */
export const CONSENT_FORM_FIELDS: readonly Field[] = [
  CONSENT_FIELDS.kind,
  CONSENT_FIELDS.agency,
  CONSENT_FIELDS.agencyName,
  CONSENT_FIELDS.givenBy,
  CONSENT_FIELDS.personName,
  CONSENT_FIELDS.relationship,
  CONSENT_FIELDS.judgedBy,
  CONSENT_FIELDS.judgedOn,
  CONSENT_FIELDS.judgementNote,
  CONSENT_FIELDS.givenOn,
];

export const WITHDRAWAL_FORM_FIELDS: readonly Field[] = [WITHDRAWAL_FIELDS.withdrawnOn, WITHDRAWAL_FIELDS.reason];

/** A form's boxes, each with what was sent and its problem. */
export function consentBoxes(
  fields: readonly Field[],
  sent: Record<string, unknown> | undefined,
  errors: FormErrors | undefined,
) {
  const models = fieldModels(fields, {}, sent, problemsFrom(errors), {}, { ownHeading: true });
  return Object.fromEntries(models.map((m) => [m.name, m]));
}

/** What a consent is for, in words: "Sharing information with another organisation: The child’s school or setting". */
export function consentFor(record: ConsentRecord): string {
  if (record.kind !== 'sharing' || record.agency === null) return KIND_LABELS[record.kind];
  const agency = record.agency.code === 'other' ? record.agency.name : AGENCY_LABELS[record.agency.code];
  return `Sharing information with: ${agency}`;
}

/** Who gave a consent, in words, with the judgement of a young person's competence. */
export function consentGiver(record: ConsentRecord): string {
  const g = record.givenBy;
  if (g.kind === 'parental-responsibility') return `${g.name} (${g.relationship})`;
  return (
    `The young person, judged competent by ${g.judgement.judgedBy} on ${formatLongDate(g.judgement.judgedOn)}: ` +
    g.judgement.note
  );
}

export function consentStatus(c: ConsentWithState, today: string): { text: string; tag: string } {
  const w = c.record.withdrawn;
  if (w !== null && w.on <= today) {
    return { text: `Withdrawn on ${formatLongDate(w.on)}: ${w.reason}`, tag: 'nhsuk-tag--grey' };
  }
  if (c.inForce) return { text: 'In force', tag: 'nhsuk-tag--green' };
  return { text: `From ${formatLongDate(c.record.givenOn)}`, tag: 'nhsuk-tag--blue' };
}

export interface ConsentListRow {
  id: string;
  for: string;
  givenBy: string;
  givenOn: string;
  status: { text: string; tag: string };
  recordedBy: string;
  withdrawHref: string | null;
}

export function consentRows(consents: readonly ConsentWithState[], today: string, mayWrite: boolean): ConsentListRow[] {
  return consents.map((c) => ({
    id: c.id,
    for: consentFor(c.record),
    givenBy: consentGiver(c.record),
    givenOn: formatLongDate(c.record.givenOn),
    status: consentStatus(c, today),
    recordedBy: c.recordedByName,
    withdrawHref:
      mayWrite && c.record.withdrawn === null
        ? paths.consentDischarge.withdrawConsent.build({ consentId: c.id })
        : null,
  }));
}
