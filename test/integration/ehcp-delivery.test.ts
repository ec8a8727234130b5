/**
 * Sending the signed EHCP advice (issue 15 item 5), through the pages, on both databases, against the fake GOV.UK
 * Notify: to the authority by e-mail (an outbox message carrying the signed PDF, which arrives as Notify's file) or by
 * post (the print list, with the address typed); the family's copy by e-mail or, without a usable address, by post to
 * the family's address in the record (shown on the print list to admin officers only); the request answered on the
 * London date of sending (23:30 UTC in summer is the next day in London), which a second sending never moves; and what
 * is refused: advice not signed, a withdrawn request, a bad e-mail address and other bad input, a stale page, a role
 * without `ehcp:send`, another service's request.
 *
 * The requests and the signed advice are inserted as rows (their use cases are built beside this one), with a real
 * PDF in the file store.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { findEpisodeOfReferral } from '../../src/data/care/episodes.repository.js';
import { createFileStore } from '../../src/data/files/file-store.js';
import { nhsNumberCheckDigit } from '../../src/domain/shared/nhs-number.js';
import { NOT_SIGNED, WITHDRAWN } from '../../src/services/ehcp/delivery.service.js';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { aReferral } from '../support/factories.js';
import { FakeNotify } from '../support/fake-notify.js';
import { errorSummary, tableRows, text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

// Tuesday 15 June 2027, 23:30 UTC: already Wednesday 16 June in London (British Summer Time).
const NOW = new Date('2027-06-15T23:30:00Z');
const LONDON_TODAY = '2027-06-16';
const SIGNED_AT = '2027-06-14T09:15:00Z';
const LA_EMAIL = 'send.team@leicester.gov.uk';

/** A small but real PDF: one page with a line of text. */
function aPdf(line: string): Buffer {
  const stream = `BT /F1 12 Tf 72 770 Td (${line}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    `<< /Length ${String(stream.length)} >>\nstream\n${stream}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${String(i + 1)} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${String(objects.length + 1)}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${String(objects.length + 1)} /Root 1 0 R >>\nstartxref\n${String(xref)}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

let made = 0;
/** A valid NHS number of the test range, different each call, so that each request is for a child of its own. */
function nextNhsNumber(): string {
  for (;;) {
    made += 1;
    const first9 = `999${String(200000 + ((made * 7907) % 700000)).padStart(6, '0')}`;
    const check = nhsNumberCheckDigit(first9);
    if (check !== null) return `${first9}${String(check)}`;
  }
}

const main = (page: Page) => text(page.document.querySelector('main'));

describeEachDialect('sending the signed EHCP advice', (dialect) => {
  let t: TestApp;
  let fake: FakeNotify;
  const time = movableClock(NOW);
  let officer: CreatedStaff;
  let clinician: CreatedStaff;
  let manager: CreatedStaff;
  let client: TestClient;

  beforeAll(async () => {
    fake = await FakeNotify.start();
    t = await createTestApp(dialect, { clock: time.clock, twoServices: true, env: fake.env() });
    officer = await aStaffMember().called('Ola Officer').withRoles('admin-officer').create(t.deps);
    clinician = await aStaffMember().called('Cerys Clinician').withRoles('clinician').create(t.deps);
    manager = await aStaffMember().called('Mo Manager').withRoles('service-manager').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  /** Each test starts at NOW with the admin officer freshly signed in (a test may move the clock on). */
  beforeEach(async () => {
    time.set(NOW);
    client = new TestClient(t.app);
    await signIn(client, officer);
  });

  const db = () => t.deps.database.db;
  const files = () => createFileStore(t.deps.config.attachmentsDir);

  interface Made {
    requestId: string;
    childId: string;
    adviceId: string;
    pdf: Buffer;
    storedAs: string;
  }

  /**
   * A child with a request from Leicester and its advice (signed unless said), the PDF in the file store. With
   * `serviceId`, the request and advice are that service's (the child stays LLR's: only the request's service matters).
   */
  async function aRequest(
    options: { familyEmail?: string; familyCopy?: boolean; signed?: boolean; serviceId?: string } = {},
  ): Promise<Made> {
    const serviceId = options.serviceId ?? LLR;
    const nhsNumber = nextNhsNumber();
    const referral = await aReferral({
      familyEmail: options.familyEmail ?? 'grace@example.org',
      nhsNumber,
      childFamilyName: `Ehcp${nhsNumber.slice(-4)}`,
    })
      .accepted()
      .create(t.deps);
    const episode = await findEpisodeOfReferral(db(), LLR, referral.id);
    if (episode === undefined) throw new Error('No episode');
    const requestId = randomUUID();
    const adviceId = randomUUID();
    const now = time.clock().toISOString();
    await db()
      .insertInto('ehcp_requests')
      .values({
        id: requestId,
        service_id: serviceId,
        child_id: episode.childId,
        kind: 'needs-assessment',
        la_code: '856',
        la_name: 'Leicester City Council',
        la_reference: 'EHC/2027/0042',
        la_contact_name: 'Sam Caseworker',
        la_contact_email: LA_EMAIL,
        la_contact_telephone: null,
        received_at: null,
        received_on: '2027-05-20',
        due_on: '2027-07-01',
        questions: null,
        child_match: 'new',
        family_copy: options.familyCopy === false ? 0 : 1,
        assigned_clinician_id: clinician.id,
        status: 'open',
        answered_on: null,
        withdrawn_reason: null,
        escalated_at: null,
        logged_by: officer.id,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
    const pdf = aPdf(`Advice ${requestId}`);
    const storedAs = await files().put(serviceId, pdf);
    const signed = options.signed !== false;
    await db()
      .insertInto('ehcp_advice')
      .values({
        id: adviceId,
        service_id: serviceId,
        request_id: requestId,
        child_id: episode.childId,
        author_id: clinician.id,
        status: signed ? 'signed' : 'draft',
        content: '{}',
        reused_from_advice_id: null,
        reuse_agreement: null,
        reviewer_id: null,
        review_requested_at: null,
        reviewed_at: null,
        review_outcome: null,
        review_comment: null,
        signed_by: signed ? clinician.id : null,
        signed_at: signed ? SIGNED_AT : null,
        stored_as: signed ? storedAs : null,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
    return { requestId, childId: episode.childId, adviceId, pdf, storedAs };
  }

  const sendPath = (requestId: string) => paths.ehcp.send.build({ requestId });
  const requestRow = (id: string) =>
    db().selectFrom('ehcp_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const deliveries = (requestId: string) =>
    db()
      .selectFrom('ehcp_deliveries')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('created_at')
      .orderBy('recipient')
      .execute();
  const messagesAbout = (requestId: string) =>
    db()
      .selectFrom('outbox_messages')
      .selectAll()
      .where('subject_type', '=', 'ehcp-request')
      .where('subject_id', '=', requestId)
      .orderBy('template')
      .execute();

  async function send(c: TestClient, requestId: string, fields: Record<string, string | string[]>) {
    const form = await c.get(sendPath(requestId));
    const version = form.document.querySelector<HTMLInputElement>('input[name="version"]')?.value ?? '';
    return c.post(sendPath(requestId), { version, ...fields });
  }

  it('sends by e-mail to the authority and the family: the PDF goes with each message, and the request is answered on the London date', async () => {
    const made = await aRequest();
    const form = await client.get(sendPath(made.requestId));
    expect(form.status).toBe(200);
    expect(form.document.querySelector<HTMLInputElement>('input[name="authorityEmail"]')?.value).toBe(LA_EMAIL);
    expect(main(form)).toContain('By email to Grace Ndiaye at grace@example.org');

    const before = await lastAuditId(t.deps);
    const sent = await send(client, made.requestId, {
      authorityMethod: 'email',
      authorityEmail: LA_EMAIL,
      familyCopy: 'yes',
    });
    expect(sent.status, errorSummary(sent).join('; ')).toBe(303);
    const done = await client.follow(sent);
    expect(main(done)).toContain('Health advice sent');
    expect(tableRows(done, /What has been sent/u).map((r) => [r.To, r.How])).toEqual([
      ['The local authority', `By email to ${LA_EMAIL} (waiting to be sent)`],
      ['The family', 'By email to grace@example.org (waiting to be sent)'],
    ]);

    expect(await requestRow(made.requestId)).toMatchObject({ status: 'answered', answered_on: LONDON_TODAY });
    const rows = await deliveries(made.requestId);
    expect(rows.map((d) => [d.recipient, d.method, d.to_email, d.sent_on, d.advice_id])).toEqual([
      ['authority', 'email', LA_EMAIL, LONDON_TODAY, made.adviceId],
      ['family', 'email', 'grace@example.org', LONDON_TODAY, made.adviceId],
    ]);
    const messages = await messagesAbout(made.requestId);
    expect(messages.map((m) => [m.template, m.recipient, m.attachment_stored_as, m.attachment_file_name])).toEqual([
      ['ehcp-advice', LA_EMAIL, made.storedAs, 'ehcp-health-advice-2027-06-14.pdf'],
      ['ehcp-advice-family', 'grace@example.org', made.storedAs, 'ehcp-health-advice-2027-06-14.pdf'],
    ]);
    expect(rows.map((d) => d.outbox_message_id).sort()).toEqual(messages.map((m) => m.id).sort());
    const audited = await auditRows(t.deps, { action: 'ehcp.advice-sent', afterId: before });
    expect(audited.map((a) => [a.outcome, a.subject_type, a.subject_id])).toEqual([['success', 'child', made.childId]]);

    await t.deps.outboxDispatcher.runOnce();
    const toAuthority = fake.received.find((n) => n.reference === messages[0]!.id)!;
    expect(toAuthority.files.link_to_file!.bytes.equals(made.pdf)).toBe(true);
    expect(toAuthority.files.link_to_file!.confirmEmailBeforeDownload).toBe(true);
    expect(toAuthority.subject).toMatch(/^Health advice for [A-Z] [A-Z] \(your reference EHC\/2027\/0042\)$/u);
    expect(toAuthority.body).toContain('The advice was given by Cerys Clinician on 16 June 2027.');
    const toFamily = fake.received.find((n) => n.reference === messages[1]!.id)!;
    expect(toFamily.files.link_to_file!.bytes.equals(made.pdf)).toBe(true);
    expect(toFamily.body).toContain('This is your copy.');
  });

  it('sends again by post when the authority asks for a copy: another delivery, on the print list, and answered_on kept', async () => {
    const made = await aRequest({ familyCopy: false });
    expect((await send(client, made.requestId, { authorityMethod: 'email', authorityEmail: LA_EMAIL })).status).toBe(
      303,
    );
    time.set(new Date('2027-06-20T10:00:00Z'));
    client = new TestClient(t.app);
    await signIn(client, officer);
    const form = await client.get(sendPath(made.requestId));
    expect(main(form)).toContain('The advice was given on 16 June 2027.');
    expect(form.document.querySelector('input[name="familyCopy"]')).toBeNull();
    const again = await send(client, made.requestId, {
      authorityMethod: 'post',
      authorityEmail: '',
      addressLine1: 'SEND Team, City Hall',
      addressLine2: '115 Charles Street',
      town: 'Leicester',
      postcode: 'le1 1fz',
      familyCopy: 'yes',
    });
    expect(again.status, errorSummary(again).join('; ')).toBe(303);
    expect(await requestRow(made.requestId)).toMatchObject({ status: 'answered', answered_on: LONDON_TODAY });
    const rows = await deliveries(made.requestId);
    // No family copy: this authority's process does not expect one, whatever the form said.
    expect(rows.map((d) => [d.recipient, d.method, d.sent_on])).toEqual([
      ['authority', 'email', LONDON_TODAY],
      ['authority', 'post', '2027-06-20'],
    ]);
    const posted = rows[1]!;
    expect(JSON.parse(posted.to_address!)).toEqual({
      lines: ['SEND Team, City Hall', '115 Charles Street', 'Leicester'],
      postcode: 'LE1 1FZ',
    });

    const list = await client.get(paths.ehcp.printQueue.build());
    expect(list.status).toBe(200);
    const row = tableRows(list, 'Oldest first').find((r) => r.Address?.includes('SEND Team, City Hall'));
    expect(row?.Address).toContain('LE1 1FZ');
    const pdf = await t.app.inject({
      method: 'GET',
      url: paths.ehcp.deliveryPdf.build({ deliveryId: posted.id }),
      headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.equals(made.pdf)).toBe(true);
    // An e-mail delivery has no PDF to print.
    const emailed = await client.get(paths.ehcp.deliveryPdf.build({ deliveryId: rows[0]!.id }));
    expect(emailed.status).toBe(404);

    const before = await lastAuditId(t.deps);
    await client.get(paths.ehcp.printQueue.build());
    const printed = await client.post(paths.ehcp.printed.build({ deliveryId: posted.id }));
    expect(printed.status).toBe(303);
    expect((await deliveries(made.requestId))[1]!.printed_at).toBe('2027-06-20T10:00:00.000Z');
    const after = await client.get(paths.ehcp.printQueue.build());
    expect(main(after)).not.toContain('SEND Team, City Hall');
    const audited = await auditRows(t.deps, { action: 'ehcp.advice-printed', afterId: before });
    expect(audited.map((a) => [a.outcome, a.subject_type, a.subject_id])).toEqual([
      ['success', 'ehcp-delivery', posted.id],
    ]);
    const view = await client.get(sendPath(made.requestId));
    expect(main(view)).toContain('By post (printed on 20 June 2027)');
  });

  it('sends the family’s copy by post without a usable e-mail address: its address on the print list for admin officers only', async () => {
    const made = await aRequest({ familyEmail: '' });
    const form = await client.get(sendPath(made.requestId));
    expect(main(form)).toContain('By post to Grace Ndiaye, at the family’s address in the record');
    expect(main(form)).not.toContain('LE1 6FB');
    const sent = await send(client, made.requestId, {
      authorityMethod: 'email',
      authorityEmail: 'another.caseworker@leicester.gov.uk',
      familyCopy: 'yes',
    });
    expect(sent.status, errorSummary(sent).join('; ')).toBe(303);
    const rows = await deliveries(made.requestId);
    expect(rows.map((d) => [d.recipient, d.method, d.to_name, d.to_email, d.to_address])).toEqual([
      ['authority', 'email', 'Sam Caseworker, Leicester City Council', 'another.caseworker@leicester.gov.uk', null],
      ['family', 'post', 'Grace Ndiaye', null, null],
    ]);
    expect((await messagesAbout(made.requestId)).map((m) => m.template)).toEqual(['ehcp-advice']);

    const family = rows[1]!;
    const list = await client.get(paths.ehcp.printQueue.build());
    const forOfficer = tableRows(list, 'Oldest first').find((r) => r.To === 'The family: Grace Ndiaye' && r.About);
    expect(forOfficer?.Address).toContain('LE1 6FB');

    const clinicianClient = new TestClient(t.app);
    await signIn(clinicianClient, clinician);
    // The print list holds every child's advice: it is admin officers' work (ehcp:print), not clinicians'.
    const forClinician = await clinicianClient.get(paths.ehcp.printQueue.build());
    expect(forClinician.status).toBe(403);
    expect(forClinician.body).not.toContain('LE1 6FB');
    expect((await clinicianClient.get(paths.ehcp.deliveryPdf.build({ deliveryId: family.id }))).status).toBe(403);
  });

  it('refuses advice that is not signed, and a withdrawn request, with the reason, sending nothing', async () => {
    const draft = await aRequest({ signed: false });
    const page = await client.get(sendPath(draft.requestId));
    expect(main(page)).toContain(NOT_SIGNED);
    expect(page.document.querySelector('form[method="post"] input[name="authorityMethod"]')).toBeNull();
    const before = await lastAuditId(t.deps);
    const refused = await client.post(sendPath(draft.requestId), {
      version: '1',
      authorityMethod: 'email',
      authorityEmail: LA_EMAIL,
    });
    expect(refused.status).toBe(409);
    expect(main(refused)).toContain(NOT_SIGNED);
    const audited = await auditRows(t.deps, { action: 'ehcp.advice-sent', afterId: before });
    expect(audited.map((a) => [a.outcome, a.subject_id, a.detail])).toEqual([
      ['failure', draft.childId, expect.stringContaining('not-signed')],
    ]);
    expect(await deliveries(draft.requestId)).toEqual([]);
    expect(await messagesAbout(draft.requestId)).toEqual([]);
    expect(await requestRow(draft.requestId)).toMatchObject({ status: 'open', answered_on: null });

    const withdrawn = await aRequest();
    await db()
      .updateTable('ehcp_requests')
      .set({ status: 'withdrawn', withdrawn_reason: 'The authority decided not to assess.' })
      .where('id', '=', withdrawn.requestId)
      .execute();
    const no = await client.post(sendPath(withdrawn.requestId), {
      version: '1',
      authorityMethod: 'email',
      authorityEmail: LA_EMAIL,
    });
    expect(no.status).toBe(409);
    expect(main(no)).toContain(WITHDRAWN);
    expect(await deliveries(withdrawn.requestId)).toEqual([]);
  });

  it('refuses bad input with the error summary and sends nothing: a bad e-mail, no choice, an address without a postcode, a stale page, unknown fields', async () => {
    const made = await aRequest();
    const cases: [Record<string, string>, string][] = [
      [{ authorityMethod: 'email', authorityEmail: 'not-an-address' }, 'Enter an email address in the correct format'],
      [{ authorityMethod: 'email', authorityEmail: 'a@b@c.gov.uk' }, 'Enter an email address in the correct format'],
      [{ authorityMethod: 'email', authorityEmail: '' }, 'Enter the local authority’s email address'],
      [{}, 'Select how the advice should go to the local authority'],
      [{ authorityMethod: 'fax' }, 'Select how the advice should go to the local authority'],
      [{ authorityMethod: 'post', addressLine1: '1 Town Hall', town: 'Leicester', postcode: '' }, 'Enter the postcode'],
      [
        { authorityMethod: 'post', addressLine1: '1 Town Hall', town: 'Leicester', postcode: 'LE1' },
        'Enter a full UK postcode',
      ],
      [
        { authorityMethod: 'post', addressLine1: 'x'.repeat(101), town: 'Leicester', postcode: 'LE1 1FZ' },
        'characters or fewer',
      ],
    ];
    for (const [fields, message] of cases) {
      const page = await send(client, made.requestId, fields);
      expect(page.status, JSON.stringify(fields)).toBe(400);
      expect(errorSummary(page).join(' '), JSON.stringify(fields)).toContain(message);
    }
    const stale = await client.post(sendPath(made.requestId), {
      version: '0',
      authorityMethod: 'email',
      authorityEmail: LA_EMAIL,
    });
    expect(stale.status).toBe(409);
    expect(main(stale)).toContain('Someone else changed this request');
    const unexpected = await send(client, made.requestId, {
      authorityMethod: 'email',
      authorityEmail: LA_EMAIL,
      status: 'answered',
    });
    expect(unexpected.status).toBe(400);
    expect(await deliveries(made.requestId)).toEqual([]);
    expect(await messagesAbout(made.requestId)).toEqual([]);
    expect(await requestRow(made.requestId)).toMatchObject({ status: 'open', answered_on: null, version: 1 });
  });

  it('is for roles with ehcp:send only, and finds no other service’s request', async () => {
    const made = await aRequest();
    const managerClient = new TestClient(t.app);
    await signIn(managerClient, manager);
    expect((await managerClient.get(sendPath(made.requestId))).status).toBe(403);
    expect(
      (await managerClient.post(sendPath(made.requestId), { version: '1', authorityMethod: 'email' })).status,
    ).toBe(403);
    expect((await managerClient.get(paths.ehcp.printQueue.build())).status).toBe(403);

    const elsewhere = await aRequest({ serviceId: SECOND_SERVICE });
    const other = await client.get(sendPath(elsewhere.requestId));
    expect(other.status).toBe(404);
    expect(main(other)).not.toContain('Leicester City Council');
    const posted = await client.post(sendPath(elsewhere.requestId), {
      version: '1',
      authorityMethod: 'email',
      authorityEmail: LA_EMAIL,
    });
    expect(posted.status).toBe(404);
    expect(await deliveries(elsewhere.requestId)).toEqual([]);
    expect((await client.get(sendPath(randomUUID()))).status).toBe(404);
    expect((await client.get(paths.ehcp.deliveryPdf.build({ deliveryId: 'not-an-id' }))).status).toBe(404);
    expect(await deliveries(made.requestId)).toEqual([]);
  });
});
