/**
 * Requests for statutory EHCP health advice (issue 15 items 1 to 3), through the pages as an admin officer, a
 * clinician and a service manager use them, on both databases: logging a request (a child matched by NHS number, a new
 * child, a possible match with its warning) with its due date; bad input on every field (400, nothing saved); other
 * services' ids (404); who may do what (403); exceptions recorded and withdrawn; naming the clinician (and a stale
 * form); the tracker's order and red, amber and green on a fixed clock; the escalation to the service manager; the
 * report before and after a request is answered; documents; and the audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markAnswered } from '../../src/data/ehcp/requests.repository.js';
import { systemContext } from '../../src/services/shared/context.js';
import { paths } from '../../src/web/paths.js';
import { auditRows } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, tableRows, text } from '../support/html.js';
import { signedIn } from '../support/journeys.js';
import { aChildOnCaseload } from '../support/record-world.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

// Thursday 3 December 2026, 10:00 in London.
const NOW = new Date('2026-12-03T10:00:00Z');

const date = (name: string, iso: string) => {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { [`${name}[day]`]: day, [`${name}[month]`]: month, [`${name}[year]`]: year };
};

const main = (page: Page) => text(page.document.querySelector('main'));

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** A request as the log form sends it, for a child the service does not know. */
function aRequest(fields: Record<string, string> = {}): Record<string, string> {
  return {
    kind: 'needs-assessment',
    laCode: '856',
    laReference: 'EHC/2026/0412',
    laContactName: 'Priya Shah',
    laContactEmail: 'send.team@leicester.example.gov.uk',
    laContactTelephone: '',
    ...date('receivedOn', '2026-11-30'),
    receivedTime: '',
    ...date('dueOn', ''),
    questions: 'What are the child’s sensory and motor needs in school?',
    familyCopy: 'yes',
    childNhsNumber: '',
    childGivenName: 'Amara',
    childFamilyName: 'Okafor',
    ...date('childDateOfBirth', '2018-05-14'),
    childSex: 'female',
    childAddressLine1: '12 Granby Street',
    childTown: 'Leicester',
    childPostcode: 'LE1 6FB',
    ...fields,
  };
}

describeEachDialect('EHCP advice requests', (dialect) => {
  let t: TestApp;
  let officer: CreatedStaff;
  let clinician: CreatedStaff;
  let manager: CreatedStaff;
  let admin: TestClient;
  let clinicianClient: TestClient;
  let managerClient: TestClient;
  const clock = movableClock(NOW);

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: clock.clock, twoServices: true });
    officer = await aStaffMember().called('Olu Officer').withRoles('admin-officer').create(t.deps);
    clinician = await aStaffMember().called('Cerys Clinician').withRoles('clinician').create(t.deps);
    manager = await aStaffMember().called('Mina Manager').withRoles('service-manager').create(t.deps);
    admin = await signedIn(t.app, officer);
    clinicianClient = await signedIn(t.app, clinician);
    managerClient = await signedIn(t.app, manager);
  });

  afterAll(async () => {
    await t.close();
  });

  const db = () => t.deps.database.db;
  const requests = () => db().selectFrom('ehcp_requests').selectAll().orderBy('created_at').orderBy('id').execute();
  const children = () => db().selectFrom('children').selectAll().execute();

  async function log(fields: Record<string, string>, as = admin): Promise<Page> {
    await as.get(paths.ehcp.log.build());
    return as.post(paths.ehcp.log.build(), fields);
  }

  const requestIdOf = (page: Page) => page.location?.split('/').pop() ?? '';

  describe('logging a request', () => {
    it('logs a request for a child the service does not know: a new record, due 42 days after it was received', async () => {
      const before = (await children()).length;
      const logged = await log(aRequest({ receivedTime: '16:45' }));
      expect(logged.status).toBe(303);
      const requestId = requestIdOf(logged);
      const row = (await requests()).find((r) => r.id === requestId);
      expect(row).toMatchObject({
        kind: 'needs-assessment',
        la_code: '856',
        la_name: 'Leicester',
        received_on: '2026-11-30',
        received_at: '2026-11-30T16:45:00.000Z',
        due_on: '2027-01-11',
        child_match: 'new',
        status: 'open',
        family_copy: 1,
      });
      expect((await children()).length).toBe(before + 1);
      const page = await admin.follow(logged);
      expect(page.status).toBe(200);
      expect(main(page)).toContain('Amara Okafor');
      expect(main(page)).toContain('Statutory due date 11 January 2027');
      expect(main(page)).toContain('39 days left');
      expect(main(page)).toContain('On track');
      expect(main(page)).not.toContain('Check the child’s record');
      const audited = await auditRows(t.deps, { action: 'ehcp.request-logged' });
      expect(audited.some((a) => a.subject_id === requestId && a.actor_user_id === officer.id)).toBe(true);
      const viewed = await auditRows(t.deps, { action: 'ehcp.request-viewed' });
      expect(viewed.some((a) => a.subject_id === requestId && a.subject_type === 'ehcp-request')).toBe(true);
    });

    it('reuses the record of a child known by NHS number, name and date of birth', async () => {
      const known = await aChildOnCaseload(t.deps, clinician.id);
      const child = await db()
        .selectFrom('children')
        .selectAll()
        .where('id', '=', known.childId)
        .executeTakeFirstOrThrow();
      const before = (await children()).length;
      const logged = await log(
        aRequest({
          childNhsNumber: child.nhs_number ?? '',
          childGivenName: child.given_name,
          childFamilyName: child.family_name,
          ...date('childDateOfBirth', child.date_of_birth),
          childPostcode: child.postcode,
        }),
      );
      expect(logged.status).toBe(303);
      const row = (await requests()).find((r) => r.id === requestIdOf(logged));
      expect(row).toMatchObject({ child_id: known.childId, child_match: 'nhs-number' });
      expect((await children()).length).toBe(before);
    });

    it('makes a new record for a possible match, and warns that a clinician must check', async () => {
      const logged = await log(aRequest({ laReference: 'EHC/2026/0413' }));
      expect(logged.status).toBe(303);
      const row = (await requests()).find((r) => r.id === requestIdOf(logged));
      expect(row?.child_match).toBe('possible');
      const page = await admin.follow(logged);
      expect(main(page)).toContain(
        'An older record has the same name, date of birth and postcode: it may be the same child. A clinician must check before the advice is written.',
      );
    });

    it('never files a request under a sibling whose NHS number was given: a record of its own, and a warning', async () => {
      const sibling = await aChildOnCaseload(t.deps, clinician.id);
      const known = await db()
        .selectFrom('children')
        .selectAll()
        .where('id', '=', sibling.childId)
        .executeTakeFirstOrThrow();
      // The authority typed the brother's NHS number for his younger sister.
      const logged = await log(
        aRequest({
          laReference: 'EHC/2026/0414',
          childNhsNumber: known.nhs_number ?? '',
          childGivenName: 'Nia',
          childFamilyName: known.family_name,
          ...date('childDateOfBirth', '2019-03-04'),
        }),
      );
      expect(logged.status).toBe(303);
      const row = (await requests()).find((r) => r.id === requestIdOf(logged));
      expect(row?.child_match).toBe('nhs-number-conflict');
      expect(row?.child_id).not.toBe(sibling.childId);
      const page = await admin.follow(logged);
      expect(text(page.document.querySelector('h1'))).toBe(`Nia ${known.family_name}`);
      expect(main(page)).toContain('The NHS number given is on another child’s record');
      expect(main(page)).not.toContain(known.given_name);
    });

    it('takes an annual review’s due date from the authority', async () => {
      const logged = await log(
        aRequest({ kind: 'annual-review', ...date('dueOn', '2027-01-20'), childNhsNumber: '', childGivenName: 'Theo' }),
      );
      expect(logged.status).toBe(303);
      const row = (await requests()).find((r) => r.id === requestIdOf(logged));
      expect(row).toMatchObject({ kind: 'annual-review', due_on: '2027-01-20' });
    });

    it('refuses bad input on every field with the error summary, and saves nothing', async () => {
      const before = (await requests()).length;
      const childrenBefore = (await children()).length;
      const empty = await log(Object.fromEntries(Object.keys(aRequest()).map((k) => [k, ''])));
      expect(empty.status).toBe(400);
      expect(errorSummary(empty)).toEqual(
        expect.arrayContaining([
          'Select whether this is for an EHC needs assessment or an annual review',
          'Select the local authority that sent the request',
          'Enter the authority’s reference for this request',
          'Enter the name of the contact at the authority',
          'Enter the date the request was received',
          'Select whether a copy of the advice goes to the family',
          'Enter the child’s first name',
          'Enter the child’s last name',
          'Enter the child’s date of birth',
          'Select the child’s sex',
          'Enter the first line of the child’s address',
          'Enter the town or city',
          'Enter the child’s postcode',
        ]),
      );
      const cases: [Record<string, string>, string][] = [
        [{ laCode: '999' }, 'Select the local authority that sent the request'],
        [{ laContactEmail: 'not an address' }, 'Enter an email address in the correct format, like name@example.com'],
        [
          { laContactEmail: '', laContactTelephone: '' },
          'Enter the contact’s email address or telephone number, or both',
        ],
        [{ laContactTelephone: '12345' }, 'Enter a telephone number, like 01632 960 001 or 07700 900 982'],
        [date('receivedOn', '2026-02-30'), 'Date received must be a real date'],
        [date('receivedOn', '2026-12-04'), 'Date received must be today or in the past'],
        [date('receivedOn', '2025-11-01'), 'Date received must be on or after 3 December 2025, a year ago'],
        [{ receivedTime: '25:00' }, 'Time received must be a real time on the 24-hour clock, like 09:30 or 16:45'],
        [{ ...date('receivedOn', '2026-12-03'), receivedTime: '11:00' }, 'Time received must be in the past'],
        [{ kind: 'annual-review' }, 'Enter the date the authority needs the advice by'],
        [
          { kind: 'annual-review', ...date('dueOn', '2026-11-30') },
          'Date advice is due must be after 30 November 2026, the date the request was received',
        ],
        [{ questions: 'x'.repeat(5001) }, 'The questions the authority asks must be 5000 characters or fewer'],
        [{ childNhsNumber: '123' }, 'NHS number must be 10 digits'],
        [{ childNhsNumber: '9434765918' }, 'Enter a valid NHS number'],
        [{ childGivenName: 'x'.repeat(101) }, 'The child’s first name must be 100 characters or fewer'],
        [date('childDateOfBirth', '2027-01-01'), 'Date of birth must be today or in the past'],
        [{ childSex: 'dragon' }, 'Select the child’s sex'],
        [{ childPostcode: 'NOT A POSTCODE' }, 'Enter a full UK postcode, like LE1 6TH'],
        [{ laReference: 'x'.repeat(61) }, 'The authority’s reference must be 60 characters or fewer'],
        [{ familyCopy: 'maybe' }, 'Select whether a copy of the advice goes to the family'],
      ];
      for (const [fields, message] of cases) {
        const page = await log(aRequest(fields));
        expect(page.status, message).toBe(400);
        expect(errorSummary(page), message).toContain(message);
      }
      const unexpected = await log({ ...aRequest(), surprise: 'x' });
      expect(unexpected.status).toBe(400);
      expect((await requests()).length).toBe(before);
      expect((await children()).length).toBe(childrenBefore);
    });

    it('refuses the log form to a role without ehcp:log (403), and lets it read the tracker', async () => {
      expect((await clinicianClient.get(paths.ehcp.log.build())).status).toBe(403);
      const posted = await clinicianClient.post(paths.ehcp.log.build(), aRequest());
      expect(posted.status).toBe(403);
      expect((await clinicianClient.get(paths.ehcp.tracker.build())).status).toBe(200);
      expect((await clinicianClient.get(paths.ehcp.report.build())).status).toBe(403);
      const home = await clinicianClient.get(paths.staff.home.build());
      expect(home.screen.getByRole('link', { name: 'EHCP advice requests' }).getAttribute('href')).toBe(
        paths.ehcp.tracker.build(),
      );
    });

    it('answers 404 for another service’s request, and for ids that are not ids', async () => {
      const other = await aStaffMember().inService(SECOND_SERVICE, 'admin-officer').create(t.deps);
      const ctx = { ...systemContext('ehcp-test'), serviceId: SECOND_SERVICE, actorUserId: other.id };
      const logged = await t.deps.ehcpRequests.log(ctx, aRequest({ laCode: '830', childGivenName: 'Other' }));
      if (!logged.ok) throw new Error(logged.problem.message);
      const theirs = logged.requestId;
      expect((await admin.get(paths.ehcp.request.build({ requestId: theirs }))).status).toBe(404);
      expect((await admin.get(paths.ehcp.exceptions.build({ requestId: theirs }))).status).toBe(404);
      expect((await admin.get(paths.ehcp.withdraw.build({ requestId: theirs }))).status).toBe(404);
      await admin.get(paths.ehcp.tracker.build());
      const assigned = await admin.post(paths.ehcp.assign.build({ requestId: theirs }), {
        clinician: clinician.id,
        version: '1',
      });
      expect(assigned.status).toBe(404);
      expect((await admin.get(paths.ehcp.request.build({ requestId: 'not-an-id' }))).status).toBe(404);
      const tracker = await admin.get(paths.ehcp.tracker.build());
      expect(main(tracker)).not.toContain('Other Okafor');
    });
  });

  describe('on a request', () => {
    let requestId: string;

    beforeAll(async () => {
      const logged = await log(
        aRequest({ childGivenName: 'Zainab', childFamilyName: 'Hussain', laReference: 'EHC/77' }),
      );
      requestId = requestIdOf(logged);
    });

    it('names the clinician writing the advice, and refuses a stale form (409)', async () => {
      const page = await admin.get(paths.ehcp.request.build({ requestId }));
      const version = page.document.querySelector<HTMLInputElement>('input[name="version"]')?.value ?? '';
      const assigned = await admin.post(paths.ehcp.assign.build({ requestId }), { clinician: clinician.id, version });
      expect(assigned.status).toBe(303);
      const after = await admin.follow(assigned);
      expect(text(after.document.querySelector('#clinician-named'))).toBe('Cerys Clinician');
      const stale = await admin.post(paths.ehcp.assign.build({ requestId }), { clinician: 'none', version });
      expect(stale.status).toBe(409);
      const bad = await admin.post(paths.ehcp.assign.build({ requestId }), {
        clinician: manager.id,
        version: String(Number(version) + 1),
      });
      expect(bad.status).toBe(400);
      expect(errorSummary(bad)).toContain('Select a clinician from the list');
      expect((await auditRows(t.deps, { action: 'ehcp.assigned' })).length).toBe(1);
      // A clinician may read the request but not name its clinician.
      await clinicianClient.get(paths.ehcp.request.build({ requestId }));
      const refused = await clinicianClient.post(paths.ehcp.assign.build({ requestId }), {
        clinician: clinician.id,
        version,
      });
      expect(refused.status).toBe(403);
    });

    it('records exceptions with their evidence, refuses bad ones, and withdraws one recorded in error', async () => {
      const form = await clinicianClient.get(paths.ehcp.exceptions.build({ requestId }));
      expect(form.status).toBe(200);
      const bad: [Record<string, string>, string][] = [
        [{}, 'Select which exception applies'],
        [
          {
            kind: 'away-from-area',
            ...date('startsOn', '2026-12-01'),
            ...date('endsOn', '2026-12-27'),
            evidence: 'Family letter dated 1 December',
          },
          'The time away must be at least 4 weeks (28 days) in a row: these dates are 27 days',
        ],
        [
          { kind: 'personal-circumstances', ...date('startsOn', '2026-12-01'), evidence: 'short' },
          'Evidence must be 10 characters or more',
        ],
        [
          { kind: 'missed-appointment', ...date('startsOn', '2026-11-01'), evidence: 'Did not attend the assessment' },
          'Date of the appointment must be between 30 November 2026 and 11 January 2027',
        ],
      ];
      for (const [fields, message] of bad) {
        const page = await clinicianClient.post(paths.ehcp.exceptions.build({ requestId }), fields);
        expect(page.status, message).toBe(400);
        expect(errorSummary(page), message).toContain(message);
      }
      expect((await db().selectFrom('ehcp_exceptions').selectAll().execute()).length).toBe(0);
      const recorded = await clinicianClient.post(paths.ehcp.exceptions.build({ requestId }), {
        kind: 'personal-circumstances',
        ...date('startsOn', '2026-12-01'),
        evidence: 'Bereavement in the family: letter from the mother dated 1 December',
      });
      expect(recorded.status).toBe(303);
      let page = await admin.get(paths.ehcp.request.build({ requestId }));
      expect(main(page)).toContain('Exception An exception applies');
      expect(main(page)).toContain('Bereavement in the family');
      const row = await db().selectFrom('ehcp_exceptions').selectAll().executeTakeFirstOrThrow();
      const due = (await requests()).find((r) => r.id === requestId)?.due_on;
      expect(due).toBe('2027-01-11');
      const withdrawForm = await clinicianClient.get(paths.ehcp.withdrawException.build({ exceptionId: row.id }));
      expect(withdrawForm.status).toBe(200);
      const noReason = await clinicianClient.post(paths.ehcp.withdrawException.build({ exceptionId: row.id }), {
        reason: '',
      });
      expect(noReason.status).toBe(400);
      expect(errorSummary(noReason)).toContain('Enter why the exception is withdrawn');
      const withdrawn = await clinicianClient.post(paths.ehcp.withdrawException.build({ exceptionId: row.id }), {
        reason: 'Recorded on the wrong child',
      });
      expect(withdrawn.status).toBe(303);
      page = await admin.get(paths.ehcp.request.build({ requestId }));
      expect(main(page)).toContain('Exception None recorded');
      expect(page.document.querySelector('#exceptions s')).not.toBeNull();
      expect(main(page)).toContain('Recorded on the wrong child');
      expect((await auditRows(t.deps, { action: 'ehcp.exception-recorded' })).length).toBe(1);
      expect((await auditRows(t.deps, { action: 'ehcp.exception-withdrawn' })).length).toBe(1);
      // The service manager may not record exceptions.
      expect((await managerClient.get(paths.ehcp.exceptions.build({ requestId }))).status).toBe(403);
    });

    it('records a missed appointment against one of the child’s appointments that was not attended', async () => {
      const known = await aChildOnCaseload(t.deps, clinician.id);
      const child = await db()
        .selectFrom('children')
        .selectAll()
        .where('id', '=', known.childId)
        .executeTakeFirstOrThrow();
      const logged = await log(
        aRequest({
          childNhsNumber: child.nhs_number ?? '',
          childGivenName: child.given_name,
          childFamilyName: child.family_name,
          ...date('childDateOfBirth', child.date_of_birth),
          laReference: 'EHC/MISSED',
        }),
      );
      const id = requestIdOf(logged);
      const appointmentId = '00000000-0000-4000-8000-0000000000a1';
      await db()
        .insertInto('appointments')
        .values({
          id: appointmentId,
          service_id: LLR,
          reference: 'APT-MISSED',
          type: 'initial-assessment',
          starts_at: '2026-12-02T10:00:00.000Z',
          ends_at: '2026-12-02T11:00:00.000Z',
          place: 'home',
          location_id: null,
          room_id: null,
          school_urn: null,
          capacity: 1,
          series_id: null,
          status: 'booked',
          cancelled_by: null,
          cancelled_reason: null,
          cancelled_at: null,
          created_at: NOW.toISOString(),
          created_by: null,
          updated_at: NOW.toISOString(),
          version: 1,
        })
        .execute();
      await db()
        .insertInto('appointment_children')
        .values({
          appointment_id: appointmentId,
          episode_id: known.episodeId,
          service_id: LLR,
          outcome: 'was-not-brought',
          outcome_note: 'No answer at the door',
          outcome_at: NOW.toISOString(),
          outcome_by: clinician.id,
          late_cancellation: 0,
          family_reply: null,
          family_reply_at: null,
        })
        .execute();
      const form = await clinicianClient.get(paths.ehcp.exceptions.build({ requestId: id }));
      expect(main(form)).toContain('2 December 2026 at 10:00 (APT-MISSED): Was Not Brought');
      const fields = {
        kind: 'missed-appointment',
        ...date('startsOn', '2026-12-01'),
        evidence: 'The child was not brought to the assessment',
        appointmentId,
      };
      const wrongDay = await clinicianClient.post(paths.ehcp.exceptions.build({ requestId: id }), fields);
      expect(wrongDay.status).toBe(400);
      expect(errorSummary(wrongDay)).toContain('The appointment chosen must be on the date of the missed appointment');
      const notTheirs = await clinicianClient.post(paths.ehcp.exceptions.build({ requestId: id }), {
        ...fields,
        ...date('startsOn', '2026-12-02'),
        appointmentId: '00000000-0000-4000-8000-0000000000ff',
      });
      expect(notTheirs.status).toBe(400);
      const recorded = await clinicianClient.post(paths.ehcp.exceptions.build({ requestId: id }), {
        ...fields,
        ...date('startsOn', '2026-12-02'),
      });
      expect(recorded.status).toBe(303);
      const row = await db()
        .selectFrom('ehcp_exceptions')
        .selectAll()
        .where('request_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ kind: 'missed-appointment', starts_on: '2026-12-02', appointment_id: appointmentId });
    });

    it('keeps a document the authority sent, and lets the child’s record holders download it', async () => {
      const page = await admin.get(paths.ehcp.request.build({ requestId }));
      const token = page.document.querySelector<HTMLInputElement>('form[enctype] input[name="_csrf"]')?.value ?? '';
      const upload = (bytes: Buffer, name: string, csrf = token) => {
        const boundary = '----EhcpBoundary1234';
        const payload = Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
          ),
          bytes,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        return admin.request('POST', paths.ehcp.documents.build({ requestId }), {
          payload,
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        });
      };
      const notPdf = await upload(Buffer.from('hello, not a pdf'), 'letter.pdf');
      expect(notPdf.status).toBe(400);
      expect((await db().selectFrom('ehcp_request_documents').selectAll().execute()).length).toBe(0);
      const forged = await upload(PDF, 'letter.pdf', 'forged');
      expect(forged.status).toBe(403);
      const added = await upload(PDF, 'request-letter.pdf');
      expect(added.status).toBe(303);
      const shown = await admin.follow(added);
      const link = [...shown.document.querySelectorAll<HTMLAnchorElement>('a')].find((a) =>
        a.textContent.includes('request-letter.pdf'),
      );
      expect(link).toBeDefined();
      const download = await admin.get(link?.getAttribute('href') ?? '');
      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect((await auditRows(t.deps, { action: 'ehcp.document-viewed' })).length).toBe(1);
    });

    it('withdraws the request when the authority does', async () => {
      const logged = await log(aRequest({ childGivenName: 'Withdrawn', laReference: 'EHC/W1' }));
      const id = requestIdOf(logged);
      const form = await admin.get(paths.ehcp.withdraw.build({ requestId: id }));
      const version = form.document.querySelector<HTMLInputElement>('input[name="version"]')?.value ?? '';
      const empty = await admin.post(paths.ehcp.withdraw.build({ requestId: id }), { reason: '', version });
      expect(empty.status).toBe(400);
      const done = await admin.post(paths.ehcp.withdraw.build({ requestId: id }), {
        reason: 'The authority decided not to assess',
        version,
      });
      expect(done.status).toBe(303);
      expect((await requests()).find((r) => r.id === id)).toMatchObject({
        status: 'withdrawn',
        withdrawn_reason: 'The authority decided not to assess',
      });
      expect((await admin.get(paths.ehcp.withdraw.build({ requestId: id }))).status).toBe(404);
    });
  });

  describe('the tracker, the escalation and the report', () => {
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      // Close every request logged so far, so that the tracker shows only these.
      await db()
        .updateTable('ehcp_requests')
        .set({ status: 'withdrawn', withdrawn_reason: 'test' })
        .where('status', '=', 'open')
        .execute();
      // Due in 3 days (red), 8 days (amber), 20 days (green), and 2 days overdue (red); received 42 days before.
      const received = { red: '2026-10-25', amber: '2026-10-30', green: '2026-11-11', overdue: '2026-10-20' };
      for (const [name, on] of Object.entries(received)) {
        const ctx = { ...systemContext('ehcp-test'), serviceId: LLR, actorUserId: officer.id };
        clock.set(new Date(`${on}T12:00:00Z`));
        const logged = await t.deps.ehcpRequests.log(
          ctx,
          aRequest({ ...date('receivedOn', on), childGivenName: `Child${name}`, laReference: `REF-${name}` }),
        );
        if (!logged.ok) throw new Error(logged.problem.message);
        ids[name] = logged.requestId;
      }
      clock.set(NOW);
    });

    it('lists open requests soonest due first, with days left and RAG in words', async () => {
      const page = await admin.get(paths.ehcp.tracker.build());
      expect(page.status).toBe(200);
      const rows = tableRows(page, /open requests/u);
      expect(rows.map((r) => r.Child)).toEqual([
        'Childoverdue Okafor',
        'Childred Okafor',
        'Childamber Okafor',
        'Childgreen Okafor',
      ]);
      expect(rows.map((r) => r['Days left'])).toEqual([
        'Urgent Overdue by 2 days',
        'Urgent 3 days left',
        'Due soon 8 days left',
        'On track 20 days left',
      ]);
      expect(rows[0]?.Clinician).toBe('Not assigned');
      expect(rows[0]?.Advice).toBe('Not started');
      expect(text(page.document.querySelector('#rag-counts'))).toContain('Urgent 2');
      const red = await admin.get(`${paths.ehcp.tracker.build()}?rag=red`);
      expect(tableRows(red, /open requests/u).length).toBe(2);
      const mine = await admin.get(`${paths.ehcp.tracker.build()}?mine=yes`);
      expect(main(mine)).toContain('There are no open requests that match');
      expect((await admin.get(`${paths.ehcp.tracker.build()}?rag=purple`)).status).toBe(400);
      expect((await auditRows(t.deps, { action: 'ehcp.tracker-viewed' })).length).toBeGreaterThan(0);
    });

    it('escalates a red request with no draft to the service manager, once', async () => {
      // The amber one has advice started, as a draft: it is not escalated even when red.
      await db()
        .insertInto('ehcp_advice')
        .values({
          id: '00000000-0000-4000-8000-000000000001',
          service_id: LLR,
          request_id: ids.red ?? '',
          child_id: (await requests()).find((r) => r.id === ids.red)?.child_id ?? '',
          author_id: clinician.id,
          status: 'draft',
          content: '{}',
          reused_from_advice_id: null,
          reuse_agreement: null,
          reviewer_id: null,
          review_requested_at: null,
          reviewed_at: null,
          review_outcome: null,
          review_comment: null,
          signed_by: null,
          signed_at: null,
          stored_as: null,
          created_at: NOW.toISOString(),
          updated_at: NOW.toISOString(),
          version: 1,
        })
        .execute();
      const first = await t.deps.ehcpRequests.escalateDue();
      expect(first).toEqual({ escalated: 1 });
      const again = await t.deps.ehcpRequests.escalateDue();
      expect(again).toEqual({ escalated: 0 });
      const tasks = await db().selectFrom('tasks').selectAll().where('kind', '=', 'ehcp-escalation').execute();
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ assigned_role: 'service-manager', episode_id: null });
      expect(JSON.parse(tasks[0]?.detail ?? '{}')).toEqual({ requestId: ids.overdue });
      expect((await requests()).find((r) => r.id === ids.overdue)?.escalated_at).not.toBeNull();
      expect((await auditRows(t.deps, { action: 'ehcp.escalated' })).map((a) => a.subject_id)).toEqual([ids.overdue]);
      // The manager's task links to the request.
      const task = await managerClient.get(paths.tasks.task.build({ taskId: tasks[0]?.id ?? '' }));
      expect(task.status).toBe(200);
      const link = task.document.querySelector<HTMLAnchorElement>(
        `a[href="${paths.ehcp.request.build({ requestId: ids.overdue ?? '' })}"]`,
      );
      expect(link).not.toBeNull();
      // The service manager closes it, saying what was done (the task is theirs alone).
      const closed = await managerClient.post(paths.tasks.task.build({ taskId: tasks[0]?.id ?? '' }), {
        version: String(tasks[0]?.version ?? 1),
        resolution: 'Asked the team lead to start the advice today.',
      });
      expect(closed.status).toBe(303);
      expect(
        (
          await db()
            .selectFrom('tasks')
            .select('status')
            .where('id', '=', tasks[0]?.id ?? '')
            .executeTakeFirstOrThrow()
        ).status,
      ).toBe('done');
      // Five days on, the amber one is red too.
      clock.set(new Date('2026-12-08T10:00:00Z'));
      expect(await t.deps.ehcpRequests.escalateDue()).toEqual({ escalated: 1 });
      clock.set(NOW);
    });

    it('counts requests received and answered, and the share within six weeks, before and after one is answered', async () => {
      const report = async () => {
        const page = await managerClient.get(`${paths.ehcp.report.build()}?from=2026-10&to=2026-12`);
        expect(page.status).toBe(200);
        return tableRows(page, /EHC needs assessments/u);
      };
      let rows = await report();
      const december = () => rows.find((r) => r.Month === 'December 2026');
      const total = () => rows.find((r) => r.Month === 'Total');
      expect(december()?.Answered).toBe('0');
      expect(december()?.['Share within six weeks']).toBe('None answered');
      await t.deps.database.db.transaction().execute(async (trx) => {
        await markAnswered(trx, LLR, ids.red ?? '', '2026-12-02');
        await markAnswered(trx, LLR, ids.overdue ?? '', '2026-12-03');
      });
      rows = await report();
      expect(december()).toMatchObject({
        Answered: '2',
        'Within six weeks': '1',
        'Share within six weeks': '50%',
        'Late without an exception': '1',
      });
      expect(total()?.Received).toBe(String(rows.slice(0, 3).reduce((n, r) => n + Number(r.Received), 0)));
      const csv = await managerClient.get(`${paths.ehcp.report.build()}?from=2026-10&to=2026-12&format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.body).toContain('December 2026,');
      expect((await managerClient.get(`${paths.ehcp.report.build()}?from=2026-12&to=2026-10`)).status).toBe(400);
      expect((await auditRows(t.deps, { action: 'ehcp.report-viewed' })).length).toBeGreaterThan(0);
    });
  });
});
