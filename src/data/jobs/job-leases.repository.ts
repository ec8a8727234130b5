/**
 * The scheduled jobs' leases (docs/adr/0031): one row per job, shared by every server. A run is claimed with a
 * compare-and-set on the row's schedule and lease, so one server wins each interval; a crashed holder's lease runs
 * out. Instants are epoch milliseconds.
 */
import type { Executor } from '../executor.js';

export interface JobLease {
  name: string;
  nextRunAt: number;
  holder: string | null;
  leasedUntil: number | null;
  runs: number;
}

/** Adds the job's row if it has none yet, first due at `firstRunAt`; an existing schedule is kept. */
export async function ensureJob(db: Executor, name: string, firstRunAt: number): Promise<void> {
  await db
    .insertInto('job_leases')
    .values({ name, next_run_at: firstRunAt, holder: null, leased_until: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

export async function findJob(db: Executor, name: string): Promise<JobLease | undefined> {
  const row = await db
    .selectFrom('job_leases')
    .select(['name', 'next_run_at', 'holder', 'leased_until', 'runs'])
    .where('name', '=', name)
    .executeTakeFirst();
  return (
    row && {
      name: row.name,
      nextRunAt: row.next_run_at,
      holder: row.holder,
      leasedUntil: row.leased_until,
      runs: row.runs,
    }
  );
}

/**
 * Takes the run that was due at `dueAt` (the schedule this holder read), if no one else has taken it and no lease is
 * live: true for the one holder that wins.
 */
export async function claimRun(
  db: Executor,
  claim: { name: string; dueAt: number; holder: string; now: number; leasedUntil: number; nextRunAt: number },
): Promise<boolean> {
  const result = await db
    .updateTable('job_leases')
    .set((eb) => ({
      holder: claim.holder,
      leased_until: claim.leasedUntil,
      next_run_at: claim.nextRunAt,
      runs: eb('runs', '+', 1),
      last_started_at: claim.now,
    }))
    .where('name', '=', claim.name)
    .where('next_run_at', '=', claim.dueAt)
    .where('next_run_at', '<=', claim.now)
    .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<=', claim.now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Extends a lease the holder still has; false if it ran out and someone else took the job. */
export async function renewLease(db: Executor, name: string, holder: string, leasedUntil: number): Promise<boolean> {
  const result = await db
    .updateTable('job_leases')
    .set({ leased_until: leasedUntil })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives the lease back after a run, if this holder still has it. */
export async function releaseRun(
  db: Executor,
  release: { name: string; holder: string; now: number; outcome: 'done' | 'failed' },
): Promise<void> {
  await db
    .updateTable('job_leases')
    .set({ holder: null, leased_until: null, last_finished_at: release.now, last_outcome: release.outcome })
    .where('name', '=', release.name)
    .where('holder', '=', release.holder)
    .execute();
}
