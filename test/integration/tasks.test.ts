/**
 * The team's tasks on each database: the open tasks for me and my roles (or everyone's), by kind, oldest first, 25 a
 * page, with the child's name and reference; one task and closing it with what was done (once, by the role it is
 * for, audited); filters from allow-lists (400 for anything else, never a 500); access by permission; another
 * service's task not found.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findEpisodeOfReferral } from '../../src/data/care/episodes.repository.js';
import type { TaskKind } from '../../src/domain/care/tasks.js';
import type { RequestContext } from '../../src/services/shared/context.js';
import { paths } from '../../src/web/paths.js';
import { auditRows } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import type { Page } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { aReferral } from '../support/factories.js';
import { errorSummary, tableRows, text } from '../support/html.js';
import { signedIn } from '../support/journeys.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

const START = new Date('2026-12-07T10:00:00Z');
const HOUR_MS = 3_600_000;
const LIST = paths.tasks.list.build();
const main = (page: Page) => text(page.document.querySelector('main'));

describeEachDialect('the team’s tasks', (dialect) => {
  let t: TestApp;
  const time = movableClock(START);
  let episodeId: string;
  let reference: string;
  let triager: CreatedStaff;

  const system = (serviceId: string): RequestContext => ({
    serviceId,
    actorUserId: null,
    actorRoles: [],
    ip: null,
    correlationId: `tasks-test-${randomUUID()}`,
    recorded: new Set(),
  });

  /** Raises a task through the use case the answers and flags use, an hour after the one before. */
  async function raise(kind: TaskKind, detail: Record<string, unknown> = {}, onEpisode = episodeId, serviceId = LLR) {
    time.advance(HOUR_MS);
    return t.deps.database.db
      .transaction()
      .execute((trx) =>
        t.deps.taskRaiser.raise(trx, system(serviceId), { serviceId, kind, episodeId: onEpisode, detail }),
      );
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock, twoServices: true });
    const referral = await aReferral({ childGivenName: 'Amara', childFamilyName: 'Osei' }).accepted().create(t.deps);
    reference = referral.reference;
    episodeId = (await findEpisodeOfReferral(t.deps.database.db, LLR, referral.id))!.id;
    triager = await aStaffMember().withRoles('triage-clinician').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the open tasks for my roles, oldest first, with the child’s name and reference; everyone’s on asking', async () => {
    const worse = await raise('waiting-well-worse', { answer: 'worse', whatChanged: 'Falls more often.' });
    await raise('waiting-well-no-change', { answer: 'no-change' });
    const unanswered = await raise('waiting-well-unanswered', { unansweredContacts: 2 });
    const client = await signedIn(t.app, triager);
    const page = await client.get(LIST);
    expect(page.status).toBe(200);
    const rows = tableRows(page, /Open tasks/);
    expect(rows.map((r) => r.Task)).toEqual([
      'Family says things are worse',
      'No answer to waiting-list contacts: validate',
    ]);
    expect(rows[0]).toMatchObject({ Child: 'Amara Osei', Reference: reference, For: 'Triage clinician', Age: 'Today' });
    const hrefs = [...page.document.querySelectorAll('main table a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual([paths.tasks.task.build({ taskId: worse }), paths.tasks.task.build({ taskId: unanswered })]);

    const all = tableRows(await client.get(`${LIST}?for=all`), /Open tasks/);
    expect(all.map((r) => r.Task)).toContain('Family says still needed, no change');
    const byKind = tableRows(await client.get(`${LIST}?for=all&kind=waiting-well-no-change`), /Open tasks/);
    expect(byKind.map((r) => r.Task)).toEqual(['Family says still needed, no change']);
    expect((await auditRows(t.deps, { action: 'tasks.viewed', actorUserId: triager.id })).length).toBeGreaterThan(0);
  });

  it('shows 25 a page and refuses filters off their lists with a 400, never a 500', async () => {
    for (let i = 0; i < 26; i++) await raise('waiting-well-unanswered');
    const client = await signedIn(t.app, triager);
    const first = await client.get(`${LIST}?kind=waiting-well-unanswered`);
    expect(tableRows(first, /Open tasks/)).toHaveLength(25);
    expect(main(first)).toContain('(page 1 of 2)');
    const second = await client.get(`${LIST}?kind=waiting-well-unanswered&page=2`);
    expect(tableRows(second, /Open tasks/)).toHaveLength(2);
    // A page past the end shows the last one.
    expect((await client.get(`${LIST}?kind=waiting-well-unanswered&page=99`)).status).toBe(200);

    const bad = await client.get(`${LIST}?kind=drop-table`);
    expect(bad.status).toBe(400);
    expect(errorSummary(bad)).toEqual(['Select a kind of task from the list']);
    for (const query of [
      'for=nobody',
      'page=abc',
      'page=-1',
      'page=1e9',
      'sort=name',
      'kind=a&kind=b',
      'kind=toString',
    ]) {
      expect((await client.get(`${LIST}?${query}`)).status, query).toBe(400);
    }
  });

  it('closes a task with what was done, once, by the role it is for, audited', async () => {
    const taskId = await raise('waiting-well-worse', { answer: 'worse', whatChanged: 'Cannot hold a pencil now.' });
    const client = await signedIn(t.app, triager);
    const url = paths.tasks.task.build({ taskId });
    const page = await client.get(url);
    expect(page.status).toBe(200);
    expect(main(page)).toContain('Cannot hold a pencil now.');
    expect(main(page)).toContain('Amara Osei');
    const version = page.document.querySelector<HTMLInputElement>('input[name="version"]')!.value;

    const empty = await client.post(url, { resolution: ' ', version });
    expect(empty.status).toBe(400);
    expect(errorSummary(empty)).toEqual(['Enter what was done']);
    expect((await client.post(url, { resolution: 'x'.repeat(2001), version })).status).toBe(400);
    expect((await client.post(url, { resolution: 'x', version, extra: '1' })).status).toBe(400);
    expect((await client.post(url, { resolution: 'x', version: 'abc' })).status).toBe(400);
    expect((await client.post(url, { resolution: 'x', version: String(Number(version) + 1) })).status).toBe(409);

    const done = await client.post(url, { resolution: 'Called mum; moved to soon.', version });
    expect(done.status).toBe(303);
    const closed = await client.follow(done);
    expect(main(closed)).toContain('Called mum; moved to soon.');
    expect(closed.document.querySelector('main form')).toBeNull();
    const [row] = await t.deps.database.db.selectFrom('tasks').selectAll().where('id', '=', taskId).execute();
    expect(row).toMatchObject({ status: 'done', done_by: triager.id, resolution: 'Called mum; moved to soon.' });
    const audits = (await auditRows(t.deps, { action: 'task.completed' })).filter((r) => r.subject_id === taskId);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.detail).not.toContain('mum');
    expect((await client.post(url, { resolution: 'again', version: String(Number(version) + 1) })).status).toBe(409);
    const open = await client.get(`${LIST}?for=all`);
    expect([...open.document.querySelectorAll('main table a')].map((a) => a.getAttribute('href'))).not.toContain(url);
  });

  it('lets only the role a task is for close it', async () => {
    const taskId = await raise('waiting-well-no-change', { answer: 'no-change' });
    const url = paths.tasks.task.build({ taskId });
    const client = await signedIn(t.app, triager);
    const page = await client.get(url);
    expect(page.status).toBe(200);
    expect(page.document.querySelector('main form')).toBeNull();
    expect(main(page)).toContain('only they can close it');
    expect((await client.post(url, { resolution: 'Done it.', version: '1' })).status).toBe(403);

    const officer = await signedIn(t.app, await aStaffMember().withRoles('admin-officer').create(t.deps));
    await officer.get(url);
    const done = await officer.post(url, { resolution: 'Noted: still needed.', version: '1' });
    expect(done.status).toBe(303);
  });

  it('takes tasks:read to read and tasks:work to close; another service’s task, or a made-up id, is not found', async () => {
    const taskId = await raise('waiting-well-unanswered');
    const url = paths.tasks.task.build({ taskId });
    const auditor = await signedIn(t.app, await aStaffMember().withRoles('auditor').create(t.deps));
    expect((await auditor.get(LIST)).status).toBe(403);
    expect((await auditor.get(url)).status).toBe(403);
    const admin = await signedIn(t.app, await aStaffMember().withRoles('admin').create(t.deps));
    expect((await admin.get(LIST)).status).toBe(403);
    const manager = await signedIn(t.app, await aStaffMember().withRoles('service-manager').create(t.deps));
    expect((await manager.get(url)).status).toBe(200);
    expect((await manager.post(url, { resolution: 'x', version: '1' })).status).toBe(403);

    const elsewhere = await signedIn(
      t.app,
      await aStaffMember().inService(SECOND_SERVICE, 'triage-clinician').create(t.deps),
    );
    expect((await elsewhere.get(url)).status).toBe(404);
    await elsewhere.get(LIST);
    expect((await elsewhere.post(url, { resolution: 'x', version: '1' })).status).toBe(404);
    expect(main(await elsewhere.get(`${LIST}?for=all`))).toContain('There are no open tasks here.');
    const client = await signedIn(t.app, triager);
    expect((await client.get(paths.tasks.task.build({ taskId: 'not-an-id' }))).status).toBe(404);
    expect((await client.get(paths.tasks.task.build({ taskId: randomUUID() }))).status).toBe(404);
    // Still open: nobody closed it.
    const [row] = await t.deps.database.db.selectFrom('tasks').select('status').where('id', '=', taskId).execute();
    expect(row?.status).toBe('open');
  });

  it('links a family’s “no longer needed” to the page that confirms it, for a role that may', async () => {
    const taskId = await raise('waiting-well-no-longer-needed', { answer: 'no-longer-needed' });
    const client = await signedIn(t.app, triager);
    const page = await client.get(paths.tasks.task.build({ taskId }));
    const links = [...page.document.querySelectorAll('main a')].map((a) => a.getAttribute('href'));
    expect(links).toContain(paths.waitingList.remove.build({ episodeId }));
    const manager = await signedIn(t.app, await aStaffMember().withRoles('service-manager').create(t.deps));
    const theirs = await manager.get(paths.tasks.task.build({ taskId }));
    expect([...theirs.document.querySelectorAll('main a')].map((a) => a.getAttribute('href'))).not.toContain(
      paths.waitingList.remove.build({ episodeId }),
    );
  });
});
