/**
 * Contact notes (issue 14 item 3, docs/adr/0045): a child's notes, adding a draft, the author's draft form with its
 * autosave, signing, one note with every version and addendum, and adding an addendum. Every route is a page of one
 * child's record (`needsRecord`): the hook finds the child from the child's id or the note's, answers 404 to anyone
 * without enough access to that child's clinical record, and keeps the child for the controller.
 *
 * Reads are audited as `notes.listed` (the list, by the hook, with the child as subject) and `note.viewed` (one note
 * or its draft form, by the use case, with the note as subject). Changes are audited by their use cases in their
 * transactions (`note.drafted`, `note.signed`, `note.addendum-added`); a saved draft is kept as a version naming who
 * saved it and when, and is not audited one by one (ADR 0045), hence `note.saved` is declared by the use case.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needsRecord } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { notesController, type NotesServices } from './notes.controller.js';

const CHILD = { type: 'child', param: 'childId' } as const;
const NOTE = { type: 'note', param: 'noteId' } as const;

const LIST = needsRecord('record:read', 'clinical-read', CHILD, { action: 'notes.listed' });
const ADD = needsRecord('record:write', 'clinical-write', CHILD, { action: 'note.drafted', byUseCase: true });
const VIEW = needsRecord('record:read', 'clinical-read', NOTE, { action: 'note.viewed' });
const DRAFT_FORM = needsRecord('record:write', 'clinical-write', NOTE, { action: 'note.viewed' });
const SAVE = needsRecord('record:write', 'clinical-write', NOTE, { action: 'note.saved', byUseCase: true });
const SIGN = needsRecord('record:write', 'clinical-write', NOTE, { action: 'note.signed', byUseCase: true });
const ADDENDUM = needsRecord('record:write', 'clinical-write', NOTE, {
  action: 'note.addendum-added',
  byUseCase: true,
});

export function notesRoutes(services: NotesServices) {
  const controller = notesController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.notes.child.pattern, LIST, controller.list),
      post(paths.notes.add.pattern, ADD, controller.add),
      get(paths.notes.note.pattern, VIEW, controller.note),
      get(paths.notes.edit.pattern, DRAFT_FORM, controller.edit),
      post(paths.notes.edit.pattern, SAVE, controller.save),
      post(paths.notes.autosave.pattern, SAVE, controller.autosave),
      post(paths.notes.sign.pattern, SIGN, controller.sign),
      post(paths.notes.addendum.pattern, ADDENDUM, controller.addendum),
    ]);
  };
}
