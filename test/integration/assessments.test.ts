/**
 * Standardised and functional assessments on a child's record (issue 14 item 4), through the pages as a clinician
 * uses them, on both databases: each test recorded with the domain's worked examples and its derived values shown in
 * words (the MABC-2 zone not by colour alone); bad input (400 with the error summary, nothing saved); a correction;
 * two clinicians correcting one assessment at once (one 409 showing the assessment as it is now, no update lost);
 * who may see a child's assessments (no relationship, an admin officer, an administrator: 404 or 403); the audit.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { staffContext } from '../support/booking-world.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { movableClock, type MovableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, tableRows, text } from '../support/html.js';
import { signIn, signedIn } from '../support/journeys.js';
import { aChildOnCaseload } from '../support/record-world.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

// Thursday 3 December 2026, 10:00 in London.
const NOW = new Date('2026-12-03T10:00:00Z');

const date = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}[day]`]: day ?? '', [`${name}[month]`]: month ?? '', [`${name}[year]`]: year ?? '' };
};

const main = (page: Page) => text(page.document.querySelector('main'));
const idOf = (page: Page) => page.location?.split('/').pop()?.split('?')[0] ?? '';

describeEachDialect('standardised and functional assessments', (dialect) => {
  let t: TestApp;
  let clinician: CreatedStaff;
  let client: TestClient;
  let childId: string;
  let episodeId: string;
  let time: MovableClock;

  beforeAll(async () => {
    time = movableClock(NOW);
    t = await createTestApp(dialect, { clock: time.clock });
    clinician = await aStaffMember().called('Cerys Clinician').withRoles('clinician').create(t.deps);
    // The child of the test referral, born 2 May 2016: 10 years 7 months old today.
    ({ childId, episodeId } = await aChildOnCaseload(t.deps, clinician.id));
    client = new TestClient(t.app);
    await signIn(client, clinician);
  });

  afterAll(async () => {
    await t.close();
  });

  const rows = () => t.deps.database.db.selectFrom('assessments').selectAll().orderBy('recorded_at').execute();

  async function record(instrument: string, fields: Record<string, string>, as = client): Promise<Page> {
    const at = paths.assessments.record.build({ childId, instrument });
    await as.get(at);
    return as.post(at, { ...date('assessedOn', '2026-12-01'), ...fields });
  }

  it('records a Movement ABC-2 through the pages, its percentiles and zone derived and shown in words', async () => {
    const before = await lastAuditId(t.deps);
    const empty = await client.get(paths.assessments.child.build({ childId }));
    expect(empty.status).toBe(200);
    expect(main(empty)).toContain('No assessments have been recorded for this child.');
    // A read is audited by the access hook, with the child as its subject.
    const viewed = await auditRows(t.deps, { action: 'assessment.viewed', afterId: before });
    expect(viewed.map((r) => [r.subject_type, r.subject_id, r.actor_user_id])).toEqual([
      ['child', childId, clinician.id],
    ]);

    const recordHref = empty.screen.getByRole('button', { name: 'Record an assessment' }).getAttribute('href');
    const choose = await client.get(recordHref ?? 'missing');
    expect(choose.status).toBe(200);
    const link = choose.screen.getByRole('link', { name: 'Movement ABC-2' });
    expect(link.getAttribute('href')).toBe(paths.assessments.record.build({ childId, instrument: 'mabc2' }));
    const form = await client.get(link.getAttribute('href') ?? '');
    expect(form.status).toBe(200);
    expect(form.screen.getByLabelText('Manual Dexterity standard score')).toBeTruthy();

    // The domain's worked example: a total standard score of 6 is the 9th percentile, amber.
    const saved = await record('mabc2', { manualDexterity: '7', aimingAndCatching: '8', balance: '6', total: '6' });
    expect(saved.status, errorSummary(saved).join('; ')).toBe(303);
    const assessmentId = idOf(saved);
    expect(saved.location).toBe(`${paths.assessments.one.build({ assessmentId })}?done=recorded`);
    const page = await client.follow(saved);
    expect(main(page)).toContain('Assessment recorded');
    expect(tableRows(page, 'Movement ABC-2 scores')).toEqual([
      { Component: 'Manual Dexterity', 'Standard score (entered)': '7', 'Percentile (derived)': '16th' },
      { Component: 'Aiming and Catching', 'Standard score (entered)': '8', 'Percentile (derived)': '25th' },
      { Component: 'Balance', 'Standard score (entered)': '6', 'Percentile (derived)': '9th' },
      { Component: 'Total', 'Standard score (entered)': '6', 'Percentile (derived)': '9th' },
    ]);
    expect(main(page)).toContain('Traffic-light zone: Amber: at risk of movement difficulty');
    expect(main(page)).toContain('drawn on the total standard score: no total test score was entered');

    const [row] = await rows();
    expect(row).toMatchObject({
      service_id: LLR,
      child_id: childId,
      episode_id: episodeId,
      instrument: 'mabc2',
      assessed_on: '2026-12-01',
      recorded_by: clinician.id,
      summary: 'MABC-2 total 6 (9th percentile, amber)',
      version: 1,
    });
    expect(JSON.parse(row!.scores_json)).toEqual({ manualDexterity: 7, aimingAndCatching: 8, balance: 6, total: 6 });
    expect(JSON.parse(row!.derived_json)).toEqual({
      percentiles: { manualDexterity: 16, aimingAndCatching: 25, balance: 9, total: 9 },
      zone: 'amber',
    });
    const audit = await auditRows(t.deps, { action: 'assessment.recorded' });
    expect(audit.map((r) => [r.subject_type, r.subject_id, r.actor_user_id])).toEqual([
      ['child', childId, clinician.id],
    ]);
    expect(JSON.parse(audit[0]!.detail ?? '{}')).toMatchObject({ assessment: assessmentId, instrument: 'mabc2' });

    const list = await client.get(paths.assessments.child.build({ childId }));
    expect(tableRows(list, 'Assessments, most recent first')).toEqual([
      { Date: '1 December 2026', Test: 'Movement ABC-2', 'Key results': 'MABC-2 total 6 (9th percentile, amber)' },
    ]);
  });

  it('records a Beery VMI, a Sensory Profile 2, a DCDQ’07 and a functional assessment with their derived values', async () => {
    const cases: [string, Record<string, string>, string, string[]][] = [
      [
        'beery-vmi',
        { vmi: '115', visualPerception: '85', motorCoordination: '' },
        'Beery VMI 115 (84th percentile, above average); visual perception 85 (16th percentile, below average)',
        ['Category (derived)'],
      ],
      [
        'sensory-profile-2',
        {
          form: 'child',
          seekingRaw: '60',
          seekingClassification: 'much-more',
          avoidingRaw: '40',
          avoidingClassification: 'just-like',
          touchRaw: '30',
          touchClassification: 'more',
        },
        'Sensory Profile 2 (child form): much more than others in Seeking/Seeker; more than others in Touch',
        ['Seeking/Seeker: much more than others; Touch: more than others'],
      ],
      [
        // Born 2 May 2016, completed 1 December 2026: 10 years 6 months, whose band's cut-off is 57.
        'dcdq07',
        Object.fromEntries(
          [3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 4, 4, 4, 4, 4].map((r, i) => [`item${String(i + 1)}`, String(r)]),
        ),
        "DCDQ'07 total 46 at 10 years 6 months: Indication of DCD or suspect DCD",
        [
          'Result (derived) Indication of DCD or suspect DCD',
          'Fine motor and handwriting 8',
          'Age on the date completed (derived) 10 years 6 months',
        ],
      ],
      [
        'functional',
        { selfCare: 'Dresses with help for buttons.\nUses cutlery.', productivity: '', leisure: 'Enjoys swimming.' },
        'Functional assessment: self-care and leisure',
        ['Self-care Dresses with help for buttons.', 'Leisure Enjoys swimming.'],
      ],
    ];
    for (const [instrument, fields, summary, shown] of cases) {
      time.advance(60_000);
      const saved = await record(instrument, fields);
      expect(saved.status, `${instrument}: ${errorSummary(saved).join('; ')}`).toBe(303);
      const page = await client.follow(saved);
      expect(main(page), instrument).toContain(summary);
      for (const words of shown) expect(main(page), instrument).toContain(words);
      if (instrument === 'functional') {
        // Kept as typed, its line breaks and all.
        expect(page.document.querySelector('main')?.innerHTML).toContain(
          'Dresses with help for buttons.<br>Uses cutlery.',
        );
      }
      if (instrument === 'beery-vmi') {
        expect(tableRows(page, 'Beery VMI scores')).toEqual([
          {
            Test: 'Visual-Motor Integration',
            'Standard score (entered)': '115',
            'Percentile (derived)': '84th percentile',
            'Category (derived)': 'Above average',
          },
          {
            Test: 'Visual Perception',
            'Standard score (entered)': '85',
            'Percentile (derived)': '16th percentile',
            'Category (derived)': 'Below average',
          },
        ]);
      }
      const row = (await rows()).find((r) => r.id === idOf(saved));
      expect(row?.summary, instrument).toBe(summary);
    }
    const list = await client.get(paths.assessments.child.build({ childId }));
    expect(tableRows(list, 'Assessments, most recent first')).toHaveLength(5);
    // The record page's timeline reads the latest few with their lines, in one query.
    const recent = await t.deps.assessments.recentOfChild(LLR, childId, 2);
    expect(recent.map((r) => r.instrument)).toEqual(['functional', 'dcdq07']);
  });

  it('refuses bad input with the error summary (400) and saves nothing', async () => {
    const before = (await rows()).length;
    const cases: [string, Record<string, string>, string[]][] = [
      [
        'mabc2',
        { ...date('assessedOn', ''), manualDexterity: '20', aimingAndCatching: '', balance: 'x', total: '6' },
        [
          'Enter the date of the assessment',
          'Enter the Manual Dexterity standard score as a whole number from 1 to 19',
          'Enter the Aiming and Catching standard score',
          'Enter the Balance standard score as a whole number from 1 to 19',
        ],
      ],
      [
        'beery-vmi',
        { ...date('assessedOn', '2026-12-04'), vmi: '44' },
        [
          'Date of the assessment must be today or in the past',
          'Enter the VMI standard score as a whole number from 45 to 155',
        ],
      ],
      [
        'sensory-profile-2',
        { form: 'child' },
        ['Enter the raw score and classification of at least one quadrant or section'],
      ],
      [
        'sensory-profile-2',
        { form: '', touchRaw: '30' },
        ['Select which form was used', 'Select the Touch classification'],
      ],
      // Before the child was 5: no DCDQ'07 result.
      [
        'dcdq07',
        { ...date('assessedOn', '2020-06-01'), total: '40' },
        [
          "The DCDQ'07 is for children aged 5 years 0 months to 15 years 11 months: the child was 4 years 0 months on 1 June 2020",
        ],
      ],
      [
        'dcdq07',
        { total: '50', controlDuringMovement: '20', fineMotorHandwriting: '10', generalCoordination: '10' },
        ['The total score must be the sum of the three subscale scores (40)'],
      ],
      [
        'functional',
        { selfCare: ' ', productivity: '', leisure: '' },
        ["Describe the child's function in at least one area: self-care, productivity or leisure"],
      ],
      [
        'functional',
        { ...date('assessedOn', '2016-05-01'), leisure: 'Swims' },
        ["Date of the assessment must be on or after the child's date of birth"],
      ],
    ];
    for (const [instrument, fields, expected] of cases) {
      const page = await record(instrument, fields);
      expect(page.status, `${instrument} ${JSON.stringify(fields)}`).toBe(400);
      expect(errorSummary(page), `${instrument} ${JSON.stringify(fields)}`).toEqual(expected);
    }
    // What was typed is shown again.
    const again = await record('beery-vmi', { vmi: '300' });
    expect(again.screen.getByLabelText('VMI standard score')).toHaveProperty('value', '300');
    // A field the form does not have, and a test that does not exist.
    expect((await record('beery-vmi', { vmi: '100', zone: 'green' })).status).toBe(400);
    expect((await client.get(paths.assessments.record.build({ childId, instrument: 'mabc3' }))).status).toBe(404);
    expect(await rows()).toHaveLength(before);
  });

  it('corrects an assessment, deriving its values again; of two corrections at once, one is refused (409)', async () => {
    const assessmentId = idOf(await record('beery-vmi', { vmi: '100' }));
    const editAt = paths.assessments.edit.build({ assessmentId });
    // The same clinician in a second browser (or a colleague), both with the form open at version 1.
    const elsewhere = await signedIn(t.app, clinician);
    const theirs = await elsewhere.get(editAt);
    expect(theirs.status).toBe(200);
    const mine = await client.get(editAt);
    expect(mine.status).toBe(200);
    expect(mine.screen.getByLabelText('VMI standard score')).toHaveProperty('value', '100');
    const version = mine.document.querySelector<HTMLInputElement>('input[name="version"]')?.value ?? '';
    expect(version).toBe('1');

    const first = await client.post(editAt, { version, ...date('assessedOn', '2026-12-01'), vmi: '85' });
    expect(first.status, errorSummary(first).join('; ')).toBe(303);
    const corrected = await client.follow(first);
    expect(main(corrected)).toContain('Assessment corrected');
    expect(main(corrected)).toContain('Beery VMI 85 (16th percentile, below average)');
    expect(main(corrected)).toContain('Last corrected by Cerys Clinician');

    // The other correction, from the same reading (version 1), with a typo: shown again at the version it was read at.
    const typo = await elsewhere.post(editAt, { version, ...date('assessedOn', '2026-12-41'), vmi: '130' });
    expect(typo.status).toBe(400);
    expect(typo.document.querySelector<HTMLInputElement>('input[name="version"]')?.value).toBe('1');
    // Sent again, it is refused, showing the assessment as it is now.
    const second = await elsewhere.post(editAt, { version, ...date('assessedOn', '2026-12-01'), vmi: '130' });
    expect(second.status).toBe(409);
    expect(errorSummary(second).join(' ')).toContain('Someone else corrected this assessment');
    expect(main(second)).toContain('The assessment as it is now');
    expect(main(second)).toContain('Beery VMI 85 (16th percentile, below average)');
    // The form is drawn again at the version now, with what was typed.
    expect(second.document.querySelector<HTMLInputElement>('input[name="version"]')?.value).toBe('2');
    expect(second.screen.getByLabelText('VMI standard score')).toHaveProperty('value', '130');
    const row = (await rows()).find((r) => r.id === assessmentId);
    expect(row).toMatchObject({ version: 2, updated_by: clinician.id });
    expect(JSON.parse(row!.scores_json)).toEqual({ vmi: 85 });
    expect(await auditRows(t.deps, { action: 'assessment.corrected' })).toHaveLength(1);

    // Two corrections at once, from the same version: exactly one wins, the other is stale, nothing is lost.
    const ctx = { ...staffContext(clinician), serviceId: LLR };
    const results = await Promise.all([
      t.deps.assessments.correct(ctx, assessmentId, 2, { assessedOn: '2026-12-01', fields: { vmi: '70' } }),
      t.deps.assessments.correct(ctx, assessmentId, 2, { assessedOn: '2026-12-01', fields: { vmi: '120' } }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.flatMap((r) => (r.ok ? [] : [r.problem.code]))).toEqual(['stale-version']);
    const after = (await rows()).find((r) => r.id === assessmentId);
    expect(after?.version).toBe(3);
    const won = results.findIndex((r) => r.ok);
    expect(JSON.parse(after!.scores_json)).toEqual({ vmi: won === 0 ? 70 : 120 });

    // A form without its version was not sent as drawn.
    expect((await client.post(editAt, { ...date('assessedOn', '2026-12-01'), vmi: '90' })).status).toBe(400);
  });

  it('shows a child’s assessments to no one without a relationship (404), nor to an admin officer or administrator', async () => {
    const assessmentId = (await rows())[0]!.id;
    const pages = [
      paths.assessments.child.build({ childId }),
      paths.assessments.choose.build({ childId }),
      paths.assessments.record.build({ childId, instrument: 'mabc2' }),
      paths.assessments.one.build({ assessmentId }),
      paths.assessments.edit.build({ assessmentId }),
    ];
    const stranger = await signedIn(t.app, await aStaffMember().withRoles('clinician').create(t.deps));
    const officer = await signedIn(t.app, await aStaffMember().withRoles('admin-officer').create(t.deps));
    for (const at of pages) {
      expect((await stranger.get(at)).status, `clinician without a relationship: ${at}`).toBe(404);
    }
    // An admin officer sees a child's demographics, never their scores; the forms are not theirs at all.
    const [list, , form, one, edit] = pages;
    for (const at of [list!, one!]) expect((await officer.get(at)).status, `admin officer: ${at}`).toBe(404);
    for (const at of [form!, edit!]) expect((await officer.get(at)).status, `admin officer: ${at}`).toBe(403);
    expect((await stranger.get(pages[0]!)).document.body.textContent).not.toContain('Movement ABC-2');
    const before = (await rows()).length;
    await stranger.get(paths.staff.home.build());
    const posted = await stranger.post(paths.assessments.record.build({ childId, instrument: 'beery-vmi' }), {
      ...date('assessedOn', '2026-12-01'),
      vmi: '100',
    });
    expect(posted.status).toBe(404);
    expect(await rows()).toHaveLength(before);

    const admin = await signedIn(t.app, await aStaffMember().withRoles('admin').create(t.deps));
    expect((await admin.get(pages[0]!)).status).toBe(403);
    expect((await client.get(paths.assessments.one.build({ assessmentId: crypto.randomUUID() }))).status).toBe(404);
    expect((await client.get(`${paths.assessments.one.build({ assessmentId })}?done=hacked`)).status).toBe(400);
  });
});
