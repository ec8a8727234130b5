/**
 * What the contact notes' pages show: a child's notes a page at a time (type, date, author, draft or signed, and
 * their addenda), one note with its signed text, every saved version and its addenda, and the draft's form answers.
 * Dates as "3 December 2026", times as London's clocks show them. Pure: unit-tested in notes.view-models.test.ts.
 */
import { londonWallTime } from '../../../domain/care/london-time.js';
import type { Answers } from '../../../domain/forms/fields.js';
import { CONTACT_TYPE_LABELS, CONTACT_TYPES, noteState } from '../../../domain/record/notes.js';
import { formatLongDate, londonDate } from '../../../domain/shared/dates.js';
import type {
  AddendumRow,
  CurrentDraft,
  NoteRow,
  NotesPage,
  NoteWithHistory,
} from '../../../services/record/notes.service.js';
import { paths } from '../../paths.js';
import { pageItems } from '../equipment/equipment.view-models.js';
import type { Done } from './notes.forms.js';

export const DONE_BANNERS: Readonly<Record<Done, string>> = {
  started: 'Draft note started',
  saved: 'Draft saved',
  signed: 'Note signed',
  addendum: 'Addendum added',
};

/** The type of contact as a person names it, or that it is not given yet (a draft). */
export function typeLabel(type: string | null): string {
  const known = CONTACT_TYPES.find((t) => t === type);
  return known === undefined ? 'Type not given yet' : CONTACT_TYPE_LABELS[known];
}

/** Text as typed, as paragraphs (split at blank lines) of lines, for the page to show without losing its shape. */
export function paragraphs(text: string): string[][] {
  return text
    .replace(/\r\n?/gu, '\n')
    .split(/\n\s*\n/u)
    .map((p) => p.split('\n').map((line) => line.trimEnd()))
    .filter((p) => p.some((line) => line !== ''));
}

/** A stored instant as "3 December 2026 at 10:15", on London's clocks. */
export function dateTime(iso: string): string {
  const at = new Date(iso);
  return `${formatLongDate(londonDate(at))} at ${londonWallTime(at).time}`;
}

const contactDate = (note: NoteRow) =>
  note.contactOn === null ? 'Date not given yet' : formatLongDate(note.contactOn);

const addendumModel = (a: AddendumRow) => ({
  text: paragraphs(a.text),
  reason: a.reason,
  by: a.authorName,
  at: dateTime(a.createdAt),
});

function status(note: NoteRow) {
  const signed = noteState(note.status) === 'signed';
  return { text: signed ? 'Signed' : 'Draft', classes: signed ? 'nhsuk-tag--green' : 'nhsuk-tag--grey' };
}

/** Where a note's link goes: the author's own draft opens its form (when they may write); anything else its page. */
function noteHref(note: NoteRow, me: string | null, mayWrite: boolean): string {
  const ownDraft = noteState(note.status) === 'draft' && note.authorUserId === me && mayWrite;
  return ownDraft ? paths.notes.edit.build({ noteId: note.id }) : paths.notes.note.build({ noteId: note.id });
}

/** A child's notes: one page of them, newest contact first, with "Add a contact note" for those who may write. */
export function listPage(found: NotesPage, childId: string, me: string | null, mayWrite: boolean) {
  const href = (n: number) => `${paths.notes.child.build({ childId })}${n > 1 ? `?page=${String(n)}` : ''}`;
  return {
    total: found.total,
    page: found.page,
    pageCount: found.pageCount,
    notes: found.notes.map((n) => ({
      type: typeLabel(n.contactType),
      date: contactDate(n),
      author: n.authorName,
      status: status(n),
      href: noteHref(n, me, mayWrite),
      linkText:
        noteState(n.status) === 'draft' && n.authorUserId === me && mayWrite ? 'Continue the draft' : 'View note',
      addenda: n.addenda.map(addendumModel),
    })),
    addAction: mayWrite ? paths.notes.add.build({ childId }) : null,
    recordHref: paths.record.child.build({ childId }),
    pagination:
      found.pageCount <= 1
        ? null
        : {
            items: pageItems(found.page, found.pageCount, href),
            previous: found.page > 1 ? { href: href(found.page - 1) } : undefined,
            next: found.page < found.pageCount ? { href: href(found.page + 1) } : undefined,
          },
  };
}

/** One note: its text (signed or as drafted so far), who signed it when, every saved version and its addenda. */
export function notePage(found: NoteWithHistory, me: string | null, mayWrite: boolean) {
  const { note, versions, addenda } = found;
  const signed = noteState(note.status) === 'signed';
  return {
    noteId: note.id,
    title: `${typeLabel(note.contactType)}: ${contactDate(note)}`,
    status: status(note),
    signed,
    summary: [
      { key: 'Type of contact', value: typeLabel(note.contactType) },
      { key: 'Date of contact', value: contactDate(note) },
      { key: 'Written by', value: note.authorName },
      {
        key: signed ? 'Signed' : 'Status',
        value:
          signed && note.signedAt !== null
            ? `By ${note.authorName} on ${dateTime(note.signedAt)}`
            : 'Draft, not signed',
      },
    ],
    text: paragraphs(note.text),
    versions: versions.map((v) => ({
      version: v.version,
      savedAt: dateTime(v.savedAt),
      by: v.savedByName,
      text: paragraphs(v.text),
      current: v.version === note.version,
    })),
    addenda: addenda.map(addendumModel),
    editHref: !signed && note.authorUserId === me && mayWrite ? paths.notes.edit.build({ noteId: note.id }) : null,
    addendumAction: signed && mayWrite ? paths.notes.addendum.build({ noteId: note.id }) : null,
    childHref: paths.notes.child.build({ childId: note.childId }),
  };
}

/** The draft's form answers as saved: its type, date and text, at its version. */
export function draftAnswers(note: NoteRow | CurrentDraft): Answers {
  return {
    ...(note.contactType !== null && { contactType: note.contactType }),
    ...(note.contactOn !== null && { contactOn: note.contactOn }),
    text: note.text,
    version: String(note.version),
  };
}
