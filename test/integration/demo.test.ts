/**
 * `npm run cli -- demo` on a fresh embedded database: the command fills it with data set S built as of yesterday
 * (every referral state, every child), prints one account for each role with a strong random password, and each
 * printed account signs in to the app; the triage clinician sees the worklist and opens a referral. A second run is
 * refused and changes nothing. The command runs as a child process, as a newcomer would run it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, ROLE_LABELS } from '../../src/domain/access/roles.js';
import { checkNewPassword } from '../../src/domain/accounts/password-policy.js';
import { REFERRAL_STATUSES } from '../../src/domain/referrals/lifecycle.js';
import { paths } from '../../src/web/paths.js';
import { TestClient } from '../support/client.js';
import { signIn } from '../support/journeys.js';
import { CLI_ENTRY } from '../support/server-process.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const ROOT = resolve(import.meta.dirname, '../..');

interface Printed {
  roleLabel: string;
  email: string;
  password: string;
}

function runDemo(dir: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI_ENTRY, 'demo'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      DATABASE_URL: `sqlite:${join(dir, 'otway.db')}`,
      DATA_DIR: dir,
      LOG_LEVEL: 'warn',
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function accountsIn(stdout: string): Printed[] {
  return [...stdout.matchAll(/^ {2}(\S.*?) {2,}(\S+@demo\.otway\.invalid) {2,}(\S+)$/gmu)].map((m) => ({
    roleLabel: m[1] ?? '',
    email: m[2] ?? '',
    password: m[3] ?? '',
  }));
}

describe('npm run cli -- demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'otway-demo-'));
  let first: ReturnType<typeof runDemo>;
  let printed: Printed[];
  let t: TestApp;

  beforeAll(async () => {
    first = runDemo(dir);
    printed = accountsIn(first.stdout);
    t = await createTestApp('sqlite', { databaseUrl: `sqlite:${join(dir, 'otway.db')}` });
  }, 180_000);
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const db = () => t.deps.database.db;
  const statusCounts = async () =>
    Object.fromEntries(
      (
        await db()
          .selectFrom('referrals')
          .select((eb) => ['status', eb.fn.countAll().as('n')])
          .groupBy('status')
          .execute()
      ).map((r) => [r.status, Number(r.n)]),
    );

  it('loads 2,500 children and 3,000 referrals, in every state, and prints the counts it loaded', async () => {
    expect(first.status, first.stderr).toBe(0);
    const counts = await statusCounts();
    expect(Object.keys(counts).sort()).toEqual([...REFERRAL_STATUSES].sort());
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(3_000);
    for (const [status, n] of Object.entries(counts)) {
      expect(n).toBeGreaterThan(0);
      expect(first.stdout).toContain(`${status} ${String(n)}`);
    }
    const children = await db()
      .selectFrom('children')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(children.n)).toBe(2_500);
    const nhsNumbers = await db().selectFrom('children').select('nhs_number').execute();
    for (const c of nhsNumbers) expect(c.nhs_number).toMatch(/^999\d{7}$/u);
    // Every accepted child is on the waiting list, as accepting them at triage would have put them there.
    const waiting = await db()
      .selectFrom('episodes')
      .where('status', '=', 'waiting')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(waiting.n)).toBe(counts.accepted);
  });

  it('sets up a team, two clinics with rooms and the clinicians’ team, base and hours, so that it can book in clinic', async () => {
    const serviceId = t.deps.registry.ids[0]!;
    const overview = await t.deps.places.overview(serviceId);
    expect(overview.teams.map((team) => team.name)).toEqual(['City and county team']);
    expect(
      overview.locations.map((l) => [l.name, l.isClinic, l.rooms.map((r) => `${r.name} ${String(r.capacity)}`)]),
    ).toEqual([
      ['Demo Clinic, Leicester', true, ['Group room 6', 'Therapy room 1 1', 'Therapy room 2 1']],
      ['Demo Clinic, Loughborough', true, ['Therapy room 1']],
    ]);
    expect(overview.clinicians.map((c) => c.name)).toEqual(['Priya Shah']);
    for (const c of overview.clinicians) {
      expect(c).toMatchObject({ team: { name: 'City and county team' }, base: { name: 'Demo Clinic, Leicester' } });
      expect(c.ownPattern).toBe(true);
      expect(c.workingPattern.mon).toEqual({ start: '09:00', end: '17:00' });
    }
  });

  it('logs requests for EHCP health advice for children it knows: red, amber, green and an annual review', async () => {
    const serviceId = t.deps.registry.ids[0]!;
    const requests = await db()
      .selectFrom('ehcp_requests')
      .select(['kind', 'child_match', 'assigned_clinician_id'])
      .orderBy('received_on')
      .execute();
    expect(requests.map((r) => [r.kind, r.child_match, r.assigned_clinician_id !== null])).toEqual([
      ['needs-assessment', 'nhs-number', false],
      ['needs-assessment', 'nhs-number', true],
      ['needs-assessment', 'nhs-number', true],
      ['annual-review', 'nhs-number', false],
    ]);
    const tracker = await t.deps.ehcpRequests.tracker(serviceId, {});
    expect(tracker.counts).toEqual({ red: 1, amber: 1, green: 2 });
  });

  it('prints one account for each role, each with its own strong password, stored only as a hash', async () => {
    expect(printed.map((p) => p.roleLabel).sort()).toEqual(ROLES.map((r) => ROLE_LABELS[r]).sort());
    expect(new Set(printed.map((p) => p.password)).size).toBe(ROLES.length);
    for (const p of printed) {
      expect(p.password.length).toBeGreaterThanOrEqual(20);
      expect(checkNewPassword(p.password, { email: p.email })).toBeNull();
    }
    const users = await db().selectFrom('users').select(['email', 'status', 'password_hash']).execute();
    expect(users.map((u) => u.email).sort()).toEqual(printed.map((p) => p.email).sort());
    for (const u of users) {
      expect(u.status).toBe('active');
      expect(u.password_hash).toMatch(/^\$argon2id\$/u);
      for (const p of printed) expect(u.password_hash).not.toContain(p.password);
    }
  });

  it('lets each printed account sign in', async () => {
    expect(printed).toHaveLength(ROLES.length);
    for (const p of printed) {
      const client = new TestClient(t.app);
      const home = await signIn(client, p);
      expect(home.status, `${p.roleLabel} signs in`).toBe(200);
    }
  });

  it("shows the triage clinician a worklist of waiting referrals, and a referral's page", async () => {
    const triage = printed.find((p) => p.roleLabel === ROLE_LABELS['triage-clinician']);
    if (triage === undefined) throw new Error('No triage clinician was printed');
    const client = new TestClient(t.app);
    await signIn(client, triage);
    const worklist = await client.get(paths.triage.worklist.build());
    expect(worklist.status).toBe(200);
    const links = [...worklist.body.matchAll(/href="(\/staff\/triage\/referrals\/[0-9a-f-]{36})"/gu)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    const referral = await client.get(links[0] ?? '');
    expect(referral.status).toBe(200);
  });

  it('refuses a second run, saying why, and changes nothing', async () => {
    const before = await statusCounts();
    const second = runDemo(dir);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('already holds 3000 referrals');
    expect(second.stdout).not.toMatch(/@demo\.otway\.invalid/u);
    expect(await statusCounts()).toEqual(before);
    const users = await db()
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(users.n)).toBe(ROLES.length);
  }, 120_000);
});
