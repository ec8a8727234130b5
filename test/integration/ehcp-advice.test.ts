/**
 * Statutory EHCP health advice (issue 15 item 4) through the pages, on both databases: the draft drawn from a record
 * with assessments, goals and equipment; bad input (400, nothing saved) and a stale version (409 with the advice as
 * it is now); readiness problems (vague wording named) blocking review and signing; the review flow; signing (the PDF
 * stored, its text free of any address and of the safeguarding alert, even with a sealed address on the record);
 * signed advice never changed (the edit route 409, the database refusing an UPDATE); an addendum; re-use of earlier
 * advice under regulation 6(4); and who may see it (no relationship, another service's request: 404).
 */
import { randomUUID } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { updateAdvice } from '../../src/data/ehcp/advice.repository.js';
import type { Dependencies } from '../../src/composition.js';
import { paths } from '../../src/web/paths.js';
import { auditRows } from '../support/audit.js';
import { staffContext } from '../support/booking-world.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import type { Page, TestClient } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, text } from '../support/html.js';
import { signedIn } from '../support/journeys.js';
import { aChildOnCaseload, inOneTeam } from '../support/record-world.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

// Thursday 3 December 2026, 10:00 in London.
const NOW = new Date('2026-12-03T10:00:00Z');
const SAFEGUARDING = 'Father must not collect: court order in place';

const date = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}[day]`]: day ?? '', [`${name}[month]`]: month ?? '', [`${name}[year]`]: year ?? '' };
};
const main = (page: Page) => text(page.document.querySelector('main'));
/** Ids used more than once on the page (a label or error link would point at the wrong field). */
const duplicateIds = (page: Page) => {
  const ids = [...page.document.querySelectorAll('[id]')].map((e) => e.id);
  return ids.filter((id, i) => ids.indexOf(id) !== i);
};

/** An open request from Leicester for the child, as helper A's use case would log it (a row of `ehcp_requests`). */
async function aRequest(deps: Dependencies, childId: string, loggedBy: string, serviceId = LLR): Promise<string> {
  const id = randomUUID();
  const at = deps.clock().toISOString();
  await deps.database.db
    .insertInto('ehcp_requests')
    .values({
      id,
      service_id: serviceId,
      child_id: childId,
      kind: 'needs-assessment',
      la_code: '856',
      la_name: 'Leicester City Council',
      la_reference: `EHC-${id.slice(0, 6)}`,
      la_contact_name: 'Sam Caseworker',
      received_on: '2026-11-26',
      due_on: '2027-01-07',
      child_match: 'nhs-number',
      family_copy: 0,
      assigned_clinician_id: loggedBy,
      status: 'open',
      logged_by: loggedBy,
      created_at: at,
      updated_at: at,
      version: 1,
    })
    .execute();
  return id;
}

/** The text-drawing operators of every page, decompressed, whitespace removed (as print-all.test.ts reads them). */
function drawnText(pdf: Buffer): string {
  let out = '';
  for (const match of pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/gu)) {
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
const squashed = (s: string) => s.replace(/\s/gu, '');

/** A complete advice form, ready to sign, at `version`; `fields` change or add answers. */
const fullForm = (version: number, fields: Record<string, string> = {}) => ({
  version: String(version),
  knownTo: 'Known to the service since 2025 for motor coordination difficulties.',
  'source-0-what': 'Movement ABC-2',
  ...date('source-0-on', '2026-11-20'),
  childViews: 'I want to write faster so I can finish my work.',
  familyViews: 'We would like help with dressing in the mornings.',
  'need-0-area': 'fine-motor',
  'need-0-description': 'Manual dexterity at the 2nd percentile: slow, effortful handwriting.',
  'outcome-0-text': 'Will write three legible sentences in ten minutes',
  'outcome-0-by': 'July 2027',
  'f-0-what': 'Handwriting programme from the OT plan',
  'f-0-who': 'Teaching assistant trained by the occupational therapist',
  'f-0-howOften': 'Three times a week',
  'f-0-sessionLength': '20 minutes each session',
  'f-0-period': 'For one school year',
  'f-0-outcomes': '1',
  'g-0-what': 'Review of the handwriting programme',
  'g-0-who': 'Occupational therapist',
  'g-0-howOften': 'Once each school term',
  'g-0-sessionLength': '45 minutes',
  'g-0-period': 'For 12 months',
  'g-0-outcomes': '1',
  ...fields,
});

describeEachDialect('EHCP health advice', (dialect) => {
  let t: TestApp;
  let author: CreatedStaff;
  let reviewer: CreatedStaff;
  let authorClient: TestClient;
  let reviewerClient: TestClient;
  let childId: string;
  let requestId: string;
  let adviceId: string;
  const time = movableClock(NOW);

  const row = () =>
    t.deps.database.db.selectFrom('ehcp_advice').selectAll().where('id', '=', adviceId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock, twoServices: true });
    author = await aStaffMember().called('Cerys Clinician').withRoles('clinician').create(t.deps);
    reviewer = await aStaffMember().called('Rhys Reviewer').withRoles('clinician').create(t.deps);
    const kid = await aChildOnCaseload(t.deps, author.id);
    childId = kid.childId;
    await inOneTeam(t.deps, [author.id, reviewer.id]);
    const ctx = { ...staffContext(author), serviceId: LLR, actorUserId: author.id };
    const issued = await t.deps.equipment.issue(ctx, kid.episodeId, {
      itemCode: 'writing-slope',
      sizeLabel: null,
      terms: 'keep',
      issuedOn: '2026-12-01',
      fittedByUserId: author.id,
      reviewOn: null,
      notes: null,
    });
    expect(issued.ok).toBe(true);
    const mabc = await t.deps.assessments.record(ctx, childId, 'mabc2', {
      assessedOn: '2026-11-20',
      fields: { manualDexterity: '4', aimingAndCatching: '6', balance: '5', total: '4' },
    });
    expect(mabc.ok).toBe(true);
    const beery = await t.deps.assessments.record(ctx, childId, 'beery-vmi', {
      assessedOn: '2026-11-21',
      fields: { vmi: '72' },
    });
    expect(beery.ok).toBe(true);
    const goal = await t.deps.goals.set(ctx, childId, {
      text: 'Will fasten school shirt buttons by herself in under two minutes',
      area: 'self-care',
      agreedBy: ['child', 'parent-carer'],
      ...date('setOn', '2026-11-02'),
      ...date('reviewOn', '2027-02-01'),
      measure: 'gas',
    });
    expect(goal.ok).toBe(true);
    const alert = await t.deps.recordAccess.addAlert(ctx, childId, {
      kind: 'safeguarding',
      detail: SAFEGUARDING,
      contact: 'Safeguarding lead on 0116 000 0000',
    });
    expect(alert.ok).toBe(true);
    const sealed = await t.deps.recordAccess.addAlert(ctx, childId, {
      kind: 'sealed-address',
      detail: 'Family in a refuge: the address must not be disclosed',
    });
    expect(sealed.ok).toBe(true);
    requestId = await aRequest(t.deps, childId, author.id);
    authorClient = await signedIn(t.app, author);
    reviewerClient = await signedIn(t.app, reviewer);
  });

  afterAll(async () => {
    await t.close();
  });

  it('starts the advice from the record: assessments as sources and needs, goals as outcomes', async () => {
    const start = await authorClient.get(paths.ehcp.advice.build({ requestId }));
    expect(start.status).toBe(200);
    expect(main(start)).toContain('No advice has been started for this request.');
    expect(main(start)).not.toContain('Re-use earlier advice');
    const started = await authorClient.post(paths.ehcp.advice.build({ requestId }));
    expect(started.status).toBe(303);
    adviceId = started.location?.split('/').at(-2) ?? '';
    expect(started.location).toBe(paths.ehcp.adviceEdit.build({ adviceId }));
    const stored = await row();
    expect(stored).toMatchObject({ status: 'draft', author_id: author.id, child_id: childId, version: 1 });
    const content = JSON.parse(stored.content) as {
      sources: { what: string; on: string }[];
      needs: { area: string }[];
      outcomes: { outcome: string; byWhen: string }[];
      g: { what: string; who: string; howOften: string }[];
    };
    expect(content.sources.map((s) => s.on)).toEqual(['2026-11-20', '2026-11-21']);
    expect(content.sources[0]?.what).toContain('Movement ABC-2: Manual Dexterity standard score 4 (2nd percentile)');
    expect(content.sources[1]?.what).toContain('Beery VMI: Visual-Motor Integration standard score 72');
    expect(content.needs.map((n) => n.area)).toEqual(['fine-motor', 'gross-motor', 'handwriting-visual-motor']);
    expect(content.outcomes).toEqual([
      { outcome: 'Will fasten school shirt buttons by herself in under two minutes', byWhen: '1 February 2027' },
    ]);
    expect(content.g).toMatchObject([
      {
        what: 'Writing slope, provided by the occupational therapy service and used daily',
        who: 'Occupational therapist (review)',
        howOften: 'Reviewed once every 12 months',
      },
    ]);
    expect(stored.content).not.toContain('court order');
    expect((await auditRows(t.deps, { action: 'ehcp.advice-started' })).at(-1)).toMatchObject({
      subject_type: 'child',
      subject_id: childId,
      actor_user_id: author.id,
    });
    const form = await authorClient.get(paths.ehcp.adviceEdit.build({ adviceId }));
    expect(form.status).toBe(200);
    expect(form.screen.getByLabelText('Outcome 1: what the child will be able to do')).toBeTruthy();
    expect(duplicateIds(form)).toEqual([]);
    // Every input has a label.
    const unlabelled = [
      ...form.document.querySelectorAll('main input:not([type=hidden]), main select, main textarea'),
    ].filter((e) => form.document.querySelector(`label[for="${e.id}"]`) === null);
    expect(unlabelled.map((e) => e.id)).toEqual([]);
    // Two empty rows below the filled ones, to add to without JavaScript.
    expect(form.screen.getByLabelText('Outcome 3: by when')).toBeTruthy();
    // Only the author edits the draft.
    expect((await reviewerClient.get(paths.ehcp.adviceEdit.build({ adviceId }))).status).toBe(403);
    await reviewerClient.get(paths.ehcp.advice.build({ requestId }));
    expect((await reviewerClient.post(paths.ehcp.adviceEdit.build({ adviceId }), fullForm(1))).status).toBe(403);
  });

  it('refuses bad input (400, nothing saved) and a stale version (409 with the advice as it is now)', async () => {
    const edit = paths.ehcp.adviceEdit.build({ adviceId });
    const bad = await authorClient.post(
      edit,
      fullForm(1, { 'need-0-area': 'cooking', ...date('source-0-on', '2026-02-31') }),
    );
    expect(bad.status).toBe(400);
    expect(errorSummary(bad)).toEqual([
      'Date of source 1 must be a real date',
      'Select the area of need 1 from the list',
    ]);
    const long = await authorClient.post(edit, fullForm(1, { knownTo: 'x'.repeat(5001) }));
    expect(long.status).toBe(400);
    expect(errorSummary(long)).toEqual(['How the child is known to the service must be 5,000 characters or fewer']);
    const odd = await authorClient.post(edit, fullForm(1, { 'surprise-field': 'x' }));
    expect(odd.status).toBe(400);
    expect((await row()).version).toBe(1);
    const stale = await authorClient.post(edit, fullForm(7));
    expect(stale.status).toBe(409);
    expect(main(stale)).toContain('This advice was saved somewhere else');
    expect(main(stale)).toContain('Will fasten school shirt buttons');
    expect((await row()).version).toBe(1);
  });

  it('names vague wording, which blocks review and signing until it is fixed', async () => {
    const edit = paths.ehcp.adviceEdit.build({ adviceId });
    await authorClient.get(edit);
    const saved = await authorClient.post(
      edit,
      fullForm(1, { 'f-0-howOften': 'As required', 'g-0-period': 'Ongoing' }),
    );
    expect(saved.status).toBe(303);
    const page = await authorClient.get(paths.ehcp.advice.build({ requestId }));
    expect(main(page)).toContain('Not ready to sign');
    expect(duplicateIds(page)).toEqual([]);
    expect(main(page)).toContain('Section F provision 1: how often uses vague wording ("as required")');
    expect(main(page)).toContain('Section G provision 1: for how long uses vague wording ("ongoing")');
    const submit = await authorClient.post(paths.ehcp.adviceSubmit.build({ adviceId }), {
      version: '2',
      reviewer: reviewer.id,
    });
    expect(submit.status).toBe(400);
    expect(errorSummary(submit)).toContain(
      'Section F provision 1: how often uses vague wording ("as required"): say exactly what will be done',
    );
    const sign = await authorClient.post(paths.ehcp.adviceSign.build({ adviceId }), { version: '2' });
    expect(sign.status).toBe(400);
    expect((await row()).status).toBe('draft');
    await authorClient.get(edit);
    expect((await authorClient.post(edit, fullForm(2))).status).toBe(303);
    expect(main(await authorClient.get(paths.ehcp.advice.build({ requestId })))).not.toContain('Not ready to sign');
  });

  it('is reviewed by the named second clinician: sent back with a comment, then approved, then signed', async () => {
    const page = paths.ehcp.advice.build({ requestId });
    await authorClient.get(page);
    // Signing before a review is refused where the service asks for one.
    expect((await authorClient.post(paths.ehcp.adviceSign.build({ adviceId }), { version: '3' })).status).toBe(409);
    const noReviewer = await authorClient.post(paths.ehcp.adviceSubmit.build({ adviceId }), {
      version: '3',
      reviewer: author.id,
    });
    expect(noReviewer.status).toBe(400);
    expect(errorSummary(noReviewer)).toEqual(['Select the clinician who will review the advice']);
    const asked = await authorClient.post(paths.ehcp.adviceSubmit.build({ adviceId }), {
      version: '3',
      reviewer: reviewer.id,
    });
    expect(asked.status).toBe(303);
    expect(await row()).toMatchObject({ status: 'in-review', reviewer_id: reviewer.id, version: 4 });
    // With its reviewer, the advice cannot be edited.
    expect((await authorClient.post(paths.ehcp.adviceEdit.build({ adviceId }), fullForm(4))).status).toBe(409);
    // Only the reviewer reviews.
    expect((await authorClient.get(paths.ehcp.adviceReview.build({ adviceId }))).status).toBe(403);
    const review = paths.ehcp.adviceReview.build({ adviceId });
    const form = await reviewerClient.get(review);
    expect(form.status).toBe(200);
    const noComment = await reviewerClient.post(review, { version: '4', outcome: 'changes-requested', comment: '' });
    expect(noComment.status).toBe(400);
    expect(errorSummary(noComment)).toEqual(['Say what needs to change before the advice can be signed']);
    expect(
      (
        await reviewerClient.post(review, {
          version: '4',
          outcome: 'changes-requested',
          comment: 'Add the family views on school',
        })
      ).status,
    ).toBe(303);
    expect(await row()).toMatchObject({ status: 'draft', review_outcome: 'changes-requested', version: 5 });
    const history = await authorClient.get(page);
    expect(main(history)).toContain(
      'Sent back for changes by Rhys Reviewer on 3 December 2026: “Add the family views on school”',
    );
    await authorClient.get(paths.ehcp.adviceEdit.build({ adviceId }));
    expect((await authorClient.post(paths.ehcp.adviceEdit.build({ adviceId }), fullForm(5))).status).toBe(303);
    // The second review is asked for a minute after the first (the history's order is not a tie).
    time.advance(60_000);
    expect(
      (await authorClient.post(paths.ehcp.adviceSubmit.build({ adviceId }), { version: '6', reviewer: reviewer.id }))
        .status,
    ).toBe(303);
    await reviewerClient.get(review);
    expect((await reviewerClient.post(review, { version: '7', outcome: 'approved', comment: '' })).status).toBe(303);
    expect(await row()).toMatchObject({ status: 'in-review', review_outcome: 'approved', version: 8 });
    expect(await auditRows(t.deps, { action: 'ehcp.advice-reviewed' })).toHaveLength(2);
    // The history keeps both reviews: who sent it back and why, then who approved it.
    const reviewed = await authorClient.get(page);
    expect([...reviewed.document.querySelectorAll('main li')].map((li) => text(li)).slice(0, 5)).toEqual([
      'Started by Cerys Clinician on 3 December 2026',
      'Review asked of Rhys Reviewer on 3 December 2026',
      'Sent back for changes by Rhys Reviewer on 3 December 2026: “Add the family views on school”',
      'Review asked of Rhys Reviewer on 3 December 2026',
      'Approved by Rhys Reviewer on 3 December 2026',
    ]);

    // No PDF before signing.
    expect((await authorClient.get(paths.ehcp.advicePdf.build({ adviceId }))).status).toBe(404);
    await authorClient.get(page);
    const signed = await authorClient.post(paths.ehcp.adviceSign.build({ adviceId }), { version: '8' });
    expect(signed.status).toBe(303);
    const stored = await row();
    expect(stored).toMatchObject({ status: 'signed', signed_by: author.id, signed_at: time.clock().toISOString() });
    expect(stored.stored_as).not.toBeNull();
    expect((await auditRows(t.deps, { action: 'ehcp.advice-signed' })).at(-1)).toMatchObject({ subject_id: childId });
  });

  it('draws the signed PDF with every section and no address or safeguarding text', async () => {
    const pdf = await t.app.inject({
      method: 'GET',
      url: paths.ehcp.advicePdf.build({ adviceId }),
      headers: { cookie: [...authorClient.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const drawn = drawnText(pdf.rawPayload);
    const child = await t.deps.database.db
      .selectFrom('children')
      .selectAll()
      .where('id', '=', childId)
      .executeTakeFirstOrThrow();
    expect(drawn).toContain(squashed(`${child.given_name} ${child.family_name}`));
    for (const words of [
      'Section C: health needs relating to special educational needs',
      'Section F provision 1',
      'How often: Three times a week',
      'Leicester City Council',
      'Advice due by: 7 January 2027',
      'Reviewed by Rhys Reviewer on 3 December 2026',
      'Signed electronically in',
    ]) {
      expect(drawn).toContain(squashed(words));
    }
    for (const secret of [child.address_line_1, child.postcode, 'court order', 'refuge']) {
      expect(drawn.toLowerCase()).not.toContain(squashed(secret).toLowerCase());
    }
    expect((await auditRows(t.deps, { action: 'ehcp.advice-viewed' })).at(-1)).toMatchObject({ subject_id: childId });
  });

  it('never changes signed advice: the edit route answers 409 and the database refuses an UPDATE', async () => {
    const before = await row();
    expect((await authorClient.post(paths.ehcp.adviceEdit.build({ adviceId }), fullForm(before.version))).status).toBe(
      409,
    );
    expect((await authorClient.get(paths.ehcp.adviceEdit.build({ adviceId }))).status).toBe(409);
    await expect(
      updateAdvice(t.deps.database.db, LLR, adviceId, before.version, { content: '{"template":1}' }, NOW.toISOString()),
    ).rejects.toThrow(/signed advice/u);
    expect(await row()).toEqual(before);
  });

  it('adds an addendum (text and reason) to signed advice, drawn into the PDF', async () => {
    const page = paths.ehcp.advice.build({ requestId });
    await authorClient.get(page);
    const missing = await authorClient.post(paths.ehcp.adviceAddendum.build({ adviceId }), {
      text: 'More',
      reason: '',
    });
    expect(missing.status).toBe(400);
    expect(errorSummary(missing)).toEqual(['Enter the reason for the addendum']);
    const added = await authorClient.post(paths.ehcp.adviceAddendum.build({ adviceId }), {
      text: 'The Beery VMI was repeated with the same result.',
      reason: 'Result received after signing',
    });
    expect(added.status).toBe(303);
    expect(main(await authorClient.get(page))).toContain('Reason: Result received after signing');
    const pdf = await t.app.inject({
      method: 'GET',
      url: paths.ehcp.advicePdf.build({ adviceId }),
      headers: { cookie: [...authorClient.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(drawnText(pdf.rawPayload)).toContain(squashed('Reason: Result received after signing'));
  });

  it('re-uses the signed advice for a new request when the authority, the family and the clinician agree', async () => {
    const next = await aRequest(t.deps, childId, author.id);
    const start = await authorClient.get(paths.ehcp.advice.build({ requestId: next }));
    expect(main(start)).toContain('Re-use earlier advice');
    const reuse = paths.ehcp.reuse.build({ requestId: next });
    expect((await authorClient.get(reuse)).status).toBe(200);
    const incomplete = await authorClient.post(reuse, {
      earlierAdvice: adviceId,
      ...date('authorityAgreedOn', '2026-12-01'),
    });
    expect(incomplete.status).toBe(400);
    expect(errorSummary(incomplete)).toEqual([
      'Enter the date the family agreed',
      'Enter the date you agreed as the clinician',
    ]);
    const future = await authorClient.post(reuse, {
      earlierAdvice: adviceId,
      ...date('authorityAgreedOn', '2026-12-01'),
      ...date('familyAgreedOn', '2026-12-02'),
      ...date('clinicianAgreedOn', '2026-12-09'),
    });
    expect(errorSummary(future)).toEqual(['Date you agreed must be today or in the past']);
    const reused = await authorClient.post(reuse, {
      earlierAdvice: adviceId,
      ...date('authorityAgreedOn', '2026-12-01'),
      ...date('familyAgreedOn', '2026-12-02'),
      ...date('clinicianAgreedOn', '2026-12-03'),
    });
    expect(reused.status).toBe(303);
    const copy = await t.deps.database.db
      .selectFrom('ehcp_advice')
      .selectAll()
      .where('request_id', '=', next)
      .executeTakeFirstOrThrow();
    expect(copy).toMatchObject({ status: 'draft', reused_from_advice_id: adviceId });
    expect(JSON.parse(copy.reuse_agreement ?? '{}')).toEqual({
      earlierAdviceId: adviceId,
      authorityAgreedOn: '2026-12-01',
      familyAgreedOn: '2026-12-02',
      clinicianAgreedOn: '2026-12-03',
    });
    const copied = JSON.parse(copy.content) as { knownTo: string; signedAs?: string };
    expect(copied.knownTo).toBe(fullForm(1).knownTo);
    // Who signed the earlier advice, and in what role, is not copied into the new draft.
    expect(copied.signedAs).toBeUndefined();
    expect((JSON.parse((await row()).content) as { signedAs?: string }).signedAs).toMatch(/^Clinician, /u);
    expect((await auditRows(t.deps, { action: 'ehcp.advice-reused' })).at(-1)).toMatchObject({ subject_id: childId });
  });

  it('answers 404 to a clinician without a relationship and for another service’s request', async () => {
    const stranger = await signedIn(t.app, await aStaffMember().withRoles('clinician').create(t.deps));
    expect((await stranger.get(paths.ehcp.advice.build({ requestId }))).status).toBe(404);
    expect((await stranger.get(paths.ehcp.advicePdf.build({ adviceId }))).status).toBe(404);
    const officer = await signedIn(t.app, await aStaffMember().withRoles('admin-officer').create(t.deps));
    expect((await officer.get(paths.ehcp.advice.build({ requestId }))).status).toBe(403);
    const elsewhere = await aStaffMember().inService(SECOND_SERVICE, 'clinician').create(t.deps);
    const otherChild = randomUUID();
    const at = NOW.toISOString();
    await t.deps.database.db
      .insertInto('children')
      .values({
        id: otherChild,
        service_id: SECOND_SERVICE,
        nhs_number: null,
        given_name: 'Other',
        family_name: 'Service',
        known_as: null,
        date_of_birth: '2016-05-02',
        sex: 'female',
        address_line_1: '1 Other Street',
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
        created_at: at,
        updated_at: at,
        version: 1,
        merged_into: null,
      })
      .execute();
    const otherRequest = await aRequest(t.deps, otherChild, elsewhere.id, SECOND_SERVICE);
    expect((await authorClient.get(paths.ehcp.advice.build({ requestId: otherRequest }))).status).toBe(404);
    expect((await authorClient.post(paths.ehcp.advice.build({ requestId: otherRequest }))).status).toBe(404);
  });
});
