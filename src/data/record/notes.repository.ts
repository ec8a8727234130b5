/**
 * Contact notes, their saved versions and their addenda (docs/adr/0045), one service's each. A note's text is its
 * version row at the note's `version`; a draft moves on only from the version it was read at (compare and set), and
 * the database refuses any change to a signed note, to a version or to an addendum (the migration's triggers).
 */
import { sql } from 'kysely';
import type { Executor } from '../executor.js';

export interface NoteRow {
  id: string;
  childId: string;
  episodeId: string | null;
  authorUserId: string;
  authorName: string;
  contactType: string | null;
  contactOn: string | null;
  status: string;
  signedAt: string | null;
  signedBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** The text at the note's version. */
  text: string;
}

export interface VersionRow {
  noteId: string;
  version: number;
  text: string;
  savedAt: string;
  savedBy: string;
  savedByName: string;
}

export interface AddendumRow {
  id: string;
  noteId: string;
  text: string;
  reason: string;
  authorUserId: string;
  authorName: string;
  createdAt: string;
}

export interface NewNote {
  id: string;
  serviceId: string;
  childId: string;
  episodeId: string | null;
  authorUserId: string;
  contactType: string | null;
  contactOn: string | null;
  text: string;
}

/** Starts a draft at version 1, its first text kept as version 1. */
export async function insertNote(db: Executor, note: NewNote, now: string): Promise<void> {
  await db
    .insertInto('contact_notes')
    .values({
      id: note.id,
      service_id: note.serviceId,
      child_id: note.childId,
      episode_id: note.episodeId,
      author_user_id: note.authorUserId,
      contact_type: note.contactType,
      contact_on: note.contactOn,
      status: 'draft',
      signed_at: null,
      signed_by: null,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .execute();
  await insertVersion(db, { noteId: note.id, version: 1, text: note.text, savedBy: note.authorUserId }, now);
}

/** Keeps one saved text of a note as its version. */
export async function insertVersion(
  db: Executor,
  version: { noteId: string; version: number; text: string; savedBy: string },
  now: string,
): Promise<void> {
  await db
    .insertInto('contact_note_versions')
    .values({
      note_id: version.noteId,
      version: version.version,
      text: version.text,
      saved_at: now,
      saved_by: version.savedBy,
    })
    .execute();
}

function notesQuery(db: Executor, serviceId: string) {
  return db
    .selectFrom('contact_notes as n')
    .innerJoin('contact_note_versions as v', (j) =>
      j.onRef('v.note_id', '=', 'n.id').onRef('v.version', '=', 'n.version'),
    )
    .innerJoin('users as a', 'a.id', 'n.author_user_id')
    .select([
      'n.id',
      'n.child_id',
      'n.episode_id',
      'n.author_user_id',
      'a.display_name as author_name',
      'n.contact_type',
      'n.contact_on',
      'n.status',
      'n.signed_at',
      'n.signed_by',
      'n.created_at',
      'n.updated_at',
      'n.version',
      'v.text',
    ])
    .where('n.service_id', '=', serviceId);
}

type NoteQueryRow = Awaited<ReturnType<ReturnType<typeof notesQuery>['executeTakeFirstOrThrow']>>;

const toNote = (r: NoteQueryRow): NoteRow => ({
  id: r.id,
  childId: r.child_id,
  episodeId: r.episode_id,
  authorUserId: r.author_user_id,
  authorName: r.author_name,
  contactType: r.contact_type,
  contactOn: r.contact_on,
  status: r.status,
  signedAt: r.signed_at,
  signedBy: r.signed_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
  text: r.text,
});

/** One note of the service with its current text; undefined for another service's or none. */
export async function findNote(db: Executor, serviceId: string, noteId: string): Promise<NoteRow | undefined> {
  const row = await notesQuery(db, serviceId).where('n.id', '=', noteId).executeTakeFirst();
  return row === undefined ? undefined : toNote(row);
}

/**
 * One page of a child's notes, newest contact first (a draft without a date by the day it was started), in one query
 * whatever the number of notes.
 */
export async function notesOfChild(
  db: Executor,
  serviceId: string,
  childId: string,
  page: { limit: number; offset: number },
): Promise<NoteRow[]> {
  const rows = await notesQuery(db, serviceId)
    .where('n.child_id', '=', childId)
    .orderBy(sql`coalesce(n.contact_on, substr(n.created_at, 1, 10))`, 'desc')
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toNote);
}

/** How many notes a child has in the service, signed or not. */
export async function countNotesOfChild(db: Executor, serviceId: string, childId: string): Promise<number> {
  const row = await db
    .selectFrom('contact_notes')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
    .where('service_id', '=', serviceId)
    .where('child_id', '=', childId)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/**
 * Moves a draft on to its next version with its type and date, from the version read; false when it was saved or
 * signed by then (nothing is changed).
 */
export async function advanceDraft(
  db: Executor,
  serviceId: string,
  noteId: string,
  expectedVersion: number,
  fields: { contactType: string | null; contactOn: string | null },
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('contact_notes')
    .set({
      contact_type: fields.contactType,
      contact_on: fields.contactOn,
      updated_at: now,
      version: expectedVersion + 1,
    })
    .where('service_id', '=', serviceId)
    .where('id', '=', noteId)
    .where('status', '=', 'draft')
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Signs a draft at the version read; false when it was saved or signed by then (nothing is changed). */
export async function signDraft(
  db: Executor,
  serviceId: string,
  noteId: string,
  expectedVersion: number,
  signedBy: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('contact_notes')
    .set({ status: 'signed', signed_at: now, signed_by: signedBy, updated_at: now })
    .where('service_id', '=', serviceId)
    .where('id', '=', noteId)
    .where('status', '=', 'draft')
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Every saved text of a note, the first first. */
export async function versionsOf(db: Executor, noteId: string): Promise<VersionRow[]> {
  const rows = await db
    .selectFrom('contact_note_versions as v')
    .innerJoin('users as u', 'u.id', 'v.saved_by')
    .select(['v.note_id', 'v.version', 'v.text', 'v.saved_at', 'v.saved_by', 'u.display_name as saved_by_name'])
    .where('v.note_id', '=', noteId)
    .orderBy('v.version')
    .execute();
  return rows.map((r) => ({
    noteId: r.note_id,
    version: r.version,
    text: r.text,
    savedAt: r.saved_at,
    savedBy: r.saved_by,
    savedByName: r.saved_by_name,
  }));
}

/** The addenda of some notes in one query, the oldest first. */
export async function addendaOf(db: Executor, noteIds: readonly string[]): Promise<AddendumRow[]> {
  if (noteIds.length === 0) return [];
  const rows = await db
    .selectFrom('contact_note_addenda as d')
    .innerJoin('users as u', 'u.id', 'd.author')
    .select(['d.id', 'd.note_id', 'd.text', 'd.reason', 'd.author', 'u.display_name as author_name', 'd.created_at'])
    .where('d.note_id', 'in', noteIds)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    noteId: r.note_id,
    text: r.text,
    reason: r.reason,
    authorUserId: r.author,
    authorName: r.author_name,
    createdAt: r.created_at,
  }));
}

/** Adds an addendum to a signed note (the database refuses one to a draft). */
export async function insertAddendum(
  db: Executor,
  addendum: { id: string; noteId: string; text: string; reason: string; author: string },
  now: string,
): Promise<void> {
  await db
    .insertInto('contact_note_addenda')
    .values({
      id: addendum.id,
      note_id: addendum.noteId,
      text: addendum.text,
      reason: addendum.reason,
      author: addendum.author,
      created_at: now,
    })
    .execute();
}

/** The child's open episode (waiting or seen), the latest accepted if more than one; undefined when none is open. */
export async function openEpisodeOfChild(
  db: Executor,
  serviceId: string,
  childId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('episodes')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('child_id', '=', childId)
    .where('status', '!=', 'closed')
    .orderBy('accepted_at', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  return row?.id;
}

/** The child a note page is about, as its heading names them; undefined for another service's or none. */
export async function childOfNotes(
  db: Executor,
  serviceId: string,
  childId: string,
): Promise<{ id: string; givenName: string; familyName: string; dateOfBirth: string } | undefined> {
  return db
    .selectFrom('children')
    .select(['id', 'given_name as givenName', 'family_name as familyName', 'date_of_birth as dateOfBirth'])
    .where('service_id', '=', serviceId)
    .where('id', '=', childId)
    .executeTakeFirst();
}
