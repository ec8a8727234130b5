import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemContext } from '../../src/services/shared/context.js';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, fieldError, text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

const INVITED_HERE = 'This email address already has an invitation to this service. Send it again or edit the person.';
const MEMBER_HERE = 'This email address already belongs to a member of staff in this service. Edit the person instead.';
const ELSEWHERE = 'This email address already has an Otway account. Give them a role in this service instead.';

describeEachDialect('inviting an address that already has an account or an invitation', (dialect) => {
  let t: TestApp;
  let admin: CreatedStaff;
  let client: TestClient;
  beforeAll(async () => {
    t = await createTestApp(dialect, { twoServices: true });
    admin = await aStaffMember().called('Ada Admin').withRoles('admin').create(t.deps);
    client = new TestClient(t.app);
    await signIn(client, admin);
  });
  afterAll(async () => {
    await t.close();
  });

  const db = () => t.deps.database.db;

  async function invite(fields: Record<string, string | string[]>): Promise<Page> {
    await client.get(paths.admin.invite.build());
    return client.post(paths.admin.invite.build(), fields);
  }

  /** Everything an invitation could change about a person: name, status, roles in each service, their links. */
  async function stateOf(userId: string) {
    const user = await db()
      .selectFrom('users')
      .select(['display_name', 'status', 'version'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    const roles = await db()
      .selectFrom('user_roles')
      .select(['service_id', 'role'])
      .where('user_id', '=', userId)
      .orderBy('service_id')
      .orderBy('role')
      .execute();
    const tokens = await db()
      .selectFrom('account_tokens')
      .select(['token_hash', 'used_at'])
      .where('user_id', '=', userId)
      .orderBy('token_hash')
      .execute();
    return { ...user, roles: roles.map((r) => `${r.service_id}:${r.role}`), tokens };
  }

  /** The one-time link a page shows, as a path. */
  const linkOn = (page: Page) => new URL(text(page.screen.getByText(/\/activate\//u))).pathname;

  /** The "who it is" summary on the refused invite page, as { key: value }. */
  function whoItIs(page: Page): Record<string, string> {
    const rows = [...page.document.querySelectorAll('.nhsuk-summary-list__row')];
    return Object.fromEntries(
      rows.map((r) => [
        text(r.querySelector('.nhsuk-summary-list__key')),
        text(r.querySelector('.nhsuk-summary-list__value')),
      ]),
    );
  }

  it('does not replace an open invitation: it says who it is, and can send the same invitation again with a new link', async () => {
    const first = await invite({ displayName: 'Ivy Invited', email: 'ivy.invited@nhs.test', roles: 'clinician' });
    expect(first.status).toBe(200);
    const firstLink = linkOn(first);
    const { id } = await db()
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'ivy.invited@nhs.test')
      .executeTakeFirstOrThrow();
    const before = await stateOf(id);

    const since = await lastAuditId(t.deps);
    const again = await invite({
      displayName: 'Somebody Else',
      email: ' IVY.Invited@nhs.test ',
      roles: ['admin', 'auditor'],
    });
    expect(again.status).toBe(409);
    expect(errorSummary(again)).toEqual([INVITED_HERE]);
    expect(fieldError(again, 'Email address')).toBe(INVITED_HERE);
    expect(whoItIs(again)).toMatchObject({
      Name: 'Ivy Invited',
      'Email address': 'ivy.invited@nhs.test',
      Status: 'Invited',
      'Roles in this service': 'Clinician',
    });
    expect(again.screen.getByRole('link', { name: 'Edit this person' }).getAttribute('href')).toBe(
      paths.admin.user.build({ userId: id }),
    );
    // Nothing changed: the roles, the name and the first link are as they were, and the first link still works.
    expect(await stateOf(id)).toEqual(before);
    expect((await new TestClient(t.app).get(firstLink)).status).toBe(200);
    const [refused] = await auditRows(t.deps, { action: 'user.invited', afterId: since });
    expect(refused).toMatchObject({ outcome: 'failure', subject_id: id, actor_user_id: admin.id, service_id: LLR });

    // Sending it again, without a CSRF token, is refused and changes nothing.
    const resendPath = paths.admin.resendInvitation.build({ userId: id });
    expect((await client.post(resendPath, {}, { csrf: null })).status).toBe(403);
    expect(await stateOf(id)).toEqual(before);

    const resent = await client.post(resendPath, {});
    expect(resent.status).toBe(200);
    expect(resent.screen.getByRole('heading', { name: /New invitation link created/u })).toBeTruthy();
    expect(text(resent.document.querySelector('.nhsuk-panel'))).toContain('Ivy Invited (ivy.invited@nhs.test)');
    const newLink = linkOn(resent);
    expect(newLink).not.toBe(firstLink);
    expect((await new TestClient(t.app).get(firstLink)).status).toBe(410);
    const setUp = await new TestClient(t.app).get(newLink);
    expect(setUp.status).toBe(200);
    expect(setUp.body).toContain('Ivy Invited');
    const after = await stateOf(id);
    expect({ name: after.display_name, status: after.status, roles: after.roles }).toEqual({
      name: 'Ivy Invited',
      status: 'invited',
      roles: [`${LLR}:clinician`],
    });
    const [event] = await auditRows(t.deps, { action: 'user.invitation-resent', afterId: since });
    expect(event).toMatchObject({ outcome: 'success', subject_id: id, actor_user_id: admin.id, service_id: LLR });

    // Their page offers the same.
    const page = await client.get(paths.admin.user.build({ userId: id }));
    expect(page.screen.getByRole('button', { name: 'Send the invitation again' })).toBeTruthy();
  });

  it('refuses a member of this service, active or disabled, and sends the admin to their page; their name stays', async () => {
    for (const builder of [
      aStaffMember()
        .called('Rita Regular')
        .withEmail('rita.regular@nhs.test')
        .withRoles('clinician', 'triage-clinician'),
      aStaffMember().called('Dan Disabled').withEmail('dan.disabled@nhs.test').withRoles('clinician').disabled(),
    ]) {
      const person = await builder.create(t.deps);
      const before = await stateOf(person.id);
      const page = await invite({ displayName: 'New Name', email: person.email.toUpperCase(), roles: 'admin' });
      expect(page.status).toBe(409);
      expect(errorSummary(page)).toEqual([MEMBER_HERE]);
      expect(fieldError(page, 'Email address')).toBe(MEMBER_HERE);
      expect(page.screen.getByLabelText<HTMLInputElement>('Full name').value).toBe('New Name');
      expect(whoItIs(page)).toMatchObject({ Name: person.displayName });
      expect(page.screen.getByRole('link', { name: 'Edit this person' }).getAttribute('href')).toBe(
        paths.admin.user.build({ userId: person.id }),
      );
      expect(page.screen.queryByRole('button', { name: 'Send the invitation again' })).toBeNull();
      expect(await stateOf(person.id)).toEqual(before);
    }
    const disabled = await invite({ displayName: 'X', email: 'dan.disabled@nhs.test', roles: 'admin' });
    expect(whoItIs(disabled)).toMatchObject({ Status: 'Disabled', 'Roles in this service': 'Clinician' });
    const active = await invite({ displayName: 'X', email: 'rita.regular@nhs.test', roles: 'admin' });
    expect(whoItIs(active)).toMatchObject({ Status: 'Active', 'Roles in this service': 'Clinician, Triage clinician' });

    // Sending an invitation again to someone who has set up their account is refused, and changes nothing.
    const rita = await db()
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'rita.regular@nhs.test')
      .executeTakeFirstOrThrow();
    const before = await stateOf(rita.id);
    await client.get(paths.admin.user.build({ userId: rita.id }));
    const resend = await client.post(paths.admin.resendInvitation.build({ userId: rita.id }), {});
    expect(resend.status).toBe(409);
    expect(await stateOf(rita.id)).toEqual(before);
  });

  it('gives someone with an account in another service a role here from their page, not a second invitation', async () => {
    const physio = await aStaffMember()
      .called('Phyllis Physio')
      .withEmail('phyllis.physio@nhs.test')
      .inService(SECOND_SERVICE, 'clinician', 'admin')
      .create(t.deps);
    const before = await stateOf(physio.id);
    const page = await invite({ displayName: 'Phil Someone', email: 'phyllis.physio@nhs.test', roles: 'clinician' });
    expect(page.status).toBe(409);
    expect(errorSummary(page)).toEqual([ELSEWHERE]);
    expect(whoItIs(page)).toMatchObject({ Name: 'Phyllis Physio', Status: 'Active', 'Roles in this service': 'None' });
    expect(page.screen.queryByRole('link', { name: 'Edit this person' })).toBeNull();
    expect(await stateOf(physio.id)).toEqual(before);

    const addHref = page.screen.getByRole('link', { name: 'Give them a role in this service' }).getAttribute('href')!;
    expect(addHref).toBe(paths.admin.addToService.build({ userId: physio.id }));
    const form = await client.get(addHref);
    expect(form.status).toBe(200);
    expect(form.screen.getByRole('heading', { level: 1 }).textContent).toContain('Phyllis Physio');

    const empty = await client.post(addHref, {});
    expect(empty.status).toBe(400);
    expect(errorSummary(empty)).toEqual(['Select at least one role']);
    expect((await client.post(addHref, { roles: 'clinician' }, { csrf: null })).status).toBe(403);
    expect(await stateOf(physio.id)).toEqual(before);

    const since = await lastAuditId(t.deps);
    const added = await client.post(addHref, { roles: ['clinician', 'triage-clinician'] });
    expect(added.status).toBe(303);
    const theirPage = await client.follow(added);
    expect(theirPage.screen.getByRole('heading', { level: 1, name: 'Phyllis Physio' })).toBeTruthy();
    expect(theirPage.screen.getByText('They now have the roles you chose in this service.')).toBeTruthy();
    const after = await stateOf(physio.id);
    expect(after.display_name).toBe('Phyllis Physio');
    expect(after.roles).toEqual([
      `${LLR}:clinician`,
      `${LLR}:triage-clinician`,
      `${SECOND_SERVICE}:admin`,
      `${SECOND_SERVICE}:clinician`,
    ]);
    expect(after.tokens).toEqual(before.tokens);
    const [event] = await auditRows(t.deps, { action: 'user.added-to-service', afterId: since });
    expect(event).toMatchObject({
      outcome: 'success',
      subject_id: physio.id,
      actor_user_id: admin.id,
      service_id: LLR,
    });

    // Once a member, the page to add them sends the admin to their own page, and adding again changes nothing.
    const later = await client.get(addHref);
    expect(later.status).toBe(303);
    expect(later.location).toBe(paths.admin.user.build({ userId: physio.id }));
    const twice = await client.post(addHref, { roles: 'admin' });
    expect(twice.status).toBe(409);
    expect((await stateOf(physio.id)).roles).toEqual(after.roles);
  });

  it('answers 404 for a person who does not exist', async () => {
    const nobody = '00000000-0000-4000-8000-000000000000';
    await client.get(paths.admin.users.build());
    expect((await client.get(paths.admin.addToService.build({ userId: nobody }))).status).toBe(404);
    expect((await client.post(paths.admin.resendInvitation.build({ userId: nobody }), {})).status).toBe(404);
  });
});

describeEachDialect('two invitations of one new address at once', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates one account and one link; the other is told who has the address, not an error', async () => {
    const ctx = { ...systemContext('invite-race'), serviceId: LLR };
    const input = (displayName: string) => ({
      email: 'both.at.once@nhs.test',
      displayName,
      roles: ['clinician' as const],
    });
    const results = await Promise.all([
      t.deps.accounts.invite(ctx, input('First Name')),
      t.deps.accounts.invite(ctx, input('Second Name')),
    ]);
    expect(results.filter((r) => r.link !== null)).toHaveLength(1);
    const refused = results.find((r) => r.existing !== null);
    expect(refused?.existing).toMatchObject({ status: 'invited', rolesHere: ['clinician'], invitation: 'open' });
    const users = await t.deps.database.db
      .selectFrom('users')
      .select('display_name')
      .where('email', '=', 'both.at.once@nhs.test')
      .execute();
    expect(users).toHaveLength(1);
  });
});
