/**
 * Discharge from the service (issue 14 item 8): a reason from the service definition's list and the date; who the
 * summary letter goes to; and the two dates the discharge sets, the last day a parent may re-refer directly and the
 * retention review date of the record. Nothing here deletes anything or closes an episode. Pure.
 */
import { parseField, type Answers, type Field, type FieldProblem } from '../forms/fields.js';
import { formatLongDate } from '../shared/dates.js';
import type { DischargeReason } from '../service/record-settings.js';
import { consentInForce, consentState, type ConsentRecord } from './consent.js';
import { reReferralUntil } from './re-referral-window.js';
import { retentionReviewDate, type RetentionReview } from './retention.js';

export interface Discharge {
  reason: string;
  dischargedOn: string;
}

export type DischargeParse = { ok: true; value: Discharge } | { ok: false; problems: FieldProblem[] };

/** The discharge form's fields for a service's list of reasons. */
export function dischargeFields(reasons: readonly DischargeReason[]) {
  return {
    reason: {
      kind: 'radios',
      name: 'reason',
      label: 'Why is the child being discharged?',
      missing: 'Select the reason for discharge',
      options: reasons.map((r) => ({ value: r.code, text: r.label })),
    },
    dischargedOn: {
      kind: 'date',
      name: 'dischargedOn',
      label: 'Date of discharge',
      what: 'Date of discharge',
      missing: 'Enter the date of discharge',
      notBeforeAnswer: {
        name: 'episodeStartedOn',
        message: 'Date of discharge must be on or after the date the episode of care started',
      },
    },
  } as const satisfies Record<string, Field>;
}

/**
 * A discharge from the form: a reason on the service's list and a date that is not in the future and not before the
 * episode of care started. Returns every problem at once.
 */
export function parseDischarge(
  sent: Record<string, unknown>,
  context: { reasons: readonly DischargeReason[]; episodeStartedOn: string; today: string },
): DischargeParse {
  const fields = dischargeFields(context.reasons);
  const answers: Answers = { episodeStartedOn: context.episodeStartedOn };
  const problems: FieldProblem[] = [];
  const values: Partial<Record<'reason' | 'dischargedOn', string>> = {};
  for (const field of [fields.reason, fields.dischargedOn]) {
    const parsed = parseField(field, sent, context.today, answers);
    if ('message' in parsed) problems.push(parsed);
    else if (typeof parsed.value === 'string') values[field.name] = parsed.value;
  }
  const { reason, dischargedOn } = values;
  if (problems.length > 0 || reason === undefined || dischargedOn === undefined) return { ok: false, problems };
  return { ok: true, value: { reason, dischargedOn } };
}

/** The label of a discharge reason code, or the code itself for one no longer on the list (an old record). */
export function dischargeReasonLabel(reasons: readonly DischargeReason[], code: string): string {
  return reasons.find((r) => r.code === code)?.label ?? code;
}

export type LetterParty = 'family' | 'gp' | 'school';

/** Someone a letter could go to: a name, and a postal address if one is held. */
export interface Addressee {
  name: string;
  address: string | null;
}

export interface LetterRecipient {
  to: LetterParty;
  name: string;
  /** Posted, or (no address held) printed and kept on the file. */
  delivery: 'post' | 'print-for-file';
  /** Said to the person sending: "No address: print for the file". */
  note?: string;
}

export interface LetterNotSent {
  to: LetterParty;
  reason: string;
}

export interface DischargeLetterRecipients {
  send: LetterRecipient[];
  notSent: LetterNotSent[];
}

function recipient(to: LetterParty, who: Addressee): LetterRecipient {
  return who.address === null || who.address.trim() === ''
    ? { to, name: who.name, delivery: 'print-for-file', note: 'No address: print for the file' }
    : { to, name: who.name, delivery: 'post' };
}

/**
 * Who the discharge summary letter goes to on day `on`: the family always (printed for the file when no address is
 * held); the GP when one is known, unless consent to share with the GP has been withdrawn; the school only with a
 * consent to share with the school in force that day. Each party left out is listed with the reason, for the page.
 */
export function dischargeLetterRecipients(input: {
  family: Addressee;
  gp: Addressee | null;
  school: Addressee | null;
  consents: readonly ConsentRecord[];
  on: string;
}): DischargeLetterRecipients {
  const { family, gp, school, consents, on } = input;
  const send: LetterRecipient[] = [recipient('family', family)];
  const notSent: LetterNotSent[] = [];
  if (gp === null) notSent.push({ to: 'gp', reason: 'No GP is recorded for the child' });
  else if (consentState(consents, 'sharing', { code: 'gp' }, on) === 'withdrawn') {
    notSent.push({ to: 'gp', reason: 'Consent to share with the GP has been withdrawn' });
  } else send.push(recipient('gp', gp));
  if (school === null) notSent.push({ to: 'school', reason: 'No school is recorded for the child' });
  else if (consentInForce(consents, 'sharing', { code: 'school' }, on)) send.push(recipient('school', school));
  else {
    const withdrawn = consentState(consents, 'sharing', { code: 'school' }, on) === 'withdrawn';
    notSent.push({
      to: 'school',
      reason: withdrawn
        ? 'Consent to share with the school has been withdrawn'
        : `No consent to share with the school is in force on ${formatLongDate(on)}`,
    });
  }
  return { send, notSent };
}

export interface DischargeDates {
  /** The last day a parent or carer may re-refer directly. */
  reReferralUntil: string;
  retention: RetentionReview;
}

export type DischargeDatesResult = { ok: true; value: DischargeDates } | { ok: false; problems: FieldProblem[] };

/**
 * The dates a discharge sets: the end of the parent re-referral window (discharge date plus the service's
 * `parentReReferralWindowMonths`) and the record's retention review date (the 25th or 26th birthday).
 */
export function dischargeDates(input: {
  dateOfBirth: string;
  dischargedOn: string;
  parentReReferralWindowMonths: number;
}): DischargeDatesResult {
  const retention = retentionReviewDate(input.dateOfBirth, input.dischargedOn);
  if (!retention.ok) {
    return {
      ok: false,
      problems: retention.problems.map((p) =>
        p.field === 'treatmentEndedOn'
          ? { field: 'dischargedOn', message: p.message.replace('Date treatment ended', 'Date of discharge') }
          : p,
      ),
    };
  }
  const months = input.parentReReferralWindowMonths;
  if (!Number.isInteger(months) || months < 1) {
    return {
      ok: false,
      problems: [
        {
          field: 'parentReReferralWindowMonths',
          message: 'The re-referral window must be a whole number of months, 1 or more',
        },
      ],
    };
  }
  return {
    ok: true,
    value: {
      reReferralUntil: reReferralUntil(input.dischargedOn, months),
      retention: retention.value,
    },
  };
}
