/**
 * Goals and outcome measures (issue 14 item 5), through the pages as clinicians use them, on both databases: setting
 * GAS and COPM goals and rating them (GAS only -2 to +2, COPM 1 to 10, with the change between ratings), TOMs at the
 * start and end of the episode (half points allowed, outside 0 to 5 refused), the chart drawn with its table, two
 * clinicians editing one goal at once (one 409, no update lost), bad input (400, nothing saved), who may see the
 * pages (no relationship, an admin officer and an administrator: not found or forbidden), and the audit.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, tableRows, text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { aChildOnCaseload } from '../support/record-world.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

// Thursday 3 December 2026, 10:00 in London.
const NOW = new Date('2026-12-03T10:00:00Z');

const date = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}[day]`]: day ?? '', [`${name}[month]`]: month ?? '', [`${name}[year]`]: year ?? '' };
};

const main = (page: Page) => text(page.document.querySelector('main'));

const goalForm = (fields: Record<string, string | string[]> = {}) => ({
  text: 'Ruby will fasten her school shirt buttons by herself in under two minutes',
  area: 'self-care',
  agreedBy: ['child', 'parent-carer'],
  ...date('setOn', '2026-11-02'),
  ...date('reviewOn', '2027-02-01'),
  measure: 'gas',
  ...fields,
});

describeEachDialect('goals and outcome measures', (dialect) => {
  let t: TestApp;
  let clinician: CreatedStaff;
  let colleague: CreatedStaff;
  let client: TestClient;
  let childId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: movableClock(NOW).clock });
    clinician = await aStaffMember().called('Cerys Clinician').withRoles('clinician').create(t.deps);
    colleague = await aStaffMember().called('Dara Clinician').withRoles('clinician').create(t.deps);
    childId = (await aChildOnCaseload(t.deps, clinician.id)).childId;
    // The colleague is in the same team as the child's lead clinician: a relationship to the child.
    const db = t.deps.database.db;
    const at = NOW.toISOString();
    await db
      .insertInto('teams')
      .values({ id: 'goals-team', service_id: LLR, name: 'Goals team', created_at: at })
      .execute();
    for (const who of [clinician, colleague]) {
      await db
        .insertInto('staff_profiles')
        .values({
          service_id: LLR,
          user_id: who.id,
          team_id: 'goals-team',
          base_location_id: null,
          working_pattern: '[]',
          feed_token_hash: null,
          feed_created_at: null,
          updated_at: at,
          version: 1,
        })
        .execute();
    }
    client = new TestClient(t.app);
    await signIn(client, clinician);
  });

  afterAll(async () => {
    await t.close();
  });

  const goals = () => t.deps.database.db.selectFrom('goals').selectAll().orderBy('created_at').orderBy('id').execute();
  const ratings = () => t.deps.database.db.selectFrom('goal_ratings').selectAll().orderBy('created_at').execute();
  const toms = () => t.deps.database.db.selectFrom('toms_ratings').selectAll().orderBy('created_at').execute();

  async function setGoal(fields: Record<string, string | string[]> = {}, as = client): Promise<Page> {
    await as.get(paths.goals.set.build({ childId }));
    return as.post(paths.goals.set.build({ childId }), goalForm(fields));
  }

  const goalIdOf = (page: Page) => page.location?.split('#goal-')[1] ?? '';

  async function rate(goalId: string, fields: Record<string, string>) {
    const form = await client.get(paths.goals.rate.build({ goalId }));
    expect(form.status).toBe(200);
    return client.post(paths.goals.rate.build({ goalId }), fields);
  }

  async function recordToms(fields: Record<string, string>) {
    await client.get(paths.goals.toms.build({ childId }));
    return client.post(paths.goals.toms.build({ childId }), {
      stage: 'start',
      scale: 'core',
      ...date('ratedOn', '2026-11-02'),
      impairment: '2',
      activity: '2.5',
      participation: '1.5',
      wellbeing: '3',
      carerWellbeing: '',
      ...fields,
    });
  }

  let gasGoalId: string;

  it('shows an empty page, audited as a read of the child, and sets a GAS goal', async () => {
    const before = await lastAuditId(t.deps);
    const empty = await client.get(paths.goals.child.build({ childId }));
    expect(empty.status).toBe(200);
    expect(main(empty)).toContain('No goals have been set for this child.');
    const viewed = await auditRows(t.deps, { action: 'goal.viewed', afterId: before });
    expect(viewed.map((r) => [r.subject_type, r.subject_id, r.actor_user_id])).toEqual([
      ['child', childId, clinician.id],
    ]);

    const set = await setGoal();
    expect(set.status, errorSummary(set).join('; ')).toBe(303);
    gasGoalId = goalIdOf(set);
    const page = await client.follow(set);
    expect(main(page)).toContain('Goal set');
    expect(main(page)).toContain('Ruby will fasten her school shirt buttons');
    expect(main(page)).toContain('Agreed with the child or young person and parent or carer');
    expect(main(page)).toContain('Not rated yet');
    const [row] = await goals();
    expect(row).toMatchObject({
      id: gasGoalId,
      service_id: LLR,
      child_id: childId,
      occupation_area: 'self-care',
      measure: 'gas',
      agreed_with: 'child parent-carer',
      set_on: '2026-11-02',
      review_on: '2027-02-01',
      status: 'active',
      version: 1,
    });
    expect(row?.episode_id).not.toBeNull();
    const audited = await auditRows(t.deps, { action: 'goal.set', afterId: before });
    expect(audited.map((r) => [r.subject_type, r.subject_id])).toEqual([['goal', gasGoalId]]);
  });

  it('refuses a goal with problems (400, every message, nothing saved)', async () => {
    const count = (await goals()).length;
    const page = await setGoal({ text: '', area: 'cooking', agreedBy: [], ...date('reviewOn', '2026-11-01') });
    expect(page.status).toBe(400);
    expect(errorSummary(page)).toEqual([
      'Enter the goal',
      'Select the area of occupation the goal is about',
      'Select who agreed the goal',
      'Review date must be after the date the goal was set',
    ]);
    expect(await goals()).toHaveLength(count);
  });

  it('rates a GAS goal from -2 to +2 and shows the change; refuses a level outside the range', async () => {
    const baseline = await rate(gasGoalId, { ...date('ratedOn', '2026-11-02'), level: '-2' });
    expect(baseline.status, errorSummary(baseline).join('; ')).toBe(303);
    for (const level of ['3', '-3', '1.5']) {
      const refused = await rate(gasGoalId, { ...date('ratedOn', '2026-12-01'), level });
      expect(refused.status).toBe(400);
      expect(errorSummary(refused)).toEqual(['Rating must be a whole number from -2 to +2']);
    }
    expect(await ratings()).toHaveLength(1);
    const review = await rate(gasGoalId, { ...date('ratedOn', '2026-12-01'), level: '+1' });
    expect(review.status).toBe(303);
    const page = await client.follow(review);
    expect(main(page)).toContain('+1 (Somewhat more than expected) on 1 December 2026');
    expect(main(page)).toContain('+3 from the baseline');
    expect((await ratings()).map((r) => [r.kind, r.gas_level, r.copm_performance])).toEqual([
      ['set', -2, null],
      ['review', 1, null],
    ]);
  });

  it('rates a COPM goal 1 to 10 and shows the change between two ratings', async () => {
    const set = await setGoal({
      text: 'Ruby will write her name legibly on her work',
      area: 'productivity',
      measure: 'copm',
    });
    expect(set.status).toBe(303);
    const goalId = goalIdOf(set);
    expect((await rate(goalId, { ...date('ratedOn', '2026-11-02'), performance: '3', satisfaction: '4' })).status).toBe(
      303,
    );
    const refused = await rate(goalId, { ...date('ratedOn', '2026-12-01'), performance: '0', satisfaction: '11' });
    expect(refused.status).toBe(400);
    expect(errorSummary(refused)).toEqual([
      'Performance must be a whole number from 1 to 10',
      'Satisfaction must be a whole number from 1 to 10',
    ]);
    const review = await rate(goalId, { ...date('ratedOn', '2026-12-01'), performance: '6', satisfaction: '5' });
    expect(review.status).toBe(303);
    const page = await client.follow(review);
    expect(main(page)).toContain('Performance +3.0 (clinically important), satisfaction +1.0');
  });

  it('records TOMs at the start and end with half points, and refuses ratings outside 0 to 5', async () => {
    expect((await recordToms({})).status).toBe(303);
    for (const [value, message] of [
      ['5.5', 'Impairment must be from 0 to 5, in half points, like 2.5'],
      ['2.25', 'Impairment must be from 0 to 5, in half points, like 2.5'],
      ['-1', 'Impairment must be from 0 to 5, in half points, like 2.5'],
    ] as const) {
      const refused = await recordToms({ stage: 'end', impairment: value });
      expect(refused.status).toBe(400);
      expect(errorSummary(refused)).toEqual([message]);
    }
    expect(await toms()).toHaveLength(1);
    const end = await recordToms({
      stage: 'end',
      ...date('ratedOn', '2026-12-02'),
      impairment: '2.5',
      activity: '4',
      participation: '3.5',
      wellbeing: '3',
    });
    expect(end.status).toBe(303);
    const page = await client.follow(end);
    expect(tableRows(page, 'Start and end of the episode')).toEqual([
      { Domain: 'Impairment', 'Start (2 November 2026)': '2', 'End (2 December 2026)': '2.5', Change: '+0.5' },
      { Domain: 'Activity', 'Start (2 November 2026)': '2.5', 'End (2 December 2026)': '4', Change: '+1.5' },
      { Domain: 'Participation', 'Start (2 November 2026)': '1.5', 'End (2 December 2026)': '3.5', Change: '+2' },
      { Domain: 'Wellbeing', 'Start (2 November 2026)': '3', 'End (2 December 2026)': '3', Change: '0' },
    ]);
    expect((await toms()).map((r) => [r.stage, r.activity, r.participation])).toEqual([
      ['start', 2.5, 1.5],
      ['end', 4, 3.5],
    ]);
  });

  it('draws a chart per measure with its table beside it', async () => {
    const page = await client.get(paths.goals.child.build({ childId }));
    const charts = page.document.querySelectorAll('main svg.app-outcome-chart');
    expect([...charts].map((c) => text(c.querySelector('title')))).toEqual([
      'Goal Attainment Scaling',
      'Canadian Occupational Performance Measure',
      'Therapy Outcome Measures',
    ]);
    const gas = tableRows(page, 'Goal Attainment Scaling: ratings by date');
    expect(gas.map((r) => Object.values(r))).toEqual([
      ['2 November 2026', '−2'],
      ['1 December 2026', '+1'],
    ]);
    expect(tableRows(page, 'Canadian Occupational Performance Measure: ratings by date')).toEqual([
      { Date: '2 November 2026', Performance: '3.0', Satisfaction: '4.0' },
      { Date: '1 December 2026', Performance: '6.0', Satisfaction: '5.0' },
    ]);
    expect(tableRows(page, 'Therapy Outcome Measures: ratings by date')[1]).toEqual({
      Date: '2 December 2026',
      Impairment: '2.5',
      Activity: '4',
      Participation: '3.5',
      Wellbeing: '3',
    });
  });

  it('of two clinicians editing one goal at once, saves one and shows the other the goal as it is now (409)', async () => {
    const other = new TestClient(t.app);
    await signIn(other, colleague);
    const mine = await client.get(paths.goals.edit.build({ goalId: gasGoalId }));
    const theirs = await other.get(paths.goals.edit.build({ goalId: gasGoalId }));
    expect([mine.status, theirs.status]).toEqual([200, 200]);
    const version = mine.document.querySelector<HTMLInputElement>('input[name="version"]')?.value ?? '';
    expect(version).toBe('1');
    const edit = (as: TestClient, words: string) =>
      as.post(paths.goals.edit.build({ goalId: gasGoalId }), goalForm({ text: words, status: 'active', version }));
    const [a, b] = await Promise.all([
      edit(client, 'Ruby will fasten all her shirt buttons by herself'),
      edit(other, 'Ruby will fasten her coat zip by herself'),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    const [winner, loser] = a.status === 303 ? [a, b] : [b, a];
    const saved = (await goals()).find((g) => g.id === gasGoalId);
    expect(saved?.version).toBe(2);
    const wonWith =
      winner === a ? 'Ruby will fasten all her shirt buttons by herself' : 'Ruby will fasten her coat zip by herself';
    const lostWith =
      winner === a ? 'Ruby will fasten her coat zip by herself' : 'Ruby will fasten all her shirt buttons by herself';
    expect(saved?.text).toBe(wonWith);
    expect(errorSummary(loser)[0]).toContain('Someone else changed this goal while you were editing it');
    expect(loser.document.querySelector<HTMLTextAreaElement>('textarea[name="text"]')?.value).toBe(wonWith);
    expect(loser.document.querySelector<HTMLInputElement>('input[name="version"]')?.value).toBe('2');
    expect(main(loser)).toContain(lostWith);
    expect((await auditRows(t.deps, { action: 'goal.edited' })).map((r) => r.subject_id)).toEqual([gasGoalId]);
  });

  it('refuses an edit that changes the measure of a rated goal, or a tampered version', async () => {
    await client.get(paths.goals.edit.build({ goalId: gasGoalId }));
    const page = await client.post(
      paths.goals.edit.build({ goalId: gasGoalId }),
      goalForm({ measure: 'copm', status: 'achieved', version: '2' }),
    );
    expect(page.status).toBe(400);
    expect(errorSummary(page)).toEqual(['A goal’s measure cannot be changed once it has been rated']);
    const tampered = await client.post(
      paths.goals.edit.build({ goalId: gasGoalId }),
      goalForm({ status: 'achieved', version: 'x' }),
    );
    expect(tampered.status).toBe(400);
    expect((await goals()).find((g) => g.id === gasGoalId)).toMatchObject({
      measure: 'gas',
      status: 'active',
      version: 2,
    });
  });

  it('answers 404 to a clinician with no relationship to the child, and records nothing', async () => {
    const stranger = await aStaffMember().withRoles('clinician').create(t.deps);
    const browser = new TestClient(t.app);
    await signIn(browser, stranger);
    for (const url of [
      paths.goals.child.build({ childId }),
      paths.goals.set.build({ childId }),
      paths.goals.toms.build({ childId }),
      paths.goals.edit.build({ goalId: gasGoalId }),
      paths.goals.rate.build({ goalId: gasGoalId }),
    ]) {
      expect((await browser.get(url)).status, url).toBe(404);
    }
    const posted = await browser.post(paths.goals.set.build({ childId }), goalForm());
    expect(posted.status).toBe(404);
    const count = (await goals()).length;
    expect(count).toBe(2);
    expect(await auditRows(t.deps, { action: 'goal.viewed', actorUserId: stranger.id })).toEqual([]);
  });

  it('shows an admin officer and an administrator nothing of the goals', async () => {
    for (const role of ['admin-officer', 'admin'] as const) {
      const person = await aStaffMember().withRoles(role).create(t.deps);
      const browser = new TestClient(t.app);
      await signIn(browser, person);
      const page = await browser.get(paths.goals.child.build({ childId }));
      expect([403, 404], role).toContain(page.status);
      expect(main(page)).not.toContain('Ruby will');
      const form = await browser.get(paths.goals.rate.build({ goalId: gasGoalId }));
      expect([403, 404], role).toContain(form.status);
    }
  });

  it('audits each change in its transaction, by who made it', async () => {
    const actions = (await auditRows(t.deps, { actorUserId: clinician.id }))
      .map((r) => r.action)
      .filter((a) => ['goal.set', 'goal.rated', 'outcome.toms-recorded'].includes(a));
    expect(actions).toEqual([
      'goal.set',
      'goal.rated',
      'goal.rated',
      'goal.set',
      'goal.rated',
      'goal.rated',
      'outcome.toms-recorded',
      'outcome.toms-recorded',
    ]);
  });
});
