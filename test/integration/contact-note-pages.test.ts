/**
 * Contact notes' pages (issue 14 item 3, docs/adr/0045) on both databases, as a clinician uses them: adding a draft
 * from the child's notes, saving it with "Save draft" and by the autosave's JSON, a stale save (409, the newer text
 * beside one's own, nothing overwritten), signing with a part missing (400) and signed, addenda with and without a
 * reason, every version shown; a session that times out loses nothing (the save is sent to sign in, and the same save
 * succeeds after signing in again); no POST route changes a signed note; someone else's draft is refused; and who may
 * not reach the notes at all (404 without a relationship or as an admin officer, 403 for the admin role).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { JSDOM, type DOMWindow } from 'jsdom';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { staffContext } from '../support/booking-world.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type FormFields, type Page } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, scripts, tableRows, text } from '../support/html.js';
import { signIn, signedIn } from '../support/journeys.js';
import { aChildOnCaseload, onCaseloadOf } from '../support/record-world.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

// Thursday 3 December 2026, 10:00 in London.
const NOW = new Date('2026-12-03T10:00:00Z');
const MINUTE = 60_000;
const SCRIPT = resolve(import.meta.dirname, '../../public/note-autosave.js');

const date = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}[day]`]: day ?? '', [`${name}[month]`]: month ?? '', [`${name}[year]`]: year ?? '' };
};

const main = (page: Page) => text(page.document.querySelector('main'));

describeEachDialect('contact note pages', (dialect) => {
  let t: TestApp;
  const time = movableClock(NOW);
  let author: CreatedStaff;
  let client: TestClient;
  let childId: string;
  let episodeId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock, env: { SESSION_IDLE_MINUTES: '30' } });
    author = await aStaffMember().called('Cerys Clinician').withRoles('clinician').create(t.deps);
    ({ childId, episodeId } = await aChildOnCaseload(t.deps, author.id));
    client = await signedIn(t.app, author);
  });

  afterAll(async () => {
    await t.close();
  });

  const db = () => t.deps.database.db;
  const stored = (noteId: string) =>
    db().selectFrom('contact_notes').selectAll().where('id', '=', noteId).executeTakeFirstOrThrow();
  const versions = (noteId: string) =>
    db().selectFrom('contact_note_versions').selectAll().where('note_id', '=', noteId).orderBy('version').execute();
  const currentText = async (noteId: string) => {
    const note = await stored(noteId);
    return (await versions(noteId)).find((v) => v.version === note.version)?.text;
  };

  /** A new draft through the list's button: its id, from the edit page it is sent to. */
  async function aDraft(as = client): Promise<string> {
    await as.get(paths.notes.child.build({ childId }));
    const added = await as.post(paths.notes.add.build({ childId }));
    expect(added.status).toBe(303);
    return added.location?.split('/')[3] ?? '';
  }

  const draft = (version: number, fields: FormFields = {}): FormFields => ({
    contactType: 'therapy',
    ...date('contactOn', '2026-12-02'),
    text: 'Worked on pencil grip.',
    version: String(version),
    ...fields,
  });

  async function post(url: string, fields: FormFields, as = client): Promise<Page> {
    return as.post(url, fields);
  }

  async function aSignedNote(): Promise<string> {
    const noteId = await aDraft();
    await client.get(paths.notes.edit.build({ noteId }));
    const signed = await post(paths.notes.sign.build({ noteId }), draft(1));
    expect(signed.status, errorSummary(signed).join('; ')).toBe(303);
    return noteId;
  }

  /**
   * The draft's page in a DOM with note-autosave.js running in it, its fetch answered by the app through this client
   * (a redirect is opaque, as with `redirect: 'manual'`), its localStorage starting with `storage` (a reload).
   */
  async function browserPage(noteId: string, storage: [string, string][] = []) {
    const page = await client.get(paths.notes.edit.build({ noteId }));
    expect(page.status).toBe(200);
    const dom = new JSDOM(page.body, {
      url: `http://localhost${paths.notes.edit.build({ noteId })}`,
      runScripts: 'outside-only',
    });
    const { window } = dom;
    for (const [key, value] of storage) window.localStorage.setItem(key, value);
    const fetch = async (url: string, init: { body: URLSearchParams }) => {
      const res = await client.request('POST', url, {
        payload: init.body.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      });
      const redirected = res.status >= 300 && res.status < 400;
      return {
        type: redirected ? 'opaqueredirect' : 'basic',
        status: redirected ? 0 : res.status,
        ok: res.status >= 200 && res.status < 300,
        json: () => Promise.resolve(JSON.parse(res.body) as unknown),
      };
    };
    Object.assign(window, { fetch });
    window.eval(readFileSync(SCRIPT, 'utf8'));
    return window;
  }

  /** Types into the draft's text box, as a person does. */
  function type(window: DOMWindow, value: string) {
    const box = window.document.querySelector<HTMLTextAreaElement>('textarea[name="text"]');
    if (box === null) throw new Error('No text box');
    box.value = value;
    box.dispatchEvent(new window.Event('input', { bubbles: true }));
  }

  /** Hides the page (the script saves at once) and waits for what the script then says. */
  async function leave(window: DOMWindow): Promise<string> {
    const status = window.document.querySelector<HTMLElement>('.app-note-autosave');
    if (status === null) throw new Error('No autosave status');
    status.hidden = true;
    Object.defineProperty(window.document, 'visibilityState', { value: 'hidden', configurable: true });
    window.document.dispatchEvent(new window.Event('visibilitychange'));
    const answered = () => !status.hidden;
    for (let i = 0; i < 200 && !answered(); i++) await new Promise((r) => setTimeout(r, 10));
    Object.defineProperty(window.document, 'visibilityState', { value: 'visible', configurable: true });
    return status.textContent;
  }

  /** What this window keeps of notes in localStorage, as stored. */
  function storageOf(window: DOMWindow): [string, string][] {
    const entries: [string, string][] = [];
    for (let i = 0; i < window.localStorage.length; i++) {
      const key = window.localStorage.key(i) ?? '';
      if (key.startsWith('otway.note.')) entries.push([key, window.localStorage.getItem(key) ?? '']);
    }
    return entries;
  }

  /** Each note key this window keeps, with its text. */
  const kept = (window: DOMWindow): [string, string][] =>
    storageOf(window).map(([key, value]) => [key, (JSON.parse(value) as { text: string }).text]);

  it('adds a draft from the child’s notes, audited, and reads the list with its audit event', async () => {
    const before = await lastAuditId(t.deps);
    const empty = await client.get(paths.notes.child.build({ childId }));
    expect(empty.status).toBe(200);
    expect(main(empty)).toContain('No contact notes have been written for this child.');
    const listed = await auditRows(t.deps, { action: 'notes.listed', afterId: before });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      actor_user_id: author.id,
      subject_type: 'child',
      subject_id: childId,
      outcome: 'success',
    });

    const added = await client.post(paths.notes.add.build({ childId }));
    expect(added.status).toBe(303);
    const noteId = added.location?.split('/')[3] ?? '';
    expect(added.location).toBe(`${paths.notes.edit.build({ noteId })}?done=started`);
    expect(await stored(noteId)).toMatchObject({ child_id: childId, episode_id: episodeId, status: 'draft' });
    const drafted = await auditRows(t.deps, { action: 'note.drafted', afterId: before });
    expect(drafted.map((r) => r.subject_id)).toEqual([noteId]);

    const form = await client.follow(added);
    expect(form.status).toBe(200);
    expect(main(form)).toContain('Draft note started');
    expect(form.screen.getByRole('button', { name: 'Save draft' })).toBeTruthy();
    expect(form.screen.getByRole('button', { name: 'Sign note' }).getAttribute('formaction')).toBe(
      paths.notes.sign.build({ noteId }),
    );
    expect(form.screen.getAllByRole('radio')).toHaveLength(5);
    // The autosave script: its own file under the CSP's 'self', with the page's nonce, and served.
    const script = scripts(form).find((s) => s.src === paths.assets.noteAutosaveJs.build());
    expect(script?.nonce).toBeTruthy();
    const asset = await client.get(paths.assets.noteAutosaveJs.build());
    expect(asset.status).toBe(200);
    expect(asset.body).toContain(
      'Your session has ended: sign in again in a new tab; your note is kept in this browser',
    );

    const list = await client.get(paths.notes.child.build({ childId }));
    expect(main(list)).toContain('Type not given yet: Date not given yet');
    expect(list.screen.getByRole('link', { name: /Continue the draft/u }).getAttribute('href')).toBe(
      paths.notes.edit.build({ noteId }),
    );
  });

  it('saves the draft with “Save draft” and by autosave, and shows every version, oldest first', async () => {
    const noteId = await aDraft();
    await client.get(paths.notes.edit.build({ noteId }));
    const saved = await post(paths.notes.edit.build({ noteId }), draft(1, { text: 'Saw J at clinic.' }));
    expect(saved.status, errorSummary(saved).join('; ')).toBe(303);
    expect(saved.location).toBe(`${paths.notes.edit.build({ noteId })}?done=saved`);
    const form = await client.follow(saved);
    expect(form.screen.getByLabelText('Note')).toHaveProperty('value', 'Saw J at clinic.');
    expect(form.document.querySelector<HTMLInputElement>('input[name="version"]')?.value).toBe('2');

    const auto = await post(
      paths.notes.autosave.build({ noteId }),
      draft(2, { text: 'Saw J at clinic.\n\nGrip improving.' }),
    );
    expect(auto.status).toBe(200);
    expect(JSON.parse(auto.body)).toEqual({ version: 3 });
    expect(auto.headers['cache-control']).toBe('no-store');
    // A partial date cannot be saved: 400 with the message, nothing saved.
    const partial = await post(paths.notes.autosave.build({ noteId }), draft(3, { 'contactOn[month]': '' }));
    expect(partial.status).toBe(400);
    expect(JSON.parse(partial.body)).toMatchObject({ problems: [expect.stringMatching(/month/u)] });
    expect((await stored(noteId)).version).toBe(3);

    const page = await client.get(paths.notes.note.build({ noteId }));
    expect(page.status).toBe(200);
    const rows = tableRows(page, /Every saved version/u);
    expect(rows.map((r) => [r.Version, r.By, r.Text])).toEqual([
      ['1', 'Cerys Clinician', 'No text'],
      ['2', 'Cerys Clinician', 'Saw J at clinic.'],
      ['3 (current)', 'Cerys Clinician', 'Saw J at clinic.Grip improving.'],
    ]);
    expect(rows[0]?.Saved).toBe('3 December 2026 at 10:00');
  });

  it('a stale save keeps nothing and shows the newer text beside what was typed (409)', async () => {
    const noteId = await aDraft();
    await client.get(paths.notes.edit.build({ noteId }));
    expect((await post(paths.notes.autosave.build({ noteId }), draft(1, { text: 'From the other tab.' }))).status).toBe(
      200,
    );
    const stale = await post(paths.notes.edit.build({ noteId }), draft(1, { text: 'Typed here, not lost.' }));
    expect(stale.status).toBe(409);
    expect(stale.screen.getByLabelText('Note')).toHaveProperty('value', 'Typed here, not lost.');
    expect(text(stale.document.getElementById('newer-text'))).toContain('From the other tab.');
    expect(stale.document.querySelector<HTMLInputElement>('input[name="version"]')?.value).toBe('2');
    expect(await currentText(noteId)).toBe('From the other tab.');

    const staleAuto = await post(paths.notes.autosave.build({ noteId }), draft(1, { text: 'Autosaved late.' }));
    expect(staleAuto.status).toBe(409);
    expect(JSON.parse(staleAuto.body)).toMatchObject({ current: { version: 2, text: 'From the other tab.' } });
    expect(await currentText(noteId)).toBe('From the other tab.');
  });

  it('signing needs the type: 400 with the error summary, what was typed saved, then signed', async () => {
    const noteId = await aDraft();
    await client.get(paths.notes.edit.build({ noteId }));
    const unready = await post(
      paths.notes.sign.build({ noteId }),
      draft(1, { contactType: '', text: 'Seen at school.' }),
    );
    expect(unready.status).toBe(400);
    expect(errorSummary(unready)).toEqual(['Select the type of contact']);
    expect(unready.screen.getByLabelText('Note')).toHaveProperty('value', 'Seen at school.');
    expect(await stored(noteId)).toMatchObject({ status: 'draft', version: 2 });
    expect(await currentText(noteId)).toBe('Seen at school.');

    const signed = await post(
      paths.notes.sign.build({ noteId }),
      draft(2, { contactType: 'school-visit', text: 'Seen at school.' }),
    );
    expect(signed.status, errorSummary(signed).join('; ')).toBe(303);
    expect(signed.location).toBe(`${paths.notes.note.build({ noteId })}?done=signed`);
    expect(await stored(noteId)).toMatchObject({ status: 'signed', signed_by: author.id, version: 3 });
    const page = await client.follow(signed);
    expect(main(page)).toContain('Note signed');
    expect(main(page)).toContain('By Cerys Clinician on 3 December 2026 at 10:00');
    expect(text(page.document.getElementById('note-text'))).toBe('Seen at school.');
    expect((await auditRows(t.deps, { action: 'note.signed' })).some((r) => r.subject_id === noteId)).toBe(true);
    // The signed note's edit address shows the note.
    const edit = await client.get(paths.notes.edit.build({ noteId }));
    expect(edit.location).toBe(paths.notes.note.build({ noteId }));
  });

  it('adds an addendum only with a reason, shown with the note and on the list', async () => {
    const noteId = await aSignedNote();
    await client.get(paths.notes.note.build({ noteId }));
    const noReason = await post(paths.notes.addendum.build({ noteId }), {
      text: 'The date was 1 December.',
      reason: '',
    });
    expect(noReason.status).toBe(400);
    expect(errorSummary(noReason)).toEqual(['Enter the reason for the addendum']);
    expect(noReason.screen.getByLabelText('Addendum')).toHaveProperty('value', 'The date was 1 December.');
    expect(await db().selectFrom('contact_note_addenda').selectAll().where('note_id', '=', noteId).execute()).toEqual(
      [],
    );

    const added = await post(paths.notes.addendum.build({ noteId }), {
      text: 'The date was 1 December.',
      reason: 'Correction of the date',
    });
    expect(added.status, errorSummary(added).join('; ')).toBe(303);
    const page = await client.follow(added);
    expect(main(page)).toContain('Addendum added');
    expect(main(page)).toContain('Reason: Correction of the date');
    expect(main(page)).toContain('Added by Cerys Clinician on 3 December 2026 at 10:00');
    const list = await client.get(paths.notes.child.build({ childId }));
    expect(main(list)).toContain('Reason: Correction of the date');
  });

  it('changes a signed note through no POST route (409), its text and version unchanged', async () => {
    const noteId = await aSignedNote();
    const before = await stored(noteId);
    await client.get(paths.notes.note.build({ noteId }));
    const attempts = [
      await post(paths.notes.edit.build({ noteId }), draft(before.version, { text: 'Changed after signing' })),
      await post(paths.notes.autosave.build({ noteId }), draft(before.version, { text: 'Changed after signing' })),
      await post(paths.notes.sign.build({ noteId }), draft(before.version, { text: 'Changed after signing' })),
      await post(paths.notes.sign.build({ noteId }), draft(before.version)),
      await post(paths.notes.edit.build({ noteId }), draft(before.version, { 'contactOn[day]': '40' })),
    ];
    expect(attempts.map((a) => a.status)).toEqual([409, 409, 409, 409, 409]);
    expect(await stored(noteId)).toEqual(before);
    expect(await currentText(noteId)).toBe('Worked on pencil grip.');
  });

  it('never loses a note to a session time-out: refused to sign in, then the same save succeeds', async () => {
    const noteId = await aDraft();
    await client.get(paths.notes.edit.build({ noteId }));
    expect((await post(paths.notes.autosave.build({ noteId }), draft(1, { text: 'Before the break.' }))).status).toBe(
      200,
    );
    time.advance(31 * MINUTE);
    const typed = draft(2, { text: 'Before the break. Typed while the session ran out.' });
    const refused = await post(paths.notes.autosave.build({ noteId }), typed);
    expect(refused.status).toBe(303);
    expect(refused.location?.startsWith(paths.signIn.build())).toBe(true);
    const refusedForm = await post(paths.notes.edit.build({ noteId }), typed);
    expect(refusedForm.status).toBe(303);
    expect(refusedForm.location?.startsWith(paths.signIn.build())).toBe(true);
    expect(await stored(noteId)).toMatchObject({ version: 2 });
    expect(await currentText(noteId)).toBe('Before the break.');

    await signIn(client, author);
    const again = await client.get(paths.notes.edit.build({ noteId }));
    expect(again.status).toBe(200);
    const saved = await post(paths.notes.autosave.build({ noteId }), typed);
    expect(saved.status).toBe(200);
    expect(JSON.parse(saved.body)).toEqual({ version: 3 });
    expect(await currentText(noteId)).toBe('Before the break. Typed while the session ran out.');
  });

  it('the autosave script saves, keeps what was typed when the session ended, and offers it back', async () => {
    const noteId = await aDraft();
    const first = await browserPage(noteId);
    type(first, 'Saved by the script.');
    expect(kept(first)).toEqual([[`otway.note.${noteId}.1`, 'Saved by the script.']]);
    expect(await leave(first)).toMatch(/^Draft saved at/u);
    expect(first.document.querySelector<HTMLInputElement>('input[name="version"]')?.value).toBe('2');
    expect(kept(first)).toEqual([]);
    expect(await currentText(noteId)).toBe('Saved by the script.');

    time.advance(31 * MINUTE);
    type(first, 'Saved by the script. Then the session ran out.');
    expect(await leave(first)).toContain(
      'Your session has ended: sign in again in a new tab; your note is kept in this browser',
    );
    expect(await currentText(noteId)).toBe('Saved by the script.');
    expect(kept(first)).toEqual([[`otway.note.${noteId}.2`, 'Saved by the script. Then the session ran out.']]);
    const storage = storageOf(first);

    await signIn(client, author);
    const reloaded = await browserPage(noteId, storage);
    const offer = [...reloaded.document.querySelectorAll('h2')].find(
      (h) => h.textContent === 'This browser kept text that was not saved',
    );
    expect(offer).toBeDefined();
    const restore = [...reloaded.document.querySelectorAll('button')].find(
      (b) => b.textContent === 'Restore the kept text',
    );
    restore?.click();
    expect(reloaded.document.querySelector<HTMLTextAreaElement>('textarea[name="text"]')?.value).toBe(
      'Saved by the script. Then the session ran out.',
    );
    expect(await leave(reloaded)).toMatch(/^Draft saved at/u);
    expect(await currentText(noteId)).toBe('Saved by the script. Then the session ran out.');
    expect((await stored(noteId)).version).toBe(3);
    expect(kept(reloaded)).toEqual([]);
  });

  it('refuses someone else’s draft with a page that says why, and saves nothing', async () => {
    const noteId = await aDraft();
    const colleague = await aStaffMember().called('Dev Colleague').withRoles('clinician').create(t.deps);
    await onCaseloadOf(t.deps, episodeId, colleague.id, LLR);
    try {
      const other = await signedIn(t.app, colleague);
      const form = await other.get(paths.notes.edit.build({ noteId }));
      expect(form.status).toBe(403);
      expect(main(form)).toContain('Only the person who wrote this note can change or sign it.');
      const note = await other.get(paths.notes.note.build({ noteId }));
      expect(note.status).toBe(200);
      expect(note.screen.queryByRole('link', { name: 'Continue the draft' })).toBeNull();
      expect((await post(paths.notes.edit.build({ noteId }), draft(1, { text: 'Not mine' }), other)).status).toBe(403);
      expect((await post(paths.notes.sign.build({ noteId }), draft(1), other)).status).toBe(403);
      expect((await post(paths.notes.autosave.build({ noteId }), draft(1), other)).status).toBe(403);
      expect(await stored(noteId)).toMatchObject({ status: 'draft', version: 1 });
    } finally {
      await onCaseloadOf(t.deps, episodeId, author.id, LLR);
    }
  });

  it('answers 404 to a clinician with no relationship and to an admin officer, 403 to the admin role', async () => {
    const noteId = await aSignedNote();
    const stranger = await aStaffMember().withRoles('clinician').create(t.deps);
    const officer = await aStaffMember().withRoles('admin-officer').create(t.deps);
    const admin = await aStaffMember().withRoles('admin').create(t.deps);
    const pages = [paths.notes.child.build({ childId }), paths.notes.note.build({ noteId })];
    for (const [who, status] of [
      [stranger, 404],
      [officer, 404],
      [admin, 403],
    ] as const) {
      const as = await signedIn(t.app, who);
      for (const url of pages) expect((await as.get(url)).status, `${who.email} ${url}`).toBe(status);
      const writes = [
        await post(paths.notes.add.build({ childId }), {}, as),
        await post(paths.notes.addendum.build({ noteId }), { text: 'x', reason: 'y' }, as),
        await post(paths.notes.autosave.build({ noteId }), draft(1), as),
      ];
      // Posts need record:write, which neither an admin officer nor the admin role has.
      const expected = who === stranger ? 404 : 403;
      expect(writes.map((w) => w.status)).toEqual([expected, expected, expected]);
      expect(main(await as.get(pages[0] ?? ''))).not.toContain('Contact notes');
    }
    expect(await db().selectFrom('contact_note_addenda').selectAll().where('note_id', '=', noteId).execute()).toEqual(
      [],
    );
  });

  it('pages the list, 20 notes a page, newest contact first', async () => {
    const ctx = { ...staffContext(author), serviceId: LLR };
    for (let day = 1; day <= 21; day++) {
      const started = await t.deps.notes.start(ctx, episodeId, {
        contactType: 'telephone',
        contactOn: `2026-11-${String(day).padStart(2, '0')}`,
        text: `Call ${String(day)}`,
      });
      expect(started.ok).toBe(true);
    }
    const first = await client.get(paths.notes.child.build({ childId }));
    const total = Number(/(\d+) notes/u.exec(main(first))?.[1]);
    expect(total).toBeGreaterThan(21);
    expect(first.document.querySelectorAll('main li.nhsuk-card')).toHaveLength(20);
    const pageCount = Math.ceil(total / 20);
    expect(main(first)).toContain(`page 1 of ${String(pageCount)}`);
    const last = await client.get(`${paths.notes.child.build({ childId })}?page=${String(pageCount)}`);
    expect(last.status).toBe(200);
    expect(main(last)).toContain('Telephone call: 1 November 2026');
    expect((await client.get(`${paths.notes.child.build({ childId })}?page=x`)).status).toBe(400);
  });

  it('has the browser forget kept note text when its user signs out (Clear-Site-Data)', async () => {
    const leaving = await signedIn(t.app, author);
    await leaving.get(paths.staff.home.build());
    const out = await leaving.post(paths.signOut.build());
    expect(out.status).toBe(303);
    expect(out.headers['clear-site-data']).toBe('"storage"');
  });
});
