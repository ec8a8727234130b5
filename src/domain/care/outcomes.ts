/**
 * What happened at an appointment, for each child in it (issue 13 item 6), and when a run of missed or late-cancelled
 * appointments is a flag for the service's safeguarding lead. Children depend on adults to bring them: a missed
 * appointment is "Was Not Brought" and a possible safeguarding signal, never a reason on its own to close a child's
 * care. Nothing here closes an episode or discharges a child. Pure.
 */

export const APPOINTMENT_OUTCOMES = [
  'attended',
  'cancelled-by-family',
  'cancelled-by-service',
  'was-not-brought',
  'could-not-be-seen',
] as const;

export type AppointmentOutcome = (typeof APPOINTMENT_OUTCOMES)[number];

export const OUTCOME_LABELS: Record<AppointmentOutcome, string> = {
  attended: 'Attended',
  'cancelled-by-family': 'Cancelled by the family',
  'cancelled-by-service': 'Cancelled by the service',
  'was-not-brought': 'Was Not Brought',
  'could-not-be-seen': 'Could not be seen',
};

export const OUTCOME_HINTS: Record<AppointmentOutcome, string> = {
  attended: 'The child was seen.',
  'cancelled-by-family': 'The family told us before the appointment that they could not come.',
  'cancelled-by-service': 'We cancelled or moved the appointment.',
  'was-not-brought': 'The child was not brought and the family did not tell us beforehand.',
  'could-not-be-seen': 'The child was brought but could not be seen, for example because they were unwell.',
};

/** Outcomes that need a note saying what happened. */
const NEEDS_NOTE: ReadonlySet<AppointmentOutcome> = new Set(['was-not-brought', 'could-not-be-seen']);

export function isAppointmentOutcome(value: unknown): value is AppointmentOutcome {
  return typeof value === 'string' && (APPOINTMENT_OUTCOMES as readonly string[]).includes(value);
}

export function needsNote(outcome: AppointmentOutcome): boolean {
  return NEEDS_NOTE.has(outcome);
}

export const NOTE_MAX = 2000;
export const REASON_MAX = 1000;

/** What a person sends to record (or correct) an outcome. */
export interface OutcomeEntry {
  outcome: AppointmentOutcome;
  /** What happened, in the clinician's words; '' for none. */
  note: string;
  /** The family cancelled with less notice than the service's late-cancellation period. */
  late: boolean;
  /** Why a recorded outcome is being changed; '' for a first recording. */
  reason: string;
}

export interface EntryProblem {
  field: 'outcome' | 'note' | 'late' | 'reason';
  message: string;
}

/**
 * The rules an outcome must meet beyond its fields' shapes: a note for Was Not Brought and could not be seen; "late"
 * only for a family's cancellation; a reason to change an outcome already recorded.
 */
export function entryProblems(entry: OutcomeEntry, correcting: boolean): EntryProblem[] {
  const problems: EntryProblem[] = [];
  if (needsNote(entry.outcome) && entry.note.trim() === '') {
    problems.push({
      field: 'note',
      message:
        entry.outcome === 'was-not-brought'
          ? 'Say what happened: what you know about why the child was not brought'
          : 'Say why the child could not be seen',
    });
  }
  if (entry.late && entry.outcome !== 'cancelled-by-family') {
    problems.push({ field: 'late', message: 'Only a cancellation by the family can be a late cancellation' });
  }
  if (correcting && entry.reason.trim() === '') {
    problems.push({ field: 'reason', message: 'Give the reason for changing the outcome already recorded' });
  }
  return problems;
}

/** One of a child's appointments with its outcome recorded, for the flag rule. */
export interface PastOutcome {
  appointmentId: string;
  reference: string;
  /** ISO instant the appointment started. */
  startsAt: string;
  outcome: AppointmentOutcome;
  lateCancellation: boolean;
}

export interface FlagRule {
  wasNotBroughtInARowToFlag: number;
  lateCancellationsToFlag: number;
  lateCancellationLookBackWeeks: number;
}

export type FlagReason =
  | { kind: 'was-not-brought-in-a-row'; count: number; appointments: { appointmentId: string; reference: string }[] }
  | {
      kind: 'late-cancellations';
      count: number;
      weeks: number;
      appointments: { appointmentId: string; reference: string }[];
    };

const WEEK_MS = 7 * 86_400_000;

/**
 * Whether a child's outcomes raise a safeguarding flag now: the last `wasNotBroughtInARowToFlag` outcomes that say
 * whether the child was brought are all Was Not Brought, or the family's late cancellations of appointments in the
 * last `lateCancellationLookBackWeeks` weeks reach `lateCancellationsToFlag`.
 *
 * An appointment the service cancelled says nothing about whether the child was brought: it neither counts towards a
 * run of Was Not Brought nor breaks one. Appointments are taken in time order whatever order they are given in.
 */
export function safeguardingFlag(history: readonly PastOutcome[], rule: FlagRule, now: Date): FlagReason | null {
  const ordered = [...history].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const brought = ordered.filter((o) => o.outcome !== 'cancelled-by-service');
  const lastRun = brought.slice(-rule.wasNotBroughtInARowToFlag);
  if (lastRun.length === rule.wasNotBroughtInARowToFlag && lastRun.every((o) => o.outcome === 'was-not-brought')) {
    return {
      kind: 'was-not-brought-in-a-row',
      count: lastRun.length,
      appointments: lastRun.map(({ appointmentId, reference }) => ({ appointmentId, reference })),
    };
  }
  const since = now.getTime() - rule.lateCancellationLookBackWeeks * WEEK_MS;
  const late = ordered.filter(
    (o) => o.outcome === 'cancelled-by-family' && o.lateCancellation && Date.parse(o.startsAt) >= since,
  );
  if (late.length >= rule.lateCancellationsToFlag) {
    return {
      kind: 'late-cancellations',
      count: late.length,
      weeks: rule.lateCancellationLookBackWeeks,
      appointments: late.map(({ appointmentId, reference }) => ({ appointmentId, reference })),
    };
  }
  return null;
}

/** The flag's reason in plain words, for the safeguarding lead. */
export function flagReasonText(reason: FlagReason): string {
  return reason.kind === 'was-not-brought-in-a-row'
    ? `Was Not Brought to ${String(reason.count)} appointments in a row`
    : `${String(reason.count)} late cancellations by the family in the last ${String(reason.weeks)} weeks`;
}

/** What the clinician is asked to do after a Was Not Brought. */
export const WAS_NOT_BROUGHT_ASK =
  'Consider the impact on the child of missing this appointment, contact the family, and record what was done.';

/** Working days the clinician has to follow a Was Not Brought up (and the safeguarding lead a flag). */
export const FOLLOW_UP_WORKING_DAYS = 2;
