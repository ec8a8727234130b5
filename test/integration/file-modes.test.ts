/**
 * What Otway keeps on disk is readable by its own user alone (issue 12, finding 4): the SQLite database and the -wal
 * and -shm files SQLite makes beside it (lazily, at the first write) are 0600; stored files (attachments, letters) are
 * 0600 in folders 0700; a database or a folder left wider by an older Otway is tightened at start. Checked after
 * start-up and again after writes, on a real server's real files.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/data/create-db.js';
import { aStaffMember } from '../support/builders.js';
import { describeEachDialect } from '../support/databases.js';
import { aReferral } from '../support/factories.js';
import { signedIn } from '../support/journeys.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('the SQLite database files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'otway-modes-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('are created 0600, in a folder created 0700, and the -wal and -shm stay 0600 after writes', async () => {
    const path = join(dir, 'new-folder', 'otway.db');
    const t = await createTestApp('sqlite', { databaseUrl: `sqlite:${path}` });
    try {
      expect(modeOf(join(dir, 'new-folder'))).toBe(0o700);
      expect(modeOf(path)).toBe(0o600);
      // Writes: a member of staff, a sign-in (a session row and audit events), a referral with its letter.
      const admin = await aStaffMember().withRoles('admin').create(t.deps);
      await signedIn(t.app, admin);
      await aReferral().declined().create(t.deps);
      for (const suffix of ['', '-wal', '-shm']) {
        expect({ file: `otway.db${suffix}`, mode: modeOf(path + suffix) }).toEqual({
          file: `otway.db${suffix}`,
          mode: 0o600,
        });
      }
    } finally {
      await t.close();
    }
  });

  it('left readable by everyone by an older Otway, are tightened to 0600 at start', async () => {
    const path = join(dir, 'older.db');
    const older = openDatabase(`sqlite:${path}`);
    await older.db.schema.createTable('t').addColumn('x', 'integer').execute();
    await sql`insert into t (x) values (1)`.execute(older.db);
    await older.destroy();
    writeFileSync(`${path}-wal`, '');
    writeFileSync(`${path}-shm`, '');
    for (const suffix of ['', '-wal', '-shm']) chmodSync(path + suffix, 0o644);

    const reopened = openDatabase(`sqlite:${path}`);
    try {
      for (const suffix of ['', '-wal', '-shm']) {
        if (existsSync(path + suffix)) expect({ suffix, mode: modeOf(path + suffix) }).toEqual({ suffix, mode: 0o600 });
      }
      await sql`insert into t (x) values (2)`.execute(reopened.db);
      expect(modeOf(`${path}-wal`)).toBe(0o600);
    } finally {
      await reopened.destroy();
    }
  });
});

describeEachDialect('stored files (attachments and letters)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('are 0600 in folders 0700, the data folder included', async () => {
    const root = t.deps.config.attachmentsDir;
    expect(modeOf(root)).toBe(0o700);
    const referral = await aReferral().declined().create(t.deps);
    const letter = await t.deps.database.db
      .selectFrom('referral_letters')
      .select(['stored_as', 'service_id'])
      .where('referral_id', '=', referral.id)
      .executeTakeFirstOrThrow();
    const folder = join(root, letter.service_id);
    expect(modeOf(root)).toBe(0o700);
    expect(modeOf(folder)).toBe(0o700);
    expect(modeOf(join(folder, letter.stored_as))).toBe(0o600);
  });

  it('folders made readable by everyone before are tightened to 0700 when Otway starts', async () => {
    const root = t.deps.config.attachmentsDir;
    const folder = join(root, 'llr-childrens-ot');
    chmodSync(root, 0o755);
    chmodSync(folder, 0o755);
    const again = await createTestApp(dialect, {
      databaseUrl: t.database!.url,
      env: { ATTACHMENTS_DIR: root },
    });
    try {
      expect(modeOf(root)).toBe(0o700);
      expect(modeOf(folder)).toBe(0o700);
    } finally {
      await again.close();
    }
  });
});
