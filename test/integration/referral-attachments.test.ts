/**
 * Attachments to a referral: PDF, JPEG or PNG judged by content as well as name, at most 10 MB each and 5 in all,
 * polyglots refused, stored under generated names outside the web root, and sent with the referral.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, text } from '../support/html.js';
import { completeReferral, uploadFile } from '../support/referral.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
// A real PNG (a Chromium screenshot): the upload check walks its chunks to IEND (docs/adr/0028).
const PNG = readFileSync(join(import.meta.dirname, '../fixtures/uploads/clean-drawing.png'));
// A real JPEG (a Chromium screenshot): the upload check walks its segments to the end (docs/adr/0028).
const JPEG = readFileSync(join(import.meta.dirname, '../fixtures/uploads/clean-photo.jpg'));

describeEachDialect('attachments to a referral', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A client whose draft has reached the attachments page. */
  async function atAttachments(): Promise<TestClient> {
    const client = new TestClient(t.app);
    await completeReferral(client, { referrerType: 'gp' });
    const page = await client.get('/refer/attachments');
    expect(text(page.document.querySelector('h1'))).toBe('Upload reports or letters (optional)');
    return client;
  }

  const rows = () => t.deps.database.db.selectFrom('referral_attachments').selectAll().execute();

  it('takes a PDF, a JPEG and a PNG, lists them, and sends them with the referral', async () => {
    const client = await atAttachments();
    for (const [name, bytes] of [
      ['Paediatric report.pdf', PDF],
      ['photo.JPG', JPEG],
      ['plan.png', PNG],
    ] as const) {
      const uploaded = await uploadFile(client, { name, bytes });
      expect(uploaded.status, errorSummary(uploaded).join()).toBe(303);
      const page = await client.follow(uploaded);
      expect(text(page.screen.getByRole('alert'))).toContain(`${name} has been uploaded`);
    }
    const check = await client.get('/refer/check-your-answers');
    expect(text(check.document.querySelector('main'))).toContain('Paediatric report.pdf');
    const sent = await client.post('/refer/check-your-answers');
    expect(sent.status).toBe(303);
    const stored = await rows();
    const mine = stored.filter((r) => ['Paediatric report.pdf', 'photo.JPG', 'plan.png'].includes(r.file_name));
    expect(mine.map((r) => r.media_type).sort()).toEqual(['application/pdf', 'image/jpeg', 'image/png']);
    expect(mine.every((r) => r.referral_id !== null)).toBe(true);
    // Kept under generated names in the attachments folder, not under anything the person chose.
    const folder = join(t.deps.config.attachmentsDir, 'llr-childrens-ot');
    for (const row of mine) {
      expect(row.stored_as).toMatch(/^[0-9a-f-]{36}$/u);
      expect(existsSync(join(folder, row.stored_as))).toBe(true);
    }
    expect(readdirSync(folder).some((f) => f.includes('.pdf'))).toBe(false);
  });

  it('refuses files by content, not only by name, with a message next to the field', async () => {
    const client = await atAttachments();
    const cases: [string, Buffer, string][] = [
      ['notes.txt', Buffer.from('hello'), 'The selected file must be a PDF, JPG or PNG'],
      ['report.pdf', Buffer.from('<html><body>hi</body></html>'), 'The selected file must be a PDF, JPG or PNG'],
      ['report.png', PDF, 'The selected file is not what its name says: it must be a real PDF, JPG or PNG'],
      [
        'drawing.svg',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        'The selected file must be a PDF, JPG or PNG',
      ],
      [
        'poly.pdf',
        Buffer.concat([PDF, Buffer.from('<html><script>alert(1)</script></html>')]),
        'The selected file contains something other than a document or picture. Save it again as a PDF, JPG or PNG',
      ],
      [
        'active.pdf',
        Buffer.from('%PDF-1.4\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF'),
        'The selected PDF contains scripts, links or attached files. Print it to a new PDF and upload that',
      ],
      [
        'zipped.png',
        Buffer.concat([PNG, Buffer.from('PK\u0003\u0004rest-of-an-archive')]),
        'The selected file contains something other than a document or picture. Save it again as a PDF, JPG or PNG',
      ],
      ['empty.pdf', Buffer.alloc(0), 'The selected file is empty'],
    ];
    for (const [name, bytes, message] of cases) {
      const page = await uploadFile(client, { name, bytes });
      expect({ name, status: page.status }).toEqual({ name, status: 400 });
      expect(errorSummary(page)).toEqual([message]);
      expect(page.screen.getByRole('link', { name: message }).getAttribute('href')).toBe('#file');
    }
    const nothing = await uploadFile(client, { name: '', bytes: Buffer.alloc(0) });
    expect(errorSummary(nothing)).toEqual(['Select a file']);
  });

  it('refuses a file over 10MB, and a sixth file', async () => {
    const client = await atAttachments();
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024, 0x20)]);
    const tooBig = await uploadFile(client, { name: 'big.pdf', bytes: big });
    expect(tooBig.status).toBe(400);
    expect(errorSummary(tooBig)).toEqual(['The selected file must be smaller than 10MB']);
    for (let i = 1; i <= 5; i += 1) {
      expect((await uploadFile(client, { name: `letter-${String(i)}.pdf`, bytes: PDF })).status).toBe(303);
    }
    await client.get('/refer/attachments');
    const sixth = await uploadFile(client, { name: 'letter-6.pdf', bytes: PDF });
    expect(sixth.status).toBe(400);
    expect(errorSummary(sixth)).toEqual(['You can upload up to 5 files. Remove one to add another']);
  });

  it('removes a file from the draft', async () => {
    const client = await atAttachments();
    await uploadFile(client, { name: 'wrong-child.pdf', bytes: PDF });
    const page = await client.get('/refer/attachments');
    const id = page.document.querySelector<HTMLInputElement>('input[name="file"]')?.value ?? '';
    const stored = (await rows()).find((r) => r.id === id);
    expect(stored).toBeDefined();
    expect((await client.post('/refer/attachments/remove', { file: id })).status).toBe(303);
    expect((await rows()).some((r) => r.id === id)).toBe(false);
    expect(existsSync(join(t.deps.config.attachmentsDir, 'llr-childrens-ot', stored?.stored_as ?? 'x'))).toBe(false);
  });

  it('refuses an upload without the draft’s form token, before reading it', async () => {
    const client = await atAttachments();
    const before = (await rows()).length;
    const forged = await uploadFile(client, { name: 'x.pdf', bytes: PDF }, { csrf: null });
    expect(forged.status).toBe(403);
    const wrong = await uploadFile(client, { name: 'x.pdf', bytes: PDF }, { csrf: 'forged' });
    expect(wrong.status).toBe(403);
    expect((await rows()).length).toBe(before);
  });

  describe('file names', () => {
    it('keeps only the last part of a path and shows names as text', async () => {
      const client = await atAttachments();
      await client.follow(
        await uploadFile(client, { name: 'C:\\fakepath\\<img src=x onerror=alert(1)>.pdf', bytes: PDF }),
      );
      const page = await client.get('/refer/attachments');
      expect(page.body).not.toContain('<img src=x');
      expect(text(page.document.querySelector('main'))).toContain('img src=x onerror=alert(1).pdf');
      expect(page.body).not.toContain('fakepath');
    });
  });
});
