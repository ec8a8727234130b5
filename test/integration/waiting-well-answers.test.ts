/**
 * The family's answers through their waiting-well link (docs/adr/0038), on each database: each answer reaches the team
 * as its task and resets the unanswered count; a link answers once, and a used, expired or forged one shows only "this
 * link cannot be used" with the telephone number; the page is a plain form that works without JavaScript; the link's
 * secret is stored nowhere. "No longer needed" removes no one until a clinician confirms it (and only a role with
 * `waiting-list:remove` may); then the child leaves the list and the task closes together.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findEpisode, findEpisodeOfReferral, type EpisodeRecord } from '../../src/data/care/episodes.repository.js';
import { paths } from '../../src/web/paths.js';
import { auditRows } from '../support/audit.js';
import { aStaffMember } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { aReferral } from '../support/factories.js';
import { errorSummary, text } from '../support/html.js';
import { signedIn } from '../support/journeys.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

const START = new Date('2026-12-07T10:00:00Z');
const DUE = new Date('2027-03-01T10:00:00Z');
const DAY_MS = 86_400_000;
const LINK = /http:\/\/localhost:3000\/your-child\/waiting-list\/([A-Za-z0-9_-]{43})/;
const UNUSABLE = 'This link cannot be used';
const main = (page: Page) => text(page.document.querySelector('main'));

describeEachDialect('the family’s answers through their waiting-well link', (dialect) => {
  let t: TestApp;
  const time = movableClock(START);
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock, twoServices: true });
  });
  afterAll(async () => {
    await t.close();
  });

  const db = () => t.deps.database.db;
  const episodeById = async (id: string): Promise<EpisodeRecord> => {
    const found = await findEpisode(db(), LLR, id);
    if (found === undefined) throw new Error('no episode');
    return found;
  };
  const tasksOf = (episodeId: string) =>
    db().selectFrom('tasks').selectAll().where('episode_id', '=', episodeId).orderBy('created_at').execute();

  /** A child accepted at START, contacted on the day due; the link as the family received it. */
  async function contacted(name: string): Promise<{ episode: EpisodeRecord; token: string }> {
    time.set(START);
    const referral = await aReferral({ familyEmail: `${name.toLowerCase()}@example.test`, childGivenName: name })
      .accepted()
      .create(t.deps);
    const episode = await findEpisodeOfReferral(db(), LLR, referral.id);
    if (episode === undefined) throw new Error('no episode');
    time.set(DUE);
    await t.deps.waitingWell.sendDueContacts();
    await t.deps.outboxDispatcher.runOnce();
    const [link] = await db().selectFrom('family_links').select('id').where('episode_id', '=', episode.id).execute();
    const [message] = await db()
      .selectFrom('outbox_messages')
      .select('id')
      .where('subject_id', '=', link!.id)
      .execute();
    const token = LINK.exec(await t.deps.localMailbox.read(message!.id))?.[1];
    if (token === undefined) throw new Error('no link in the message');
    return { episode: await episodeById(episode.id), token };
  }

  async function answer(token: string, fields: Record<string, string>): Promise<Page> {
    const family = new TestClient(t.app);
    const page = await family.get(paths.family.waitingWell.build({ token }));
    expect(page.status).toBe(200);
    return family.post(paths.family.waitingWell.build({ token }), fields);
  }

  it('shows the family a plain form that works without JavaScript, with the first name and strategies only', async () => {
    const { token } = await contacted('Ava');
    const family = new TestClient(t.app);
    const page = await family.get(paths.family.waitingWell.build({ token }));
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(main(page)).toContain('Tell us how things are for Ava');
    expect(main(page)).toContain(
      'Ava has been waiting 12 weeks. We aim to see children with routine needs within 18 weeks.',
    );
    expect(main(page)).toContain('Short, daily play for coordination');
    expect(page.body).not.toContain('Ndiaye');
    const form = page.document.querySelector('main form');
    expect(form?.getAttribute('method')).toBe('post');
    expect(form?.getAttribute('action')).toBe(paths.family.waitingWell.build({ token }));
    expect(form?.querySelectorAll('input[type="radio"][name="answer"]')).toHaveLength(3);
    expect(form?.querySelector('textarea[name="whatChanged"]')).not.toBeNull();
  });

  it('turns each answer into its task, resets the unanswered count, and audits it', async () => {
    const cases: { name: string; fields: Record<string, string>; kind: string; role: string }[] = [
      { name: 'Noor', fields: { answer: 'no-change' }, kind: 'waiting-well-no-change', role: 'admin-officer' },
      {
        name: 'Leo',
        fields: { answer: 'worse', whatChanged: 'He cannot dress himself any more.' },
        kind: 'waiting-well-worse',
        role: 'triage-clinician',
      },
      {
        name: 'Mia',
        fields: { answer: 'no-longer-needed' },
        kind: 'waiting-well-no-longer-needed',
        role: 'triage-clinician',
      },
    ];
    for (const c of cases) {
      const { episode, token } = await contacted(c.name);
      await db().updateTable('episodes').set({ unanswered_contacts: 1 }).where('id', '=', episode.id).execute();
      const done = await answer(token, c.fields);
      expect(done.status).toBe(200);
      expect(main(done)).toContain('Thank you for your answer');
      const tasks = await tasksOf(episode.id);
      expect(tasks.map((task) => [task.kind, task.assigned_role, task.status])).toEqual([[c.kind, c.role, 'open']]);
      const after = await episodeById(episode.id);
      expect(after.unansweredContacts).toBe(0);
      // "No longer needed" takes no one off the list.
      expect(after.status).toBe('waiting');
      const [link] = await db().selectFrom('family_links').selectAll().where('episode_id', '=', episode.id).execute();
      expect(link).toMatchObject({ answer: c.fields.answer, answer_text: c.fields.whatChanged ?? null });
      const audits = (await auditRows(t.deps, { action: 'waiting-well.answered' })).filter(
        (r) => r.subject_id === episode.id,
      );
      expect(audits).toHaveLength(1);
      expect(audits[0]!.detail).not.toContain('dress');
    }
  });

  it('asks what has changed when things are worse, and refuses bad input without a 500', async () => {
    const { episode, token } = await contacted('Kai');
    const family = new TestClient(t.app);
    const url = paths.family.waitingWell.build({ token });
    await family.get(url);
    const missing = await family.post(url, { answer: 'worse', whatChanged: '  ' });
    expect(missing.status).toBe(400);
    expect(errorSummary(missing)).toEqual(['Tell us what has changed']);
    expect((await family.post(url, {})).status).toBe(400);
    expect((await family.post(url, { answer: 'delete-everything' })).status).toBe(400);
    expect((await family.post(url, { answer: 'worse', whatChanged: 'x'.repeat(2001) })).status).toBe(400);
    expect((await family.post(url, { answer: 'no-change', extra: '1' })).status).toBe(400);
    expect((await family.post(url, { answer: ['no-change', 'worse'] })).status).toBe(400);
    expect((await family.post(url, { answer: 'no-change' }, { csrf: null })).status).toBe(403);
    expect((await family.post(url, { answer: 'no-change' }, { csrf: 'forged' })).status).toBe(403);
    expect(await tasksOf(episode.id)).toHaveLength(0);
    // Still usable after all that: nothing was recorded.
    expect((await family.post(url, { answer: 'no-change' })).status).toBe(200);
  });

  it('answers once: a used, expired or forged link shows only that it cannot be used, with the telephone number', async () => {
    const used = await contacted('Ivy');
    const family = new TestClient(t.app);
    const url = paths.family.waitingWell.build({ token: used.token });
    await family.get(url);
    expect((await family.post(url, { answer: 'no-change' })).status).toBe(200);
    const again = await family.get(url);
    expect(again.status).toBe(410);
    // Posted again from the page as it was first shown (its token kept): still refused, nothing recorded.
    const twice = await family.post(url, { answer: 'worse', whatChanged: 'Worse now.' });
    expect(twice.status).toBe(410);
    expect(await tasksOf(used.episode.id)).toHaveLength(1);

    const expired = await contacted('Ben');
    time.set(new Date(DUE.getTime() + 29 * DAY_MS));
    const late = await family.get(paths.family.waitingWell.build({ token: expired.token }));
    const forged = await family.get(paths.family.waitingWell.build({ token: 'A'.repeat(43) }));
    const short = await family.get(paths.family.waitingWell.build({ token: 'x' }));
    const odd = await family.get('/your-child/waiting-list/%E2%80%AE%3Cscript%3E');
    for (const page of [again, late, forged, short, odd]) {
      expect(page.status).toBe(410);
      expect(main(page)).toContain(UNUSABLE);
      expect(main(page)).toContain('0116 295 2495');
      expect(page.body).not.toMatch(/Ivy|Ben|Ndiaye/);
    }
    // The same words whichever it was: a page says nothing about why.
    expect(main(again)).toBe(main(forged));
    expect(main(late)).toBe(main(forged));
  });

  it('takes one of two answers sent at once', async () => {
    const { episode, token } = await contacted('Ada');
    const url = paths.family.waitingWell.build({ token });
    const one = new TestClient(t.app);
    const two = new TestClient(t.app);
    await one.get(url);
    await two.get(url);
    const pages = await Promise.all([
      one.post(url, { answer: 'no-change' }),
      two.post(url, { answer: 'no-longer-needed' }),
    ]);
    expect(pages.map((p) => p.status).sort()).toEqual([200, 410]);
    expect(await tasksOf(episode.id)).toHaveLength(1);
  });

  it('never stores the link’s secret', async () => {
    const { token } = await contacted('Eli');
    await answer(token, { answer: 'no-change' });
    for (const table of [
      'outbox_messages',
      'family_links',
      'audit_events',
      'tasks',
      'outbox_local_deliveries',
    ] as const) {
      const rows = await db().selectFrom(table).selectAll().execute();
      expect(JSON.stringify(rows), table).not.toContain(token);
    }
  });

  it('takes a child off the list only when a clinician confirms the family’s “no longer needed”', async () => {
    const { episode, token } = await contacted('Rosa');
    const clinician = await aStaffMember().withRoles('clinician').create(t.deps);
    const officer = await aStaffMember().withRoles('admin-officer').create(t.deps);
    const removeUrl = paths.waitingList.remove.build({ episodeId: episode.id });
    const client = await signedIn(t.app, clinician);

    // Before the family says so, there is nothing to confirm.
    const before = await client.get(removeUrl);
    expect(before.status).toBe(200);
    expect(before.document.querySelector('main form')).toBeNull();
    expect((await client.post(removeUrl, { note: 'Spoke to mum.', version: String(episode.version) })).status).toBe(
      409,
    );

    await answer(token, { answer: 'no-longer-needed' });
    const page = await client.get(removeUrl);
    expect(page.status).toBe(200);
    expect(main(page)).toContain('Rosa Ndiaye');
    expect(main(page)).toContain('We no longer need the service');
    const version = page.document.querySelector<HTMLInputElement>('input[name="version"]')!.value;

    const office = await signedIn(t.app, officer);
    expect((await office.get(removeUrl)).status).toBe(403);
    expect((await office.post(removeUrl, { note: 'x', version })).status).toBe(403);

    const noNote = await client.post(removeUrl, { note: '', version });
    expect(noNote.status).toBe(400);
    expect(errorSummary(noNote)).toEqual(['Enter why you are confirming it']);
    expect((await client.post(removeUrl, { note: 'x', version: String(Number(version) - 1) })).status).toBe(409);
    expect((await client.post(removeUrl, { note: 'x', version: 'abc' })).status).toBe(400);
    expect((await episodeById(episode.id)).status).toBe('waiting');

    const done = await client.post(removeUrl, { note: 'Spoke to mum: the school now supports Rosa well.', version });
    expect(done.status).toBe(200);
    const after = await episodeById(episode.id);
    expect(after).toMatchObject({ status: 'closed', closedReason: 'no-longer-needed', nextContactOn: null });
    const [task] = await tasksOf(episode.id);
    expect(task).toMatchObject({ status: 'done', done_by: clinician.id });
    expect(task!.resolution).toContain('Spoke to mum');
    const removed = (await auditRows(t.deps, { action: 'waiting-list.child-removed' })).filter(
      (r) => r.subject_id === episode.id,
    );
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatchObject({ actor_user_id: clinician.id });
    expect(removed[0]!.detail).not.toContain('Spoke');
    // The waiting list no longer has the child, and no contact goes to them again.
    const waiting = await db()
      .selectFrom('episodes')
      .select('id')
      .where('service_id', '=', LLR)
      .where('status', '=', 'waiting')
      .execute();
    expect(waiting.map((e) => e.id)).not.toContain(episode.id);
    const list = await client.get(paths.waitingList.list.build());
    if (list.status === 200) expect(main(list)).not.toContain('Rosa Ndiaye');
    // Confirming twice changes nothing.
    expect((await client.post(removeUrl, { note: 'again', version: String(after.version) })).status).toBe(409);
    time.set(new Date('2027-06-01T10:00:00Z'));
    await t.deps.waitingWell.sendDueContacts();
    expect(
      await db().selectFrom('family_links').select('id').where('episode_id', '=', episode.id).execute(),
    ).toHaveLength(1);
  });

  it('does not find another service’s child, or an id that is not one', async () => {
    const { episode } = await contacted('Sol');
    const elsewhere = await aStaffMember().inService(SECOND_SERVICE, 'clinician').create(t.deps);
    const client = await signedIn(t.app, elsewhere);
    const url = paths.waitingList.remove.build({ episodeId: episode.id });
    expect((await client.get(url)).status).toBe(404);
    expect((await client.post(url, { note: 'x', version: String(episode.version) })).status).toBe(404);
    expect((await client.get(paths.waitingList.remove.build({ episodeId: 'not-an-id' }))).status).toBe(404);
    expect((await episodeById(episode.id)).status).toBe('waiting');
  });
});
