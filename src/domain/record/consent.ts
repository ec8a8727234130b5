/**
 * Consent on the child's record (issue 14 item 2): to assessment and treatment, and to sharing information with a named
 * agency. Consent is given by a person with parental responsibility (their name and relationship to the child) or by
 * the young person themselves when judged competent to give it, and then the judgement is recorded: who judged, when,
 * and how. Consent may be withdrawn, with the date and the reason; a withdrawn sharing consent stops letters to that
 * agency. Pure: the forms give their answers here and get a clean record or every problem in GOV.UK wording.
 */
import { parseField, type Field, type FieldProblem, type Answers } from '../forms/fields.js';

export const CONSENT_KINDS = ['assessment-and-treatment', 'sharing'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

export const SHARING_AGENCIES = ['school', 'gp', 'social-care', 'education-authority', 'other'] as const;
export type SharingAgencyCode = (typeof SHARING_AGENCIES)[number];

export const AGENCY_LABELS: Record<SharingAgencyCode, string> = {
  school: 'The child’s school or setting',
  gp: 'The child’s GP',
  'social-care': 'Children’s social care',
  'education-authority': 'The local authority’s education or SEND team',
  other: 'Another organisation',
};

/** Who information may be shared with: one of the named kinds, or another organisation by its name. */
export type SharingAgency = { code: Exclude<SharingAgencyCode, 'other'> } | { code: 'other'; name: string };

/** Who gave consent. */
export type ConsentGiver =
  | { kind: 'parental-responsibility'; name: string; relationship: string }
  | { kind: 'competent-young-person'; judgement: { judgedBy: string; judgedOn: string; note: string } };

export interface ConsentWithdrawal {
  on: string;
  reason: string;
}

export interface ConsentRecord {
  kind: ConsentKind;
  /** Who the information may be shared with; null for consent to assessment and treatment. */
  agency: SharingAgency | null;
  givenBy: ConsentGiver;
  givenOn: string;
  withdrawn: ConsentWithdrawal | null;
}

export type ConsentState = 'given' | 'withdrawn' | 'none';

const sameName = (a: string, b: string) =>
  a.trim().replace(/\s+/gu, ' ').toLowerCase() === b.trim().replace(/\s+/gu, ' ').toLowerCase();

function sameAgency(a: SharingAgency | null, b: SharingAgency | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.code === 'other' && b.code === 'other') return sameName(a.name, b.name);
  return a.code === b.code;
}

/**
 * Where consent of a kind (and, for sharing, to an agency) stands on a day: the latest thing that happened to it on
 * or before that day decides. A giving makes it `given`; a withdrawal makes it `withdrawn`, and on the same day a
 * withdrawal wins over a giving. `none` when nothing was ever recorded by then. A withdrawal takes effect on its own
 * date, so nothing is sent under that consent on the day it is withdrawn.
 */
export function consentState(
  records: readonly ConsentRecord[],
  kind: ConsentKind,
  agency: SharingAgency | null,
  on: string,
): ConsentState {
  const events: { on: string; state: 'given' | 'withdrawn' }[] = [];
  for (const r of records) {
    if (r.kind !== kind || (kind === 'sharing' && !sameAgency(r.agency, agency))) continue;
    if (r.givenOn <= on) events.push({ on: r.givenOn, state: 'given' });
    if (r.withdrawn !== null && r.withdrawn.on <= on) events.push({ on: r.withdrawn.on, state: 'withdrawn' });
  }
  if (events.length === 0) return 'none';
  events.sort((a, b) => (a.on === b.on ? (a.state === 'withdrawn' ? 1 : -1) : a.on < b.on ? -1 : 1));
  return events[events.length - 1]?.state ?? 'none';
}

/** True when consent of a kind (to an agency, for sharing) is in force on a day: given and not since withdrawn. */
export function consentInForce(
  records: readonly ConsentRecord[],
  kind: ConsentKind,
  agency: SharingAgency | null,
  on: string,
): boolean {
  return consentState(records, kind, agency, on) === 'given';
}

export const NAME_MAX = 100;
export const RELATIONSHIP_MAX = 60;
export const AGENCY_NAME_MAX = 120;
export const NOTE_MAX = 1000;
export const REASON_MAX = 500;

const radios = (name: string, label: string, missing: string, labels: Record<string, string>): Field => ({
  kind: 'radios',
  name,
  label,
  missing,
  options: Object.entries(labels).map(([value, text]) => ({ value, text })),
});

export const KIND_LABELS: Record<ConsentKind, string> = {
  'assessment-and-treatment': 'Assessment and treatment',
  sharing: 'Sharing information with another organisation',
};

export const GIVER_LABELS: Record<ConsentGiver['kind'], string> = {
  'parental-responsibility': 'A person with parental responsibility',
  'competent-young-person': 'The young person, judged competent to consent',
};
const text = (name: string, label: string, missing: string, max: number): Field => ({
  kind: 'text',
  name,
  label,
  missing,
  max,
});
const textarea = (name: string, label: string, missing: string, max: number): Field => ({
  kind: 'textarea',
  name,
  label,
  missing,
  max,
});

/** The consent form's fields; which of them are asked depends on the answers before them. */
export const CONSENT_FIELDS = {
  kind: radios('kind', 'What is the consent for?', 'Select what the consent is for', KIND_LABELS),
  agency: radios(
    'agency',
    'Who may the information be shared with?',
    'Select who the information may be shared with',
    AGENCY_LABELS,
  ),
  agencyName: text('agencyName', 'Name of the organisation', 'Enter the name of the organisation', AGENCY_NAME_MAX),
  givenBy: radios('givenBy', 'Who gave consent?', 'Select who gave consent', GIVER_LABELS),
  personName: text('personName', 'Name', 'Enter the name of the person who gave consent', NAME_MAX),
  relationship: text(
    'relationship',
    'Relationship to the child',
    'Enter their relationship to the child',
    RELATIONSHIP_MAX,
  ),
  judgedBy: text(
    'judgedBy',
    'Name of the person who judged',
    'Enter the name of the person who judged the young person competent',
    NAME_MAX,
  ),
  judgedOn: {
    kind: 'date',
    name: 'judgedOn',
    label: 'Date of the judgement',
    what: 'Date of the judgement',
    missing: 'Enter the date the young person was judged competent',
  },
  judgementNote: textarea(
    'judgementNote',
    'How the young person was judged competent',
    'Enter how you judged the young person competent to give consent',
    NOTE_MAX,
  ),
  givenOn: {
    kind: 'date',
    name: 'givenOn',
    label: 'Date consent was given',
    what: 'Date consent was given',
    missing: 'Enter the date consent was given',
  },
} as const satisfies Record<string, Field>;

export type ConsentParse = { ok: true; value: ConsentRecord } | { ok: false; problems: FieldProblem[] };

/**
 * Reads each field in turn, collecting answers and problems; answers (starting from `given`) hold what later fields
 * compare with.
 */
function reader(sent: Record<string, unknown>, today: string, given: Answers = {}) {
  const problems: FieldProblem[] = [];
  const answers: Answers = { ...given };
  const read = (field: Field): string | undefined => {
    const parsed = parseField(field, sent, today, answers);
    if ('message' in parsed) {
      problems.push(parsed);
      return undefined;
    }
    if (typeof parsed.value !== 'string') return undefined;
    answers[field.name] = parsed.value;
    return parsed.value;
  };
  return { problems, read };
}

/**
 * A consent record from the form: what it is for, with whom (for sharing), who gave it and when. A young person's
 * consent needs the judgement of their competence, made on or before the day they consented. Dates may not be in
 * the future. Returns every problem at once.
 */
export function parseConsent(sent: Record<string, unknown>, today: string): ConsentParse {
  const { problems, read } = reader(sent, today);
  const F = CONSENT_FIELDS;
  const kind = read(F.kind) as ConsentKind | undefined;
  let agency: SharingAgency | null = null;
  if (kind === 'sharing') {
    const code = read(F.agency) as SharingAgencyCode | undefined;
    if (code === 'other') {
      const name = read(F.agencyName);
      if (name !== undefined) agency = { code, name };
    } else if (code !== undefined) agency = { code };
  }
  const who = read(F.givenBy);
  let givenBy: ConsentGiver | undefined;
  if (who === 'parental-responsibility') {
    const [name, relationship] = [read(F.personName), read(F.relationship)];
    if (name !== undefined && relationship !== undefined) givenBy = { kind: who, name, relationship };
  } else if (who === 'competent-young-person') {
    const [judgedBy, judgedOn, note] = [read(F.judgedBy), read(F.judgedOn), read(F.judgementNote)];
    if (judgedBy !== undefined && judgedOn !== undefined && note !== undefined) {
      givenBy = { kind: who, judgement: { judgedBy, judgedOn, note } };
    }
  }
  const givenOn = read(F.givenOn);
  if (givenBy?.kind === 'competent-young-person' && givenOn !== undefined && givenBy.judgement.judgedOn > givenOn) {
    problems.push({
      field: 'judgedOn',
      message: 'Date of the judgement must be on or before the date consent was given',
      part: 'day',
    });
  }
  if (problems.length > 0 || kind === undefined || givenBy === undefined || givenOn === undefined) {
    return { ok: false, problems };
  }
  if (kind === 'sharing' && agency === null) return { ok: false, problems };
  return { ok: true, value: { kind, agency, givenBy, givenOn, withdrawn: null } };
}

export const WITHDRAWAL_FIELDS = {
  withdrawnOn: {
    kind: 'date',
    name: 'withdrawnOn',
    label: 'Date consent was withdrawn',
    what: 'Date consent was withdrawn',
    missing: 'Enter the date consent was withdrawn',
    notBeforeAnswer: {
      name: 'givenOn',
      message: 'Date consent was withdrawn must be on or after the date it was given',
    },
  },
  reason: textarea('reason', 'Why consent was withdrawn', 'Enter why consent was withdrawn', REASON_MAX),
} as const satisfies Record<string, Field>;

export type WithdrawalParse = { ok: true; value: ConsentWithdrawal } | { ok: false; problems: FieldProblem[] };

/**
 * A withdrawal of a consent from the form: its date (on or after the day consent was given, and not in the future)
 * and the reason. A consent already withdrawn cannot be withdrawn again.
 */
export function parseWithdrawal(sent: Record<string, unknown>, record: ConsentRecord, today: string): WithdrawalParse {
  if (record.withdrawn !== null) {
    return { ok: false, problems: [{ field: 'withdrawnOn', message: 'This consent has already been withdrawn' }] };
  }
  const { problems, read } = reader(sent, today, { givenOn: record.givenOn });
  const [withdrawnOn, reason] = [read(WITHDRAWAL_FIELDS.withdrawnOn), read(WITHDRAWAL_FIELDS.reason)];
  if (problems.length > 0 || withdrawnOn === undefined || reason === undefined) return { ok: false, problems };
  return { ok: true, value: { on: withdrawnOn, reason } };
}
