/**
 * Scheduled jobs that run once per interval however many servers run (docs/adr/0031). Each server polls; a run is
 * claimed with a compare-and-set on the job's row in `job_leases` (its schedule and lease), so one server wins each
 * interval. The winner holds a lease while it runs and renews it; a crashed holder's lease runs out and the next run
 * is due on the schedule as before. Registering a job is one line:
 *
 *   jobs.register({ name: 'purge-expired-sessions', everyMs: 15 * 60_000, run: () => sessions.purgeExpired() });
 *
 * A job's run is a use case; what it returns is logged as its report (counts only: never personal details).
 */
import type { BaseLogger } from 'pino';
import type { Executor } from '../../data/executor.js';
import { claimRun, ensureJob, findJob, releaseRun, renewLease } from '../../data/jobs/job-leases.repository.js';
import type { Clock } from '../shared/context.js';

export interface Job {
  /** Unique; the row in `job_leases` is keyed by it, so keep it once a job has shipped. */
  name: string;
  everyMs: number;
  /** How long a claim holds the job before another server may take it; renewed while the run goes on. */
  leaseMs?: number;
  run: () => Promise<unknown>;
}

export interface JobRunnerDeps {
  db: Executor;
  clock: Clock;
  logger: Pick<BaseLogger, 'info' | 'warn' | 'debug'>;
  /** Who holds a lease: unique per process (host, process id and a random part). */
  holder: string;
  /** The pause between polls; a quarter of the shortest interval (at most 30 seconds) unless given. */
  pollMs?: number;
}

export interface JobRunReport {
  name: string;
  outcome: 'done' | 'failed';
  report?: unknown;
}

const DEFAULT_LEASE_MS = 5 * 60_000;
const MAX_POLL_MS = 30_000;
const MIN_POLL_MS = 50;

export function createJobRunner(deps: JobRunnerDeps) {
  const { db, clock, logger, holder } = deps;
  const jobs = new Map<string, Job>();
  const running = new Map<string, Promise<JobRunReport>>();
  let timer: NodeJS.Timeout | undefined;
  let started = false;
  let polling: Promise<unknown> = Promise.resolve();

  async function runClaimed(job: Job, dueAt: number): Promise<JobRunReport> {
    const leaseMs = job.leaseMs ?? DEFAULT_LEASE_MS;
    const renewal = setInterval(
      () => {
        renewLease(db, job.name, holder, clock().getTime() + leaseMs).catch((err: unknown) => {
          logger.warn({ err, job: job.name }, 'could not renew a job lease');
        });
      },
      Math.max(MIN_POLL_MS, Math.floor(leaseMs / 3)),
    );
    renewal.unref();
    const startedAt = clock().getTime();
    let result: JobRunReport;
    try {
      const report = await job.run();
      result = { name: job.name, outcome: 'done', report };
      logger.info({ job: job.name, holder, dueAt, report, ms: clock().getTime() - startedAt }, 'job ran');
    } catch (err) {
      result = { name: job.name, outcome: 'failed' };
      logger.warn({ err, job: job.name, holder }, 'job failed');
    } finally {
      clearInterval(renewal);
    }
    try {
      await releaseRun(db, { name: job.name, holder, now: clock().getTime(), outcome: result.outcome });
    } catch (err) {
      // The lease runs out on its own; the schedule has already moved on.
      logger.warn({ err, job: job.name }, 'could not release a job lease');
    }
    return result;
  }

  /** Claims the job's run if it is due and no one holds it: the instant it was due, or undefined if not won. */
  async function tryClaim(job: Job): Promise<number | undefined> {
    const now = clock().getTime();
    const lease = await findJob(db, job.name);
    if (lease === undefined) {
      await ensureJob(db, job.name, now + job.everyMs);
      return undefined;
    }
    if (lease.nextRunAt > now || (lease.leasedUntil !== null && lease.leasedUntil > now)) return undefined;
    // The next run is one interval after this one was due, or one interval from now if the servers were all down.
    const nextRunAt = Math.max(lease.nextRunAt + job.everyMs, now + Math.floor(job.everyMs / 2));
    const won = await claimRun(db, {
      name: job.name,
      dueAt: lease.nextRunAt,
      holder,
      now,
      leasedUntil: now + (job.leaseMs ?? DEFAULT_LEASE_MS),
      nextRunAt,
    });
    return won ? lease.nextRunAt : undefined;
  }

  /**
   * One poll: claims every job that is due and not running here, and starts each run this server wins. A long run never
   * delays the claim of another job, nor its own next poll.
   */
  async function pollOnce(): Promise<Promise<JobRunReport>[]> {
    const runs: Promise<JobRunReport>[] = [];
    for (const job of jobs.values()) {
      if (running.has(job.name)) continue;
      let dueAt: number | undefined;
      try {
        dueAt = await tryClaim(job);
      } catch (err) {
        logger.warn({ err, job: job.name }, 'could not claim a job');
        continue;
      }
      if (dueAt === undefined) continue;
      const run = runClaimed(job, dueAt).finally(() => {
        running.delete(job.name);
      });
      running.set(job.name, run);
      runs.push(run);
    }
    return runs;
  }

  function pollMs(): number {
    if (deps.pollMs !== undefined) return deps.pollMs;
    const shortest = Math.min(...[...jobs.values()].map((j) => j.everyMs));
    return Math.max(MIN_POLL_MS, Math.min(MAX_POLL_MS, Math.floor(shortest / 4)));
  }

  function schedule(): void {
    if (!started) return;
    timer = setTimeout(() => {
      polling = pollOnce().finally(schedule);
    }, pollMs());
    timer.unref();
  }

  return {
    register(job: Job): void {
      if (jobs.has(job.name)) throw new Error(`A job called ${job.name} is already registered`);
      if (!(job.everyMs > 0)) throw new Error(`The job ${job.name} needs an interval above zero`);
      jobs.set(job.name, job);
    },
    /** The registered jobs' names, in the order they were registered. */
    names(): string[] {
      return [...jobs.keys()];
    },
    /** One poll, waiting for the runs it started: what a test or the command line calls. */
    async runDue(): Promise<JobRunReport[]> {
      return Promise.all(await pollOnce());
    },
    /** Starts polling (the server calls it once it listens). */
    start(): void {
      if (started || jobs.size === 0) return;
      started = true;
      schedule();
    },
    /** Stops polling and waits for the runs in hand to end (graceful shutdown). */
    async stop(): Promise<void> {
      started = false;
      if (timer !== undefined) clearTimeout(timer);
      await polling;
      await Promise.all(running.values());
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
