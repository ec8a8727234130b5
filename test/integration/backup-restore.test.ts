/**
 * Backups that restore (docs/adr/0034), on both databases, through the real command line (dist/cli/main.js): a backup
 * taken while referrals are being written, restored into an empty place and checked (rows, files, verify-audit); and
 * the refusals: a changed, cut or extended archive, the wrong key, no key, and a database that is not empty.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readArchive } from '../../src/data/backup/archive.js';
import { databaseIsEmpty } from '../../src/data/backup/database-copy.js';
import { parseBackupKey } from '../../src/data/backup/sealed-stream.js';
import { openDatabase, type Dialect } from '../../src/data/create-db.js';
import { manifestSchema } from '../../src/services/backup/manifest.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';
import { aReferral } from '../support/factories.js';
import { CLI_ENTRY } from '../support/server-process.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

interface Place {
  database: TestDatabase;
  dataDir: string;
  env: Record<string, string>;
}

async function cli(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI_ENTRY, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function countRows(url: string, table: 'referrals' | 'audit_events'): Promise<number> {
  const handle = openDatabase(url, { pgPoolMax: 1 });
  try {
    const row = await handle.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await handle.destroy();
  }
}

describeEachDialect('backups that restore', (dialect: Dialect) => {
  let t: TestApp;
  let dir: string;
  let keyFile: string;
  let archive: string;
  const places: Place[] = [];
  const source = () => ({
    DATABASE_URL: t.deps.config.databaseUrl,
    DATA_DIR: t.deps.config.dataDir,
    BACKUP_KEY_FILE: keyFile,
  });

  /** A new, empty database and data folder: nothing in either. */
  async function emptyPlace(options: { migrated?: boolean } = {}): Promise<Place> {
    const database = await createTestDatabase(dialect, options);
    const dataDir = mkdtempSync(join(tmpdir(), 'otway-restore-'));
    const place = {
      database,
      dataDir,
      env: { DATABASE_URL: database.url, DATA_DIR: dataDir, BACKUP_KEY_FILE: keyFile },
    };
    places.push(place);
    return place;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    dir = mkdtempSync(join(tmpdir(), 'otway-backups-'));
    keyFile = join(dir, 'backup.key');
    const made = await cli({ DATA_DIR: dir }, 'backup-key', keyFile);
    expect(made.code).toBe(0);
  });
  afterAll(async () => {
    await t.close();
    for (const place of places) {
      await place.database.drop();
      rmSync(place.dataDir, { recursive: true, force: true });
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes a key readable by its owner only, and never overwrites one', async () => {
    expect(readFileSync(keyFile).length).toBeGreaterThan(40);
    const { statSync } = await import('node:fs');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const again = await cli({ DATA_DIR: dir }, 'backup-key', keyFile);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
  });

  it('takes a backup while referrals are written, and restores it into an empty place that passes every check', async () => {
    for (let i = 0; i < 3; i++) await aReferral().withFile('report.pdf', PDF).accepted().create(t.deps);
    const before = await countRows(t.deps.config.databaseUrl, 'referrals');

    const load = { stop: false, written: 0 };
    const writing = (async () => {
      while (!load.stop) {
        await aReferral().withFile('report.pdf', PDF).accepted().create(t.deps);
        load.written++;
      }
    })();
    while (load.written === 0) await new Promise((r) => setTimeout(r, 10));
    const writtenAtStart = load.written;
    const backup = await cli(source(), 'backup', join(dir, 'backups'));
    const writtenDuring = load.written - writtenAtStart;
    load.stop = true;
    await writing;
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(writtenDuring).toBeGreaterThan(0);
    const match = /^Backed up to (\S+\.otwaybackup): /u.exec(backup.stdout);
    expect(match).not.toBeNull();
    archive = match?.[1] ?? '';
    const after = await countRows(t.deps.config.databaseUrl, 'referrals');

    // What the archive says it holds: a snapshot taken somewhere inside the write load.
    const key = parseBackupKey(readFileSync(keyFile, 'utf8'));
    if (key === null) throw new Error('no key');
    const peek = mkdtempSync(join(tmpdir(), 'otway-peek-'));
    const digests = await readArchive(archive, key, peek);
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(peek, 'manifest.json'), 'utf8')));
    rmSync(peek, { recursive: true, force: true });
    expect(manifest.dialect).toBe(dialect);
    expect(manifest.counts.referrals).toBeGreaterThanOrEqual(before + writtenAtStart);
    expect(manifest.counts.referrals).toBeLessThanOrEqual(after);
    expect(manifest.files.length).toBeGreaterThanOrEqual(2 * manifest.counts.referrals!);
    expect(manifest.chainHeads.length).toBeGreaterThan(0);
    expect(digests.get(manifest.database.entry)?.sha256).toBe(manifest.database.sha256);

    const place = await emptyPlace();
    const restored = await cli(place.env, 'restore', archive);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('Rows: every table holds the count the backup recorded.');
    expect(restored.stdout).toContain('Files: every file is present with its recorded SHA-256.');
    expect(restored.stdout).toMatch(/verify-audit llr-childrens-ot: \d+ events, intact/u);
    expect(restored.stdout).toContain('The restore checks passed.');

    // Checked again here, without the restore's own code: the rows, each file against the hash its row holds...
    const restoredUrl = place.database.url;
    expect(await countRows(restoredUrl, 'referrals')).toBe(manifest.counts.referrals);
    expect(await countRows(restoredUrl, 'audit_events')).toBe(manifest.counts.audit_events);
    const handle = openDatabase(restoredUrl, { pgPoolMax: 1 });
    try {
      const attachments = await handle.db
        .selectFrom('referral_attachments')
        .select(['service_id', 'stored_as', 'sha256'])
        .execute();
      expect(attachments.length).toBeGreaterThanOrEqual(manifest.counts.referrals!);
      for (const a of attachments) {
        const bytes = readFileSync(join(place.dataDir, 'attachments', a.service_id, a.stored_as));
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(a.sha256);
      }
      const letters = await handle.db.selectFrom('referral_letters').select(['service_id', 'stored_as']).execute();
      expect(letters.length).toBeGreaterThan(0);
      for (const l of letters) {
        expect(
          readFileSync(join(place.dataDir, 'attachments', l.service_id, l.stored_as))
            .subarray(0, 5)
            .toString(),
        ).toBe('%PDF-');
      }
    } finally {
      await handle.destroy();
    }
    // ...and the audit trail, by the command an operator runs.
    const verified = await cli(place.env, 'verify-audit');
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^llr-childrens-ot: \d+ events\b.*, intact$/mu);
    expect(verified.stdout).not.toContain('BROKEN');
  });

  it('refuses an archive changed, cut short or extended, and writes nothing', async () => {
    const bytes = readFileSync(archive);
    const changed = Buffer.from(bytes);
    changed[Math.floor(changed.length / 2)]! ^= 0x01;
    const cases: [string, Buffer, string][] = [
      ['changed', changed, 'has been changed or damaged since it was made'],
      ['cut', bytes.subarray(0, bytes.length - 100), 'is cut short'],
      ['cut-at-a-chunk', bytes.subarray(0, 48 + 5 + 64 * 1024 + 16), 'is cut short'],
      ['extended', Buffer.concat([bytes, Buffer.from('more')]), 'has been changed or damaged since it was made'],
      [
        'not-a-backup',
        Buffer.from('just some text that is long enough to have a header and a bit more'),
        'is not an Otway backup',
      ],
    ];
    for (const [name, content, message] of cases) {
      const file = join(dir, `${name}.otwaybackup`);
      writeFileSync(file, content);
      const place = await emptyPlace();
      const refused = await cli(place.env, 'restore', file);
      expect(refused.code, name).toBe(1);
      expect(refused.stderr, name).toContain(message);
      expect(refused.stdout, name).toBe('');
      expect(await databaseIsEmpty(place.database.url, dialect), name).toBe(true);
      expect(existsSync(join(place.dataDir, 'attachments')), name).toBe(false);
    }
  });

  it('refuses the wrong key, a missing key, a key others can read, and a file that is not there', async () => {
    const otherKey = join(dir, 'other.key');
    expect((await cli({ DATA_DIR: dir }, 'backup-key', otherKey)).code).toBe(0);
    const place = await emptyPlace();
    const wrong = await cli({ ...place.env, BACKUP_KEY_FILE: otherKey }, 'restore', archive);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('This backup was not made with this key');
    expect(await databaseIsEmpty(place.database.url, dialect)).toBe(true);

    const { BACKUP_KEY_FILE: _, ...withoutKey } = source();
    const noKey = await cli(withoutKey, 'backup', join(dir, 'backups'));
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('Set BACKUP_KEY_FILE');

    const open = join(dir, 'open.key');
    copyFileSync(keyFile, open);
    chmodSync(open, 0o644);
    const readable = await cli({ ...source(), BACKUP_KEY_FILE: open }, 'backup', join(dir, 'backups'));
    expect(readable.code).toBe(1);
    expect(readable.stderr).toContain('can be read by other users');

    const garbage = join(dir, 'garbage.key');
    writeFileSync(garbage, 'not a key\n', { mode: 0o600 });
    const bad = await cli({ ...source(), BACKUP_KEY_FILE: garbage }, 'backup', join(dir, 'backups'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('does not hold a backup key');

    const missing = await cli(place.env, 'restore', join(dir, 'no-such.otwaybackup'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no backup file at');
    const usage = await cli(place.env, 'restore');
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('Give the backup file to restore');
  });

  it('does not overwrite a database that holds data, unless told to with --overwrite', async () => {
    const live = await countRows(t.deps.config.databaseUrl, 'referrals');
    const refused = await cli(source(), 'restore', archive);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty, and a restore does not overwrite data unless told to');
    expect(await countRows(t.deps.config.databaseUrl, 'referrals')).toBe(live);

    const place = await emptyPlace({ migrated: true });
    const notEmpty = await cli(place.env, 'restore', archive);
    expect(notEmpty.code).toBe(1);
    const replaced = await cli(place.env, 'restore', archive, '--overwrite');
    expect(replaced.stderr).toBe('');
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain('The restore checks passed.');
  });
});
