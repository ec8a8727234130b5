/**
 * "Find a referral", as an admin officer answering the telephone uses it: by reference (however it was read out), by
 * the child's family name (and given name) with their date of birth, matched as people mean names, or by NHS number;
 * only the active service's referrals; at most 50 shown; each result leading to triage's page or, for an admin
 * officer, to a read-only summary. Refusals: 403 for roles without the permission (audited), 400 with an error
 * summary for bad input (never a 500). Every search is audited with its kind and count, never what was typed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Dependencies } from '../../src/composition.js';
import { insertLetter } from '../../src/data/letters/letters.repository.js';
import type { Letter } from '../../src/domain/letters/compose.js';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { aReferral } from '../support/factories.js';
import { errorSummary, tableRows, text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-12-07T10:00:00Z');
const SEARCH = paths.staff.searchReferrals.build();
const RESULTS = /found, most recent first$/u;

interface Fixture {
  serviceId?: string;
  reference: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nhsNumber?: string | null;
  receivedOn?: string;
  status?: string;
}

/** A child and a referral written straight to the tables, as a submission would leave them. */
async function insertReferral(deps: Dependencies, f: Fixture): Promise<string> {
  const db = deps.database.db;
  const serviceId = f.serviceId ?? LLR;
  const childId = randomUUID();
  const id = randomUUID();
  const receivedOn = f.receivedOn ?? '2026-12-01';
  const at = `${receivedOn}T09:00:00.000Z`;
  await db
    .insertInto('children')
    .values({
      id: childId,
      service_id: serviceId,
      nhs_number: f.nhsNumber ?? null,
      given_name: f.givenName,
      family_name: f.familyName,
      known_as: null,
      date_of_birth: f.dateOfBirth,
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
      id,
      service_id: serviceId,
      reference: f.reference,
      child_id: childId,
      status: f.status ?? 'awaiting-triage',
      source: 'telephone',
      received_at: at,
      received_on: receivedOn,
      referrer_type: 'health-professional',
      referrer_name: 'Sam Okafor',
      referrer_email: 'sam.okafor@nhs.test',
      answers: JSON.stringify({ referrerPhone: '0116 496 0000', referrerRole: 'Health visitor' }),
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
      decided_at: null,
      overridden: 0,
      clock_from: receivedOn,
    })
    .execute();
  return id;
}

/** A letter on the print queue for a referral, with the decision event it belongs to. */
async function insertPrintedLetter(deps: Dependencies, referralId: string): Promise<void> {
  const db = deps.database.db;
  const eventId = randomUUID();
  await db
    .insertInto('referral_events')
    .values({
      id: eventId,
      service_id: LLR,
      referral_id: referralId,
      occurred_at: NOW.toISOString(),
      actor_user_id: null,
      action: 'accept',
      from_status: 'awaiting-triage',
      to_status: 'accepted',
      detail: '{}',
    })
    .execute();
  const letter: Letter = {
    recipient: 'family',
    recipientName: 'Grace Ndiaye',
    email: null,
    addressLines: ['12 Granby Street', 'Leicester', 'LE1 6FB'],
    date: '7 December 2026',
    subject: 'We can help',
    paragraphs: ['Dear Grace Ndiaye,'],
    sender: { serviceName: 'Children’s OT', organisationName: 'LPT', telephone: '0116 295 2495' },
  };
  await insertLetter(db, {
    id: randomUUID(),
    serviceId: LLR,
    referralId,
    eventId,
    channel: 'print',
    letter,
    html: '<p>Dear Grace Ndiaye,</p>',
    storedAs: randomUUID(),
    outboxMessageId: null,
    createdAt: NOW.toISOString(),
  });
}

const query = (fields: Record<string, string>) => `${SEARCH}?${new URLSearchParams(fields).toString()}`;
const byName = (familyName: string, born: [string, string, string], givenName = '') =>
  query({
    by: 'name',
    familyName,
    givenName,
    'dateOfBirth[day]': born[0],
    'dateOfBirth[month]': born[1],
    'dateOfBirth[year]': born[2],
  });
const references = (page: Page) => tableRows(page, RESULTS).map((r) => r.Reference);

describeEachDialect('finding a referral', (dialect) => {
  let t: TestApp;
  let officer: CreatedStaff;
  let triager: CreatedStaff;
  let admin: CreatedStaff;
  const ids: Record<string, string> = {};
  const time = movableClock(NOW);

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock, twoServices: true });
    officer = await aStaffMember().called('Olu Officer').withRoles('admin-officer').create(t.deps);
    triager = await aStaffMember().called('Tess Triage').withRoles('triage-clinician').create(t.deps);
    admin = await aStaffMember().called('Ada Admin').withRoles('admin').create(t.deps);
    ids.obrien = await insertReferral(t.deps, {
      reference: 'OT-7K3M-9QX2',
      givenName: 'Zoë',
      familyName: 'O’Brien',
      dateOfBirth: '2018-03-14',
      nhsNumber: '9434765919',
      receivedOn: '2026-11-20',
    });
    ids.obrienLater = await insertReferral(t.deps, {
      reference: 'OT-8A2B-3C4D',
      givenName: 'Zoe',
      familyName: "O'BRIEN",
      dateOfBirth: '2018-03-14',
      receivedOn: '2026-12-02',
      status: 'accepted',
    });
    ids.sibling = await insertReferral(t.deps, {
      reference: 'OT-1B2C-3D4E',
      givenName: 'Liam',
      familyName: 'O’Brien',
      dateOfBirth: '2018-03-14',
    });
    ids.otherBirthday = await insertReferral(t.deps, {
      reference: 'OT-9Z8Y-7X6W',
      givenName: 'Zoë',
      familyName: 'O’Brien',
      dateOfBirth: '2018-03-15',
    });
    ids.hyphen = await insertReferral(t.deps, {
      reference: 'OT-5E6F-7G8H',
      givenName: 'Ceridwen',
      familyName: 'Llewellyn-Price',
      dateOfBirth: '2021-12-07',
    });
    ids.markup = await insertReferral(t.deps, {
      reference: 'OT-2M3N-4P5Q',
      givenName: '<script>alert(1)</script>',
      familyName: '{{7*7}}',
      dateOfBirth: '2019-01-01',
    });
    // The same child's details in the other service: never found from this one.
    ids.elsewhere = await insertReferral(t.deps, {
      serviceId: SECOND_SERVICE,
      reference: 'OT-6R7S-8T9V',
      givenName: 'Zoë',
      familyName: 'O’Brien',
      dateOfBirth: '2018-03-14',
      nhsNumber: '9434765919',
    });
    await insertPrintedLetter(t.deps, ids.obrien);
  });
  afterAll(async () => {
    await t.close();
  });

  async function as(person: CreatedStaff): Promise<TestClient> {
    const client = new TestClient(t.app);
    await signIn(client, person);
    return client;
  }

  it('is on the staff home page of admin officers and triage clinicians, not of others (admins included)', async () => {
    for (const person of [officer, triager]) {
      const home = await (await as(person)).get(paths.staff.home.build());
      expect(home.screen.getByRole('link', { name: 'Find a referral' }).getAttribute('href')).toBe(SEARCH);
    }
    // Administrators manage accounts and see no referral (issue 14).
    const clinician = await aStaffMember().withRoles('clinician').create(t.deps);
    for (const person of [clinician, admin]) {
      const home = await (await as(person)).get(paths.staff.home.build());
      expect(home.screen.queryByRole('link', { name: 'Find a referral' })).toBeNull();
    }
    expect((await (await as(admin)).get(SEARCH)).status).toBe(403);
  });

  it('shows the empty form, which records nothing', async () => {
    const client = await as(officer);
    const before = await lastAuditId(t.deps);
    const page = await client.get(SEARCH);
    expect(page.status).toBe(200);
    expect(page.screen.getByRole('button', { name: 'Search by NHS number' })).toBeTruthy();
    expect(await auditRows(t.deps, { action: 'referral.searched', afterId: before })).toEqual([]);
  });

  it.each(['OT-7K3M-9QX2', 'ot-7k3m-9qx2', ' OT 7K3M 9QX2 ', 'OT7K3M9QX2', 'ot-7k3m9qx2', '7K3M-9QX2', 'oT-7k3m-9Qx2'])(
    'finds a referral by its reference typed as %j',
    async (typed) => {
      const page = await (await as(officer)).get(query({ by: 'reference', reference: typed }));
      expect(page.status).toBe(200);
      expect(tableRows(page, RESULTS)).toEqual([
        {
          Reference: 'OT-7K3M-9QX2',
          Child: 'Zoë O’Brien',
          'Date of birth': '14 March 2018',
          Received: '20 November 2026',
          Status: 'Awaiting triage',
        },
      ]);
    },
  );

  it('links an admin officer to the summary, and a triage clinician to the triage page', async () => {
    const officerPage = await (await as(officer)).get(query({ by: 'reference', reference: 'OT-7K3M-9QX2' }));
    expect(officerPage.screen.getByRole('link', { name: 'OT-7K3M-9QX2' }).getAttribute('href')).toBe(
      paths.staff.referralSummary.build({ referralId: ids.obrien! }),
    );
    for (const person of [triager]) {
      const page = await (await as(person)).get(query({ by: 'reference', reference: 'OT-7K3M-9QX2' }));
      expect(page.screen.getByRole('link', { name: 'OT-7K3M-9QX2' }).getAttribute('href')).toBe(
        paths.triage.referral.build({ referralId: ids.obrien! }),
      );
    }
  });

  it('finds by family name and date of birth as people mean names, newest first, and narrows by given name', async () => {
    const client = await as(officer);
    for (const typed of ['obrien', 'O’Brien', "o'brien", 'O BRIEN', 'Ó-Brien']) {
      const page = await client.get(byName(typed, ['14', '3', '2018']));
      expect({ typed, found: references(page) }).toEqual({
        typed,
        found: ['OT-8A2B-3C4D', 'OT-1B2C-3D4E', 'OT-7K3M-9QX2'],
      });
    }
    const zoe = await client.get(byName('OBrien', ['14', '03', '2018'], 'ZOE'));
    expect(references(zoe)).toEqual(['OT-8A2B-3C4D', 'OT-7K3M-9QX2']);
    expect(tableRows(zoe, RESULTS)[0]?.Status).toBe('Accepted');
    const hyphen = await client.get(byName('llewellyn price', ['7', '12', '2021'], 'ceridwen'));
    expect(references(hyphen)).toEqual(['OT-5E6F-7G8H']);
    const none = await client.get(byName('OBrien', ['1', '1', '2018']));
    expect(none.status).toBe(200);
    expect(text(none.document.querySelector('main'))).toContain('No referrals found');
  });

  it('finds by NHS number with or without spaces, only in the active service', async () => {
    const client = await as(triager);
    for (const typed of ['943 476 5919', '9434765919', ' 943 4765 919 ']) {
      const page = await client.get(query({ by: 'nhs-number', nhsNumber: typed }));
      expect(references(page)).toEqual(['OT-7K3M-9QX2']);
    }
  });

  it('never finds another service’s referral, by any kind of search, nor shows its summary', async () => {
    const client = await as(officer);
    const byReference = await client.get(query({ by: 'reference', reference: 'OT-6R7S-8T9V' }));
    expect(byReference.status).toBe(200);
    expect(text(byReference.document.querySelector('main'))).toContain('No referrals found');
    const byNhs = await client.get(query({ by: 'nhs-number', nhsNumber: '9434765919' }));
    expect(references(byNhs)).not.toContain('OT-6R7S-8T9V');
    const named = await client.get(byName('OBrien', ['14', '3', '2018']));
    expect(references(named)).not.toContain('OT-6R7S-8T9V');
    expect(named.body).not.toContain(ids.elsewhere);
    const summary = await client.get(paths.staff.referralSummary.build({ referralId: ids.elsewhere! }));
    expect(summary.status).toBe(404);
  });

  it('shows a name with markup or template syntax as the literal text', async () => {
    const page = await (await as(officer)).get(query({ by: 'reference', reference: 'OT-2M3N-4P5Q' }));
    expect(tableRows(page, RESULTS)[0]?.Child).toBe('<script>alert(1)</script> {{7*7}}');
    expect(page.body).not.toContain('<script>alert(1)');
    // Not evaluated as a template: the page's text (not its random tokens) has no 49.
    expect(text(page.document.querySelector('main'))).not.toContain('49');
  });

  it('audits every search with its kind and count, and never what was searched for', async () => {
    const client = await as(officer);
    const before = await lastAuditId(t.deps);
    await client.get(query({ by: 'nhs-number', nhsNumber: '943 476 5919' }));
    await client.get(byName('O’Brien', ['14', '3', '2018'], 'Zoë'));
    await client.get(query({ by: 'reference', reference: 'OT-0000-0000' }));
    await client.get(query({ by: 'nhs-number', nhsNumber: '9434765918' }));
    const rows = await auditRows(t.deps, { action: 'referral.searched', afterId: before });
    expect(
      rows.map((r) => [r.actor_user_id, r.service_id, r.outcome, JSON.parse(r.detail ?? 'null') as unknown]),
    ).toEqual([
      [officer.id, LLR, 'success', { kind: 'nhs-number', results: 1, more: false }],
      [officer.id, LLR, 'success', { kind: 'name', results: 2, more: false, givenName: true }],
      [officer.id, LLR, 'success', { kind: 'reference', results: 0, more: false }],
      [officer.id, LLR, 'failure', { kind: 'nhs-number', reason: 'invalid-input' }],
    ]);
    const everything = JSON.stringify(await auditRows(t.deps, { afterId: before }));
    for (const secret of ['9434765919', '943 476 5919', '9434765918', 'Brien', 'Zo', '2018-03-14']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('refuses other roles with 403, audited, for the search and the summary', async () => {
    for (const role of ['clinician', 'service-manager', 'auditor'] as const) {
      const person = await aStaffMember().withRoles(role).create(t.deps);
      const client = await as(person);
      const before = await lastAuditId(t.deps);
      const page = await client.get(query({ by: 'reference', reference: 'OT-7K3M-9QX2' }));
      expect({ role, status: page.status }).toEqual({ role, status: 403 });
      expect(page.body).not.toContain('OT-7K3M-9QX2');
      const summary = await client.get(paths.staff.referralSummary.build({ referralId: ids.obrien! }));
      expect({ role, status: summary.status }).toEqual({ role, status: 403 });
      const denied = await auditRows(t.deps, { action: 'access.denied', afterId: before });
      expect(denied.map((r) => [r.actor_user_id, r.outcome])).toEqual([
        [person.id, 'denied'],
        [person.id, 'denied'],
      ]);
      expect(await auditRows(t.deps, { action: 'referral.searched', afterId: before })).toEqual([]);
    }
    // Those who triage read the triage page instead of the summary.
    const summary = await (await as(triager)).get(paths.staff.referralSummary.build({ referralId: ids.obrien! }));
    expect(summary.status).toBe(403);
  }, 120_000);

  it.each<{ name: string; fields: Record<string, string>; field: string; message: string }>([
    {
      name: 'no way chosen',
      fields: { reference: 'OT-7K3M-9QX2' },
      field: 'How do you want to find it?',
      message: 'Select how you want to find the referral',
    },
    {
      name: 'a way that does not exist',
      fields: { by: 'postcode' },
      field: 'How do you want to find it?',
      message: 'Select how you want to find the referral',
    },
    {
      name: 'no reference',
      fields: { by: 'reference', reference: '  ' },
      field: 'Reference',
      message: 'Enter the referral’s reference',
    },
    {
      name: 'a reference that cannot be one',
      fields: { by: 'reference', reference: 'OT-7K3M' },
      field: 'Reference',
      message: 'Enter a reference in the right format, like OT-7K3M-9QX2',
    },
    {
      name: 'a very long reference',
      fields: { by: 'reference', reference: 'x'.repeat(5000) },
      field: 'Reference',
      message: 'Enter a reference in the right format, like OT-7K3M-9QX2',
    },
    {
      name: 'a name without a date of birth',
      fields: { by: 'name', familyName: 'O’Brien' },
      field: 'Date of birth',
      message: 'Enter the child’s date of birth: a name on its own could find too many children',
    },
    {
      name: 'a date of birth without a name',
      fields: { by: 'name', 'dateOfBirth[day]': '14', 'dateOfBirth[month]': '3', 'dateOfBirth[year]': '2018' },
      field: 'Family name',
      message: 'Enter the child’s family name',
    },
    {
      name: 'a date that does not exist',
      fields: {
        by: 'name',
        familyName: 'Smith',
        'dateOfBirth[day]': '31',
        'dateOfBirth[month]': '2',
        'dateOfBirth[year]': '2018',
      },
      field: 'Date of birth',
      message: 'Date of birth must be a real date',
    },
    {
      name: 'a date in the future',
      fields: {
        by: 'name',
        familyName: 'Smith',
        'dateOfBirth[day]': '1',
        'dateOfBirth[month]': '1',
        'dateOfBirth[year]': '2030',
      },
      field: 'Date of birth',
      message: 'Date of birth must be today or in the past',
    },
    {
      name: 'an NHS number of 9 digits',
      fields: { by: 'nhs-number', nhsNumber: '943 476 591' },
      field: 'NHS number',
      message: 'NHS number must be 10 digits',
    },
    {
      name: 'an NHS number that fails its check',
      fields: { by: 'nhs-number', nhsNumber: '943 476 5918' },
      field: 'NHS number',
      message: 'Enter a valid NHS number',
    },
  ])('refuses $name with 400 and an error summary', async ({ fields, message }) => {
    const page = await (await as(officer)).get(query(fields));
    expect(page.status).toBe(400);
    expect(errorSummary(page)).toEqual([message]);
    expect(page.document.title).toMatch(/^Error: /u);
    expect(page.screen.queryByRole('table')).toBeNull();
  });

  it('shows the message beside the field, and the values given again', async () => {
    const page = await (await as(officer)).get(query({ by: 'nhs-number', nhsNumber: '943 476 5918' }));
    const box = page.screen.getByRole<HTMLInputElement>('textbox', { name: 'NHS number' });
    expect(box.value).toBe('943 476 5918');
    const described = (box.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => page.document.getElementById(id));
    expect(described.some((d) => text(d).replace(/^Error:\s*/u, '') === 'Enter a valid NHS number')).toBe(true);
    // The box is in the NHS number's own form, which says how it searches.
    expect(box.form?.querySelector<HTMLInputElement>('input[name="by"]')?.value).toBe('nhs-number');
  });

  it('refuses fields it does not know, and repeated fields, with 400, never 500', async () => {
    const client = await as(officer);
    expect((await client.get(`${SEARCH}?by=reference&reference=OT-7K3M-9QX2&sql=1`)).status).toBe(400);
    expect((await client.get(`${SEARCH}?by=reference&reference=a&reference=b`)).status).toBe(400);
    expect((await client.get(`${SEARCH}?by=name&by=reference&reference=OT-7K3M-9QX2`)).status).toBe(400);
    expect((await client.get(`${SEARCH}?by=name&familyName=%00%FF&dateOfBirth[day]=x`)).status).toBe(400);
  });

  it('shows at most 50, most recent first, and says there are more', async () => {
    // 52 referrals for one child through the use cases, received on the days of November (after the factory's
    // consent date), two on most days.
    for (let i = 0; i < 52; i += 1) {
      time.set(new Date(Date.UTC(2026, 10, (i % 28) + 1, 10)));
      await aReferral({ childGivenName: 'Sam', childFamilyName: 'Manyfold', dateOfBirth: '2017-05-05' }).create(t.deps);
    }
    time.set(NOW);
    const before = await lastAuditId(t.deps);
    const page = await (await as(officer)).get(byName('Manyfold', ['5', '5', '2017']));
    expect(page.status).toBe(200);
    const rows = tableRows(page, RESULTS);
    expect(rows).toHaveLength(50);
    expect(text(page.document.querySelector('main'))).toContain('More than 50 referrals match');
    const received = rows.map((r) => r.Received);
    expect(received[0]).toBe('28 November 2026');
    const [event] = await auditRows(t.deps, { action: 'referral.searched', afterId: before });
    expect(JSON.parse(event?.detail ?? 'null')).toEqual({ kind: 'name', results: 50, more: true, givenName: false });
  }, 120_000);

  it('gives an admin officer a read-only summary, audited', async () => {
    const client = await as(officer);
    const before = await lastAuditId(t.deps);
    const page = await client.get(paths.staff.referralSummary.build({ referralId: ids.obrien! }));
    expect(page.status).toBe(200);
    const main = text(page.document.querySelector('main'));
    for (const expected of [
      'Referral OT-7K3M-9QX2',
      'Zoë O’Brien',
      '14 March 2018',
      'Awaiting triage',
      '20 November 2026 (by telephone)',
      'Sam Okafor, Health visitor',
      'Telephone: 0116 496 0000',
      'Email: sam.okafor@nhs.test',
      '12 Granby Street, Leicester, LE1 6FB',
      'The family: Grace Ndiaye',
      'By post: waiting to be printed',
    ]) {
      expect(main).toContain(expected);
    }
    // Read-only: no decision, no form, no link into triage.
    expect(page.document.querySelector('main form')).toBeNull();
    expect(page.body).not.toContain('/staff/triage/');
    const viewed = await auditRows(t.deps, { action: 'referral.summary-viewed', afterId: before });
    expect(viewed.map((r) => [r.actor_user_id, r.subject_type, r.subject_id, r.outcome])).toEqual([
      [officer.id, 'referral', ids.obrien, 'success'],
    ]);
    expect((await client.get(paths.staff.referralSummary.build({ referralId: randomUUID() }))).status).toBe(404);
  });
});
