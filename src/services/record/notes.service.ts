/**
 * Contact notes (issue 14 item 3, docs/adr/0045): starting a draft for the child of an episode, autosaving it, signing
 * it, adding addenda to a signed note, reading a note with every version and addendum, and a child's notes for the
 * timeline, a page at a time. The rules are the domain's (`src/domain/record/notes.ts`).
 *
 * Autosave is a compare and set on the draft's version: a save made on a stale version keeps nothing and answers the
 * newer text, so nothing is overwritten; every saved text is kept as a version. A save depends on nothing in the
 * session but who is saving (`ctx.actorUserId`), so a save made after the session timed out and the author signed in
 * again is kept like any other. Permissions and pages come with the record page; here only the author may save and
 * sign their draft.
 */
import { randomUUID } from 'node:crypto';
import { findEpisodeChild } from '../../data/record/equipment.repository.js';
import {
  addendaOf,
  advanceDraft,
  childOfNotes,
  countNotesOfChild,
  findNote,
  insertAddendum,
  insertNote,
  insertVersion,
  notesOfChild,
  openEpisodeOfChild,
  signDraft,
  versionsOf,
  type AddendumRow,
  type NoteRow,
  type VersionRow,
} from '../../data/record/notes.repository.js';
import type { Executor } from '../../data/executor.js';
import type { FieldProblem } from '../../domain/forms/fields.js';
import {
  mayEditDraft,
  maySign,
  noteState,
  parseAddendum,
  parseDraft,
  readyToSign,
  storedDraft,
  type DraftInput,
} from '../../domain/record/notes.js';
import { londonDate } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock, RequestContext } from '../shared/context.js';

export type { AddendumRow, NoteRow, VersionRow };

export const NOTES_PAGE_SIZE = 20;

/** The note as it is now, for a stale save or signing to show instead of overwriting it. */
export interface CurrentDraft {
  version: number;
  text: string;
  contactType: string | null;
  contactOn: string | null;
  status: string;
}

/** A refusal, with the messages to show beside the form's fields and, for a stale version, the newer note. */
export type NoteProblem = Problem<'not-found' | 'invalid-input' | 'stale-version' | 'forbidden' | 'illegal'> & {
  problems: FieldProblem[];
  current?: CurrentDraft;
};

export interface NoteWithHistory {
  note: NoteRow;
  versions: VersionRow[];
  addenda: AddendumRow[];
}

export interface NotesPage {
  notes: (NoteRow & { addenda: AddendumRow[] })[];
  total: number;
  page: number;
  pageCount: number;
}

type Ctx = RequestContext & { serviceId: string };

export const NO_EPISODE = 'There is no such child in this service.';
export const NO_NOTE = 'There is no such note in this service.';
export const NO_OPEN_EPISODE = 'This child has no open episode of care: a note can be added only while one is open.';
export const NOT_SIGNED_IN = 'Sign in to write notes.';
export const NOT_AUTHOR = 'Only the person who wrote this note can change or sign it.';
export const ALREADY_SIGNED = 'This note has been signed and cannot be changed. Add an addendum to correct it.';
export const DRAFT_NO_ADDENDUM = 'This note is still a draft. Edit the draft instead of adding an addendum.';
export const STALE_NOTE =
  'This note was saved somewhere else since you opened it. Your text was not saved: compare it with the newer text';

const refused = (code: NoteProblem['code'], message: string, problems: FieldProblem[] = [], current?: CurrentDraft) =>
  failed({ ...problem(code, message), problems, ...(current !== undefined && { current }) });

const invalid = (problems: FieldProblem[]) =>
  refused('invalid-input', problems.map((p) => p.message).join('. '), problems);

const currentOf = (note: NoteRow): CurrentDraft => ({
  version: note.version,
  text: note.text,
  contactType: note.contactType,
  contactOn: note.contactOn,
  status: note.status,
});

const staleFor = (note: NoteRow | undefined) =>
  note === undefined
    ? refused('not-found', NO_NOTE)
    : refused('stale-version', STALE_NOTE, [{ field: 'text', message: STALE_NOTE }], currentOf(note));

export function createNotes(deps: { db: Executor; clock: Clock; audit: AuditService }) {
  const { db, clock, audit } = deps;
  const today = () => londonDate(clock());

  const notes = {
    /** Starts a draft note for the episode's child, written by the person asking; audited as `note.drafted`. */
    async start(ctx: Ctx, episodeId: string, input: DraftInput): Promise<Outcome<{ noteId: string }, NoteProblem>> {
      const author = ctx.actorUserId;
      if (author === null) return refused('forbidden', NOT_SIGNED_IN);
      const child = await findEpisodeChild(db, ctx.serviceId, episodeId);
      if (child === undefined) return refused('not-found', NO_EPISODE);
      const parsed = parseDraft(input, today());
      if (!parsed.ok) return invalid(parsed.problems);
      const noteId = randomUUID();
      await db.transaction().execute(async (trx) => {
        await insertNote(
          trx,
          {
            id: noteId,
            serviceId: ctx.serviceId,
            childId: child.childId,
            episodeId: child.episodeId,
            authorUserId: author,
            ...parsed.value,
          },
          clock().toISOString(),
        );
        await audit.record(trx, ctx, {
          action: 'note.drafted',
          serviceId: ctx.serviceId,
          subjectType: 'contact-note',
          subjectId: noteId,
          detail: { episode: child.episodeId },
        });
      });
      return ok({ noteId });
    },

    /**
     * Saves the draft's text, type and date as its next version, from the version the author was editing. A stale
     * version saves nothing and answers the newer note; only the author saves, and only a draft.
     */
    async autosave(
      ctx: Ctx,
      noteId: string,
      version: number,
      input: DraftInput,
    ): Promise<Outcome<{ version: number }, NoteProblem>> {
      const author = ctx.actorUserId;
      if (author === null) return refused('forbidden', NOT_SIGNED_IN);
      const parsed = parseDraft(input, today());
      return db.transaction().execute(async (trx) => {
        const note = await findNote(trx, ctx.serviceId, noteId);
        if (note === undefined) return refused('not-found', NO_NOTE);
        const state = { authorUserId: note.authorUserId, status: noteState(note.status) };
        if (state.status === 'signed') return refused('illegal', ALREADY_SIGNED);
        if (!mayEditDraft(state, author)) return refused('forbidden', NOT_AUTHOR);
        if (note.version !== version) return staleFor(note);
        if (!parsed.ok) return invalid(parsed.problems);
        const now = clock().toISOString();
        const { contactType, contactOn, text } = parsed.value;
        if (!(await advanceDraft(trx, ctx.serviceId, noteId, version, { contactType, contactOn }, now))) {
          return staleFor(await findNote(trx, ctx.serviceId, noteId));
        }
        await insertVersion(trx, { noteId, version: version + 1, text, savedBy: author }, now);
        return ok({ version: version + 1 });
      });
    },

    /**
     * Signs the draft as it was at the version the author read: the author only, with the type, date and text it
     * needs; audited as `note.signed`. From then on the note is never changed.
     */
    async sign(ctx: Ctx, noteId: string, version: number): Promise<Outcome<object, NoteProblem>> {
      const signer = ctx.actorUserId;
      if (signer === null) return refused('forbidden', NOT_SIGNED_IN);
      return db.transaction().execute(async (trx) => {
        const note = await findNote(trx, ctx.serviceId, noteId);
        if (note === undefined) return refused('not-found', NO_NOTE);
        const allowed = maySign({ authorUserId: note.authorUserId, status: noteState(note.status) }, signer);
        if (!allowed.ok) {
          return allowed.reason === 'already-signed'
            ? refused('illegal', ALREADY_SIGNED)
            : refused('forbidden', NOT_AUTHOR);
        }
        if (note.version !== version) return staleFor(note);
        const ready = readyToSign(storedDraft(note));
        if (!ready.ok) return invalid(ready.problems);
        if (!(await signDraft(trx, ctx.serviceId, noteId, version, signer, clock().toISOString()))) {
          return staleFor(await findNote(trx, ctx.serviceId, noteId));
        }
        await audit.record(trx, ctx, {
          action: 'note.signed',
          serviceId: ctx.serviceId,
          subjectType: 'contact-note',
          subjectId: noteId,
          detail: { version, type: ready.value.contactType },
        });
        return ok();
      });
    },

    /** Adds an addendum with its reason to a signed note (never to a draft); audited as `note.addendum-added`. */
    async addAddendum(
      ctx: Ctx,
      noteId: string,
      input: { text?: string | null; reason?: string | null },
    ): Promise<Outcome<{ addendumId: string }, NoteProblem>> {
      const author = ctx.actorUserId;
      if (author === null) return refused('forbidden', NOT_SIGNED_IN);
      return db.transaction().execute(async (trx) => {
        const note = await findNote(trx, ctx.serviceId, noteId);
        if (note === undefined) return refused('not-found', NO_NOTE);
        if (noteState(note.status) !== 'signed') return refused('illegal', DRAFT_NO_ADDENDUM);
        const parsed = parseAddendum(input);
        if (!parsed.ok) return invalid(parsed.problems);
        const addendumId = randomUUID();
        await insertAddendum(trx, { id: addendumId, noteId, author, ...parsed.value }, clock().toISOString());
        await audit.record(trx, ctx, {
          action: 'note.addendum-added',
          serviceId: ctx.serviceId,
          subjectType: 'contact-note',
          subjectId: noteId,
          detail: { addendum: addendumId },
        });
        return ok({ addendumId });
      });
    },

    /** One note with every saved version and every addendum, audited as `note.viewed`; undefined for none. */
    async note(ctx: Ctx, noteId: string): Promise<NoteWithHistory | undefined> {
      const note = await findNote(db, ctx.serviceId, noteId);
      if (note === undefined) return undefined;
      const [versions, addenda] = await Promise.all([versionsOf(db, noteId), addendaOf(db, [noteId])]);
      await audit.record(db, ctx, {
        action: 'note.viewed',
        serviceId: ctx.serviceId,
        subjectType: 'contact-note',
        subjectId: noteId,
        detail: { child: note.childId },
      });
      return { note, versions, addenda };
    },

    /**
     * One page of a child's notes for the timeline, newest contact first, each with its addenda: three queries
     * whatever the number of notes. A page past the last shows the last. Not audited here: the record page that
     * shows the timeline audits its own read.
     */
    async childNotes(serviceId: string, childId: string, page: number): Promise<NotesPage> {
      const total = await countNotesOfChild(db, serviceId, childId);
      const pageCount = Math.max(1, Math.ceil(total / NOTES_PAGE_SIZE));
      const shown = Math.min(Math.max(1, Math.trunc(page) || 1), pageCount);
      const notes = await notesOfChild(db, serviceId, childId, {
        limit: NOTES_PAGE_SIZE,
        offset: (shown - 1) * NOTES_PAGE_SIZE,
      });
      const addenda = await addendaOf(
        db,
        notes.map((n) => n.id),
      );
      return {
        notes: notes.map((n) => ({ ...n, addenda: addenda.filter((a) => a.noteId === n.id) })),
        total,
        page: shown,
        pageCount,
      };
    },
  };

  return {
    ...notes,

    /** The child whose notes a page shows, for its heading (name and date of birth); undefined for none. */
    async child(serviceId: string, childId: string) {
      return childOfNotes(db, serviceId, childId);
    },

    /**
     * Starts a draft note for the child, in the child's open episode (the pages name the child, not the episode); a
     * child with no open episode gets no new note (`illegal`): notes are written while an episode is open.
     */
    async startForChild(
      ctx: Ctx,
      childId: string,
      input: DraftInput,
    ): Promise<Outcome<{ noteId: string }, NoteProblem>> {
      const episodeId = await openEpisodeOfChild(db, ctx.serviceId, childId);
      if (episodeId === undefined) return refused('illegal', NO_OPEN_EPISODE);
      return notes.start(ctx, episodeId, input);
    },

    /**
     * Signs the draft as the author's form has it now: what differs from the saved draft is saved first (a version of
     * its own, so it is kept even when signing is then refused), then the note is signed at that version. Answers the
     * version the draft is at, whether or not it was signed, so that a refused form is drawn at it.
     */
    async saveAndSign(
      ctx: Ctx,
      noteId: string,
      version: number,
      input: DraftInput,
    ): Promise<Outcome<{ version: number }, NoteProblem & { version?: number }>> {
      const note = await findNote(db, ctx.serviceId, noteId);
      if (note === undefined) return refused('not-found', NO_NOTE);
      const parsed = parseDraft(input, today());
      if (!parsed.ok) return invalid(parsed.problems);
      let at = version;
      if (differs(note, parsed.value)) {
        const saved = await notes.autosave(ctx, noteId, version, input);
        if (!saved.ok) return saved;
        at = saved.version;
      }
      const signed = await notes.sign(ctx, noteId, at);
      return signed.ok ? ok({ version: at }) : failed({ ...signed.problem, version: at });
    },
  };
}

/** Whether a form's draft differs from the draft as saved (its type, date or text). */
const differs = (note: NoteRow, draft: { contactType: string | null; contactOn: string | null; text: string }) =>
  note.contactType !== draft.contactType || note.contactOn !== draft.contactOn || note.text !== draft.text;

export type Notes = ReturnType<typeof createNotes>;
