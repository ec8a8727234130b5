/**
 * The rate limit is a sliding window counted in the database (docs/adr/0031): a burst at a window's edge passes at
 * most the limit (a fixed window let twice the limit through), two apps on one database count a client once, the
 * 429 page and Retry-After are as before, and expired counters are purged.
 */
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { sqliteFlushes } from '../../src/data/create-db.js';
import { countHit } from '../../src/data/rate-limits/rate-limit.repository.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDialect } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const LIMIT = 10;
const MINUTE = 60_000;
/** A minute boundary well in the future, so the windows start where the test says. */
const EDGE = Math.ceil(Date.parse('2030-01-07T09:00:00Z') / MINUTE) * MINUTE;

describeEachDialect('the shared sliding-window rate limit', (dialect) => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp(dialect, { env: { RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
    // A second app, as a second server would be, on the same database.
    b = await createTestApp(dialect, {
      databaseUrl: a.database!.url,
      env: { RATE_LIMIT_PER_MINUTE: String(LIMIT) },
    });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const at = (ms: number) => {
    vi.setSystemTime(new Date(ms));
  };
  const page = (t: TestApp, remoteAddress: string) =>
    t.app.inject({ method: 'GET', url: paths.signIn.build(), remoteAddress });
  async function burst(t: TestApp, remoteAddress: string, count: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) statuses.push((await page(t, remoteAddress)).statusCode);
    return statuses;
  }
  const passed = (statuses: number[]) => statuses.filter((s) => s === 200).length;

  it('lets at most the limit through a burst at a window edge, where a fixed window let twice the limit', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const client = '198.51.100.1';
    // One request opens the minute, the rest of the limit comes just before its end, then a burst just after it.
    at(EDGE + 1_000);
    const first = await burst(a, client, 1);
    at(EDGE + 59_000);
    const beforeEdge = await burst(a, client, LIMIT - 1);
    at(EDGE + 61_500);
    const afterEdge = await burst(a, client, LIMIT);
    expect(passed(first) + passed(beforeEdge)).toBe(LIMIT);
    // Within 2.5 seconds: no more than the limit in all.
    expect(passed(beforeEdge) + passed(afterEdge)).toBeLessThanOrEqual(LIMIT);
    expect(passed(first) + passed(beforeEdge) + passed(afterEdge)).toBeLessThanOrEqual(LIMIT);
  });

  it('answers 429 with the page and a Retry-After that is honest, and lets the client in once the window slides', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const client = '198.51.100.2';
    at(EDGE + 5 * MINUTE + 30_000);
    expect(passed(await burst(a, client, LIMIT))).toBe(LIMIT);
    const refused = await page(a, client);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(refused.body).toContain('<h1>Sorry, there have been too many requests</h1>');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(120);
    // Another address is not held back by this one.
    expect((await page(a, '198.51.100.3')).statusCode).toBe(200);
    // Just before Retry-After: still refused. At Retry-After: let in.
    at(EDGE + 5 * MINUTE + 30_000 + retryAfter * 1000 - 1500);
    expect((await page(a, client)).statusCode).toBe(429);
    const waited = Number((await page(a, client)).headers['retry-after']);
    at(EDGE + 5 * MINUTE + 30_000 + retryAfter * 1000 - 1500 + waited * 1000);
    expect((await page(a, client)).statusCode).toBe(200);
  });

  it('counts a client once across two apps on one database, its requests alternating between them', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const client = '198.51.100.4';
    at(EDGE + 10 * MINUTE + 1_000);
    const statuses: number[] = [];
    for (let i = 0; i < 2 * LIMIT; i++) statuses.push((await page(i % 2 === 0 ? a : b, client)).statusCode);
    expect(statuses.slice(0, LIMIT)).toEqual(Array<number>(LIMIT).fill(200));
    expect(statuses.slice(LIMIT)).toEqual(Array<number>(LIMIT).fill(429));
  });

  it('counts a route with its own limit apart from the global one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const client = '198.51.100.5';
    at(EDGE + 20 * MINUTE + 1_000);
    expect(passed(await burst(a, client, LIMIT))).toBe(LIMIT);
    // The sign-in form has a limit of its own (SIGN_IN_RATE_LIMIT_PER_MINUTE): the global count does not stop it.
    const signIn = await a.app.inject({
      method: 'POST',
      url: paths.signIn.build(),
      remoteAddress: client,
      payload: 'email=a%40nhs.test&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(signIn.statusCode).not.toBe(429);
  });

  it.skipIf(dialect !== 'sqlite')(
    'flushes every other SQLite commit to disk before going on, but not a counted hit (ADR 0051)',
    async () => {
      const db = a.deps.database.db;
      const before = sqliteFlushes(db);
      const hit = { key: 'flush-test', windowStart: 0, previousWindowStart: -MINUTE, expiresAt: MINUTE, hits: 1 };
      await countHit(db, hit);
      await countHit(db, hit);
      expect(sqliteFlushes(db)).toBe(before);
      await sql`update rate_limit_counters set hits = hits + 1 where key = 'flush-test'`.execute(db);
      expect(sqliteFlushes(db)).toBe(before + 1);
      const level = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
      expect(level.rows).toEqual([{ synchronous: 1 }]);
    },
  );

  it('writes hits counted in memory to the database within a second, and every hit past half the limit', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const client = '198.51.100.9';
    const inDatabase = async () => (await b.deps.rateLimiter.peek('global', client, MINUTE, LIMIT)).hits;
    at(EDGE + 40 * MINUTE + 1_000);
    // The first hit of the window is written; the next two, far from the limit, are counted by this server alone.
    await burst(a, client, 3);
    expect(await inDatabase()).toBe(1);
    expect((await a.deps.rateLimiter.peek('global', client, MINUTE, LIMIT)).hits).toBe(3);
    at(EDGE + 40 * MINUTE + 2_100);
    await burst(a, client, 1);
    expect(await inDatabase()).toBe(4);
    // Past half the limit every hit is written at once, so the other server refuses at the limit exactly.
    await burst(a, client, 2);
    expect(await inDatabase()).toBe(6);
    expect(passed(await burst(b, client, 6))).toBe(LIMIT - 6);
  });

  it('purges the counters that no longer weigh on any window', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at(EDGE + 30 * MINUTE + 1_000);
    // What the other tests left, long expired by now.
    await a.deps.rateLimiter.purgeExpired();
    await burst(a, '198.51.100.6', 3);
    at(EDGE + 31 * MINUTE + 1_000);
    // Still the previous window of the current one: kept.
    expect((await a.deps.rateLimiter.purgeExpired()).removed).toBe(0);
    expect((await a.deps.rateLimiter.peek('global', '198.51.100.6', MINUTE, LIMIT)).hits).toBe(3);
    at(EDGE + 32 * MINUTE + 1_000);
    expect((await a.deps.rateLimiter.purgeExpired()).removed).toBeGreaterThanOrEqual(1);
    expect((await a.deps.rateLimiter.peek('global', '198.51.100.6', MINUTE, LIMIT)).hits).toBe(0);
  });
});
