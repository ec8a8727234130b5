/**
 * Single sign-on through OpenID Connect (docs/adr/0033) against a real OpenID provider started by the test: the
 * authorisation code flow with PKCE, state and nonce, and each way it must be refused.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { auditRows } from '../support/audit.js';
import { aStaffMember } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { OTHER_CLIENT_ID, signInAt, startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const BASE = 'http://localhost:3000';
const CALLBACK = `${BASE}${paths.oidc.callback.build()}`;

const heading = (page: Page) => page.document.querySelector('h1')?.textContent.trim();

describeEachDialect('signing in with NHS Care Identity (OpenID Connect)', (dialect) => {
  let t: TestApp;
  let idp: TestOidcProvider;
  let otherIdp: TestOidcProvider;
  const time = movableClock();

  beforeAll(async () => {
    idp = await startOidcProvider([CALLBACK]);
    otherIdp = await startOidcProvider([CALLBACK]);
    // Otway's own second factor is required for passwords; a provider's sign-in does not ask for it.
    t = await createTestApp(dialect, { env: { ...idp.env, STAFF_TWO_FACTOR: 'required' }, clock: time.clock });
  });
  afterAll(async () => {
    await t.close();
    await idp.close();
    await otherIdp.close();
  });
  afterEach(() => {
    idp.idTokenSeconds = 3600;
    time.set(new Date());
  });

  /** A person known to the provider as `sub`, with a verified address: an Otway account's, unless told otherwise. */
  function atProvider(email: string, verified = true): string {
    const sub = randomUUID();
    idp.people.set(sub, { email, email_verified: verified, name: 'At the provider' });
    otherIdp.people.set(sub, { email, email_verified: verified });
    return sub;
  }

  /** Presses "Sign in with NHS Care Identity" on Otway's sign-in page: the provider's address it is sent to. */
  async function pressTheButton(client: TestClient, signInPage = paths.signIn.build()): Promise<URL> {
    const page = await client.get(signInPage);
    const button = page.screen.getByRole('button', { name: 'Sign in with NHS Care Identity' });
    const started = await client.get(button.getAttribute('href') ?? '');
    expect(started.status).toBe(303);
    return new URL(started.location ?? '');
  }

  const back = (client: TestClient, url: URL) => client.get(url.pathname + url.search);

  async function failures(afterId = 0) {
    return (await auditRows(t.deps, { action: 'auth.sign-in-failed' }))
      .filter((r) => r.id > afterId)
      .map((r) => JSON.parse(r.detail ?? '{}') as Record<string, string>);
  }
  const lastId = async () => (await auditRows(t.deps)).at(-1)?.id ?? 0;

  it('asks the provider for a code with PKCE (S256), state and nonce', async () => {
    const url = await pressTheButton(new TestClient(t.app));
    expect(url.origin).toBe(idp.issuer);
    const q = url.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/u);
    expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/u);
    expect(q.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/u);
    expect(q.get('redirect_uri')).toBe(CALLBACK);
    expect(q.get('scope')).toBe('openid email');
  });

  it('signs a member of staff in by their verified e-mail address, in a new session, and links the identity', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const sub = atProvider(staff.email.toUpperCase());
    const client = new TestClient(t.app);
    const url = await pressTheButton(client);
    const before = [...client.cookies.values()][0];
    const from = await lastId();

    const returned = await back(client, await signInAt(url.href, sub, CALLBACK));
    expect(returned.status).toBe(303);
    expect(returned.location).toBe(paths.staff.home.build());
    expect(returned.headers['cache-control']).toBe('no-store');
    expect([...client.cookies.values()][0]).not.toBe(before);
    const home = await client.follow(returned);
    expect(home.status).toBe(200);
    expect(heading(home)).toBe(`Hello, ${staff.displayName}`);

    const events = (await auditRows(t.deps, { action: 'auth.sign-in', actorUserId: staff.id })).filter(
      (r) => r.id > from,
    );
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]?.detail ?? '{}')).toEqual({ method: 'oidc', identityLinked: true });
    const link = await t.deps.database.db
      .selectFrom('user_identities')
      .selectAll()
      .where('subject', '=', sub)
      .execute();
    expect(link.map((l) => [l.issuer, l.user_id, l.linked_by_claim])).toEqual([[idp.issuer, staff.id, 'email']]);
  });

  it('matches a linked person on sub later, whatever address the provider then gives', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const sub = atProvider(staff.email);
    const first = new TestClient(t.app);
    expect((await back(first, await signInAt((await pressTheButton(first)).href, sub, CALLBACK))).status).toBe(303);

    idp.people.set(sub, { email: 'a-new-address@nhs.test', email_verified: false });
    const later = new TestClient(t.app);
    const returned = await back(later, await signInAt((await pressTheButton(later)).href, sub, CALLBACK));
    expect(returned.status).toBe(303);
    expect(heading(await later.follow(returned))).toBe(`Hello, ${staff.displayName}`);
  });

  it('refuses a replayed state, from the same browser and from another, and records each', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const sub = atProvider(staff.email);
    const client = new TestClient(t.app);
    const callback = await signInAt((await pressTheButton(client)).href, sub, CALLBACK);
    expect((await back(client, callback)).status).toBe(303);
    const from = await lastId();

    const again = await back(client, callback);
    expect(again.status).toBe(401);
    expect(heading(again)).toBe('You could not be signed in');
    expect(again.body).toContain('could not be completed. Start again.');
    const stranger = new TestClient(t.app);
    await stranger.get(paths.signIn.build());
    expect((await back(stranger, callback)).status).toBe(401);
    expect((await failures(from)).map((d) => [d.method, d.reason])).toEqual([
      ['oidc', 'unknown-state'],
      ['oidc', 'unknown-state'],
    ]);
  });

  it('refuses a callback in a browser other than the one that started (a planted sign-in)', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const attacker = new TestClient(t.app);
    const callback = await signInAt((await pressTheButton(attacker)).href, atProvider(staff.email), CALLBACK);
    const victim = new TestClient(t.app);
    await victim.get(paths.signIn.build());
    const from = await lastId();
    const page = await back(victim, callback);
    expect(page.status).toBe(401);
    expect((await failures(from)).map((d) => d.reason)).toEqual(['wrong-session']);
    // The state is spent: the attacker cannot use it either.
    expect((await back(attacker, callback)).status).toBe(401);
  });

  it('refuses a code from another provider sent back with this sign-in (a wrong issuer: mix-up)', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const sub = atProvider(staff.email);
    const client = new TestClient(t.app);
    const url = await pressTheButton(client);
    const elsewhere = new URL(url.pathname + url.search, otherIdp.issuer);
    const callback = await signInAt(elsewhere.href, sub, CALLBACK);
    expect(callback.searchParams.get('iss')).toBe(otherIdp.issuer);
    const from = await lastId();
    const page = await back(client, callback);
    expect(page.status).toBe(401);
    const [detail] = await failures(from);
    expect(detail?.reason).toBe('token-refused');
    expect(detail?.error).toContain('iss');
    expect(client.cookies.size).toBe(1);
    expect((await client.get(paths.staff.home.build())).status).toBe(303);
  });

  it('refuses an expired ID token', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    idp.idTokenSeconds = 60;
    const client = new TestClient(t.app);
    const callback = await signInAt((await pressTheButton(client)).href, atProvider(staff.email), CALLBACK);
    // Five minutes on at Otway: the sign-in itself is still open (ten minutes), its ID token (a minute) is not.
    time.advance(5 * 60_000);
    const from = await lastId();
    const page = await back(client, callback);
    expect(page.status).toBe(401);
    const [detail] = await failures(from);
    expect(detail?.reason).toBe('token-refused');
    expect(detail?.error).toMatch(/exp/u);
  });

  it('refuses a sign-in begun ten minutes or more ago', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const client = new TestClient(t.app);
    const callback = await signInAt((await pressTheButton(client)).href, atProvider(staff.email), CALLBACK);
    time.advance(10 * 60_000);
    const from = await lastId();
    expect((await back(client, callback)).status).toBe(401);
    expect((await failures(from)).map((d) => d.reason)).toEqual(['attempt-expired']);
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const client = new TestClient(t.app);
    const url = await pressTheButton(client);
    url.searchParams.set('nonce', 'a-nonce-otway-never-made-0123456789abcdefgh');
    const callback = await signInAt(url.href, atProvider(staff.email), CALLBACK);
    const from = await lastId();
    expect((await back(client, callback)).status).toBe(401);
    const [detail] = await failures(from);
    expect(detail?.reason).toBe('token-refused');
    expect(detail?.error).toContain('nonce');
  });

  it('refuses a code issued to another application (a wrong audience)', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const client = new TestClient(t.app);
    const url = await pressTheButton(client);
    url.searchParams.set('client_id', OTHER_CLIENT_ID);
    const callback = await signInAt(url.href, atProvider(staff.email), CALLBACK);
    const from = await lastId();
    expect((await back(client, callback)).status).toBe(401);
    const [detail] = await failures(from);
    expect(detail?.reason).toBe('token-refused');
    expect(detail?.error).toContain('invalid_grant');
  });

  it('tells a person with no Otway account so, makes none, and records it', async () => {
    const users = async () => (await t.deps.database.db.selectFrom('users').select('id').execute()).length;
    const before = await users();
    const client = new TestClient(t.app);
    const callback = await signInAt((await pressTheButton(client)).href, atProvider('nobody@nhs.test'), CALLBACK);
    const from = await lastId();
    const page = await back(client, callback);
    expect(page.status).toBe(403);
    expect(heading(page)).toBe('You do not have an Otway account');
    expect(page.body).toContain('Ask an administrator of your service to invite you.');
    expect(await users()).toBe(before);
    expect((await failures(from)).map((d) => d.reason)).toEqual(['no-account']);
    expect((await client.get(paths.staff.home.build())).status).toBe(303);
  });

  it('refuses a disabled account, in its service’s audit trail', async () => {
    const staff = await aStaffMember().withRoles('clinician').disabled().create(t.deps);
    const client = new TestClient(t.app);
    const callback = await signInAt((await pressTheButton(client)).href, atProvider(staff.email), CALLBACK);
    const from = await lastId();
    const page = await back(client, callback);
    expect(page.status).toBe(403);
    expect(heading(page)).toBe('Your Otway account cannot be used');
    const rows = (await auditRows(t.deps, { action: 'auth.sign-in-failed' })).filter((r) => r.id > from);
    expect(rows.map((r) => [r.subject_id, r.service_id])).toEqual([[staff.id, 'llr-childrens-ot']]);
  });

  it('refuses an address the provider has not verified', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const client = new TestClient(t.app);
    const callback = await signInAt((await pressTheButton(client)).href, atProvider(staff.email, false), CALLBACK);
    const page = await back(client, callback);
    expect(page.status).toBe(403);
    expect(page.body).toContain('has not confirmed your email address');
  });

  it('refuses a second identity for an account already linked to another', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const first = new TestClient(t.app);
    expect(
      (await back(first, await signInAt((await pressTheButton(first)).href, atProvider(staff.email), CALLBACK))).status,
    ).toBe(303);
    const second = new TestClient(t.app);
    const page = await back(
      second,
      await signInAt((await pressTheButton(second)).href, atProvider(staff.email), CALLBACK),
    );
    expect(page.status).toBe(403);
    expect(heading(page)).toBe('Your Otway account is linked to someone else');
  });

  it('answers a refusal at the provider, and bad callbacks, with the same page and never a 500', async () => {
    const client = new TestClient(t.app);
    const url = await pressTheButton(client);
    const state = url.searchParams.get('state') ?? '';
    const callback = paths.oidc.callback.build();
    const cancelled = await client.get(
      `${callback}?error=access_denied&state=${state}&iss=${encodeURIComponent(idp.issuer)}`,
    );
    expect(cancelled.status).toBe(401);
    for (const query of ['', '?state=', '?state=a&state=b', `?state=${'x'.repeat(5000)}`, '?code=abc&state[x]=1']) {
      const page = await client.get(`${callback}${query}`);
      expect(page.status, query).toBe(401);
      expect(heading(page)).toBe('You could not be signed in');
    }
    const from = await lastId();
    const noCode = await pressTheButton(client);
    const missing = await client.get(`${callback}?state=${noCode.searchParams.get('state') ?? ''}`);
    expect(missing.status).toBe(401);
    expect((await failures(from)).map((d) => d.reason)).toEqual(['token-refused']);
  });

  it('goes back to the staff page asked for, and never to another site', async () => {
    const staff = await aStaffMember().withRoles('clinician').create(t.deps);
    const sub = atProvider(staff.email);
    const wanted = paths.staff.searchReferrals.build();
    const client = new TestClient(t.app);
    const url = await pressTheButton(client, `${paths.signIn.build()}?returnTo=${encodeURIComponent(wanted)}`);
    expect((await back(client, await signInAt(url.href, sub, CALLBACK))).location).toBe(wanted);

    // Straight to the start, with no session yet and somewhere else to go: a session is made, the address dropped.
    const other = new TestClient(t.app);
    const started = await other.get(`${paths.oidc.start.build()}?returnTo=${encodeURIComponent('https://evil.test/')}`);
    expect(started.status).toBe(303);
    expect(other.cookies.size).toBe(1);
    const returned = await back(other, await signInAt(started.location ?? '', sub, CALLBACK));
    expect(returned.location).toBe(paths.staff.home.build());
  });
});

describe('without an OpenID provider configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows no single sign-on button and has no single sign-on routes', async () => {
    const client = new TestClient(t.app);
    const page = await client.get(paths.signIn.build());
    expect(page.screen.queryByRole('button', { name: 'Sign in with NHS Care Identity' })).toBeNull();
    expect((await client.get(paths.oidc.start.build())).status).toBe(404);
    expect((await client.get(paths.oidc.callback.build())).status).toBe(404);
  });
});

describe('with a provider that cannot be reached', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', {
      env: { OIDC_ISSUER: 'http://127.0.0.1:9', OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('says single sign-on is not available, offers the password, and records it', async () => {
    const client = new TestClient(t.app);
    const page = await client.get(paths.oidc.start.build());
    expect(page.status).toBe(503);
    expect(heading(page)).toBe('Signing in with NHS Care Identity is not available');
    expect(page.body).toContain('sign in with your email address and password');
    const [row] = await auditRows(t.deps, { action: 'auth.sign-in-failed' });
    expect(JSON.parse(row?.detail ?? '{}')).toMatchObject({ method: 'oidc', reason: 'provider-unavailable' });
  });
});

describe('with a provider whose metadata names another issuer', () => {
  let t: TestApp;
  let idp: TestOidcProvider;
  beforeAll(async () => {
    idp = await startOidcProvider([CALLBACK]);
    // The same provider reached by another name: its metadata says 127.0.0.1, so it is not the issuer configured.
    const elsewhere = idp.issuer.replace('127.0.0.1', 'localhost');
    t = await createTestApp('sqlite', { env: { ...idp.env, OIDC_ISSUER: elsewhere } });
  });
  afterAll(async () => {
    await t.close();
    await idp.close();
  });

  it('refuses to send anyone there, and records why', async () => {
    const page = await new TestClient(t.app).get(paths.oidc.start.build());
    expect(page.status).toBe(503);
    const [row] = await auditRows(t.deps, { action: 'auth.sign-in-failed' });
    const detail = JSON.parse(row?.detail ?? '{}') as Record<string, string>;
    expect(detail.reason).toBe('provider-unavailable');
    expect(detail.error).toContain('issuer');
  });
});
