/**
 * The job runner (docs/adr/0031): a job runs once per interval however many runners poll the one database, a crashed
 * holder's lease runs out, a failed run is retried at the next interval, and stopping waits for the run in hand.
 * The runners are real, on the real database; only the clock is the test's.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findJob } from '../../src/data/jobs/job-leases.repository.js';
import { createJobRunner, type Job } from '../../src/services/jobs/job-runner.js';
import { movableClock, type MovableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const EVERY = 60_000;
const LEASE = 10_000;
const quiet = { info: () => undefined, warn: () => undefined, debug: () => undefined };

describeEachDialect('scheduled jobs across several runners', (dialect) => {
  let t: TestApp;
  let time: MovableClock;
  beforeAll(async () => {
    time = movableClock(new Date('2030-02-01T09:00:00Z'));
    t = await createTestApp(dialect, { clock: time.clock });
  });
  afterAll(async () => {
    await t.close();
  });

  /** Three runners, as three servers would have, each with its own holder name, on the one database. */
  function servers(job: Omit<Job, 'everyMs'>) {
    return ['a', 'b', 'c'].map((name) => {
      const runner = createJobRunner({ db: t.deps.database.db, clock: time.clock, logger: quiet, holder: name });
      runner.register({ everyMs: EVERY, leaseMs: LEASE, ...job });
      return runner;
    });
  }
  const pollAll = async (runners: ReturnType<typeof servers>) =>
    (await Promise.all(runners.map((r) => r.runDue()))).flat();

  it('runs a job once per interval, however many runners poll at the same moment', async () => {
    let runs = 0;
    const runners = servers({
      name: 'count-once',
      run: () => {
        runs += 1;
        return Promise.resolve({ runs });
      },
    });
    // The first poll makes the job's row, first due one interval on.
    await pollAll(runners);
    expect(runs).toBe(0);
    for (let interval = 1; interval <= 5; interval++) {
      time.advance(EVERY / 2);
      await pollAll(runners);
      expect(runs).toBe(interval - 1);
      time.advance(EVERY / 2);
      const reports = await pollAll(runners);
      expect(reports).toEqual([{ name: 'count-once', outcome: 'done', report: { runs: interval } }]);
      // Polling again at once finds nothing due.
      expect(await pollAll(runners)).toEqual([]);
    }
    expect(runs).toBe(5);
    expect((await findJob(t.deps.database.db, 'count-once'))?.runs).toBe(5);
  });

  it('lets another runner take the job once a crashed holder’s lease has run out, and not before', async () => {
    let finishHung: () => void = () => undefined;
    let runs = 0;
    // A lease longer than the interval, so that the next run falls due while the crashed holder's lease is live.
    const job = { name: 'crash', leaseMs: 2 * EVERY };
    const [crashing] = servers({
      ...job,
      run: () => {
        runs += 1;
        // This run never ends by itself and its lease is never renewed: its server "crashed" while holding it.
        return new Promise<void>((done) => {
          finishHung = done;
        });
      },
    });
    const others = servers({
      ...job,
      run: () => {
        runs += 1;
        return Promise.resolve();
      },
    }).slice(1);
    await crashing!.runDue();
    time.advance(EVERY);
    void crashing!.runDue();
    await new Promise((done) => setTimeout(done, 100));
    expect(runs).toBe(1);
    expect((await findJob(t.deps.database.db, 'crash'))?.holder).toBe('a');
    // The next run is due, but the crashed holder's lease is live: no one else takes the job.
    time.advance(EVERY);
    await pollAll(others);
    expect(runs).toBe(1);
    // Once the lease has run out, another runner takes it.
    time.advance(EVERY);
    await pollAll(others);
    expect(runs).toBe(2);
    expect((await findJob(t.deps.database.db, 'crash'))?.holder).toBeNull();
    finishHung();
  });

  it('records a failed run, gives the lease back, and runs again at the next interval', async () => {
    let attempts = 0;
    const runners = servers({
      name: 'fails-once',
      run: () => {
        attempts += 1;
        return attempts === 1 ? Promise.reject(new Error('the database was away')) : Promise.resolve();
      },
    });
    await pollAll(runners);
    time.advance(EVERY);
    expect(await pollAll(runners)).toEqual([{ name: 'fails-once', outcome: 'failed' }]);
    const failed = await t.deps.database.db
      .selectFrom('job_leases')
      .select(['holder', 'leased_until', 'last_outcome'])
      .where('name', '=', 'fails-once')
      .executeTakeFirstOrThrow();
    expect(failed).toEqual({ holder: null, leased_until: null, last_outcome: 'failed' });
    time.advance(EVERY);
    expect(await pollAll(runners)).toEqual([{ name: 'fails-once', outcome: 'done', report: undefined }]);
  });

  it('waits, when stopped, for the run in hand to end', async () => {
    let finish: () => void = () => undefined;
    let ended = false;
    const [runner] = servers({
      name: 'slow',
      run: () =>
        new Promise<void>((done) => {
          finish = () => {
            ended = true;
            done();
          };
        }),
    });
    await runner!.runDue();
    time.advance(EVERY);
    void runner!.runDue();
    await new Promise((done) => setTimeout(done, 50));
    let stopped = false;
    const stopping = runner!.stop().then(() => {
      stopped = true;
    });
    await new Promise((done) => setTimeout(done, 50));
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(ended).toBe(true);
    expect((await findJob(t.deps.database.db, 'slow'))?.holder).toBeNull();
  });

  it('refuses two jobs of one name and an interval of nothing', () => {
    const runner = createJobRunner({ db: t.deps.database.db, clock: time.clock, logger: quiet, holder: 'x' });
    runner.register({ name: 'one', everyMs: 1000, run: () => Promise.resolve() });
    expect(() => {
      runner.register({ name: 'one', everyMs: 1000, run: () => Promise.resolve() });
    }).toThrow('already registered');
    expect(() => {
      runner.register({ name: 'two', everyMs: 0, run: () => Promise.resolve() });
    }).toThrow('interval above zero');
  });

  it('registers the server’s housekeeping jobs', () => {
    expect(t.deps.jobs.names()).toEqual(
      expect.arrayContaining([
        'purge-expired-sessions',
        'purge-expired-drafts',
        'remind-overdue-replies',
        'purge-rate-limit-counters',
      ]),
    );
  });
});
