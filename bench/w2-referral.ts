/**
 * W2: a referral submitted end to end. The real server runs as a child process (so the load generator has a core of
 * its own) on a fresh SQLite database; the drafts are filled in over HTTP beforehand, page by page, and only the final
 * POST /refer/check-your-answers is timed (validate, decide, one transaction, 303), by 20 users at once, each sending
 * its next submission as soon as the last is answered. Goal (PERFORMANCE.md): p95 under 100 ms at 20 concurrent
 * users, and a throughput of at least 25% of R_write divided by the rows one submission writes.
 *
 * Filling in a draft takes some 27 saves, each a committed write; with synchronous=FULL that is an fsync apiece, which
 * is not what W2 measures and would make preparing a few hundred drafts take minutes. So where /dev/shm exists the
 * drafts are prepared on a database there, by one server; that server stops cleanly (leaving a checkpointed file),
 * the file is copied to disk, and a second server on the copy takes the timed submissions.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/data/create-db.js';
import { HttpClient } from '../test/support/http-client.js';
import { distinctCase, fillInReferral } from '../test/support/referral-http.js';
import { freePort, serverProcess, type ServerProcess } from '../test/support/server-process.js';
import { loadBenchReference, loadServiceDefinition } from './data/reference.js';
import { serverNodeOptions } from './servers/spawn.js';
import { fmt, summarise } from './stats.js';
import type { Workload } from './workloads.js';

const USERS = 20;
/** Browsers filling in drafts at once: enough to keep one server busy. */
const PREPARERS = 10;
/** Submissions sent before the clock starts, so that the server's code for them is compiled and warm. */
const WARM_UP = 40;
/**
 * Drafts prepared per second measured: about what these machines submit when quiet. When they run out first, the
 * measurement ends there, and `what` says so.
 */
const DRAFTS_PER_SECOND = 120;
const MAX_DRAFTS = 2000;
/**
 * The rows one submission writes, in one transaction: the child, the referral, its consent, the audit event, the
 * audit chain's head (updated), one message in the outbox (to the referrer, or by text to a parent who refers), and
 * the draft (marked submitted). Checked against the database after the run.
 */
const ROWS_WRITTEN = 7;
const SECRET = 'w2-bench-session-secret-0123456789abcdefghij';

function settings(dataDir: string, databaseUrl: string, port: number): ServerProcess {
  return serverProcess({
    databaseUrl,
    dataDir,
    port,
    env: {
      // The same in both servers: the drafts' cookies are HMACs under it.
      SESSION_SECRET: SECRET,
      // Every user comes from 127.0.0.1; the per-address limit is for the internet, not for a load test.
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOG_LEVEL: 'error',
      // The shipped practices and schools, as a new install imports them on first start (npm start does).
      REFERENCE_SNAPSHOT_IMPORT: 'true',
      ...serverNodeOptions(),
    },
  });
}

/** Starts the server, does the work, and stops it (gracefully, so SQLite checkpoints its file) whatever happens. */
async function whileRunning<T>(server: ServerProcess, work: (server: ServerProcess) => Promise<T>): Promise<T> {
  await server.start();
  try {
    return await work(server);
  } finally {
    await server.stop();
  }
}

/** Fills in `count` drafts over HTTP, `PREPARERS` at a time; returns a browser holding each, at check-your-answers. */
async function prepare(baseUrl: string, count: number): Promise<HttpClient[]> {
  // Practices and schools of the area, chosen from the reference data as a family or referrer picks them.
  const { practices, schools } = loadBenchReference(loadServiceDefinition());
  const ready: HttpClient[] = [];
  let next = 0;
  const preparer = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      const client = new HttpClient(baseUrl);
      // Every draft is a different child, so every submission writes a child of its own. The family gives no e-mail,
      // so each queues exactly one message.
      const gp = practices.inArea[index % practices.inArea.length]?.code;
      const school = schools.inArea[index % schools.inArea.length]?.urn;
      await fillInReferral(
        client,
        { ...distinctCase(index), familyEmail: undefined, gp, school },
        { showPages: false },
      );
      ready.push(client);
    }
  };
  await Promise.all(Array.from({ length: PREPARERS }, preparer));
  return ready;
}

/** Sends the final POST of one draft; fails unless it leads to the confirmation, as a submission must. */
async function submit(client: HttpClient): Promise<void> {
  const answer = await client.post('/refer/check-your-answers', {});
  if (answer.status !== 303 || answer.location !== '/refer/confirmation') {
    throw new Error(`W2: a submission answered ${String(answer.status)} to ${answer.location ?? 'nowhere'}`);
  }
}

/** The rows the submissions wrote, per submission, counted in the database after the server has stopped. */
async function rowsPerSubmission(databaseUrl: string, submissions: number): Promise<number> {
  const handle = openDatabase(databaseUrl);
  try {
    const { db } = handle;
    const count = async (table: 'children' | 'referrals' | 'referral_consents') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const audit = await db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('action', '=', 'referral.submitted')
      .executeTakeFirstOrThrow();
    const outbox = await db
      .selectFrom('outbox_messages')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('subject_type', '=', 'referral')
      .executeTakeFirstOrThrow();
    const drafts = await db
      .selectFrom('referral_drafts')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('submitted_referral_id', 'is not', null)
      .executeTakeFirstOrThrow();
    const inserted =
      (await count('children')) +
      (await count('referrals')) +
      (await count('referral_consents')) +
      Number(audit.n) +
      Number(outbox.n) +
      Number(drafts.n);
    // The chain head is one row, updated once by every submission: it shows in no count, so it is added here.
    return inserted / submissions + 1;
  } finally {
    await handle.destroy();
  }
}

export const w2: Workload = {
  id: 'W2',
  async run(seconds, { ceilings }) {
    const rWrite = ceilings.find((c) => c.name === 'R_write')?.summary.perSecond;
    if (rWrite === undefined) throw new Error('W2 needs the R_write ceiling, measured in the same run');
    const drafts = Math.min(MAX_DRAFTS, Math.ceil(seconds * DRAFTS_PER_SECOND));
    const dataDir = mkdtempSync(join(tmpdir(), 'otway-bench-w2-'));
    const prepDir = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/otway-bench-w2-') : dataDir;
    const databaseUrl = `sqlite:${join(dataDir, 'otway.db')}`;
    const port = await freePort();
    try {
      const clients = await whileRunning(settings(dataDir, `sqlite:${join(prepDir, 'otway.db')}`, port), (server) =>
        prepare(server.baseUrl, WARM_UP + drafts),
      );
      if (prepDir !== dataDir) {
        for (const suffix of ['', '-wal', '-shm']) {
          const from = join(prepDir, `otway.db${suffix}`);
          if (existsSync(from)) copyFileSync(from, join(dataDir, `otway.db${suffix}`));
        }
      }

      const durations: number[] = [];
      const elapsed = await whileRunning(settings(dataDir, databaseUrl, port), async () => {
        const warm = clients.slice(0, WARM_UP);
        const timed = clients.slice(WARM_UP);
        await Promise.all(
          Array.from({ length: USERS }, async () => {
            for (let c = warm.shift(); c !== undefined; c = warm.shift()) await submit(c);
          }),
        );
        const start = performance.now();
        const until = start + seconds * 1000;
        await Promise.all(
          Array.from({ length: USERS }, async () => {
            for (let c = timed.shift(); c !== undefined && performance.now() < until; c = timed.shift()) {
              const t0 = performance.now();
              await submit(c);
              durations.push(performance.now() - t0);
            }
          }),
        );
        return performance.now() - start;
      });

      const submissions = WARM_UP + durations.length;
      const rows = await rowsPerSubmission(databaseUrl, submissions);
      if (rows !== ROWS_WRITTEN) {
        throw new Error(`W2 states ${String(ROWS_WRITTEN)} rows a submission, but the database shows ${fmt(rows)}`);
      }
      const summary = summarise(durations, elapsed);
      const floor = (0.25 * rWrite) / ROWS_WRITTEN;
      const ranOut =
        durations.length === drafts ? `, all ${String(drafts)} drafts used in ${fmt(elapsed / 1000)} s` : '';
      return {
        id: 'W2',
        what:
          `a referral submitted end to end: the final POST of drafts filled in over HTTP beforehand (validate, decide, ` +
          `one transaction writing ${String(ROWS_WRITTEN)} rows: child, referral, consent, audit event, audit chain ` +
          `head, one outbox message, draft; 303), ${String(USERS)} concurrent users, server in its own process on ` +
          `SQLite; ${String(durations.length)} submissions${ranOut}; throughput = ` +
          `${fmt((100 * summary.perSecond * ROWS_WRITTEN) / rWrite, 0)}% of R_write / ${String(ROWS_WRITTEN)}`,
        summary,
        goal: `p95 < 100 ms at ${String(USERS)} users; ≥ 25% of R_write / ${String(ROWS_WRITTEN)} (${fmt(floor)}/s)`,
        verdict: summary.p95Ms < 100 && summary.perSecond >= floor ? 'yes' : 'no',
      };
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      if (prepDir !== dataDir) rmSync(prepDir, { recursive: true, force: true });
    }
  },
};
