import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { auditRows } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, fieldError } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

const NEW_PASSWORD = 'violet kettle harbour';

describeEachDialect('inviting a member of staff', (dialect) => {
  let t: TestApp;
  let admin: CreatedStaff;
  let client: TestClient;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await aStaffMember().called('Ada Admin').withRoles('admin').create(t.deps);
    client = new TestClient(t.app);
    await signIn(client, admin);
  });
  afterAll(async () => {
    await t.close();
  });

  async function invite(fields: Record<string, string | string[]>): Promise<Page> {
    const form = await client.get(paths.admin.invite.build());
    expect(form.screen.getByRole('heading', { level: 1, name: 'Invite a member of staff' })).toBeTruthy();
    expect(form.screen.getByLabelText('Full name')).toBeTruthy();
    expect(form.screen.getByLabelText('Email address')).toBeTruthy();
    expect(form.screen.getByRole('checkbox', { name: 'Clinician' })).toBeTruthy();
    return client.post(paths.admin.invite.build(), fields);
  }

  /** The one-time link the page shows, as a path. */
  function linkOn(page: Page): string {
    const shown = page.screen.getByText(/\/activate\//u).textContent.trim();
    const url = new URL(shown);
    expect(url.origin).toBe('http://localhost:3000');
    expect(url.pathname).toMatch(/^\/activate\/[A-Za-z0-9_-]{43}$/u);
    return url.pathname;
  }

  it('invites a person, who sets a password through the one-time link and signs in; the link then stops working', async () => {
    const invited = await invite({
      displayName: 'Nia Newstarter',
      email: 'Nia.Newstarter@NHS.test',
      roles: ['clinician', 'triage-clinician'],
    });
    expect(invited.status).toBe(200);
    expect(invited.screen.getByRole('heading', { name: /Invitation created/u })).toBeTruthy();
    const link = linkOn(invited);

    const member = await t.deps.database.db
      .selectFrom('users')
      .select(['id', 'status', 'email', 'password_hash'])
      .where('email', '=', 'nia.newstarter@nhs.test')
      .executeTakeFirstOrThrow();
    expect(member).toMatchObject({ status: 'invited', password_hash: null });
    const [inviteEvent] = await auditRows(t.deps, { action: 'user.invited', actorUserId: admin.id });
    expect(inviteEvent).toMatchObject({ subject_id: member.id, service_id: LLR, actor_roles: 'admin' });

    const person = new TestClient(t.app);
    const setUp = await person.get(link);
    expect(setUp.status).toBe(200);
    expect(setUp.screen.getByRole('heading', { level: 1, name: 'Set up your account' })).toBeTruthy();
    expect(setUp.body).toContain('Nia Newstarter');

    const attempts: [Record<string, string>, string, string][] = [
      [{ password: 'short1', confirmPassword: 'short1' }, 'Create a password', 'Password must be 8 characters or more'],
      [
        { password: 'password123', confirmPassword: 'password123' },
        'Create a password',
        'Password is too common. Choose a password that would be hard to guess, such as 3 random words',
      ],
      [{ password: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}!` }, 'Confirm password', 'Passwords do not match'],
      [
        { password: 'nia newstarter 1', confirmPassword: 'nia newstarter 1' },
        'Create a password',
        'Password must not contain your name or email address',
      ],
      [{ password: '', confirmPassword: '' }, 'Create a password', 'Enter a password'],
    ];
    for (const [fields, label, message] of attempts) {
      const page = await person.post(link, fields);
      expect({ status: page.status, summary: errorSummary(page), field: fieldError(page, label) }).toEqual({
        status: 400,
        summary: [message],
        field: message,
      });
    }
    expect(
      (
        await t.deps.database.db
          .selectFrom('users')
          .select('status')
          .where('id', '=', member.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('invited');

    const done = await person.post(link, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${paths.signIn.build()}?activated=1`);
    const home = await signIn(person, { email: 'nia.newstarter@nhs.test', password: NEW_PASSWORD });
    expect(home.screen.getByRole('heading', { level: 1, name: 'Hello, Nia Newstarter' })).toBeTruthy();
    expect(home.body).toContain('Clinician, Triage clinician');

    const again = await new TestClient(t.app).get(link);
    expect(again.status).toBe(410);
    expect(again.screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'This link has expired or has already been used',
    );
    const replay = new TestClient(t.app);
    await replay.get(paths.signIn.build());
    const replayPost = await replay.post(link, {
      password: 'another good phrase',
      confirmPassword: 'another good phrase',
    });
    expect(replayPost.status).toBe(410);
    await signIn(new TestClient(t.app), { email: 'nia.newstarter@nhs.test', password: NEW_PASSWORD });
  });

  it('refuses to invite an e-mail address that already has access to the service, with a clear message', async () => {
    const existing = await aStaffMember().withEmail('already.here@nhs.test').withRoles('clinician').create(t.deps);
    const page = await invite({ displayName: 'Someone Else', email: 'Already.Here@nhs.test', roles: 'admin' });
    expect(page.status).toBe(409);
    const message = 'This email address already belongs to a member of staff in this service. Edit the person instead.';
    expect(errorSummary(page)).toEqual([message]);
    expect(fieldError(page, 'Email address')).toBe(message);
    expect(page.screen.getByLabelText<HTMLInputElement>('Full name').value).toBe('Someone Else');
    const roles = await t.deps.database.db
      .selectFrom('user_roles')
      .select('role')
      .where('user_id', '=', existing.id)
      .execute();
    expect(roles.map((r) => r.role)).toEqual(['clinician']);
  });

  it('shows field errors for a missing name, a malformed address and no role', async () => {
    const page = await invite({ displayName: '  ', email: 'not-an-email' });
    expect(page.status).toBe(400);
    expect(errorSummary(page)).toEqual([
      'Enter their full name',
      'Enter an email address in the correct format, like name@nhs.net',
      'Select at least one role',
    ]);
    expect(page.screen.getByRole('link', { name: 'Select at least one role' }).getAttribute('href')).toBe(
      '#roles-admin',
    );
  });
});
