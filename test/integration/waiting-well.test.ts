/**
 * Waiting well (docs/adr/0038) on each database: the job writes to a waiting family on schedule (nothing before the
 * interval, one contact at it, the next one interval later; two passes at once write one contact), with the child's
 * first name only, their place in plain words and the strategies for their difficulties, and, with consent, to the
 * school without a link. Hazard "child lost from the waiting list": two contacts left unanswered raise one task for a
 * clinician to validate, and nothing ever takes the child off the list on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEpisode, findEpisodeOfReferral, type EpisodeRecord } from '../../src/data/care/episodes.repository.js';
import { auditRows } from '../support/audit.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { aReferral } from '../support/factories.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

const DAY_MS = 86_400_000;
/** Monday 7 December 2026: a referral accepted today waits from today; its first contact is due 12 weeks on. */
const START = new Date('2026-12-07T10:00:00Z');
const FIRST_DUE = '2027-03-01';

describeEachDialect('waiting-well contacts', (dialect) => {
  let t: TestApp;
  const time = movableClock(START);

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock });
  });
  afterAll(async () => {
    await t.close();
  });

  const db = () => t.deps.database.db;
  const episodeOf = async (referralId: string): Promise<EpisodeRecord> => {
    const found = await findEpisodeOfReferral(db(), LLR, referralId);
    if (found === undefined) throw new Error('no episode');
    return found;
  };
  const episodeById = async (episodeId: string): Promise<EpisodeRecord> => {
    const found = await findEpisode(db(), LLR, episodeId);
    if (found === undefined) throw new Error('no episode');
    return found;
  };
  const linksOf = (episodeId: string) =>
    db().selectFrom('family_links').selectAll().where('episode_id', '=', episodeId).orderBy('created_at').execute();
  const messagesAbout = (linkIds: string[]) =>
    linkIds.length === 0
      ? Promise.resolve([])
      : db()
          .selectFrom('outbox_messages')
          .selectAll()
          .where('subject_id', 'in', linkIds)
          .orderBy('created_at')
          .execute();
  const tasksOf = (episodeId: string) =>
    db().selectFrom('tasks').selectAll().where('episode_id', '=', episodeId).orderBy('created_at').execute();
  const contactAudits = async (episodeId: string) =>
    (await auditRows(t.deps, { action: 'waiting-well.contact-sent' })).filter((r) => r.subject_id === episodeId);

  /** A family who gave an e-mail address, accepted today (the clock set back to START first). */
  async function waitingChild(options: Parameters<typeof aReferral>[0] = {}, from?: 'education-staff') {
    time.set(START);
    const factory = aReferral({ familyEmail: 'grace.ndiaye@example.test', ...options });
    if (from !== undefined) factory.from(from);
    const referral = await factory.accepted().create(t.deps);
    return episodeOf(referral.id);
  }

  it('writes nothing before the interval, one contact on the day it is due, and the next one interval later', async () => {
    const episode = await waitingChild({
      childGivenName: 'Ava',
      childFamilyName: 'Okonkwo',
      difficulties: ['movement'],
    });
    expect(episode.nextContactOn).toBe(FIRST_DUE);

    await t.deps.waitingWell.sendDueContacts();
    time.set(new Date('2027-02-28T23:30:00Z')); // 23:30 on 28 February in London: the day before.
    await t.deps.waitingWell.sendDueContacts();
    expect(await linksOf(episode.id)).toHaveLength(0);

    time.set(new Date('2027-03-01T00:30:00Z')); // Just after midnight in London on the day it is due.
    await t.deps.waitingWell.sendDueContacts();
    await t.deps.waitingWell.sendDueContacts();
    const links = await linksOf(episode.id);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ purpose: 'waiting-well', used_at: null, token_hash: null });
    // The link lasts 28 days, to the end of 29 March in London (01:00 is 00:00 BST after the clocks go forward).
    expect(links[0]?.expires_at).toBe('2027-03-29T23:00:00.000Z');

    const [message] = await messagesAbout(links.map((l) => l.id));
    expect(message).toMatchObject({
      template: 'waiting-well-contact',
      channel: 'email',
      recipient: 'grace.ndiaye@example.test',
      subject_type: 'family-link',
    });
    const personalisation = JSON.parse(message!.personalisation) as Record<string, string>;
    expect(personalisation.child_first_name).toBe('Ava');
    expect(personalisation.place_on_list).toBe(
      'Ava has been waiting 12 weeks. We aim to see children with routine needs within 18 weeks.',
    );
    // Strategies for movement, then the ones for any child; none for difficulties the child does not have.
    expect(personalisation.strategies).toContain('Short, daily play for coordination');
    expect(personalisation.strategies).toContain('Making writing and cutting easier');
    expect(personalisation.strategies).toContain('If things change while you wait');
    expect(personalisation.strategies).not.toContain('Predictable routines and calm spaces');
    expect(personalisation.link).toBe('http://localhost:3000/your-child/waiting-list/•••••••');
    expect(personalisation.answer_by).toBe('29 March 2027');
    // The child's first name only: no family name, no address, in the message or its audit event.
    expect(message!.personalisation).not.toContain('Okonkwo');
    expect(message!.personalisation).not.toContain('Granby');
    const [audit] = await contactAudits(episode.id);
    expect(audit).toMatchObject({ actor_user_id: null, service_id: LLR });
    expect(audit!.detail).not.toContain('Ava');

    const moved = await episodeById(episode.id);
    expect(moved.nextContactOn).toBe('2027-05-24');
    expect(moved.status).toBe('waiting');

    time.set(new Date('2027-05-23T12:00:00Z'));
    await t.deps.waitingWell.sendDueContacts();
    expect(await linksOf(episode.id)).toHaveLength(1);
    time.set(new Date('2027-05-24T09:00:00Z'));
    await t.deps.waitingWell.sendDueContacts();
    expect(await linksOf(episode.id)).toHaveLength(2);
    expect((await episodeById(episode.id)).nextContactOn).toBe('2027-08-16');
  });

  it('writes one contact when two passes run at once', async () => {
    const episode = await waitingChild({ childGivenName: 'Noor' });
    time.set(new Date('2027-03-01T10:00:00Z'));
    const [a, b] = await Promise.all([t.deps.waitingWell.sendDueContacts(), t.deps.waitingWell.sendDueContacts()]);
    expect(a.failed + b.failed).toBe(0);
    const links = await linksOf(episode.id);
    expect(links).toHaveLength(1);
    expect(await messagesAbout(links.map((l) => l.id))).toHaveLength(1);
    expect(await contactAudits(episode.id)).toHaveLength(1);
    expect((await episodeById(episode.id)).version).toBe(episode.version + 1);
  });

  it('writes to the school, with the family’s consent, without a link', async () => {
    const episode = await waitingChild({ childGivenName: 'Zara', childFamilyName: 'Begum' }, 'education-staff');
    time.set(new Date('2027-03-01T10:00:00Z'));
    await t.deps.waitingWell.sendDueContacts();
    const school = await db()
      .selectFrom('outbox_messages')
      .selectAll()
      .where('template', '=', 'waiting-well-school')
      .where('subject_id', '=', episode.id)
      .execute();
    expect(school).toHaveLength(1);
    expect(school[0]).toMatchObject({ recipient: 'sam.okafor@nhs.test', channel: 'email', subject_type: 'episode' });
    expect(school[0]!.personalisation).not.toContain('•••');
    expect(school[0]!.personalisation).not.toContain('Begum');
    expect(JSON.parse(school[0]!.personalisation)).toMatchObject({ child_first_name: 'Zara' });
  });

  it('sends a text with the link to a family with a mobile number and no e-mail address', async () => {
    const episode = await waitingChild({ familyEmail: '', childGivenName: 'Leo' });
    time.set(new Date('2027-03-01T10:00:00Z'));
    await t.deps.waitingWell.sendDueContacts();
    const links = await linksOf(episode.id);
    const [message] = await messagesAbout(links.map((l) => l.id));
    expect(message).toMatchObject({ template: 'waiting-well-check-in', channel: 'sms', recipient: '07700900982' });
  });

  it('asks a clinician at once about a family with neither an e-mail address nor a mobile number', async () => {
    time.set(START);
    const referral = await aReferral({
      childGivenName: 'Ivy',
      override: {
        'parental-responsibility': {
          parent1Name: 'Grace Ndiaye',
          parent1Relationship: 'Mother',
          parent1Phone: '0116 295 0000',
          parent1Email: '',
        },
      },
    })
      .accepted()
      .create(t.deps);
    const episode = await episodeOf(referral.id);
    time.set(new Date('2027-03-01T10:00:00Z'));
    await t.deps.waitingWell.sendDueContacts();
    expect(await linksOf(episode.id)).toHaveLength(0);
    const tasks = await tasksOf(episode.id);
    expect(tasks.map((task) => task.kind)).toEqual(['waiting-well-unanswered']);
    expect(JSON.parse(tasks[0]!.detail)).toMatchObject({ reason: 'no-email-or-mobile' });
    expect((await episodeById(episode.id)).status).toBe('waiting');
  });

  describe('contacts left unanswered', () => {
    it('flags the child for a clinician after two unanswered contacts, once, and never removes them', async () => {
      const episode = await waitingChild({ childGivenName: 'Mia' });
      const due = ['2027-03-01', '2027-05-24', '2027-08-16', '2027-11-08'];
      const seen: { unanswered: number; tasks: string[] }[] = [];
      for (const day of due) {
        time.set(new Date(`${day}T12:00:00Z`));
        await t.deps.waitingWell.sendDueContacts();
        const now = await episodeById(episode.id);
        seen.push({
          unanswered: now.unansweredContacts,
          tasks: (await tasksOf(episode.id)).map((task) => `${task.kind}:${task.status}`),
        });
      }
      expect(seen).toEqual([
        { unanswered: 0, tasks: [] },
        { unanswered: 1, tasks: [] },
        { unanswered: 2, tasks: ['waiting-well-unanswered:open'] },
        // Still no answer: the count goes on, but one open task is enough.
        { unanswered: 3, tasks: ['waiting-well-unanswered:open'] },
      ]);
      const [task] = await tasksOf(episode.id);
      expect(task).toMatchObject({ assigned_role: 'triage-clinician', assigned_user_id: null });
      const after = await episodeById(episode.id);
      expect(after).toMatchObject({ status: 'waiting', closedAt: null, closedReason: null });
      expect(await linksOf(episode.id)).toHaveLength(4);
    });
  });

  it('catches up with one contact, not one per missed interval, after the job has not run for months', async () => {
    const episode = await waitingChild({ childGivenName: 'Kai' });
    time.set(new Date('2027-09-01T10:00:00Z'));
    time.advance(DAY_MS);
    await t.deps.waitingWell.sendDueContacts();
    await t.deps.waitingWell.sendDueContacts();
    expect(await linksOf(episode.id)).toHaveLength(1);
    expect((await episodeById(episode.id)).nextContactOn).toBe('2027-11-08');
  });

  it('leaves a child who is no longer waiting alone', async () => {
    time.set(START);
    const referral = await aReferral({ familyEmail: 'grace.ndiaye@example.test' })
      .accepted()
      .withdrawn()
      .create(t.deps);
    const episode = await episodeOf(referral.id);
    time.set(new Date('2027-03-01T10:00:00Z'));
    await t.deps.waitingWell.sendDueContacts();
    expect(await linksOf(episode.id)).toHaveLength(0);
  });

  it('is a registered job', () => {
    expect(t.deps.jobs.names()).toContain('waiting-well-contacts');
  });
});
