/**
 * Printing the print queue all at once: every letter listed, drawn again into one PDF in the queue's order (each on a
 * page of its own), and "Mark all as printed" for exactly the letters that were listed (carried in the form), never
 * one that arrived since, another service's, an e-mailed one or one already marked. Who and when are recorded, and
 * each letter's marking is audited. Refusals: 403 for other roles, 403 without the CSRF token, 400 for a form that
 * is not a list of letters.
 */
import { randomUUID } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Dependencies } from '../../src/composition.js';
import { insertLetter } from '../../src/data/letters/letters.repository.js';
import type { Letter } from '../../src/domain/letters/compose.js';
import type { LetterRecipient } from '../../src/domain/letters/placeholders.js';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-12-07T10:00:00Z');
const QUEUE = paths.letters.printQueue.build();
const ALL_PDF = paths.letters.printAllPdf.build();
const PRINTED_ALL = paths.letters.printedAll.build();

let serial = 0;

/** A referral with one decision, written straight to the tables; returns the referral's and the event's ids. */
async function aDecidedReferral(deps: Dependencies, serviceId = LLR): Promise<{ referralId: string; eventId: string }> {
  const db = deps.database.db;
  const childId = randomUUID();
  const referralId = randomUUID();
  const eventId = randomUUID();
  const at = NOW.toISOString();
  serial += 1;
  await db
    .insertInto('children')
    .values({
      id: childId,
      service_id: serviceId,
      nhs_number: null,
      given_name: 'Ivy',
      family_name: 'Okoro',
      known_as: null,
      date_of_birth: '2018-03-14',
      sex: 'female',
      address_line_1: '12 Granby Street',
      address_line_2: null,
      town: 'Leicester',
      postcode: 'LE1 6FB',
      gp_practice_code: null,
      school_urn: null,
      language: null,
      interpreter_needed: 0,
      access_needs: null,
      created_at: at,
      updated_at: at,
      version: 1,
    })
    .execute();
  await db
    .insertInto('referrals')
    .values({
      id: referralId,
      service_id: serviceId,
      reference: `OT-PRNT-${String(serial).padStart(4, '0')}`,
      child_id: childId,
      status: 'accepted',
      source: 'online',
      received_at: at,
      received_on: '2026-12-01',
      referrer_type: 'gp',
      referrer_name: 'Sam Okafor',
      referrer_email: null,
      answers: '{}',
      eligibility_outcome: 'eligible',
      eligibility: '{}',
      policy_version: '2026-11-27.1',
      child_match: 'new',
      possible_child_id: null,
      safeguarding_concern: 0,
      idempotency_key: randomUUID(),
      created_by: null,
      created_at: at,
      updated_at: at,
      version: 1,
      pathway: null,
      priority: null,
      setting: null,
      reply_due_on: null,
      decided_at: at,
      overridden: 0,
      clock_from: '2026-12-01',
    })
    .execute();
  await db
    .insertInto('referral_events')
    .values({
      id: eventId,
      service_id: serviceId,
      referral_id: referralId,
      occurred_at: at,
      actor_user_id: null,
      action: 'accept',
      from_status: 'awaiting-triage',
      to_status: 'accepted',
      detail: '{}',
    })
    .execute();
  return { referralId, eventId };
}

/** A letter written at `createdAt` to `name`, on the print queue unless it goes by e-mail. */
async function aLetter(
  deps: Dependencies,
  name: string,
  createdAt: string,
  options: { serviceId?: string; recipient?: LetterRecipient; channel?: 'print' | 'email' } = {},
): Promise<string> {
  const serviceId = options.serviceId ?? LLR;
  const { referralId, eventId } = await aDecidedReferral(deps, serviceId);
  const letter: Letter = {
    recipient: options.recipient ?? 'family',
    recipientName: name,
    email: null,
    addressLines: ['12 Granby Street', 'Leicester', 'LE1 6FB'],
    date: '7 December 2026',
    subject: `About the referral for ${name}`,
    paragraphs: [`Dear ${name},`, 'We have accepted the referral.'],
    sender: {
      serviceName: "Children's Occupational Therapy",
      organisationName: 'Leicestershire Partnership NHS Trust',
      telephone: '0116 295 2495',
    },
  };
  const id = randomUUID();
  await insertLetter(deps.database.db, {
    id,
    serviceId,
    referralId,
    eventId,
    channel: options.channel ?? 'print',
    letter,
    html: `<p>Dear ${name},</p>`,
    storedAs: randomUUID(),
    outboxMessageId: null,
    createdAt,
  });
  return id;
}

/** The text-drawing operators of every page, decompressed, as letter-pdf.test.ts reads them. */
function drawnText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  let out = '';
  for (const match of source.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/gu)) {
    let body: string;
    try {
      body = inflateSync(Buffer.from(match[1] ?? '', 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const hex of body.matchAll(/<([0-9a-f]+)>/gu)) out += Buffer.from(hex[1] ?? '', 'hex').toString('latin1');
  }
  return out.replace(/\s/gu, '');
}

const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/gu)?.length ?? 0;

/** The letter ids a form on the queue page carries, in the page's order. */
const idsIn = (page: Page, action: string) =>
  [...page.document.querySelectorAll<HTMLInputElement>(`form[action="${action}"] input[name="letter"]`)].map(
    (i) => i.value,
  );

describeEachDialect('printing the queue all at once', (dialect) => {
  let t: TestApp;
  let officer: CreatedStaff;
  const time = movableClock(NOW);

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock, twoServices: true });
    officer = await aStaffMember().called('Olu Officer').withRoles('admin-officer').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });
  // Each test starts from an empty queue.
  beforeEach(async () => {
    await t.deps.database.db
      .updateTable('referral_letters')
      .set({ printed_at: '2026-01-01T00:00:00.000Z' })
      .where('printed_at', 'is', null)
      .execute();
  });

  async function as(person: CreatedStaff): Promise<TestClient> {
    const client = new TestClient(t.app);
    await signIn(client, person);
    return client;
  }

  /** A GET with the client's cookies, keeping the body's bytes (a PDF is not text). */
  async function download(client: TestClient, url: string) {
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await t.app.inject({ method: 'GET', url, headers: { cookie } });
    return { status: response.statusCode, headers: response.headers, bytes: response.rawPayload };
  }

  const stored = (ids: readonly string[]) =>
    t.deps.database.db
      .selectFrom('referral_letters')
      .select(['id', 'printed_at', 'printed_by'])
      .where('id', 'in', [...ids])
      .execute()
      .then((rows) => new Map(rows.map((r) => [r.id, r])));

  it('downloads every letter listed as one PDF, in the queue’s order, a page each, audited', async () => {
    // Written out of order, and two of one decision at the same instant (listed referrer, family, GP).
    const third = await aLetter(t.deps, 'Cerys Third', '2026-12-03T09:00:00.000Z');
    const first = await aLetter(t.deps, 'Ada First', '2026-12-01T09:00:00.000Z');
    const gp = await aLetter(t.deps, 'Dr Bea Second', '2026-12-02T09:00:00.000Z', { recipient: 'gp' });
    const fourth = await aLetter(t.deps, 'Dara Fourth', '2026-12-04T09:00:00.000Z');
    const client = await as(officer);
    const queue = await client.get(QUEUE);
    expect(queue.status).toBe(200);
    const button = queue.screen.getByRole('button', { name: 'Download all 4 as one PDF' });
    expect(button).toBeTruthy();
    const ids = idsIn(queue, ALL_PDF);
    expect(ids).toEqual([first, gp, third, fourth]);
    expect(idsIn(queue, PRINTED_ALL)).toEqual(ids);

    const before = await lastAuditId(t.deps);
    const pdf = await download(client, `${ALL_PDF}?${ids.map((id) => `letter=${id}`).join('&')}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe('attachment; filename="letters-to-print-2026-12-07.pdf"');
    expect(pdf.headers['x-content-type-options']).toBe('nosniff');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pageCount(pdf.bytes)).toBe(4);
    const drawn = drawnText(pdf.bytes);
    const at = ['AdaFirst', 'DrBeaSecond', 'CerysThird', 'DaraFourth'].map((n) => drawn.indexOf(`Dear${n}`));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const audit = await auditRows(t.deps, { action: 'letters.print-all-downloaded', afterId: before });
    expect(audit.map((r) => [r.actor_user_id, r.service_id, r.outcome, r.detail])).toEqual([
      [officer.id, LLR, 'success', JSON.stringify({ letters: 4, listed: 4 })],
    ]);
    // Downloading marks nothing.
    expect([...(await stored(ids)).values()].every((r) => r.printed_at === null)).toBe(true);
  });

  it('marks printed exactly the letters listed, not one that arrived since, with who and when', async () => {
    const a = await aLetter(t.deps, 'Amara One', '2026-12-01T09:00:00.000Z');
    const b = await aLetter(t.deps, 'Bo Two', '2026-12-01T10:00:00.000Z');
    const c = await aLetter(t.deps, 'Cai Three', '2026-12-01T11:00:00.000Z');
    const client = await as(officer);
    const queue = await client.get(QUEUE);
    const listed = idsIn(queue, PRINTED_ALL);
    expect(listed).toEqual([a, b, c]);
    // A decision's letter arrives while the listed ones are printing.
    const late = await aLetter(t.deps, 'Late Arrival', '2026-12-07T09:30:00.000Z');
    const before = await lastAuditId(t.deps);
    const marked = await client.post(PRINTED_ALL, { letter: listed });
    expect(marked.status).toBe(303);
    expect(marked.location).toBe(`${QUEUE}?marked=3`);
    const rows = await stored([a, b, c, late]);
    for (const id of [a, b, c]) {
      expect(rows.get(id)).toMatchObject({ printed_at: NOW.toISOString(), printed_by: officer.id });
    }
    expect(rows.get(late)).toMatchObject({ printed_at: null, printed_by: null });
    const after = await client.follow(marked);
    expect(text(after.screen.getByRole('alert'))).toContain('3 letters marked as printed');
    expect(idsIn(after, PRINTED_ALL)).toEqual([late]);
    const audit = await auditRows(t.deps, { action: 'referral.letter-printed', afterId: before });
    expect(audit.map((r) => [r.subject_id, r.actor_user_id, r.outcome])).toEqual([
      [a, officer.id, 'success'],
      [b, officer.id, 'success'],
      [c, officer.id, 'success'],
    ]);
  });

  it('leaves out another service’s letter, an e-mailed one and one already marked, from the PDF and the marking', async () => {
    const mine = await aLetter(t.deps, 'Mine Only', '2026-12-01T09:00:00.000Z');
    const elsewhere = await aLetter(t.deps, 'Other Service', '2026-12-01T09:00:00.000Z', {
      serviceId: SECOND_SERVICE,
    });
    const emailed = await aLetter(t.deps, 'By Email', '2026-12-01T09:00:00.000Z', { channel: 'email' });
    const done = await aLetter(t.deps, 'Already Done', '2026-12-01T09:00:00.000Z');
    await t.deps.database.db
      .updateTable('referral_letters')
      .set({ printed_at: '2026-12-02T09:00:00.000Z' })
      .where('id', '=', done)
      .execute();
    const client = await as(officer);
    const queue = await client.get(QUEUE);
    expect(idsIn(queue, ALL_PDF)).toEqual([mine]);
    const sent = [mine, elsewhere, emailed, done];
    const pdf = await download(client, `${ALL_PDF}?${sent.map((id) => `letter=${id}`).join('&')}`);
    expect(pageCount(pdf.bytes)).toBe(1);
    const drawn = drawnText(pdf.bytes);
    expect(drawn).toContain('DearMineOnly');
    for (const other of ['OtherService', 'ByEmail', 'AlreadyDone']) expect(drawn).not.toContain(other);
    const marked = await client.post(PRINTED_ALL, { letter: sent });
    expect(marked.location).toBe(`${QUEUE}?marked=1`);
    const rows = await stored(sent);
    expect(rows.get(mine)?.printed_by).toBe(officer.id);
    expect(rows.get(elsewhere)).toMatchObject({ printed_at: null, printed_by: null });
    expect(rows.get(emailed)).toMatchObject({ printed_at: null, printed_by: null });
    expect(rows.get(done)).toMatchObject({ printed_at: '2026-12-02T09:00:00.000Z', printed_by: null });
  });

  it('says so, and makes no PDF, when none of the letters listed is still waiting', async () => {
    const gone = await aLetter(t.deps, 'Gone Already', '2026-12-01T09:00:00.000Z');
    const client = await as(officer);
    await client.get(QUEUE);
    await client.post(PRINTED_ALL, { letter: [gone] });
    const before = await lastAuditId(t.deps);
    const again = await client.get(`${ALL_PDF}?letter=${gone}`);
    expect(again.status).toBe(303);
    expect(again.location).toBe(`${QUEUE}?nothing=1`);
    expect(text((await client.follow(again)).document.querySelector('main'))).toContain(
      'None of the letters listed is still waiting to be printed',
    );
    expect(await auditRows(t.deps, { action: 'letters.print-all-downloaded', afterId: before })).toEqual([]);
  });

  it('refuses marking without the CSRF token, and changes nothing', async () => {
    const waiting = await aLetter(t.deps, 'Needs Token', '2026-12-01T09:00:00.000Z');
    const client = await as(officer);
    await client.get(QUEUE);
    const refused = await client.post(PRINTED_ALL, { letter: [waiting] }, { csrf: null });
    expect(refused.status).toBe(403);
    expect((await stored([waiting])).get(waiting)?.printed_at).toBeNull();
  });

  it.each<{ name: string; query: string; message: string }>([
    { name: 'no letters', query: '', message: 'There were no letters listed to print' },
    {
      name: 'something that is not a letter id',
      query: 'letter=not-a-letter',
      message: 'The list of letters was not complete. Go back to the letters to print and try again',
    },
    {
      name: 'more letters than the queue lists',
      query: Array.from({ length: 101 }, () => `letter=${randomUUID()}`).join('&'),
      message: 'Print at most 100 letters at a time',
    },
  ])('refuses $name with 400 and an error summary, for the PDF and the marking', async ({ query, message }) => {
    const waiting = await aLetter(t.deps, 'Stays Waiting', '2026-12-01T09:00:00.000Z');
    const client = await as(officer);
    const pdf = await client.get(`${ALL_PDF}?${query}`);
    expect(pdf.status).toBe(400);
    expect(errorSummary(pdf)).toEqual([message]);
    await client.get(QUEUE);
    const fields = Object.fromEntries(
      [...new URLSearchParams(query)].reduce(
        (all, [k, v]) => all.set(k, [...(all.get(k) ?? []), v]),
        new Map<string, string[]>(),
      ),
    );
    const marked = await client.post(PRINTED_ALL, fields);
    expect(marked.status).toBe(400);
    expect(errorSummary(marked)).toEqual([message]);
    expect((await stored([waiting])).get(waiting)?.printed_at).toBeNull();
  });

  it('refuses fields it does not expect with 400', async () => {
    const waiting = await aLetter(t.deps, 'Odd Field', '2026-12-01T09:00:00.000Z');
    const client = await as(officer);
    expect((await client.get(`${ALL_PDF}?letter=${waiting}&extra=1`)).status).toBe(400);
    await client.get(QUEUE);
    expect((await client.post(PRINTED_ALL, { letter: waiting, extra: '1' })).status).toBe(400);
    expect((await stored([waiting])).get(waiting)?.printed_at).toBeNull();
  });

  it('refuses other roles with 403, audited', async () => {
    const waiting = await aLetter(t.deps, 'Officers Only', '2026-12-01T09:00:00.000Z');
    for (const role of ['triage-clinician', 'clinician', 'admin'] as const) {
      const client = await as(await aStaffMember().withRoles(role).create(t.deps));
      const before = await lastAuditId(t.deps);
      expect((await client.get(`${ALL_PDF}?letter=${waiting}`)).status).toBe(403);
      await client.get(paths.staff.home.build());
      expect((await client.post(PRINTED_ALL, { letter: waiting })).status).toBe(403);
      const denied = await auditRows(t.deps, { action: 'access.denied', afterId: before });
      expect(denied.map((r) => r.subject_id)).toEqual([`GET ${ALL_PDF}`, `POST ${PRINTED_ALL}`]);
    }
    expect((await stored([waiting])).get(waiting)?.printed_at).toBeNull();
  }, 120_000);
});
