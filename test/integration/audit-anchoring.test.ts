import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { hashAuditRow, verifyChain } from '../../src/data/audit/audit.repository.js';
import { systemContext } from '../../src/services/shared/context.js';
import { aStaffMember } from '../support/builders.js';
import { describeEachDialect } from '../support/databases.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

/**
 * Issue 12, finding 3: whoever can write to the database could drop or disable the triggers, change a row and
 * recompute every later hash and the chain's head; the chain then checked out. The chain heads are now anchored
 * outside the database, signed with a key it does not hold, and the check holds the chain against them.
 */
describeEachDialect('the audit trail held against anchors outside the database', (dialect) => {
  let t: TestApp;
  let adminEmail: string;
  const db = () => t.deps.database.db;
  const record = (i: number) =>
    t.deps.audit.record(
      db(),
      { ...systemContext(`anchor-${String(i)}`), serviceId: LLR },
      {
        action: 'user.viewed',
        subjectType: 'user',
        subjectId: `subject-${String(i)}`,
      },
    );
  const chainRows = () => db().selectFrom('audit_events').selectAll().where('chain', '=', LLR).orderBy('id').execute();

  /** What an attacker with the database's own rights does: change a row, then re-hash it and every row after it. */
  async function rewriteFrom(index: number, subjectId: string): Promise<number> {
    if (dialect === 'sqlite') {
      await sql`drop trigger if exists audit_events_no_update`.execute(db());
    } else {
      await sql`alter table audit_events disable trigger user`.execute(db());
    }
    const rows = await chainRows();
    let prev = rows[index - 1]!.hash;
    for (const [i, row] of rows.entries()) {
      if (i < index) continue;
      const { id, hash: _old, ...fields } = i === index ? { ...row, subject_id: subjectId } : row;
      const hash = hashAuditRow({ ...fields, prev_hash: prev });
      await db()
        .updateTable('audit_events')
        .set({ subject_id: fields.subject_id, prev_hash: prev, hash })
        .where('id', '=', id)
        .execute();
      prev = hash;
    }
    await db().updateTable('audit_chain_heads').set({ last_hash: prev }).where('chain', '=', LLR).execute();
    if (dialect === 'postgres') await sql`alter table audit_events enable trigger user`.execute(db());
    return rows[index]!.id;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    adminEmail = (await aStaffMember().withRoles('admin').create(t.deps)).email;
    for (let i = 0; i < 6; i++) await record(i);
  });
  afterAll(async () => {
    await t.close();
  });

  it('signs each moved chain head into the anchor file, readable by its owner only, and only when it moved', async () => {
    expect(await t.deps.auditWatch.anchor()).toBeGreaterThanOrEqual(1);
    expect(await t.deps.auditWatch.anchor()).toBe(0);
    const file = t.deps.config.auditAnchor.file;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const llr = lines.map((l) => JSON.parse(l) as { chain: string; lastId: number }).filter((a) => a.chain === LLR);
    const last = (await chainRows()).at(-1)!;
    expect(llr.at(-1)).toMatchObject({ chain: LLR, lastId: last.id, lastHash: last.hash });
    const [check] = await t.deps.audit.verify(LLR);
    expect(check).toMatchObject({ chain: LLR, brokenAtId: null, brokenBecause: null, anchorsChecked: 1 });
  });

  it('finds a chain rewritten with every hash recomputed, which the hashes alone no longer show', async () => {
    for (let i = 6; i < 9; i++) await record(i);
    expect(await t.deps.auditWatch.anchor()).toBeGreaterThanOrEqual(1);
    const anchoredIds = (await chainRows()).map((r) => r.id);
    const changed = await rewriteFrom(2, 'someone-else');
    // The hashes and links are consistent again: without the anchors the trail would check out.
    expect((await verifyChain(db(), LLR)).brokenAtId).toBeNull();
    const [check] = await t.deps.audit.verify(LLR);
    expect(check?.brokenBecause).toBe('anchor');
    // The first anchored row at or after the change: here the head anchored after the first six events.
    expect(check?.brokenAtId).toBe(anchoredIds[5]);
    expect(check!.brokenAtId!).toBeGreaterThan(changed);
  });

  it('tells each administrator once, through the outbox, when the scheduled check finds the break', async () => {
    const first = await t.deps.auditWatch.verifyAndAlert();
    expect(first.broken.map((c) => c.chain)).toEqual([LLR]);
    expect(first.alerted).toBe(1);
    const queued = await db()
      .selectFrom('outbox_messages')
      .select(['template', 'recipient', 'channel'])
      .where('template', '=', 'audit-trail-broken')
      .execute();
    expect(queued).toEqual([{ template: 'audit-trail-broken', recipient: adminEmail, channel: 'email' }]);
    expect((await t.deps.auditWatch.verifyAndAlert()).alerted).toBe(0);
  });

  it('shows the break and why on the check page and in verify-audit terms', async () => {
    const checks = await t.deps.audit.verifyAll();
    expect(checks.find((c) => c.chain === LLR)?.brokenBecause).toBe('anchor');
    expect(checks.find((c) => c.chain === 'instance')?.brokenAtId).toBeNull();
  });
});

describeEachDialect('anchors that are not what they seem', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (let i = 0; i < 3; i++) {
      await t.deps.audit.record(
        t.deps.database.db,
        { ...systemContext(`a-${String(i)}`), serviceId: LLR },
        {
          action: 'user.viewed',
        },
      );
    }
    await t.deps.auditWatch.anchor();
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports a line of the anchor file not signed by the anchor key', async () => {
    const file = t.deps.config.auditAnchor.file;
    const genuine = JSON.parse(readFileSync(file, 'utf8').trim().split('\n')[0]!) as Record<string, unknown>;
    expect((await t.deps.audit.verify(LLR)).every((c) => c.brokenAtId === null)).toBe(true);
    appendFileSync(file, `${JSON.stringify({ ...genuine, lastHash: 'f'.repeat(64) })}\n`);
    const checks = await t.deps.audit.verify(LLR);
    expect(checks.map((c) => c.brokenBecause)).toContain('anchor-signature');
  });

  it('reports rows removed from the end and the head moved back, past an anchor', async () => {
    const rows = await t.deps.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('chain', '=', LLR)
      .orderBy('id')
      .execute();
    const last = rows.at(-1)!;
    const before = rows.at(-2)!;
    if (dialect === 'sqlite') await sql`drop trigger if exists audit_events_no_delete`.execute(t.deps.database.db);
    else await sql`alter table audit_events disable trigger user`.execute(t.deps.database.db);
    await t.deps.database.db.deleteFrom('audit_events').where('id', '=', last.id).execute();
    await t.deps.database.db
      .updateTable('audit_chain_heads')
      .set({ last_id: before.id, last_hash: before.hash })
      .where('chain', '=', LLR)
      .execute();
    expect((await verifyChain(t.deps.database.db, LLR)).brokenAtId).toBeNull();
    const [check] = await t.deps.audit.verify(LLR);
    expect(check).toMatchObject({ brokenAtId: last.id, brokenBecause: 'anchor' });
  });
});

describe('the anchor key', () => {
  it('is refused when it is not an Ed25519 private key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'otway-anchor-'));
    writeFileSync(join(dir, 'key.pem'), 'not a key');
    expect(() => loadConfig({ DATA_DIR: dir, AUDIT_ANCHOR_KEY_FILE: join(dir, 'key.pem') })).toThrow(
      /does not hold an Ed25519 private key/u,
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('is made on first start, readable by its owner only, and used again after', () => {
    const dir = mkdtempSync(join(tmpdir(), 'otway-anchor-'));
    const first = loadConfig({ DATA_DIR: dir }).auditAnchor;
    expect(statSync(first.keyFile).mode & 0o777).toBe(0o600);
    expect(loadConfig({ DATA_DIR: dir }).auditAnchor.keyPem).toBe(first.keyPem);
    rmSync(dir, { recursive: true, force: true });
  });
});
