/**
 * The reference-data snapshot shipped beside the service definitions: imported on first start into empty tables (as
 * `npm start` does), once, even when two servers start together; never over data already imported; and what it gives
 * a new install at once: a referral form whose GP question searches it, and a GP letter when a referral is accepted.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { openDatabase } from '../../src/data/create-db.js';
import { createTestDatabase, describeEachDialect } from '../support/databases.js';
import { text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { answersFor, completeReferral } from '../support/referral.js';
import { freePort, serverProcess } from '../support/server-process.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SNAPSHOT = resolve(import.meta.dirname, '../../service-definitions/reference-data');
const manifest = JSON.parse(readFileSync(resolve(SNAPSHOT, 'snapshot.json'), 'utf8')) as {
  files: { kind: string; file: string; dataDate: string }[];
};

describeEachDialect('reference data snapshot', (dialect) => {
  const count = async (t: TestApp, table: 'gp_practices' | 'schools') =>
    Number(
      (
        await t.deps.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const imports = (t: TestApp) =>
    t.deps.database.db
      .selectFrom('reference_imports')
      .select(['kind', 'file_name', 'source', 'data_date', 'added'])
      .orderBy('kind')
      .execute();

  describe('on first start', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect, { referenceSnapshot: true });
    });
    afterAll(async () => {
      await t.close();
    });

    it('imports the shipped files into the empty tables, recorded as the snapshot with the publishers’ dates', async () => {
      expect(await count(t, 'gp_practices')).toBe(382);
      expect(await count(t, 'schools')).toBe(211);
      expect(await imports(t)).toEqual(
        manifest.files
          .map((f) => ({ kind: f.kind, file_name: f.file, source: 'snapshot', data_date: f.dataDate }))
          .sort((a, b) => a.kind.localeCompare(b.kind))
          .map((r) => ({ ...r, added: r.kind === 'practices' ? 382 : 211 })),
      );
      const events = await t.deps.database.db
        .selectFrom('audit_events')
        .select('action')
        .where('action', '=', 'reference.imported')
        .execute();
      expect(events).toHaveLength(2);
    });

    it('does nothing on the next start, as the tables hold data', async () => {
      expect(await t.deps.referenceSnapshot.importIfEmpty()).toEqual([]);
      expect(await imports(t)).toHaveLength(2);
    });

    it('gives a referral form whose GP practice question searches the snapshot', async () => {
      const client = new TestClient(t.app);
      const started = await client.post('/refer/start', {}, { csrf: null });
      let path = started.location!;
      while (path !== '/refer/child-gp') {
        await client.get(path);
        const answered = await client.post(
          path,
          answersFor(path.slice('/refer/'.length), { referrerType: 'parent-carer' }),
        );
        expect(answered.status, path).toBe(303);
        path = answered.location!;
      }
      const page = await client.get('/refer/child-gp?q=Empingham');
      expect(page.status).toBe(200);
      const options = [...page.document.querySelectorAll('input[name="childGp"]')].map((i) => i.getAttribute('value'));
      expect(options).toContain('C82044');
      // The declarations for a install without data ("a GP practice in the area") are not asked.
      expect(options).not.toContain('in-area');
    });
  });

  it('shows admins the date of the data, with a warning once it is older than the publisher’s cycle', async () => {
    const time = movableClock(new Date('2024-09-20T10:00:00Z'));
    const t = await createTestApp(dialect, { referenceSnapshot: true, clock: time.clock });
    try {
      const admin = await aStaffMember().called('Ada Admin').withRoles('admin').create(t.deps);
      const triager = await aStaffMember().called('Tom Triage').withRoles('triage-clinician').create(t.deps);
      // Signed in afresh each time the clock moves, as a session lasts hours.
      const home = async () => {
        const client = new TestClient(t.app);
        await signIn(client, admin);
        return client.get('/staff');
      };
      const rows = async () =>
        [...(await home()).document.querySelectorAll('table.nhsuk-table tbody tr')].map((r) =>
          [...r.children].map((c) => text(c)),
        );
      const warnings = async () =>
        [...(await home()).document.querySelectorAll('main .nhsuk-card--warning')].map((w) => text(w));
      // 20 days after the schools' date (2024-08-31): within the cycle. The practices' date is in the future here.
      expect(await rows()).toEqual([
        [
          'GP practices',
          'epraccur-llr-and-neighbours-2025-11.csvThe copy shipped with Otway',
          '1 September 2025',
          '20 September 2024',
        ],
        [
          'Schools',
          'gias-llr-and-neighbours-2023-24.csvThe copy shipped with Otway',
          '31 August 2024',
          '20 September 2024',
        ],
      ]);
      expect(await warnings()).toEqual([]);
      // 36 days: the schools are out of date; on 5 December 2025 the practices are not (95 days), on the 6th they are.
      time.set(new Date('2024-10-06T10:00:00Z'));
      expect((await warnings()).map((w) => w.slice(0, 60))).toEqual([
        expect.stringContaining('Schools data needs updating') as string,
      ]);
      time.set(new Date('2025-12-05T10:00:00Z'));
      expect((await warnings()).join(' ')).not.toContain('GP practices data needs updating');
      time.set(new Date('2025-12-06T10:00:00Z'));
      const both = await warnings();
      expect(both).toHaveLength(2);
      expect(both[0]).toContain('The GP practice data is from 1 September 2025, 96 days ago');
      expect(both[0]).toContain('npm run cli -- import-practices FILE');
      // Only admins see it.
      const other = new TestClient(t.app);
      await signIn(other, triager);
      const theirs = await other.get('/staff');
      expect(theirs.document.querySelector('table.nhsuk-table')).toBeNull();
      expect(theirs.body).not.toContain('Reference data');
    } finally {
      await t.close();
    }
  });

  it('warns admins when no reference data has been imported', async () => {
    const t = await createTestApp(dialect);
    try {
      const admin = await aStaffMember().called('Ada Admin').withRoles('admin').create(t.deps);
      const client = new TestClient(t.app);
      await signIn(client, admin);
      const page = await client.get('/staff');
      const warnings = [...page.document.querySelectorAll('main .nhsuk-card--warning')].map((w) => text(w));
      expect(warnings).toHaveLength(2);
      expect(warnings[1]).toContain('No schools have been imported');
    } finally {
      await t.close();
    }
  });

  it('is imported by the real server on its first start (npm start), and not again when another starts on it', async () => {
    const database = await createTestDatabase(dialect);
    const dirs = [mkdtempSync(join(tmpdir(), 'otway-snap-')), mkdtempSync(join(tmpdir(), 'otway-snap-'))];
    const servers = await Promise.all(
      dirs.map(async (dataDir) =>
        serverProcess({
          databaseUrl: database.url,
          dataDir,
          port: await freePort(),
          env: { SESSION_SECRET: 'reference-snapshot-test-secret-0123456789ab', REFERENCE_SNAPSHOT_IMPORT: 'true' },
        }),
      ),
    );
    try {
      await servers[0]!.start();
      await servers[1]!.start();
      const page = await fetch(`${servers[1]!.baseUrl}/api/v1/reference/gp-practices?q=Empingham`);
      expect(await page.text()).toContain('C82044');
      const db = openDatabase(database.url);
      try {
        const rows = await db.db.selectFrom('reference_imports').select(['kind', 'source']).orderBy('kind').execute();
        expect(rows).toEqual([
          { kind: 'practices', source: 'snapshot' },
          { kind: 'schools', source: 'snapshot' },
        ]);
      } finally {
        await db.destroy();
      }
    } finally {
      for (const s of servers) await s.stop();
      await database.drop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  }, 120_000);

  it('a test app (or REFERENCE_SNAPSHOT_IMPORT=false) starts with empty tables unless it asks for the snapshot', async () => {
    const t = await createTestApp(dialect);
    try {
      expect(await count(t, 'gp_practices')).toBe(0);
      expect(await count(t, 'schools')).toBe(0);
      expect(t.deps.config.referenceSnapshotImport).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('imports once when two servers start at once, and never over practices already imported', async () => {
    const t = await createTestApp(dialect);
    try {
      const name = 'epraccur-llr-and-neighbours-2025-11.csv';
      const firstFive = readFileSync(resolve(SNAPSHOT, name), 'utf8').split('\n').slice(0, 5).join('\n');
      const fromFile = await t.deps.referenceImport.importPractices({
        name: 'epraccur.csv',
        bytes: new TextEncoder().encode(firstFive),
      });
      expect(fromFile.added).toBe(5);
      const [a, b] = await Promise.all([
        t.deps.referenceSnapshot.importIfEmpty(),
        t.deps.referenceSnapshot.importIfEmpty(),
      ]);
      // Only the schools were empty, and they were imported by one of the two.
      expect([...a, ...b].map((r) => r.kind)).toEqual(['schools']);
      expect(await count(t, 'gp_practices')).toBe(fromFile.added);
      expect(await count(t, 'schools')).toBe(211);
      expect((await imports(t)).map((r) => [r.kind, r.source])).toEqual([
        ['practices', 'file'],
        ['schools', 'snapshot'],
      ]);
    } finally {
      await t.close();
    }
  });

  describe('a referral accepted on a new install', () => {
    let t: TestApp;
    let clinician: CreatedStaff;
    beforeAll(async () => {
      t = await createTestApp(dialect, {
        referenceSnapshot: true,
        clock: movableClock(new Date('2026-11-27T10:00:00Z')).clock,
      });
      clinician = await aStaffMember().called('Tess Triage').withRoles('triage-clinician').create(t.deps);
    });
    afterAll(async () => {
      await t.close();
    });

    it('writes the GP’s letter, addressed from the snapshot', async () => {
      const client = new TestClient(t.app);
      await completeReferral(client, { referrerType: 'health-professional', gp: 'C82044', school: '134809' });
      const confirmation = await client.follow(await client.post('/refer/check-your-answers'));
      const reference = text(confirmation.document.querySelector('.nhsuk-panel__body strong'));
      const db = t.deps.database.db;
      const { id } = await db
        .selectFrom('referrals')
        .select('id')
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
      const staff = new TestClient(t.app);
      await signIn(staff, clinician);
      await staff.get(`/staff/triage/referrals/${id}/decision/accept`);
      const saved = await staff.post(`/staff/triage/referrals/${id}/decision/accept`, {
        version: '1',
        pathway: 'coordination',
        priority: 'soon',
        setting: 'school',
      });
      expect(saved.status).toBe(303);
      const gp = await db
        .selectFrom('referral_letters')
        .select(['recipient_name', 'content'])
        .where('referral_id', '=', id)
        .where('recipient_role', '=', 'gp')
        .executeTakeFirst();
      expect(gp?.recipient_name).toBe('EMPINGHAM MEDICAL CENTRE');
      expect(JSON.parse(gp!.content)).toMatchObject({
        addressLines: ['MAIN STREET', 'EMPINGHAM', 'OAKHAM', 'LE15 8PR'],
      });
    });
  });
});
