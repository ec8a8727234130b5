/**
 * The contact notes' handlers (issue 14 item 3, docs/adr/0045): a child's notes, adding a draft, the author's draft
 * form (saved by its button, autosaved as JSON by note-autosave.js, signed), one note with its versions, and an
 * addendum. The access hook has already decided that this person may see (or change) this child's clinical record
 * and keeps the child as `request.record`; without it the answer is 404, as for a note that does not exist.
 *
 * A form with problems is drawn again with the error summary (400), nothing saved; a draft saved elsewhere since the
 * form was drawn is drawn again (409) keeping what was typed, with the newer text beside it and the form at the newer
 * version, so that saving again is a choice made with both in view. Someone else's draft is refused with a page that
 * says why (403): they may see the child's record, so a 404 would hide nothing and explain nothing.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import type { FieldProblem } from '../../../domain/forms/fields.js';
import type { DraftInput } from '../../../domain/record/notes.js';
import { londonDate } from '../../../domain/shared/dates.js';
import { mayWriteClinical } from '../../../services/record/record-scope.js';
import type { CurrentDraft, NoteProblem, NoteRow } from '../../../services/record/notes.service.js';
import { activeServiceId } from '../../active-service.js';
import { pageErrors } from '../../forms/field-models.js';
import { parseForm, type FormErrors } from '../../forms/form.js';
import { readForm } from '../../forms/read-form.js';
import { invalidInput, sendProblem, statusOf } from '../../outcome.js';
import { paths } from '../../paths.js';
import { boxes } from '../equipment/equipment.view-models.js';
import type { Handler } from '../table.js';
import { addendumFields, doneQuery, draftFields, isRecordId, listQuery } from './notes.forms.js';
import { DONE_BANNERS, draftAnswers, listPage, notePage, paragraphs, typeLabel } from './notes.view-models.js';

export type NotesServices = Pick<Dependencies, 'clock' | 'notes'>;

type ChildParams = { Params: { childId: string } };
type NoteParams = { Params: { noteId: string } };

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

/** The draft form's clean values as the use case takes them. */
const draftInput = (data: { contactType?: string; contactOn?: string; text?: string }): DraftInput => ({
  contactType: data.contactType ?? null,
  contactOn: data.contactOn ?? null,
  text: data.text ?? '',
});

export function notesController({ clock, notes }: NotesServices) {
  const today = () => londonDate(clock());
  const ctxOf = (request: FastifyRequest, reply: FastifyReply) => ({
    ...request.ctx,
    serviceId: activeServiceId(reply),
  });
  const me = (request: FastifyRequest) => request.ctx.actorUserId;

  /** The child's heading, or undefined when the child is not this service's. */
  async function heading(serviceId: string, childId: string) {
    const child = await notes.child(serviceId, childId);
    return child === undefined ? undefined : `${child.givenName} ${child.familyName}`;
  }

  const list: Handler<ChildParams> = async (request, reply) => {
    const { childId } = request.params;
    const scope = request.record;
    if (scope?.childId !== childId) return notFound(reply);
    const query = parseForm(listQuery, request.query);
    if (!query.ok) return sendProblem(reply, invalidInput(query.errors));
    const serviceId = activeServiceId(reply);
    const child = await heading(serviceId, childId);
    if (child === undefined) return notFound(reply);
    const found = await notes.childNotes(serviceId, childId, Number(query.data.page ?? '1'));
    return reply.render('notes/list.njk', {
      child,
      ...listPage(found, childId, me(request), mayWriteClinical(scope)),
      csrfToken: await reply.csrfToken(),
    });
  };

  const add: Handler<ChildParams> = async (request, reply) => {
    const { childId } = request.params;
    const scope = request.record;
    if (scope?.childId !== childId || !mayWriteClinical(scope)) return notFound(reply);
    readForm([], request.body);
    const started = await notes.startForChild(ctxOf(request, reply), childId, {});
    if (!started.ok) {
      return started.problem.code === 'not-found' ? notFound(reply) : sendProblem(reply, started.problem);
    }
    return reply.redirect(`${paths.notes.edit.build({ noteId: started.noteId })}?done=started`, 303);
  };

  /** The author's draft form: as saved, or as sent with its problems, or beside the newer text after a conflict. */
  async function renderDraft(
    reply: FastifyReply,
    note: NoteRow,
    status: number,
    shown: { errors?: FormErrors; sent?: Record<string, unknown>; newer?: CurrentDraft; done?: string | null } = {},
  ) {
    const version = String(note.version);
    // Drawn at the note's version now: after a conflict, saving again is a choice made with the newer text in view.
    const sent = shown.sent === undefined ? undefined : { ...shown.sent, version };
    const fields = boxes(draftFields, draftAnswers(note), sent, shown.errors);
    const noteId = note.id;
    return reply.code(status).render('notes/edit.njk', {
      child: await heading(activeServiceId(reply), note.childId),
      noteId,
      version,
      fields: Object.fromEntries(fields.map((f) => [f.name, f])),
      errors: shown.errors,
      done: shown.done ?? null,
      newer:
        shown.newer === undefined
          ? null
          : { type: typeLabel(shown.newer.contactType), text: paragraphs(shown.newer.text) },
      saveAction: paths.notes.edit.build({ noteId }),
      signAction: paths.notes.sign.build({ noteId }),
      autosaveAction: paths.notes.autosave.build({ noteId }),
      noteHref: paths.notes.note.build({ noteId }),
      childHref: paths.notes.child.build({ childId: note.childId }),
      scriptSrc: paths.assets.noteAutosaveJs.build(),
      csrfToken: await reply.csrfToken(),
    });
  }

  /** The note behind a draft page, when this person may change this child's record; undefined: not found. */
  async function draftOf(request: FastifyRequest<NoteParams>, reply: FastifyReply): Promise<NoteRow | undefined> {
    const { noteId } = request.params;
    const scope = request.record;
    if (scope === null || !isRecordId(noteId) || !mayWriteClinical(scope)) return undefined;
    const found = await notes.note(ctxOf(request, reply), noteId);
    return found?.note.childId === scope.childId ? found.note : undefined;
  }

  const edit: Handler<NoteParams> = async (request, reply) => {
    const query = parseForm(doneQuery, request.query);
    if (!query.ok) return sendProblem(reply, invalidInput(query.errors));
    const note = await draftOf(request, reply);
    if (note === undefined) return notFound(reply);
    if (note.status === 'signed') return reply.redirect(paths.notes.note.build({ noteId: note.id }), 303);
    if (note.authorUserId !== me(request)) return refuseNotAuthor(reply, note);
    const done = query.data.done === undefined ? null : DONE_BANNERS[query.data.done];
    return renderDraft(reply, note, 200, { done });
  };

  async function refuseNotAuthor(reply: FastifyReply, note: NoteRow) {
    return reply.code(403).render('notes/not-author.njk', { noteHref: paths.notes.note.build({ noteId: note.id }) });
  }

  /** A refused save or signing: the form again with the problem, or the page its problem has. */
  async function answerRefusal(
    request: FastifyRequest<NoteParams>,
    reply: FastifyReply,
    refusal: NoteProblem,
    sent: Record<string, unknown>,
  ) {
    if (refusal.code === 'not-found') return notFound(reply);
    const note = await draftOf(request, reply);
    if (note === undefined) return notFound(reply);
    if (refusal.code === 'forbidden') return refuseNotAuthor(reply, note);
    if (refusal.code === 'illegal') return sendProblem(reply, refusal);
    return renderDraft(reply, note, statusOf(refusal), {
      errors: errorsOf(refusal.problems),
      sent,
      ...(refusal.current !== undefined && { newer: refusal.current }),
    });
  }

  /** "Save draft" without JavaScript: the form's draft as the next version. */
  const save: Handler<NoteParams> = async (request, reply) => {
    const form = readForm(draftFields, request.body, { today: today() });
    if (!form.ok) return answerInvalid(request, reply, form.errors, form.values);
    const { noteId } = request.params;
    const saved = await notes.autosave(ctxOf(request, reply), noteId, form.data.version, draftInput(form.data));
    if (!saved.ok) return answerRefusal(request, reply, saved.problem, form.values);
    return reply.redirect(`${paths.notes.edit.build({ noteId })}?done=saved`, 303);
  };

  async function answerInvalid(
    request: FastifyRequest<NoteParams>,
    reply: FastifyReply,
    errors: FormErrors,
    sent: Record<string, unknown>,
  ) {
    if (errors.fields.version !== undefined) return sendProblem(reply, invalidInput(errors));
    const note = await draftOf(request, reply);
    if (note === undefined) return notFound(reply);
    if (note.status === 'signed') return sendProblem(reply, { code: 'illegal', message: ALREADY_SIGNED_PAGE });
    return renderDraft(reply, note, 400, { errors, sent });
  }

  /** "Sign note": what the form has that the draft has not is saved first, then the note is signed at that version. */
  const sign: Handler<NoteParams> = async (request, reply) => {
    const form = readForm(draftFields, request.body, { today: today() });
    if (!form.ok) return answerInvalid(request, reply, form.errors, form.values);
    const { noteId } = request.params;
    const signed = await notes.saveAndSign(ctxOf(request, reply), noteId, form.data.version, draftInput(form.data));
    if (!signed.ok) return answerRefusal(request, reply, signed.problem, form.values);
    return reply.redirect(`${paths.notes.note.build({ noteId })}?done=signed`, 303);
  };

  /**
   * The autosave of note-autosave.js: `{ version }` when saved; 409 `{ current }` when the draft was saved elsewhere
   * (nothing is overwritten) or `{ signed: true }` once signed; 400 `{ problems }` for what cannot be saved yet.
   * A session that has ended never gets here: the access hook redirects to sign in, which the script recognises.
   */
  const autosave: Handler<NoteParams> = async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    const { noteId } = request.params;
    const scope = request.record;
    if (scope === null || !isRecordId(noteId) || !mayWriteClinical(scope)) {
      return reply.code(404).send({ message: 'There is no such note.' });
    }
    const form = readForm(draftFields, request.body, { today: today() });
    if (!form.ok) {
      return reply.code(400).send({ problems: form.errors.summary.map((s) => s.text) });
    }
    const saved = await notes.autosave(ctxOf(request, reply), noteId, form.data.version, draftInput(form.data));
    if (saved.ok) return reply.send({ version: saved.version });
    const refusal = saved.problem;
    if (refusal.code === 'stale-version' && refusal.current !== undefined) {
      const { version, text, contactType, contactOn } = refusal.current;
      return reply.code(409).send({ current: { version, text, contactType, contactOn } });
    }
    if (refusal.code === 'illegal') return reply.code(409).send({ signed: true, message: refusal.message });
    if (refusal.code === 'invalid-input')
      return reply.code(400).send({ problems: refusal.problems.map((p) => p.message) });
    return reply.code(statusOf(refusal)).send({ message: refusal.message });
  };

  async function renderNote(
    request: FastifyRequest<NoteParams>,
    reply: FastifyReply,
    status: number,
    shown: { errors?: FormErrors; sent?: Record<string, unknown>; done?: string | null } = {},
  ) {
    const { noteId } = request.params;
    const scope = request.record;
    if (scope === null || !isRecordId(noteId)) return notFound(reply);
    const found = await notes.note(ctxOf(request, reply), noteId);
    if (found?.note.childId !== scope.childId) return notFound(reply);
    return reply.code(status).render('notes/note.njk', {
      child: await heading(activeServiceId(reply), found.note.childId),
      ...notePage(found, me(request), mayWriteClinical(scope)),
      addendumFields: boxes(addendumFields, {}, shown.sent, shown.errors),
      errors: shown.errors,
      done: shown.done ?? null,
      scriptSrc: paths.assets.noteAutosaveJs.build(),
      csrfToken: await reply.csrfToken(),
    });
  }

  const note: Handler<NoteParams> = async (request, reply) => {
    const query = parseForm(doneQuery, request.query);
    if (!query.ok) return sendProblem(reply, invalidInput(query.errors));
    return renderNote(request, reply, 200, {
      done: query.data.done === undefined ? null : DONE_BANNERS[query.data.done],
    });
  };

  const addendum: Handler<NoteParams> = async (request, reply) => {
    const scope = request.record;
    if (scope === null || !mayWriteClinical(scope)) return notFound(reply);
    const form = readForm(addendumFields, request.body);
    if (!form.ok) return renderNote(request, reply, 400, { errors: form.errors, sent: form.values });
    const { noteId } = request.params;
    const added = await notes.addAddendum(ctxOf(request, reply), noteId, form.data);
    if (!added.ok) {
      if (added.problem.code === 'not-found') return notFound(reply);
      if (added.problem.code === 'invalid-input') {
        return renderNote(request, reply, 400, { errors: errorsOf(added.problem.problems), sent: form.values });
      }
      return sendProblem(reply, added.problem);
    }
    return reply.redirect(`${paths.notes.note.build({ noteId })}?done=addendum`, 303);
  };

  return { list, add, edit, save, autosave, sign, note, addendum };
}

const ALREADY_SIGNED_PAGE = 'This note has been signed and cannot be changed. Add an addendum to correct it.';

/** The use case's field problems as the page's error summary, each linked to its field (the date's day box). */
function errorsOf(problems: readonly FieldProblem[]): FormErrors {
  return pageErrors(problems.map((p) => (p.part === undefined && p.field === 'contactOn' ? { ...p, part: 'day' } : p)));
}
