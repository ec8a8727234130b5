/**
 * Contact notes on the child's record (issue 14 item 3, docs/adr/0045): one note per contact, typed (an assessment, a
 * therapy session, a school visit, a telephone call, advice), drafted with autosave and then signed by its author.
 * A draft may be incomplete while it is written; only signing needs the type, the date and the text. Once signed a
 * note is never changed: a correction is an addendum with its reason. Pure: the forms give their answers here and get
 * a clean value or every problem in GOV.UK wording; today's date is passed in, never read from a clock.
 */
import type { FieldProblem } from '../forms/fields.js';
import { isIsoDate } from '../shared/dates.js';

export const CONTACT_TYPES = ['assessment', 'therapy', 'school-visit', 'telephone', 'advice'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

export const CONTACT_TYPE_LABELS: Readonly<Record<ContactType, string>> = {
  assessment: 'Assessment',
  therapy: 'Therapy session',
  'school-visit': 'School visit',
  telephone: 'Telephone call',
  advice: 'Advice',
};

/** A note is a draft until its author signs it; a signed note never changes again. */
export const NOTE_STATES = ['draft', 'signed'] as const;
export type NoteState = (typeof NOTE_STATES)[number];

/** The longest text a note or an addendum may have, in characters. */
export const NOTE_TEXT_MAX = 20_000;
/** The longest reason an addendum may give, in characters. */
export const ADDENDUM_REASON_MAX = 500;

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** A draft as written so far: any part may still be missing. */
export interface NoteDraft {
  contactType: ContactType | null;
  contactOn: string | null;
  text: string;
}

/** A draft with everything signing needs. */
export interface SignableNote {
  contactType: ContactType;
  contactOn: string;
  text: string;
}

export interface Addendum {
  text: string;
  reason: string;
}

/** What a draft form sends: each part optional, as a person may save before filling them in. */
export interface DraftInput {
  contactType?: string | null;
  contactOn?: string | null;
  text?: string | null;
}

const isContactType = (value: string): value is ContactType => (CONTACT_TYPES as readonly string[]).includes(value);

const blankToNull = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

/**
 * Reads a draft from form input: the type must be one of the contact types, the contact date a real date not after
 * today, the text at most 20,000 characters once trimmed. Anything left empty stays empty (null type or date, empty
 * text), since a draft may be saved unfinished.
 */
export function parseDraft(input: DraftInput, today: string): Parsed<NoteDraft> {
  const problems: FieldProblem[] = [];
  const type = blankToNull(input.contactType);
  let contactType: ContactType | null = null;
  if (type !== null) {
    if (isContactType(type)) contactType = type;
    else problems.push({ field: 'contactType', message: 'Select the type of contact from the list' });
  }
  const contactOn = blankToNull(input.contactOn);
  if (contactOn !== null) {
    if (!isIsoDate(contactOn)) {
      problems.push({ field: 'contactOn', message: 'Date of contact must be a real date' });
    } else if (contactOn > today) {
      problems.push({ field: 'contactOn', message: 'Date of contact must be today or in the past' });
    }
  }
  const text = input.text?.trim() ?? '';
  if (text.length > NOTE_TEXT_MAX) {
    problems.push({ field: 'text', message: 'Note must be 20,000 characters or fewer' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { contactType, contactOn, text } };
}

/** Checks that a draft has what signing needs (the type, the date and some text), naming each missing part. */
export function readyToSign(draft: NoteDraft): Parsed<SignableNote> {
  const problems: FieldProblem[] = [];
  if (draft.contactType === null) problems.push({ field: 'contactType', message: 'Select the type of contact' });
  if (draft.contactOn === null) problems.push({ field: 'contactOn', message: 'Enter the date of contact' });
  if (draft.text.trim() === '') problems.push({ field: 'text', message: 'Enter the note' });
  if (draft.contactType === null || draft.contactOn === null || problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { contactType: draft.contactType, contactOn: draft.contactOn, text: draft.text } };
}

/** Reads an addendum from form input: its text (at most 20,000 characters) and the reason for it, both required. */
export function parseAddendum(input: { text?: string | null; reason?: string | null }): Parsed<Addendum> {
  const problems: FieldProblem[] = [];
  const text = input.text?.trim() ?? '';
  const reason = input.reason?.trim() ?? '';
  if (text === '') problems.push({ field: 'text', message: 'Enter the addendum' });
  else if (text.length > NOTE_TEXT_MAX) {
    problems.push({ field: 'text', message: 'Addendum must be 20,000 characters or fewer' });
  }
  if (reason === '') problems.push({ field: 'reason', message: 'Enter the reason for the addendum' });
  else if (reason.length > ADDENDUM_REASON_MAX) {
    problems.push({ field: 'reason', message: 'Reason must be 500 characters or fewer' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { text, reason } };
}

export type SignRefusal = 'not-author' | 'already-signed';

/**
 * Who may sign a note: its author only, and only while it is a draft. Nobody signs a note for someone else, so the
 * signature always names the person who wrote it.
 */
export function maySign(
  note: { authorUserId: string; status: NoteState },
  userId: string,
): { ok: true } | { ok: false; reason: SignRefusal } {
  if (note.status === 'signed') return { ok: false, reason: 'already-signed' };
  if (note.authorUserId !== userId) return { ok: false, reason: 'not-author' };
  return { ok: true };
}

/** Who may save a draft's text: its author only, and only while it is a draft. */
export function mayEditDraft(note: { authorUserId: string; status: NoteState }, userId: string): boolean {
  return note.status === 'draft' && note.authorUserId === userId;
}

/** The draft as stored, for signing: a type that is not one of the contact types (none is written) is read as none. */
export function storedDraft(stored: { contactType: string | null; contactOn: string | null; text: string }): NoteDraft {
  const type = stored.contactType;
  return {
    contactType: type !== null && isContactType(type) ? type : null,
    contactOn: stored.contactOn,
    text: stored.text,
  };
}

/** The note's state from what is stored; anything but `signed` is read as a draft, which cannot be signed twice. */
export function noteState(value: string): NoteState {
  return value === 'signed' ? 'signed' : 'draft';
}
