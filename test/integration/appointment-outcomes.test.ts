/**
 * Recording what happened at an appointment (issue 13 item 6), on both databases: each outcome through its page; a
 * Was Not Brought makes a follow-up task for the appointment's clinician, linked from the confirmation; two in a row,
 * or a pattern of late cancellations by the family, flag the child once for the safeguarding lead, whose page lists
 * them; nothing closes the child's episode; an outcome is refused before the appointment starts; a recorded outcome
 * is changed only with a reason, the first kept in the audit trail; two recording at once give one outcome. Bad input
 * and access: appointment-outcomes-input.test.ts.
 *
 * Hazards: "Was Not Brought not followed up" (the task and the flag), "child lost" (no outcome closes an episode).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { acceptedChild, placeAppointment } from '../support/care-appointments-h6.js';
import { TestClient, type Page } from '../support/client.js';
import { movableClock, type MovableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, tableRows, text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';
import { paths } from '../../src/web/paths.js';

/** Monday 7 December 2026, 10:00 in London (GMT). */
const NOW = new Date('2026-12-07T10:00:00Z');
const EARLIER_TODAY = '2026-12-07T09:00:00Z';
const LAST_WEEK = '2026-11-30T10:00:00Z';

describeEachDialect('appointment outcomes, Was Not Brought and the safeguarding flag', (dialect) => {
  let t: TestApp;
  let clock: MovableClock;
  let clinician: CreatedStaff;
  let colleague: CreatedStaff;
  let lead: CreatedStaff;
  let client: TestClient;

  beforeAll(async () => {
    clock = movableClock(NOW);
    t = await createTestApp(dialect, { clock: clock.clock, twoServices: true });
    clinician = await aStaffMember().called('Cara Clinician').withRoles('clinician').create(t.deps);
    colleague = await aStaffMember().called('Colin Colleague').withRoles('clinician').create(t.deps);
    lead = await aStaffMember().called('Sadia Safeguarding').withRoles('safeguarding-lead').create(t.deps);
    client = new TestClient(t.app);
    await signIn(client, clinician);
  });
  afterAll(async () => {
    await t.close();
  });

  const db = () => t.deps.database.db;
  const pathOf = (a: { appointmentId: string }, episodeId: string) =>
    paths.appointments.outcome.build({ appointmentId: a.appointmentId, episodeId });

  /** Opens the outcome page (for its token and the `recorded` value) and posts the fields. */
  async function record(path: string, fields: Record<string, string | string[]>, as = client): Promise<Page> {
    const page = await as.get(path);
    expect(page.status).toBe(200);
    const recorded = page.document.querySelector<HTMLInputElement>('input[name="recorded"]')?.value ?? '';
    return as.post(path, { recorded, ...fields });
  }

  async function childWithAppointment(given: string, family: string, startsAt = EARLIER_TODAY) {
    const { episodeId } = await acceptedChild(t.deps, { given, family });
    const appointment = await placeAppointment(t.deps, {
      episodeIds: [episodeId],
      clinicianIds: [clinician.id],
      startsAt,
    });
    return { episodeId, appointment, path: pathOf(appointment, episodeId) };
  }

  const placeRow = (appointmentId: string, episodeId: string) =>
    db()
      .selectFrom('appointment_children')
      .selectAll()
      .where('appointment_id', '=', appointmentId)
      .where('episode_id', '=', episodeId)
      .executeTakeFirstOrThrow();
  const tasksOf = (episodeId: string) =>
    db().selectFrom('tasks').selectAll().where('episode_id', '=', episodeId).orderBy('created_at').execute();
  const episodeRow = (episodeId: string) =>
    db().selectFrom('episodes').selectAll().where('id', '=', episodeId).executeTakeFirstOrThrow();

  it('shows the appointment with the child and the five outcomes in plain words', async () => {
    const { path } = await childWithAppointment('Ottilie', 'Brightwater');
    const page = await client.get(path);
    expect(page.status).toBe(200);
    expect(text(page.document.querySelector('h1'))).toBe('Record the outcome of the appointment');
    expect(text(page.document.querySelector('main'))).toContain('Ottilie Brightwater');
    expect(text(page.document.querySelector('main'))).toContain('09:00 on 7 December 2026');
    const options = [...page.document.querySelectorAll('input[name="outcome"]')].map((i) =>
      text(page.document.querySelector(`label[for="${i.id}"]`)),
    );
    expect(options).toEqual([
      'Attended',
      'Cancelled by the family',
      'Cancelled by the service',
      'Was Not Brought',
      'Could not be seen',
    ]);
    expect(page.body.toLowerCase()).not.toContain('did not attend');
    expect(page.body.toLowerCase()).not.toContain('discharge');
  });

  it.each([
    ['attended', '', null],
    ['cancelled-by-service', '', null],
    ['could-not-be-seen', 'Unwell with a temperature on arrival.', 'Unwell with a temperature on arrival.'],
    ['cancelled-by-family', '', null],
  ])('records %s, confirms it, and leaves the episode open with no task', async (outcome, note, stored) => {
    const { episodeId, appointment, path } = await childWithAppointment('Rowan', `Outcome-${outcome}`);
    const before = await lastAuditId(t.deps);
    const posted = await record(path, { outcome, note });
    expect(posted.status, errorSummary(posted).join('; ')).toBe(303);
    expect(posted.location).toBe(`${path}?recorded=1`);
    const confirmation = await client.follow(posted);
    expect(text(confirmation.document.querySelector('.nhsuk-notification-banner'))).toContain('Outcome recorded');
    expect(confirmation.document.querySelector('form input[name="outcome"]')).toBeNull();

    const row = await placeRow(appointment.appointmentId, episodeId);
    expect(row).toMatchObject({ outcome, outcome_note: stored, outcome_by: clinician.id, late_cancellation: 0 });
    expect(await tasksOf(episodeId)).toEqual([]);
    expect(await episodeRow(episodeId)).toMatchObject({ status: 'open', closed_at: null });

    const events = await auditRows(t.deps, { action: 'appointment.outcome-recorded', afterId: before });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ subject_type: 'appointment', subject_id: appointment.appointmentId });
    expect(JSON.stringify(events[0])).not.toContain('Rowan');
  });

  it('makes a Was Not Brought task for the clinician, due in two working days, linked from the confirmation', async () => {
    const { episodeId, appointment, path } = await childWithAppointment('Wren', 'Notbrought');
    const posted = await record(path, { outcome: 'was-not-brought', note: 'No answer at the door; phone off.' });
    expect(posted.status, errorSummary(posted).join('; ')).toBe(303);

    const tasks = await tasksOf(episodeId);
    expect(tasks).toHaveLength(1);
    const task = tasks[0]!;
    expect(task).toMatchObject({
      kind: 'was-not-brought',
      assigned_user_id: clinician.id,
      assigned_role: null,
      appointment_id: appointment.appointmentId,
      status: 'open',
      // Monday 7 December: two working days on is Wednesday 9 December.
      due_on: '2026-12-09',
    });
    const detail = JSON.parse(task.detail) as Record<string, unknown>;
    expect(detail.ask).toMatch(/impact on the child.*contact the family.*record what was done/u);
    expect(detail.reference).toBe(appointment.reference);
    expect(task.detail).not.toContain('Wren');

    const confirmation = await client.follow(posted);
    const banner = text(confirmation.document.querySelector('.nhsuk-notification-banner'));
    expect(banner).toContain('Outcome recorded: Was Not Brought.');
    expect(banner).toContain('A follow-up task has been made');
    const link = confirmation.screen.getByRole('link', { name: 'Open the follow-up task' });
    expect(link.getAttribute('href')).toBe(paths.tasks.task.build({ taskId: task.id }));
    // One Was Not Brought is not a flag.
    expect(tasks.filter((x) => x.kind === 'safeguarding-flag')).toEqual([]);
    expect(await episodeRow(episodeId)).toMatchObject({ status: 'open', closed_at: null });
  });

  it('gives the task to the child’s lead clinician at a joint visit, whoever is named first', async () => {
    const { episodeId } = await acceptedChild(t.deps, { given: 'Juniper', family: 'Jointvisit' });
    // The colleague's appointment first makes them the lead; then a joint visit with both.
    await placeAppointment(t.deps, { episodeIds: [episodeId], clinicianIds: [colleague.id], startsAt: LAST_WEEK });
    const joint = await placeAppointment(t.deps, {
      episodeIds: [episodeId],
      clinicianIds: [clinician.id, colleague.id],
      startsAt: EARLIER_TODAY,
      type: 'joint-visit',
    });
    const posted = await record(pathOf(joint, episodeId), { outcome: 'was-not-brought', note: 'Not at home.' });
    expect(posted.status).toBe(303);
    const [task] = await tasksOf(episodeId);
    expect(task?.assigned_user_id).toBe(colleague.id);
  });

  it('flags two Was Not Brought in a row for the safeguarding lead once, and never closes the episode', async () => {
    const { episodeId } = await acceptedChild(t.deps, { given: 'Saffi', family: 'Twiceflagged' });
    const first = await placeAppointment(t.deps, {
      episodeIds: [episodeId],
      clinicianIds: [clinician.id],
      startsAt: LAST_WEEK,
    });
    const second = await placeAppointment(t.deps, {
      episodeIds: [episodeId],
      clinicianIds: [clinician.id],
      startsAt: EARLIER_TODAY,
    });
    const third = await placeAppointment(t.deps, {
      episodeIds: [episodeId],
      clinicianIds: [clinician.id],
      startsAt: '2026-12-07T09:45:00Z',
    });
    expect((await record(pathOf(first, episodeId), { outcome: 'was-not-brought', note: 'No one came.' })).status).toBe(
      303,
    );
    expect((await tasksOf(episodeId)).map((x) => x.kind)).toEqual(['was-not-brought']);

    const posted = await record(pathOf(second, episodeId), { outcome: 'was-not-brought', note: 'No one came again.' });
    expect(posted.status).toBe(303);
    const confirmation = await client.follow(posted);
    expect(text(confirmation.document.querySelector('.nhsuk-notification-banner'))).toContain(
      'The safeguarding lead has been told',
    );
    let tasks = await tasksOf(episodeId);
    const flags = tasks.filter((x) => x.kind === 'safeguarding-flag');
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ assigned_role: 'safeguarding-lead', assigned_user_id: null, status: 'open' });
    const detail = JSON.parse(flags[0]!.detail) as { text: string; appointments: { reference: string }[] };
    expect(detail.text).toBe('Was Not Brought to 2 appointments in a row');
    expect(detail.appointments.map((a) => a.reference)).toEqual([first.reference, second.reference]);

    // A third while the flag is open: its own follow-up task, but no second flag.
    expect((await record(pathOf(third, episodeId), { outcome: 'was-not-brought', note: 'Again.' })).status).toBe(303);
    tasks = await tasksOf(episodeId);
    expect(tasks.filter((x) => x.kind === 'safeguarding-flag')).toHaveLength(1);
    expect(tasks.filter((x) => x.kind === 'was-not-brought')).toHaveLength(3);
    expect(await episodeRow(episodeId)).toMatchObject({ status: 'open', closed_at: null, closed_reason: null });

    // The safeguarding lead's page lists the flag with the child, the reason, the appointments and the task.
    const leadClient = new TestClient(t.app);
    await signIn(leadClient, lead);
    const before = await lastAuditId(t.deps);
    const page = await leadClient.get(paths.safeguarding.flags.build());
    expect(page.status).toBe(200);
    const row = tableRows(page, /^Open safeguarding flags/u).find((r) => r.Child === 'Saffi Twiceflagged');
    expect(row?.Reason).toBe('Was Not Brought to 2 appointments in a row');
    expect(row?.Appointments).toContain(`${first.reference}, 10:00 on 30 November 2026`);
    expect(row?.Appointments).toContain(`${second.reference}, 09:00 on 7 December 2026`);
    const link = page.document.querySelector(`a[href="${paths.tasks.task.build({ taskId: flags[0]!.id })}"]`);
    expect(text(link)).toBe('Open the task for Saffi Twiceflagged');
    expect(await auditRows(t.deps, { action: 'safeguarding.flags-viewed', afterId: before })).toHaveLength(1);
  });

  it('does not flag two Was Not Brought with an attended appointment between them', async () => {
    const { episodeId } = await acceptedChild(t.deps, { given: 'Bea', family: 'Between' });
    const at = ['2026-11-23T10:00:00Z', LAST_WEEK, EARLIER_TODAY];
    const outcomes = ['was-not-brought', 'attended', 'was-not-brought'];
    for (const [i, startsAt] of at.entries()) {
      const placed = await placeAppointment(t.deps, {
        episodeIds: [episodeId],
        clinicianIds: [clinician.id],
        startsAt,
      });
      const posted = await record(pathOf(placed, episodeId), { outcome: outcomes[i]!, note: 'Noted.' });
      expect(posted.status).toBe(303);
    }
    expect((await tasksOf(episodeId)).map((x) => x.kind)).toEqual(['was-not-brought', 'was-not-brought']);
  });

  it('flags a pattern of late cancellations by the family (three in 26 weeks)', async () => {
    const { episodeId } = await acceptedChild(t.deps, { given: 'Lark', family: 'Latecancel' });
    const times = ['2026-10-05T10:00:00Z', '2026-11-02T10:00:00Z', LAST_WEEK];
    for (const [i, startsAt] of times.entries()) {
      const placed = await placeAppointment(t.deps, {
        episodeIds: [episodeId],
        clinicianIds: [clinician.id],
        startsAt,
      });
      const posted = await record(pathOf(placed, episodeId), { outcome: 'cancelled-by-family', late: 'yes' });
      expect(posted.status, errorSummary(posted).join('; ')).toBe(303);
      expect(await placeRow(placed.appointmentId, episodeId)).toMatchObject({ late_cancellation: 1 });
      const flags = (await tasksOf(episodeId)).filter((x) => x.kind === 'safeguarding-flag');
      expect(flags).toHaveLength(i < 2 ? 0 : 1);
    }
    const [flag] = (await tasksOf(episodeId)).filter((x) => x.kind === 'safeguarding-flag');
    expect(JSON.parse(flag!.detail)).toMatchObject({
      reason: 'late-cancellations',
      text: '3 late cancellations by the family in the last 26 weeks',
    });
    // No Was Not Brought task for cancellations, and the child stays on the caseload.
    expect((await tasksOf(episodeId)).map((x) => x.kind)).toEqual(['safeguarding-flag']);
    expect(await episodeRow(episodeId)).toMatchObject({ status: 'open' });
  });

  it('refuses an outcome before the appointment has started, then takes it from the minute it starts', async () => {
    const startsAt = '2026-12-07T10:30:00Z';
    const { episodeId, appointment, path } = await childWithAppointment('Early', 'Bird', startsAt);
    const page = await client.get(path);
    expect(page.status).toBe(200);
    expect(text(page.document.querySelector('main'))).toContain(
      'This appointment has not started yet. You can record what happened from 10:30 on 7 December 2026.',
    );
    expect(page.document.querySelector('input[name="outcome"]')).toBeNull();
    const refused = await client.post(path, { recorded: '', outcome: 'was-not-brought', note: 'Too soon.' });
    expect(refused.status).toBe(409);
    expect(text(refused.document.querySelector('main'))).toContain('has not started yet');
    expect(await placeRow(appointment.appointmentId, episodeId)).toMatchObject({ outcome: null });
    expect(await tasksOf(episodeId)).toEqual([]);

    clock.set(new Date(startsAt));
    try {
      const posted = await record(path, { outcome: 'attended' });
      expect(posted.status).toBe(303);
    } finally {
      clock.set(NOW);
    }
  });

  it('keeps the first outcome and asks for a reason to change it; the audit trail keeps both', async () => {
    const { episodeId, appointment, path } = await childWithAppointment('Corrie', 'Changed');
    const before = await lastAuditId(t.deps);
    expect((await record(path, { outcome: 'attended' })).status).toBe(303);
    const first = await placeRow(appointment.appointmentId, episodeId);

    // Posted from a page drawn before it was recorded: refused, with the outcome as it is now.
    const stale = await client.post(path, { recorded: '', outcome: 'was-not-brought', note: 'Not here.' });
    expect(stale.status).toBe(409);
    expect(text(stale.document.querySelector('main'))).toContain('Someone else recorded an outcome');

    const page = await client.get(path);
    expect(text(page.document.querySelector('h1'))).toBe('Change the outcome of the appointment');
    const noReason = await client.post(path, {
      recorded: first.outcome_at!,
      outcome: 'was-not-brought',
      note: 'Mixed up with another child.',
      reason: '',
    });
    expect(noReason.status).toBe(400);
    expect(errorSummary(noReason)).toEqual(['Give the reason for changing the outcome already recorded']);

    const changed = await client.post(path, {
      recorded: first.outcome_at!,
      outcome: 'was-not-brought',
      note: 'The child was not brought.',
      reason: 'Recorded against the wrong child.',
    });
    expect(changed.status, errorSummary(changed).join('; ')).toBe(303);
    const row = await placeRow(appointment.appointmentId, episodeId);
    expect(row.outcome).toBe('was-not-brought');
    expect(row.outcome_note).toContain('Changed from "Attended": Recorded against the wrong child.');
    expect((await tasksOf(episodeId)).map((x) => x.kind)).toEqual(['was-not-brought']);
    const events = await auditRows(t.deps, { action: 'appointment.outcome-recorded', afterId: before });
    const details = events.filter((e) => e.outcome === 'success').map((e) => JSON.parse(String(e.detail)) as object);
    expect(details).toEqual([
      expect.objectContaining({ outcome: 'attended' }),
      expect.objectContaining({ outcome: 'was-not-brought', replaced: 'attended' }),
    ]);
  });

  it('gives exactly one outcome when two people record at once, and one follow-up task', async () => {
    const { episodeId, appointment } = await childWithAppointment('Racing', 'Recorders');
    const ctx = (user: CreatedStaff) => ({
      serviceId: LLR,
      actorUserId: user.id,
      actorRoles: ['clinician' as const],
      ip: null,
      correlationId: `race-${user.id}`,
      recorded: new Set<never>(),
    });
    const entry = { outcome: 'was-not-brought' as const, note: 'Not brought.', late: false, reason: '' };
    const results = await Promise.all(
      [clinician, colleague].map((who) =>
        t.deps.outcomes.record(ctx(who), LLR, appointment.appointmentId, episodeId, entry, null),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.flatMap((r) => (r.ok ? [] : [r.problem.code]))).toEqual(['conflict']);
    expect((await tasksOf(episodeId)).map((x) => x.kind)).toEqual(['was-not-brought']);
  });
});
