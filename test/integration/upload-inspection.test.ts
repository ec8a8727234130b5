/**
 * Issue 12, finding 1 (docs/adr/0028): PDFs whose actions were hidden from the old byte search (names written with
 * #xx escapes, actions inside compressed object streams or any FlateDecode stream, an incremental update, a URI
 * action, an embedded file), a zip-bomb, unreadable PDFs, and pictures with archives after their end are refused
 * through HTTP with a message saying what to do, and nothing is stored; clean documents made by real tools still pass.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TestClient } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary } from '../support/html.js';
import { completeReferral, uploadFile } from '../support/referral.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/uploads');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

const ACTIVE = 'The selected PDF contains scripts, links or attached files. Print it to a new PDF and upload that';
const UNREADABLE = 'The selected PDF cannot be read. Print it to a new PDF and upload that';
const AFTER_END = 'The selected file has something else added after its end. Save it again as a PDF, JPG or PNG';
const HIDDEN =
  'The selected file contains something other than a document or picture. Save it again as a PDF, JPG or PNG';

const HOSTILE: [string, string][] = [
  ['escaped-javascript.pdf', ACTIVE],
  ['escaped-launch.pdf', ACTIVE],
  ['escaped-uri.pdf', ACTIVE],
  ['escaped-embedded-file.pdf', ACTIVE],
  ['object-stream-javascript.pdf', ACTIVE],
  ['object-stream-untyped-launch.pdf', ACTIVE],
  ['flate-stream-javascript.pdf', ACTIVE],
  ['uri-action.pdf', ACTIVE],
  ['submit-form.pdf', ACTIVE],
  ['open-action-javascript-update.pdf', ACTIVE],
  ['zip-bomb.pdf', 'The selected PDF is too big once opened. Print it to a new PDF, or split it into smaller files'],
  ['truncated.pdf', UNREADABLE],
  ['malformed.pdf', UNREADABLE],
  ['encrypted.pdf', 'The selected PDF is protected by a password. Print it to a new PDF and upload that'],
  ['data-after-end.pdf', AFTER_END],
  ['png-then-rar.png', HIDDEN],
  ['png-then-zlib.png', AFTER_END],
  ['jpeg-then-7z.jpg', HIDDEN],
  ['jpeg-then-zip.jpg', HIDDEN],
  ['jpeg-then-gzip.jpg', AFTER_END],
  ['truncated.png', 'The selected file is not a complete PNG picture'],
  ['truncated.jpg', 'The selected file is not a complete JPG picture'],
];

describeEachDialect('upload inspection', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  const rows = () => t.deps.database.db.selectFrom('referral_attachments').selectAll().execute();
  const stored = () => {
    try {
      return readdirSync(join(t.deps.config.attachmentsDir, 'llr-childrens-ot')).length;
    } catch {
      return 0;
    }
  };

  async function atAttachments(): Promise<TestClient> {
    const client = new TestClient(t.app);
    await completeReferral(client, { referrerType: 'gp' });
    await client.get('/refer/attachments');
    return client;
  }

  it('every hostile fixture is in the table above', () => {
    const hostile = readdirSync(FIXTURES).filter((f) => !f.startsWith('clean-') && !f.endsWith('.ts'));
    expect(hostile.sort()).toEqual(HOSTILE.map(([name]) => name).sort());
  });

  it('refuses each hostile file with its message next to the field, and stores nothing', async () => {
    const client = await atAttachments();
    const rowsBefore = (await rows()).length;
    const filesBefore = stored();
    for (const [name, message] of HOSTILE) {
      const page = await uploadFile(client, { name, bytes: fixture(name) });
      expect({ name, status: page.status }).toEqual({ name, status: 400 });
      expect({ name, errors: errorSummary(page) }).toEqual({ name, errors: [message] });
      expect(page.screen.getByRole('link', { name: message }).getAttribute('href')).toBe('#file');
    }
    expect((await rows()).length).toBe(rowsBefore);
    expect(stored()).toBe(filesBefore);
  }, 120_000);

  it('takes clean documents and pictures made by real tools, byte for byte', async () => {
    const clean = readdirSync(FIXTURES).filter((f) => f.startsWith('clean-'));
    expect(clean.length).toBeGreaterThanOrEqual(7);
    // A draft holds five files: two drafts.
    for (const batch of [clean.slice(0, 4), clean.slice(4)]) {
      const client = await atAttachments();
      for (const name of batch) {
        const page = await uploadFile(client, { name, bytes: fixture(name) });
        expect({ name, status: page.status, errors: page.status === 303 ? [] : errorSummary(page) }).toEqual({
          name,
          status: 303,
          errors: [],
        });
        await client.get('/refer/attachments');
      }
    }
    const names = (await rows()).map((r) => r.file_name);
    for (const name of clean) expect(names).toContain(name);
  }, 120_000);
});
