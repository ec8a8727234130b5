/**
 * Issue 15 and the record's access rule (ADR 0046, 0048), on both databases: a child the service knows only through a
 * local authority's request for EHCP health advice (no referral, no episode of care) has a record; the clinician
 * assigned to write the advice reads and writes it while the request is open, and so does the second clinician asked
 * to review the advice; another clinician gets 404 naming no one; once the advice is sent, read-only for the service's
 * readAfterDischargeDays (90) from the date sent, then 404. The request shows on the record's timeline.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertChild } from '../../src/data/referrals/children.repository.js';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import type { Page } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { text } from '../support/html.js';
import { signedIn } from '../support/journeys.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

// Thursday 3 December 2026, 10:00 in London.
const NOW = new Date('2026-12-03T10:00:00Z');
const DAY_MS = 86_400_000;
const main = (page: Page) => text(page.document.querySelector('main'));

describeEachDialect('EHCP advice gives its clinicians access to the child’s record', (dialect) => {
  let t: TestApp;
  const time = movableClock(NOW);
  let writer: CreatedStaff;
  let reviewer: CreatedStaff;
  let stranger: CreatedStaff;
  let admin: CreatedStaff;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock });
    writer = await aStaffMember().called('Wren Writer').withRoles('clinician').create(t.deps);
    reviewer = await aStaffMember().called('Rhys Reviewer').withRoles('clinician').create(t.deps);
    stranger = await aStaffMember().called('Sol Stranger').withRoles('clinician').create(t.deps);
    admin = await aStaffMember().called('Ada Officer').withRoles('admin-officer').create(t.deps);
  });

  afterAll(async () => {
    await t.close();
  });

  /** A child known only through a request for advice, the request assigned to `writer`, and optionally advice. */
  async function aChildKnownByRequest(options: { withReviewer?: boolean } = {}) {
    const db = t.deps.database.db;
    const now = time.clock().toISOString();
    const childId = randomUUID();
    const familyName = `Request${childId.slice(0, 4)}`;
    await insertChild(db, {
      id: childId,
      service_id: LLR,
      nhs_number: null,
      given_name: 'Ezra',
      family_name: familyName,
      known_as: null,
      date_of_birth: '2019-05-04',
      sex: 'male',
      address_line_1: '1 Test Street',
      address_line_2: null,
      town: 'Leicester',
      postcode: 'LE1 1AA',
      gp_practice_code: null,
      school_urn: null,
      gp_practice_typed: null,
      school_typed: null,
      language: null,
      interpreter_needed: 0,
      access_needs: null,
      created_at: now,
      updated_at: now,
      version: 1,
      merged_into: null,
    });
    const requestId = randomUUID();
    await db
      .insertInto('ehcp_requests')
      .values({
        id: requestId,
        service_id: LLR,
        child_id: childId,
        kind: 'needs-assessment',
        la_code: '856',
        la_name: 'Leicester',
        la_reference: `EHC-${childId.slice(0, 6)}`,
        la_contact_name: 'SEN Assessment Team',
        la_contact_email: 'sen@leicester.test',
        la_contact_telephone: null,
        received_at: null,
        received_on: '2026-12-01',
        due_on: '2027-01-12',
        questions: null,
        child_match: 'new',
        family_copy: 0,
        assigned_clinician_id: writer.id,
        status: 'open',
        answered_on: null,
        withdrawn_reason: null,
        escalated_at: null,
        logged_by: admin.id,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
    if (options.withReviewer === true) {
      await db
        .insertInto('ehcp_advice')
        .values({
          id: randomUUID(),
          service_id: LLR,
          request_id: requestId,
          child_id: childId,
          author_id: writer.id,
          status: 'in-review',
          content: '{}',
          reused_from_advice_id: null,
          reuse_agreement: null,
          reviewer_id: reviewer.id,
          review_requested_at: now,
          reviewed_at: null,
          review_outcome: null,
          review_comment: null,
          signed_by: null,
          signed_at: null,
          stored_as: null,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
    }
    return { childId, requestId, familyName };
  }

  const record = (childId: string) => paths.record.child.build({ childId });

  it('lets the assigned clinician read and write the record of a child with no episode; another clinician gets 404', async () => {
    const { childId, familyName } = await aChildKnownByRequest();
    const writerClient = await signedIn(t.app, writer);
    const before = await lastAuditId(t.deps);
    const page = await writerClient.get(record(childId));
    expect(page.status).toBe(200);
    expect(text(page.document.querySelector('h1'))).toContain(familyName);
    // Writing too: the alert form is a clinical-write page.
    expect((await writerClient.get(paths.record.alerts.build({ childId }))).status).toBe(200);
    // The request is on the timeline, leading to its advice.
    expect(main(page)).toContain('EHCP health advice requested');
    expect(main(page)).toContain('By Leicester');
    const viewed = await auditRows(t.deps, { action: 'record.viewed', afterId: before });
    expect(viewed[0]?.subject_id).toBe(childId);
    expect(JSON.parse(viewed[0]?.detail ?? '{}')).toMatchObject({ access: 'ehcp-advice' });

    const other = await signedIn(t.app, stranger);
    const refused = await other.get(record(childId));
    expect(refused.status).toBe(404);
    expect(refused.body).not.toContain(familyName);
    // The admin officer sees the child's demographics, as for any child of the service.
    const officer = await signedIn(t.app, admin);
    expect((await officer.get(record(childId))).status).toBe(200);
  });

  it('lets the second clinician asked to review the advice in too', async () => {
    const { childId } = await aChildKnownByRequest({ withReviewer: true });
    const reviewerClient = await signedIn(t.app, reviewer);
    expect((await reviewerClient.get(record(childId))).status).toBe(200);
  });

  it('once the advice is sent: read-only for 90 days from the date sent, then 404', async () => {
    const { childId, requestId } = await aChildKnownByRequest();
    await t.deps.database.db
      .updateTable('ehcp_requests')
      .set({ status: 'answered', answered_on: '2026-12-03' })
      .where('id', '=', requestId)
      .execute();
    let writerClient = await signedIn(t.app, writer);
    const page = await writerClient.get(record(childId));
    expect(page.status).toBe(200);
    expect(main(page)).toContain('The EHCP advice you wrote or reviewed has been sent');
    expect((await writerClient.get(paths.record.alerts.build({ childId }))).status).toBe(404);
    time.advance(91 * DAY_MS);
    writerClient = await signedIn(t.app, writer);
    expect((await writerClient.get(record(childId))).status).toBe(404);
    time.set(NOW);
  });
});
