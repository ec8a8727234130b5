/**
 * `kill -9` in the middle of 200 referral submissions (SECURITY.md): the real server runs as a child process; 200
 * referrers, ten at a time, fill in the online form and submit it over real HTTP; meanwhile the server is killed with
 * SIGKILL several times and started again on the same database and port, as a supervisor would. A referrer whose page
 * save or final POST got no answer sends it again with the same cookie and form token, as a browser's retry would.
 *
 * Afterwards the database must hold exactly one referral for each draft that was submitted, each complete (its child,
 * its consent, its audit event, its messages in the outbox, its draft marked), nothing half-written, an unbroken audit
 * chain, and every reference a referrer was shown; and after one more kill and restart, each referrer's confirmation
 * page must still show the reference it showed before.
 *
 * The kills are tied to the submissions rather than to the clock, so that they land while final POSTs are in flight on
 * a fast machine and a slow one alike: each kill comes a seeded number of new submissions after the last restart.
 * Half are blind, a seeded share of the final POSTs' median answer time after that submission was sent; half watch
 * the database and kill the server as soon as that submission's child can be read, just after its commit, which is
 * when an answer is most likely to be lost (and, were the writes not in one transaction, mid-way through them). Set
 * REFERRAL_CRASH_SEED to try other plans; a failure prints the seed it ran with.
 *
 * A quarter of the referrers show each page before answering it and read its form token, as a person does; the rest
 * post each page as soon as the last is saved, with the token of the first page they were shown (it is the draft's,
 * not the page's). Rendering pages is not what a crash endangers, and showing every page would double the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyChain } from '../../src/data/audit/audit.repository.js';
import { openDatabase, type DatabaseHandle, type Dialect } from '../../src/data/create-db.js';
import type { Database } from '../../src/data/database.js';
import { normaliseNhsNumber } from '../../src/domain/shared/nhs-number.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';
import { HttpClient, NetworkError } from '../support/http-client.js';
import type { ReferralCase } from '../support/referral.js';
import {
  distinctCase,
  fillInReferral,
  readConfirmation,
  submitReferral,
  type Send,
  type Step,
} from '../support/referral-http.js';
import { delay, freePort, serverProcess, type ServerProcess } from '../support/server-process.js';
import { LLR } from '../support/test-app.js';

const REFERRERS = 200;
const AT_ONCE = 10;
const KILLS = 6;
const SEED = Number(process.env.REFERRAL_CRASH_SEED ?? 20261128);
/** A browser's retry is a person pressing the button again: soon, but not in a tight loop. */
const RETRY_MS = 25;
/** Longer than any restart takes; a request still failing after this means the server did not come back. */
const GIVE_UP_MS = 90_000;

/** A small seeded generator (mulberry32), so that the same seed gives the same kill plan on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Kill {
  /** New submissions sent after the previous restart before this kill is armed. */
  afterSubmissions: number;
  /**
   * Blind: the server is killed a while after that submission was sent, the while a share (`share`) of how long final
   * POSTs have been taking to answer, so that it lands before, during or after the transaction on a fast machine and
   * a loaded one alike. Watching: the server is killed the moment the submission's child can be read from another
   * connection, that is as soon as its transaction has committed (or, were the writes not in one transaction, as soon
   * as the first of them was made), before or just after the answer has gone out.
   */
  kind: 'blind' | 'watching';
  share: number;
}

/**
 * Six kills, 8 to 25 submissions apart: at most 150 of the 200, so every kill happens while referrers are still
 * submitting, and the last ones submit to a server that has been through them all. Blind and watching kills take
 * turns.
 */
function killPlan(seed: number): Kill[] {
  const random = seeded(seed);
  return Array.from({ length: KILLS }, (_, i) => ({
    afterSubmissions: 8 + Math.floor(random() * 18),
    kind: i % 2 === 0 ? 'blind' : 'watching',
    share: 1.5 * random(),
  }));
}

/**
 * Notes submissions as referrers first send them (retries are not new ones), with the NHS number of each one's
 * child, and wakes whoever waits for a count.
 */
class SubmissionCounter {
  private readonly children: string[] = [];
  private waiting: { target: number; done: (child: string) => void }[] = [];

  get sent(): number {
    return this.children.length;
  }

  started(child: string): void {
    this.children.push(child);
    const due = this.waiting.filter((w) => w.target <= this.sent);
    this.waiting = this.waiting.filter((w) => w.target > this.sent);
    for (const w of due) w.done(child);
  }

  /** Resolves with the child of the target-th submission, once it has been sent. */
  reached(target: number): Promise<string> {
    const child = this.children[target - 1];
    if (child !== undefined) return Promise.resolve(child);
    return new Promise((done) => {
      this.waiting.push({ target, done });
    });
  }
}

/**
 * Waits until the child with this NHS number can be read from another connection, looking again as soon as the test's
 * own network traffic has had its turn. Gives up after `timeoutMs` (the kill then lands late, which is still a kill).
 */
async function childVisible(db: Kysely<Database>, nhsNumber: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const child = await db
      .selectFrom('children')
      .select('id')
      .where('service_id', '=', LLR)
      .where('nhs_number', '=', nhsNumber)
      .executeTakeFirst();
    if (child !== undefined) return;
    await new Promise<void>((done) => {
      setImmediate(done);
    });
  }
}

/** The median of the answer times noted so far, or `fallback` before there is any. */
function median(values: readonly number[], fallback: number): number {
  if (values.length === 0) return fallback;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? fallback;
}

/** A request that got no answer, and how many times it was sent before one came. */
interface Interrupted {
  step: Step;
  firstFailedAt: number;
  attempts: number;
}

interface Referrer {
  index: number;
  case: ReferralCase;
  client: HttpClient;
  reference: string;
  interrupted: Interrupted[];
}

/** The messages a submission queues for this case (see submit-referral.ts): the referrer's, and the family's. */
function expectedMessages(c: ReferralCase): number {
  // answersFor's defaults: a professional gives an e-mail address; a parent may not.
  const referrerEmail = c.referrerEmail ?? (c.referrerType === 'parent-carer' ? '' : 'sam.okafor@nhs.test');
  const familyEmail = c.familyEmail ?? '';
  const toReferrer = referrerEmail === '' ? 0 : 1;
  // The family hears by e-mail unless that is the referrer's own address, or by text when nobody has an e-mail.
  const toFamily = familyEmail !== '' ? (familyEmail === referrerEmail ? 0 : 1) : referrerEmail === '' ? 1 : 0;
  return toReferrer + toFamily;
}

function countBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

describeEachDialect('kill -9 during 200 referral submissions', (dialect: Dialect) => {
  let database: TestDatabase;
  let dataDir: string;
  let server: ServerProcess;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'otway-crash-'));
    server = serverProcess({
      databaseUrl: database.url,
      dataDir,
      port: await freePort(),
      env: {
        // Fixed, so that the drafts' cookies and form tokens (HMACs under it) still open after a restart.
        SESSION_SECRET: 'referral-crash-test-secret-0123456789abcdef',
        // Every referrer comes from 127.0.0.1: the per-address limit would otherwise stop the run, not a crash.
        RATE_LIMIT_PER_MINUTE: '1000000',
      },
    });
  });

  afterEach(async () => {
    await server.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged referral, exactly once and whole', { timeout: 240_000 }, async () => {
    const began = performance.now();
    const plan = killPlan(SEED);
    const explain = (what: string) =>
      `${what} (seed ${String(SEED)}). The server wrote:\n${server.output().slice(-5000)}`;
    await server.start();

    const counter = new SubmissionCounter();
    /** How long answered final POSTs took, in ms: the kills are timed by it. */
    const submitTimes: number[] = [];
    const referrers: Referrer[] = [];
    let failure: unknown;
    let next = 0;

    async function refer(index: number): Promise<Referrer> {
      const c = distinctCase(index);
      const client = new HttpClient(server.baseUrl);
      const interrupted: Interrupted[] = [];
      let counted = false;
      const send: Send = async (step, request) => {
        if (step === 'submit' && !counted) {
          counted = true;
          counter.started(normaliseNhsNumber(c.nhsNumber ?? '') ?? '');
        }
        let record: Interrupted | undefined;
        for (;;) {
          if (failure !== undefined) throw new Error('Stopped: another referrer failed');
          const sentAt = Date.now();
          try {
            const answer = await request();
            if (step === 'submit' && record === undefined) submitTimes.push(Date.now() - sentAt);
            return answer;
          } catch (error) {
            if (!(error instanceof NetworkError)) throw error;
            if (record === undefined) {
              record = { step, firstFailedAt: Date.now(), attempts: 0 };
              interrupted.push(record);
            }
            record.attempts += 1;
            if (Date.now() - record.firstFailedAt > GIVE_UP_MS) throw error;
            await delay(RETRY_MS);
          }
        }
      };
      await fillInReferral(client, c, { send, showPages: index % 4 === 0 });
      const reference = await submitReferral(client, { send });
      return { index, case: c, client, reference, interrupted };
    }

    async function referrerLoop(): Promise<void> {
      while (failure === undefined && next < REFERRERS) {
        const index = next;
        next += 1;
        try {
          referrers.push(await refer(index));
        } catch (error) {
          failure ??= error;
        }
      }
    }

    const everyoneDone = Promise.all(Array.from({ length: AT_ONCE }, referrerLoop));
    const finished = everyoneDone.then(() => undefined);
    const killed: Kill['kind'][] = [];
    // The watching kills read the database beside the server, as any other client of it could.
    const watcher = openDatabase(database.url);
    try {
      for (const kill of plan) {
        const child = await Promise.race([counter.reached(counter.sent + kill.afterSubmissions), finished]);
        if (child === undefined || failure !== undefined) break;
        if (kill.kind === 'watching') await childVisible(watcher.db, child, 10_000);
        else await delay(Math.round(kill.share * median(submitTimes, 20)));
        killed.push(kill.kind);
        await server.kill();
        await server.start();
      }
    } catch (error) {
      failure ??= error;
    } finally {
      await watcher.destroy();
    }
    await everyoneDone;
    if (failure !== undefined) {
      throw new Error(explain(failure instanceof Error ? failure.message : 'A referrer failed'), { cause: failure });
    }
    expect(killed, explain('every planned kill happened while referrers were submitting')).toHaveLength(KILLS);
    expect(referrers).toHaveLength(REFERRERS);

    // One more crash, then every referrer looks at the confirmation again: an acknowledged referral must outlive it.
    await server.kill();
    await server.start();
    for (const r of referrers) {
      expect(
        await readConfirmation(r.client),
        `referrer ${String(r.index)}'s confirmation after the last restart`,
      ).toBe(r.reference);
    }
    await server.stop();

    let handle: DatabaseHandle | undefined;
    try {
      handle = openDatabase(database.url);
      const { db } = handle;
      const referrals = await db
        .selectFrom('referrals')
        .select(['id', 'reference', 'child_id', 'idempotency_key', 'created_at'])
        .where('service_id', '=', LLR)
        .execute();
      const children = await db.selectFrom('children').select(['id', 'nhs_number']).execute();
      const consents = await db.selectFrom('referral_consents').select('referral_id').execute();
      const audits = await db
        .selectFrom('audit_events')
        .select(['subject_id', 'outcome'])
        .where('action', '=', 'referral.submitted')
        .execute();
      const messages = await db
        .selectFrom('outbox_messages')
        .select('subject_id')
        .where('subject_type', '=', 'referral')
        .execute();
      const drafts = await db
        .selectFrom('referral_drafts')
        .select(['idempotency_key', 'submitted_referral_id'])
        .execute();
      const chain = await verifyChain(db, LLR);

      // Exactly one referral per submitted draft, and each the one its referrer was shown.
      const byReference = new Map(referrals.map((r) => [r.reference, r]));
      const shown = referrers.map((r) => r.reference);
      expect(new Set(shown).size, 'each referrer was shown a reference of its own').toBe(REFERRERS);
      expect(referrals, 'one referral per referrer, no duplicates').toHaveLength(REFERRERS);
      expect(
        shown.filter((ref) => !byReference.has(ref)),
        'references shown but not stored',
      ).toEqual([]);
      const submittedDrafts = drafts.filter((d) => d.submitted_referral_id !== null);
      expect(submittedDrafts, 'one submitted draft per referral').toHaveLength(REFERRERS);
      const referralIds = new Set(referrals.map((r) => r.id));
      const keyOf = new Map(referrals.map((r) => [r.id, r.idempotency_key]));
      expect(
        submittedDrafts.filter((d) => keyOf.get(d.submitted_referral_id ?? '') !== d.idempotency_key),
        'drafts marked submitted without their referral',
      ).toEqual([]);

      // Each referral whole: its own child (the one its referrer described), its consent, its audit event, its messages.
      const childById = new Map(children.map((c) => [c.id, c]));
      const childUses = countBy(referrals, (r) => r.child_id);
      const consentFor = countBy(consents, (c) => c.referral_id);
      const auditFor = countBy(audits, (a) => a.subject_id);
      const messagesFor = countBy(messages, (m) => m.subject_id);
      const problems: string[] = [];
      for (const r of referrers) {
        const referral = byReference.get(r.reference);
        if (referral === undefined) continue;
        const at = `${r.reference} (referrer ${String(r.index)})`;
        const child = childById.get(referral.child_id);
        if (child?.nhs_number !== normaliseNhsNumber(r.case.nhsNumber ?? '')) problems.push(`${at}: not its child`);
        if (childUses.get(referral.child_id) !== 1) problems.push(`${at}: its child is shared`);
        if (consentFor.get(referral.id) !== 1) problems.push(`${at}: no consent`);
        const audited = auditFor.get(referral.id) ?? 0;
        if (audited !== 1) problems.push(`${at}: ${String(audited)} audit events`);
        const queued = messagesFor.get(referral.id) ?? 0;
        if (queued !== expectedMessages(r.case)) problems.push(`${at}: ${String(queued)} messages queued`);
      }
      expect(problems, 'incomplete referrals').toEqual([]);
      expect(children, 'no child without a referral').toHaveLength(REFERRERS);
      expect(
        audits.filter((a) => a.outcome !== 'success' || !referralIds.has(a.subject_id ?? '')),
        'stray audit events',
      ).toEqual([]);
      expect(
        messages.filter((m) => !referralIds.has(m.subject_id ?? '')),
        'messages for no referral',
      ).toEqual([]);
      expect(chain.brokenAtId, 'the audit chain is unbroken').toBeNull();

      // The crashes hit what they were meant to: some final POSTs got no answer, and were answered on a retry.
      const interrupted = referrers.flatMap((r) => r.interrupted.map((i) => ({ ...i, referrer: r })));
      const submits = interrupted.filter((i) => i.step === 'submit');
      const committedUnanswered = submits.filter(
        (i) => Date.parse(byReference.get(i.referrer.reference)?.created_at ?? '') < i.firstFailedAt,
      );
      expect(submits.length, explain('final POSTs cut off by a kill')).toBeGreaterThan(0);
      const count = (steps: readonly Step[]) => String(interrupted.filter((i) => steps.includes(i.step)).length);
      const seconds = ((performance.now() - began) / 1000).toFixed(1);
      process.stdout.write(
        `[${dialect}] ${String(REFERRERS)} referrals, ${String(killed.length)} kills while submitting and one ` +
          `after, in ${seconds} s (seed ${String(SEED)}): cut off were ${count(['save'])} page saves, ` +
          `${count(['show', 'start', 'confirmation'])} page views and starts, and ${String(submits.length)} final ` +
          `POSTs, of which ${String(committedUnanswered.length)} had committed before the kill and were answered ` +
          `with the same reference on retry\n`,
      );
    } finally {
      await handle?.destroy();
    }
  });
});
