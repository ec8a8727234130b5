/**
 * Contact notes (issue 14 item 3, docs/adr/0045) through their use cases, on both databases: the whole life of a note
 * (a draft, autosaves, signing, an addendum, read back with every version); an autosave after the session timed out;
 * a stale autosave (nothing overwritten, the newer text answered); signing by someone else refused; and a signed note
 * that cannot be changed through the use cases nor through the database layer (raw UPDATE and DELETE of the note, its
 * versions and its addenda, each refused by the database). Drafts are kept too: there is no use case to delete one,
 * and the database refuses to remove the versions that hold it. The timeline reads a page in a fixed number of queries.
 */
import { sql, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findEpisodeOfReferral } from '../../src/data/care/episodes.repository.js';
import { isSignedNoteChange, isUniqueViolation } from '../../src/data/errors.js';
import { createNotes, NOTES_PAGE_SIZE, STALE_NOTE } from '../../src/services/record/notes.service.js';
import { auditRows } from '../support/audit.js';
import { aWaitingChild, staffContext } from '../support/booking-world.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { HOUR_MS, movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { aReferral } from '../support/factories.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

// Thursday 3 December 2026, 10:00 in London.
const NOW = new Date('2026-12-03T10:00:00Z');

describeEachDialect('contact notes', (dialect) => {
  let t: TestApp;
  const time = movableClock(NOW);
  let author: CreatedStaff;
  let colleague: CreatedStaff;
  let episodeId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock });
    author = await aStaffMember().called('Cerys Clinician').withRoles('clinician').create(t.deps);
    colleague = await aStaffMember().called('Dev Colleague').withRoles('clinician').create(t.deps);
    episodeId = (await aWaitingChild(t.deps)).episodeId;
  });

  afterAll(async () => {
    await t.close();
  });

  /** A fresh context, as each request (and each sign-in after a time-out) makes. */
  const as = (user: CreatedStaff) => ({ ...staffContext(user), serviceId: LLR });
  const notes = () => t.deps.notes;
  const db = () => t.deps.database.db;

  async function aDraft(text = 'First thoughts', user = author): Promise<string> {
    const started = await notes().start(as(user), episodeId, { contactType: 'therapy', contactOn: '2026-12-02', text });
    if (!started.ok) throw new Error(started.problem.message);
    return started.noteId;
  }

  async function aSignedNote(): Promise<string> {
    const noteId = await aDraft('Worked on pencil grip.');
    const signed = await notes().sign(as(author), noteId, 1);
    expect(signed.ok).toBe(true);
    return noteId;
  }

  it('lives a whole life: drafted, autosaved, signed, corrected by an addendum, every version kept', async () => {
    const started = await notes().start(as(author), episodeId, { contactType: '', contactOn: '', text: '' });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const noteId = started.noteId;

    expect(await notes().autosave(as(author), noteId, 1, { text: 'Saw J at clinic.' })).toEqual({
      ok: true,
      version: 2,
    });
    const unready = await notes().sign(as(author), noteId, 2);
    expect(unready).toMatchObject({ ok: false, problem: { code: 'invalid-input' } });
    if (!unready.ok) expect(unready.problem.problems.map((p) => p.field)).toEqual(['contactType', 'contactOn']);

    const saved = await notes().autosave(as(author), noteId, 2, {
      contactType: 'assessment',
      contactOn: '2026-12-03',
      text: 'Saw J at clinic. MABC-2 completed.',
    });
    expect(saved).toEqual({ ok: true, version: 3 });
    expect(await notes().sign(as(author), noteId, 3)).toEqual({ ok: true });

    const early = await notes().addAddendum(as(colleague), noteId, { text: '', reason: '' });
    expect(early).toMatchObject({ ok: false, problem: { code: 'invalid-input' } });
    const added = await notes().addAddendum(as(colleague), noteId, {
      text: 'The assessment was on 2 December.',
      reason: 'Wrong date recorded',
    });
    expect(added.ok).toBe(true);

    const read = await notes().note(as(colleague), noteId);
    expect(read?.note).toMatchObject({
      status: 'signed',
      signedBy: author.id,
      signedAt: NOW.toISOString(),
      contactType: 'assessment',
      contactOn: '2026-12-03',
      text: 'Saw J at clinic. MABC-2 completed.',
      authorName: 'Cerys Clinician',
      version: 3,
    });
    expect(read?.versions.map((v) => [v.version, v.text, v.savedByName])).toEqual([
      [1, '', 'Cerys Clinician'],
      [2, 'Saw J at clinic.', 'Cerys Clinician'],
      [3, 'Saw J at clinic. MABC-2 completed.', 'Cerys Clinician'],
    ]);
    expect(read?.addenda.map((a) => [a.text, a.reason, a.authorName])).toEqual([
      ['The assessment was on 2 December.', 'Wrong date recorded', 'Dev Colleague'],
    ]);

    const audit = (action: string) => auditRows(t.deps, { action }).then((rows) => rows.map((r) => r.subject_id));
    expect(await audit('note.drafted')).toContain(noteId);
    expect(await audit('note.signed')).toEqual([noteId]);
    expect(await audit('note.addendum-added')).toEqual([noteId]);
    expect(await audit('note.viewed')).toEqual([noteId]);
  });

  it('keeps an autosave made after the session timed out, and loses nothing', async () => {
    const noteId = await aDraft('Before the time-out');
    expect(await notes().autosave(as(author), noteId, 1, { text: 'Typed for an hour' })).toEqual({
      ok: true,
      version: 2,
    });
    // The session times out; the author signs in again (a new context) and the page saves what it held.
    time.advance(2 * HOUR_MS);
    expect(await notes().autosave(as(author), noteId, 2, { text: 'Typed for an hour, and more' })).toEqual({
      ok: true,
      version: 3,
    });
    const read = await notes().note(as(author), noteId);
    expect(read?.versions.map((v) => v.text)).toEqual([
      'Before the time-out',
      'Typed for an hour',
      'Typed for an hour, and more',
    ]);
    expect(read?.note.text).toBe('Typed for an hour, and more');
    time.set(NOW);
  });

  it('answers a stale autosave with the newer text and overwrites nothing', async () => {
    const noteId = await aDraft('v1');
    expect(await notes().autosave(as(author), noteId, 1, { text: 'v2 from the laptop' })).toMatchObject({ ok: true });
    const stale = await notes().autosave(as(author), noteId, 1, { text: 'v2 from the tablet' });
    expect(stale).toMatchObject({
      ok: false,
      problem: { code: 'stale-version', message: STALE_NOTE, current: { version: 2, text: 'v2 from the laptop' } },
    });
    const read = await notes().note(as(author), noteId);
    expect(read?.versions.map((v) => v.text)).toEqual(['v1', 'v2 from the laptop']);
    // Signing a version the author did not see is refused the same way.
    expect(await notes().sign(as(author), noteId, 1)).toMatchObject({ ok: false, problem: { code: 'stale-version' } });
  });

  it('refuses signing and saving by anyone but the author, and bad input', async () => {
    const noteId = await aDraft();
    expect(await notes().sign(as(colleague), noteId, 1)).toMatchObject({ ok: false, problem: { code: 'forbidden' } });
    expect(await notes().autosave(as(colleague), noteId, 1, { text: 'Mine now' })).toMatchObject({
      ok: false,
      problem: { code: 'forbidden' },
    });
    const future = await notes().autosave(as(author), noteId, 1, { contactOn: '2026-12-04', text: 'x' });
    expect(future).toMatchObject({ ok: false, problem: { code: 'invalid-input' } });
    expect(await notes().start(as(author), 'no-such-episode', {})).toMatchObject({
      ok: false,
      problem: { code: 'not-found' },
    });
    expect(await notes().addAddendum(as(author), noteId, { text: 'x', reason: 'y' })).toMatchObject({
      ok: false,
      problem: { code: 'illegal' },
    });
    const read = await notes().note(as(author), noteId);
    expect(read?.note).toMatchObject({ status: 'draft', version: 1, text: 'First thoughts' });
  });

  it('never changes a signed note through the use cases', async () => {
    const noteId = await aSignedNote();
    expect(await notes().autosave(as(author), noteId, 1, { text: 'Changed' })).toMatchObject({
      ok: false,
      problem: { code: 'illegal' },
    });
    expect(await notes().sign(as(author), noteId, 1)).toMatchObject({ ok: false, problem: { code: 'illegal' } });
    const read = await notes().note(as(author), noteId);
    expect(read?.note).toMatchObject({ status: 'signed', version: 1, text: 'Worked on pencil grip.' });
  });

  it('has the database refuse any change to a signed note, its versions and its addenda', async () => {
    const noteId = await aSignedNote();
    const added = await notes().addAddendum(as(author), noteId, { text: 'Also tried a slope.', reason: 'Left out' });
    expect(added.ok).toBe(true);
    const refused = [
      sql`update contact_notes set contact_type = 'advice' where id = ${noteId}`,
      sql`update contact_notes set status = 'draft' where id = ${noteId}`,
      sql`update contact_notes set updated_at = 'x', version = 9 where id = ${noteId}`,
      sql`delete from contact_notes where id = ${noteId}`,
      sql`update contact_note_versions set text = 'Rewritten' where note_id = ${noteId}`,
      sql`delete from contact_note_versions where note_id = ${noteId}`,
      sql`insert into contact_note_versions (note_id, version, text, saved_at, saved_by)
          values (${noteId}, 2, 'Sneaked in', 'x', ${author.id})`,
      sql`update contact_note_addenda set reason = 'Other' where note_id = ${noteId}`,
      sql`delete from contact_note_addenda where note_id = ${noteId}`,
    ];
    for (const statement of refused) {
      const error: unknown = await statement.execute(db()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, statement.compile(db()).sql).toBeDefined();
      expect(isSignedNoteChange(error), String(error)).toBe(true);
      if (dialect === 'postgres') expect((error as { code?: unknown }).code).toBe('OTN01');
    }
    const read = await notes().note(as(author), noteId);
    expect(read?.note).toMatchObject({ status: 'signed', contactType: 'therapy', text: 'Worked on pencil grip.' });
    expect(read?.versions).toHaveLength(1);
    expect(read?.addenda.map((a) => a.reason)).toEqual(['Left out']);
  });

  it('keeps drafts too: their versions cannot be changed or removed, nor an addendum added to one', async () => {
    const noteId = await aDraft('A draft');
    for (const statement of [
      sql`update contact_note_versions set text = 'Rewritten' where note_id = ${noteId}`,
      sql`delete from contact_note_versions where note_id = ${noteId}`,
      sql`insert into contact_note_addenda (id, note_id, text, reason, author, created_at)
          values ('a-1', ${noteId}, 't', 'r', ${author.id}, 'x')`,
    ]) {
      const error: unknown = await statement.execute(db()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isSignedNoteChange(error), String(error)).toBe(true);
    }
    // Another refusal is not mistaken for one: a second version 1 is a unique violation, not a signed note change.
    const duplicate: unknown = await sql`insert into contact_note_versions (note_id, version, text, saved_at, saved_by)
        values (${noteId}, 1, 'Again', 'x', ${author.id})`
      .execute(db())
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isUniqueViolation(duplicate), String(duplicate)).toBe(true);
    expect(isSignedNoteChange(duplicate)).toBe(false);
    // A draft itself moves on by UPDATE (that is how it is saved and signed).
    await sql`update contact_notes set updated_at = ${NOW.toISOString()} where id = ${noteId}`.execute(db());
  });

  it('pages a child’s notes newest contact first, in the same number of queries however many', async () => {
    // Another child (another NHS number), whose notes are only these.
    const referral = await aReferral()
      .with({ childGivenName: 'Noor', childFamilyName: 'Timeline', nhsNumber: '4857773457' })
      .accepted()
      .create(t.deps);
    const episode = await findEpisodeOfReferral(db(), LLR, referral.id);
    if (episode === undefined) throw new Error('Accepting the referral opened no episode');
    const child = { episodeId: episode.id };
    const childId = episode.childId;
    let queries = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    };
    const counted = createNotes({ db: db().withPlugin(counting), clock: time.clock, audit: t.deps.audit });
    const queriesFor = async (page: number) => {
      queries = 0;
      const result = await counted.childNotes(LLR, childId, page);
      return { result, queries };
    };

    const empty = await queriesFor(1);
    expect(empty.result).toMatchObject({ notes: [], total: 0, page: 1, pageCount: 1 });

    const days = Array.from({ length: NOTES_PAGE_SIZE + 1 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
    for (const day of days) {
      const started = await notes().start(as(author), child.episodeId, { contactType: 'advice', contactOn: day });
      expect(started.ok).toBe(true);
    }
    const first = await queriesFor(1);
    expect(first.result.total).toBe(NOTES_PAGE_SIZE + 1);
    expect(first.result.pageCount).toBe(2);
    expect(first.result.notes).toHaveLength(NOTES_PAGE_SIZE);
    expect(first.result.notes.map((n) => n.contactOn)).toEqual([...days].reverse().slice(0, NOTES_PAGE_SIZE));
    const last = await queriesFor(99);
    expect(last.result.page).toBe(2);
    expect(last.result.notes.map((n) => n.contactOn)).toEqual(['2026-11-01']);
    expect(first.queries).toBe(3);
    expect(last.queries).toBe(3);
  });
});
