import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROLES } from '../../src/domain/access/roles.js';
import { systemContext } from '../../src/services/shared/context.js';
import type { DeclaredRoute } from '../../src/web/plugins/access.js';
import { paths, publicPaths } from '../../src/web/paths.js';
import { checkerPaths } from '../../src/web/routes/checker/checker.view-models.js';
import { QUESTION_PAGES } from '../../src/domain/checker/pages.js';
import { referralPaths } from '../../src/web/routes/referral/referral.routes.js';
import { referralPages } from '../../src/domain/referrals/questions.js';
import { definitionFrom } from '../../src/domain/eligibility/test-kit.js';
import llrJson from '../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import {
  documentedAccessMatrix,
  matrixRoutes,
  mayUse,
  renderAccessMatrix,
  VISITORS,
  writeDocumentedAccessMatrix,
  type Visitor,
} from '../support/access-matrix.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { signIn } from '../support/journeys.js';
import { aReferral } from '../support/factories.js';
import { securityHeaderProblems } from '../support/security-headers.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';
import { aClinic, aDiaryBlock, aWaitingChild } from '../support/booking-world.js';
import { aChildOnCaseload } from '../support/record-world.js';
import { anEhcpRequestFor, ehcpAdviceInEveryState } from '../support/ehcp-requests-world.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { signedIn } from '../support/journeys.js';
import { londonDate } from '../../src/domain/shared/dates.js';

const dateParts = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}[day]`]: day ?? '', [`${name}[month]`]: month ?? '', [`${name}[year]`]: year ?? '' };
};

/** Where a page that is allowed may send someone instead of showing itself: sign-in, once signed in, goes home. */
const ALLOWED_REDIRECTS: Record<string, string> = { [`GET ${paths.signIn.pattern}`]: paths.staff.home.build() };

/**
 * Where a page that anyone may use sends someone who has not got there in order: the checker's later questions and
 * its result go back to its first question until the questions before them have answers.
 */
const checker = checkerPaths(publicPaths(''));
const referral = referralPaths('');
const referralPageIds = referralPages({
  definition: definitionFrom(llrJson),
  today: '2026-11-27',
  practicesLoaded: true,
  schoolsLoaded: true,
}).map((p) => p.id);
const REDIRECTS_FOR_ANYONE: Record<string, string> = Object.fromEntries([
  ...QUESTION_PAGES.slice(1).map((page) => [`GET ${checker.page(page)}`, checker.page('date-of-birth')]),
  [`GET ${checker.result}`, checker.page('date-of-birth')],
  // The referral form's pages, without a draft of one's own, go back to its start page.
  ...[
    ...referralPageIds.map((id) => referral.page(id)),
    referral.check,
    referral.confirmation,
    referral.save,
    referral.windowEnded,
  ].map((url) => [`GET ${url}`, referral.start]),
  // The second step of signing in, with no sign-in waiting in the session, goes back to sign in (docs/adr/0032).
  ...[paths.signInCode.pattern, paths.signInSetUp.pattern].map((url) => [
    `GET ${url}`,
    `${paths.signIn.build()}?timedOut=1`,
  ]),
]);

/** Pages anyone may use that answer with another status when reached with a made-up value: a used link is gone. */
const STATUS_FOR_ANYONE: Record<string, number> = {
  [`GET ${referral.resume}`]: 410,
  [`GET ${paths.resetPassword.pattern}`]: 410,
  // A family's link that was never sent, and a calendar feed's address that was never made.
  [`GET ${paths.family.waitingWell.pattern}`]: 410,
  [`GET ${paths.family.appointment.pattern}`]: 410,
  [`GET ${paths.calendarFeed.feed.pattern}`]: 404,
};

describeEachDialect('the access matrix', (dialect) => {
  let t: TestApp;
  const staff = new Map<Visitor, CreatedStaff>();
  let inviteToken: string;
  let outboxMessageId: string;
  // A referral with a file, asked for more information so that it has letters (one to print) and a legal next move.
  let referralId: string;
  let attachmentId: string;
  let letterId: string;
  // The child of that referral, for the subject access export's pages.
  let childId: string;
  // After acceptance: a child waiting, another booked with the crawl's clinician, a clinic room, a task, a letter.
  const care: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (const role of ROLES)
      staff.set(role, await aStaffMember().called(`Only ${role}`).withRoles(role).create(t.deps));
    const invite = await t.deps.accounts.invite(
      { ...systemContext('matrix-crawl-setup'), serviceId: LLR },
      { email: 'matrix.invitee@nhs.test', displayName: 'Matrix Invitee', roles: ['clinician'] },
    );
    inviteToken = invite.link!.split('/activate/')[1]!;
    outboxMessageId = await t.deps.outbox.enqueue(t.deps.database.db, {
      serviceId: LLR,
      template: 'referral-draft-link',
      channel: 'email',
      recipient: 'matrix.family@example.com',
      personalisation: {
        link: 'https://otway.test/resume/•••••••',
        expiry_date: '1 January 2027',
        service_name: 'LLR OT',
      },
      subject: { type: 'referral-draft', id: 'matrix-draft' },
    });
    referralId = (
      await aReferral({ referrerType: 'gp' }).withFile('report.pdf', Buffer.from('%PDF-1.4\n%%EOF\n')).create(t.deps)
    ).id;
    // The crawl's referral is for a child nobody knew, so "is this the same child?" goes back to the referral.
    ALLOWED_REDIRECTS[`GET ${paths.triage.childMatch.pattern}`] = paths.triage.referral.build({ referralId });
    // The crawl's person is already a member, so the page that gives someone a role here goes to their own page.
    ALLOWED_REDIRECTS[`GET ${paths.admin.addToService.pattern}`] = paths.admin.user.build({
      userId: staff.get('clinician')!.id,
    });
    const db = t.deps.database.db;
    childId = (
      await db.selectFrom('referrals').select('child_id').where('id', '=', referralId).executeTakeFirstOrThrow()
    ).child_id;
    attachmentId = (
      await db
        .selectFrom('referral_attachments')
        .select('id')
        .where('referral_id', '=', referralId)
        .executeTakeFirstOrThrow()
    ).id;
    await t.deps.triage.decide({ ...systemContext('matrix-crawl-setup'), serviceId: LLR }, LLR, referralId, 1, {
      type: 'request-information',
      whatIsNeeded: 'The school report',
      replyBy: '2099-01-01',
    });
    letterId = (
      await db
        .selectFrom('referral_letters')
        .select('id')
        .where('referral_id', '=', referralId)
        .where('channel', '=', 'print')
        .executeTakeFirstOrThrow()
    ).id;
    const clinician = staff.get('clinician')!;
    const setUp = { ...systemContext('matrix-crawl-setup'), serviceId: LLR, actorUserId: clinician.id };
    const waiting = await aWaitingChild(t.deps);
    care.episodeId = waiting.episodeId;
    const [roomId] = await aClinic(t.deps, 1);
    care.roomId = roomId!;
    care.locationId = (
      await db.selectFrom('rooms').select('location_id').where('id', '=', care.roomId).executeTakeFirstOrThrow()
    ).location_id;
    care.bookedEpisodeId = (await aWaitingChild(t.deps)).episodeId;
    const booked = await t.deps.booking.book(setUp, LLR, {
      episodeId: care.bookedEpisodeId,
      choice: {
        type: 'initial-assessment',
        place: 'home',
        roomId: null,
        sessions: 1,
        everyWeeks: 1,
        capacity: null,
        clinicianIds: [clinician.id],
      },
      date: '2099-01-12',
      time: '10:00',
    });
    if (!booked.ok) throw new Error(`The crawl's booking failed: ${booked.problem.message}`);
    care.appointmentId = booked.appointmentIds[0]!;
    const letters = await t.deps.appointmentNotices.lettersFor(LLR, care.appointmentId);
    care.appointmentLetterId = letters[0]!.id;
    care.blockId = await aDiaryBlock(t.deps, clinician.id, '2099-01-13T09:00:00.000Z', '2099-01-13T10:00:00.000Z');
    care.taskId = await db.transaction().execute((trx) =>
      t.deps.taskRaiser.raise(trx, setUp, {
        serviceId: LLR,
        kind: 'waiting-well-worse',
        episodeId: care.episodeId!,
        detail: {},
      }),
    );
    // The clinical record: a child on the crawl clinician's caseload with something of every kind recorded through
    // the pages, and a second child discharged (the clinician keeps read-only access for 90 days).
    const recordChild = await aChildOnCaseload(t.deps, clinician.id);
    care.recordChildId = recordChild.childId;
    care.recordEpisodeId = recordChild.episodeId;
    // The record of an episode's child is the child's record page.
    ALLOWED_REDIRECTS[`GET ${paths.record.ofEpisode.pattern}`] = paths.record.child.build({
      childId: care.recordChildId,
    });
    const writer = await signedIn(t.app, clinician);
    const onRecord = { childId: care.recordChildId };
    const posted = async (path: string, fields: Record<string, string | string[]>) => {
      await writer.get(path);
      const page = await writer.post(path, fields);
      if (page.status !== 303) throw new Error(`The crawl's set-up post to ${path} answered ${String(page.status)}`);
      return page;
    };
    await posted(paths.record.alerts.build(onRecord), { kind: 'access-needs', detail: 'Step-free access' });
    care.alertId = (await db.selectFrom('child_alerts').select('id').executeTakeFirstOrThrow()).id;
    const drafted = await writer.post(paths.notes.add.build(onRecord), {});
    care.noteId = (await db.selectFrom('contact_notes').select('id').executeTakeFirstOrThrow()).id;
    if (drafted.status !== 303) throw new Error(`The crawl's note was not started: ${String(drafted.status)}`);
    await posted(paths.assessments.record.build({ ...onRecord, instrument: 'functional' }), {
      ...dateParts('assessedOn', '2026-12-01'),
      selfCare: 'Dresses with help for buttons.',
      productivity: '',
      leisure: '',
    });
    care.assessmentId = (await db.selectFrom('assessments').select('id').executeTakeFirstOrThrow()).id;
    await posted(paths.goals.set.build(onRecord), {
      text: 'Will fasten her school shirt buttons by herself',
      area: 'self-care',
      agreedBy: ['child', 'parent-carer'],
      ...dateParts('setOn', '2026-11-02'),
      ...dateParts('reviewOn', '2027-02-01'),
      measure: 'gas',
    });
    care.goalId = (await db.selectFrom('goals').select('id').executeTakeFirstOrThrow()).id;
    await posted(paths.record.advice.build(onRecord), { programme: 'handwriting-home', to: 'family' });
    care.adviceId = (await db.selectFrom('advice_given').select('id').executeTakeFirstOrThrow()).id;
    const consent = {
      kind: 'sharing',
      agency: 'school',
      givenBy: 'parental-responsibility',
      personName: 'Grace Ndiaye',
      relationship: 'Mother',
      ...dateParts('givenOn', '2026-11-02'),
    };
    await posted(paths.consentDischarge.recordConsent.build(onRecord), consent);
    care.consentId = (await db.selectFrom('consents').select('id').executeTakeFirstOrThrow()).id;
    const leaving = await aChildOnCaseload(t.deps, clinician.id);
    const discharge = {
      reason: 'goals-met',
      summary: 'Met both goals.',
      ...dateParts('dischargedOn', londonDate(t.deps.clock())),
    };
    await writer.get(paths.consentDischarge.discharge.build({ childId: leaving.childId }));
    const checked = await writer.post(paths.consentDischarge.discharge.build({ childId: leaving.childId }), discharge);
    const version = checked.document.querySelector<HTMLInputElement>('input[name="version"]')?.value ?? '';
    const confirmed = await writer.post(paths.consentDischarge.confirmDischarge.build({ childId: leaving.childId }), {
      version,
      ...discharge,
    });
    if (confirmed.status !== 303) throw new Error(`The crawl's discharge answered ${String(confirmed.status)}`);
    care.dischargeId = (await db.selectFrom('discharges').select('id').executeTakeFirstOrThrow()).id;
    care.dischargeLetterId = (
      await db.selectFrom('discharge_letters').select('id').where('channel', '=', 'print').executeTakeFirstOrThrow()
    ).id;
    // Someone else's break-glass access to the record, for the Caldicott guardian's review page.
    const locum = await aStaffMember().withRoles('clinician').create(t.deps);
    const glass = await t.deps.recordAccess.startBreakGlass(
      { ...systemContext('matrix-crawl-setup'), serviceId: LLR, actorUserId: locum.id, actorRoles: ['clinician'] },
      care.recordChildId,
      { reason: 'The crawl opens it in an emergency' },
    );
    if (!glass.ok) throw new Error(glass.problem.message);
    care.accessId = (await db.selectFrom('break_glass_accesses').select('id').executeTakeFirstOrThrow()).id;
    // An item of equipment issued to the record's child, for the equipment pages.
    const issued = await t.deps.equipment.issue({ ...setUp, serviceId: LLR }, care.recordEpisodeId, {
      itemCode: 'writing-slope',
      sizeLabel: null,
      terms: 'keep',
      issuedOn: londonDate(t.deps.clock()),
      fittedByUserId: clinician.id,
      reviewOn: null,
      notes: null,
    });
    if (!issued.ok) throw new Error(`The crawl's equipment issue failed: ${issued.problem.message}`);
    care.issueId = issued.issueId;
    // A request for EHCP health advice about the record's child, with an exception and a document.
    const ehcp = await anEhcpRequestFor(t.deps, care.recordChildId, staff.get('admin-officer')!.id);
    care.requestId = ehcp.requestId;
    care.exceptionId = ehcp.exceptionId;
    care.documentId = ehcp.documentId;
    const advice = await ehcpAdviceInEveryState(t.deps, care.recordChildId, {
      officerId: staff.get('admin-officer')!.id,
      clinicianId: clinician.id,
      otherClinicianId: locum.id,
    });
    Object.assign(care, advice);
  });
  afterAll(async () => {
    await t.close();
  });

  it('is written in docs/security.md exactly as the route table and roles give it', async () => {
    const expected = await renderAccessMatrix(t.app.routeTable);
    // UPDATE_ACCESS_MATRIX=1 rewrites the table between the markers, and nothing else in the file.
    if (process.env.UPDATE_ACCESS_MATRIX === '1') writeDocumentedAccessMatrix(expected);
    const documented = documentedAccessMatrix();
    expect(
      documented,
      `docs/security.md's access matrix is out of date. Put this between its markers ` +
        `(or run the tests with UPDATE_ACCESS_MATRIX=1):\n\n${expected}\n`,
    ).toBe(expected);
  });

  /** A URL for the route, with real ids where a parameter needs one. */
  function urlFor(route: DeclaredRoute): string {
    const values: Record<string, string> = {
      userId: staff.get('clinician')!.id,
      token: inviteToken,
      messageId: outboxMessageId,
      referralId,
      fileId: attachmentId,
      letterId,
      childId,
      action: 'information-received',
      file: 'favicon.svg',
      episodeId: care.episodeId!,
      appointmentId: care.appointmentId!,
      roomId: care.roomId!,
      locationId: care.locationId!,
      blockId: care.blockId!,
      taskId: care.taskId!,
      issueId: care.issueId!,
      alertId: care.alertId!,
      accessId: care.accessId!,
      noteId: care.noteId!,
      assessmentId: care.assessmentId!,
      instrument: 'functional',
      goalId: care.goalId!,
      consentId: care.consentId!,
      dischargeId: care.dischargeId!,
      adviceId: care.adviceId!,
      requestId: care.requestId!,
      exceptionId: care.exceptionId!,
      documentId: care.documentId!,
    };
    values.deliveryId = care.deliveryId!;
    // EHCP advice: a draft (its author is the crawl's clinician), one they review, and one signed.
    if (route.url.startsWith('/staff/ehcp/advice/')) {
      values.adviceId = route.url.endsWith('/review')
        ? care.inReviewId!
        : route.url.endsWith('/pdf') || route.url.endsWith('/addenda')
          ? care.signedId!
          : care.draftId!;
    }
    if (route.url === paths.ehcp.reuse.pattern) values.requestId = care.noAdviceRequestId!;
    // A child's record and its parts are the record child's; discharge letters are the discharged child's.
    if (route.url.startsWith('/staff/children/')) values.childId = care.recordChildId!;
    if (route.url.startsWith('/staff/episodes/:episodeId/equipment') || route.url === paths.record.ofEpisode.pattern)
      values.episodeId = care.recordEpisodeId!;
    if (route.url.startsWith('/staff/discharges/') || route.url.startsWith('/staff/letters/discharges/'))
      values.letterId = care.dischargeLetterId!;
    // An appointment's letter is an appointment letter; an outcome is recorded for the appointment's own child.
    if (route.url.startsWith('/staff/appointments/')) values.letterId = care.appointmentLetterId!;
    if (route.url === paths.appointments.outcome.pattern) values.episodeId = care.bookedEpisodeId!;
    // The type-ahead searches need something to search for.
    // Printing the queue all at once needs the letters listed on the page.
    const query = route.url.startsWith('/api/v1/reference/')
      ? '?q=leicester'
      : route.url === paths.letters.printAllPdf.pattern
        ? `?letter=${letterId}`
        : route.url === paths.appointments.slots.pattern
          ? `?type=initial-assessment&place=home&clinician=${staff.get('clinician')!.id}&sessions=1&every=1`
          : '';
    return `${route.url}${query}`.replace(/:([A-Za-z]+)/gu, (_, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`The crawl has no value for :${name} in ${route.url}`);
      return value;
    });
  }

  /** Whether this visitor (holding only its role) may see the crawl's child's record as far as the route needs. */
  function seesRecord(route: DeclaredRoute, visitor: Visitor): boolean {
    const { access } = route.routeAccess;
    if (access.kind !== 'record') return false;
    return visitor === 'clinician' || (visitor === 'admin-officer' && access.need === 'demographics');
  }

  function mismatch(route: DeclaredRoute, visitor: Visitor, url: string, page: Page): string | null {
    const key = `${route.method} ${route.url}`;
    const allowed = mayUse(route, visitor);
    const got = `${String(page.status)}${page.location === undefined ? '' : ` -> ${page.location}`}`;
    let ok: boolean;
    if (allowed && route.routeAccess.access.kind === 'record') {
      // A page of a child's record: only the clinician caring for the child sees it, and an admin officer the
      // demographics; every other role with the permission finds no such page (404, naming no one).
      const redirect = ALLOWED_REDIRECTS[key];
      if (!seesRecord(route, visitor)) ok = page.status === 404;
      else ok = redirect === undefined ? page.status === 200 : page.status === 303 && page.location === redirect;
    } else if (allowed) {
      const redirect = REDIRECTS_FOR_ANYONE[key] ?? (visitor === 'signed out' ? undefined : ALLOWED_REDIRECTS[key]);
      const status = STATUS_FOR_ANYONE[key] ?? 200;
      ok = redirect === undefined ? page.status === status : page.status === 303 && page.location === redirect;
    } else if (visitor === 'signed out') {
      ok = page.status === 303 && page.location?.split('?')[0] === paths.signIn.build();
    } else {
      ok = page.status === 403;
    }
    return ok ? null : `${visitor} at ${route.method} ${url}: expected ${allowed ? 'allowed' : 'refused'}, got ${got}`;
  }

  // Every route as every role: a few hundred requests, which take their time on a busy machine.
  it('matches what the application does for every route and role: 0 mismatches', async () => {
    const clients = new Map<Visitor, TestClient>();
    for (const visitor of VISITORS) {
      const client = new TestClient(t.app);
      if (visitor !== 'signed out') await signIn(client, staff.get(visitor)!);
      else await client.get(paths.signIn.build());
      clients.set(visitor, client);
    }
    const routes = matrixRoutes(t.app.routeTable);
    const mismatches: string[] = [];
    const headerProblems: string[] = [];
    const unaudited: string[] = [];
    let checked = 0;
    for (const route of routes) {
      for (const visitor of VISITORS) {
        // A POST that is allowed would change something; the matrix's refusals are what a POST must show.
        if (route.method !== 'GET' && mayUse(route, visitor)) continue;
        const client = clients.get(visitor)!;
        const url = urlFor(route);
        const before = route.routeAccess.access.kind === 'record' ? await lastAuditId(t.deps) : 0;
        const page = route.method === 'GET' ? await client.get(url) : await client.post(url, {});
        checked++;
        // Every successful read of a child's record leaves its audit event, by this person.
        if (route.routeAccess.access.kind === 'record' && page.status === 200) {
          const read = await auditRows(t.deps, { afterId: before, actorUserId: staff.get(visitor)!.id });
          if (!read.some((r) => r.outcome === 'success')) unaudited.push(`${visitor} at ${route.method} ${url}`);
        }
        const problem = mismatch(route, visitor, url, page);
        if (problem !== null) mismatches.push(problem);
        if (String(page.headers['content-type']).startsWith('text/html')) {
          const signedIn = visitor !== 'signed out';
          headerProblems.push(...securityHeaderProblems(page, { signedIn }).map((p) => `${visitor} at ${url}: ${p}`));
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(headerProblems).toEqual([]);
    expect(unaudited).toEqual([]);
    expect(checked).toBeGreaterThan(routes.length * 3);
  }, 180_000);

  it('answers 404 on every page of a child’s record, read or change, to a clinician with no relationship', async () => {
    const stranger = await aStaffMember().called('No Relation').withRoles('clinician').create(t.deps);
    const client = new TestClient(t.app);
    await signIn(client, stranger);
    const records = matrixRoutes(t.app.routeTable).filter((r) => r.routeAccess.access.kind === 'record');
    expect(records.length).toBeGreaterThan(40);
    const answered: string[] = [];
    for (const route of records) {
      const url = urlFor(route);
      // A POST needs the form's token to reach the access check's answer rather than the CSRF refusal.
      if (route.method === 'POST') await client.get(paths.staff.home.build());
      const page = route.method === 'GET' ? await client.get(url) : await client.post(url, {});
      if (page.status !== 404) answered.push(`${route.method} ${url}: ${String(page.status)}`);
    }
    expect(answered).toEqual([]);
    const seen = await auditRows(t.deps, { actorUserId: stranger.id });
    expect(seen.filter((r) => r.outcome === 'success').map((r) => r.action)).toEqual(['auth.sign-in']);
  }, 120_000);
});
