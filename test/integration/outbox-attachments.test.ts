/**
 * Messages that carry a file (issue 15: the signed EHCP advice), on both databases: the outbox keeps the file's name
 * in the store, never its bytes; the dispatcher reads it at sending; GOV.UK Notify gets it through the client's
 * prepareUpload (a download link that asks for the recipient's e-mail address, kept for 26 weeks), checked by the fake
 * Notify as Notify checks it; the local provider records which file went; a file no longer there, or over 2 MB, is a
 * permanent failure that names no one and stops nothing else; and the retention job's purge still works.
 */
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileStore } from '../../src/data/files/file-store.js';
import { ATTACHED_FILE } from '../../src/domain/notifications/templates.js';
import { createOutboxDispatcher } from '../../src/services/outbox/dispatcher.js';
import { createLocalProvider } from '../../src/services/outbox/local-provider.js';
import { createNotifyProvider, FILE_RETENTION_PERIOD } from '../../src/services/outbox/notify-provider.js';
import { OutboxMessageError, type NewMessage } from '../../src/services/outbox/outbox.service.js';
import { createLocalMailbox } from '../../src/data/outbox/local-mailbox.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { FakeNotify } from '../support/fake-notify.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

/** A small but real PDF: one empty page. */
function aPdf(text = 'Health advice'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
  ];
  const stream = `BT /F1 12 Tf 72 770 Td (${text}) Tj ET`;
  objects.push(`<< /Length ${String(stream.length)} >>\nstream\n${stream}\nendstream`);
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${String(i + 1)} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${String(objects.length + 1)}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${String(objects.length + 1)} /Root 1 0 R >>\nstartxref\n${String(xref)}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const ADVICE: Omit<NewMessage, 'attachment'> = {
  serviceId: LLR,
  template: 'ehcp-advice',
  channel: 'email',
  recipient: 'send.team@leicester.gov.uk',
  personalisation: {
    child_initials: 'A B',
    la_reference: 'EHC/2026/0042',
    given_by: 'Cerys Clinician, Occupational Therapist',
    given_on: '3 December 2026',
    service_name: "Children's Occupational Therapy",
    service_telephone: '0116 295 0000',
  },
  subject: { type: 'ehcp-request', id: 'request-1' },
};

describeEachDialect('outbox messages with a file', (dialect) => {
  let fake: FakeNotify;
  let t: TestApp;
  const time = movableClock(new Date('2026-12-03T10:00:00Z'));
  beforeAll(async () => {
    fake = await FakeNotify.start();
    t = await createTestApp(dialect, { clock: time.clock, env: fake.env({ NOTIFY_TIMEOUT_MS: '5000' }) });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.heal();
  });

  const db = () => t.deps.database.db;
  const files = () => createFileStore(t.deps.config.attachmentsDir);
  const row = (id: string) =>
    db().selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  async function queued(bytes: Buffer = aPdf(), fileName = 'ehcp-advice-2026-12-03.pdf') {
    const storedAs = await files().put(LLR, bytes);
    const id = await t.deps.outbox.enqueue(db(), { ...ADVICE, attachment: { storedAs, fileName } });
    return { id, storedAs };
  }

  it('keeps the file’s name, not its bytes, and sends it to Notify as a download link that asks for the e-mail address', async () => {
    const pdf = aPdf('Advice for A B');
    const { id, storedAs } = await queued(pdf);
    const stored = await row(id);
    expect(stored).toMatchObject({
      attachment_stored_as: storedAs,
      attachment_file_name: 'ehcp-advice-2026-12-03.pdf',
    });
    expect(JSON.parse(stored.personalisation)).toEqual({ ...ADVICE.personalisation, link_to_file: ATTACHED_FILE });
    expect(stored.personalisation).not.toContain(pdf.toString('base64').slice(0, 40));

    // The application's own dispatcher: composition gives it the file store.
    const report = await t.deps.outboxDispatcher.runOnce();
    expect(report).toMatchObject({ sent: 1, dead: 0, retrying: 0 });
    const received = fake.received.find((n) => n.reference === id)!;
    expect(received.subject).toBe('Health advice for A B (your reference EHC/2026/0042)');
    const file = received.files.link_to_file!;
    expect(file.bytes.equals(pdf)).toBe(true);
    expect(file).toMatchObject({
      filename: 'ehcp-advice-2026-12-03.pdf',
      confirmEmailBeforeDownload: true,
      retentionPeriod: FILE_RETENTION_PERIOD,
    });
    expect(received.body).toContain(`confirm this email address:\n\n${file.link}`);
    expect(received.body).toContain(
      'The advice was given by Cerys Clinician, Occupational Therapist on 3 December 2026.',
    );
    expect((await row(id)).status).toBe('sent');
  });

  it('refuses, as a programming error, a file for a template without one, a file-less message that needs one, and a typed file field', async () => {
    const storedAs = await files().put(LLR, aPdf());
    await expect(t.deps.outbox.enqueue(db(), ADVICE)).rejects.toThrow('ehcp-advice needs its file');
    await expect(
      t.deps.outbox.enqueue(db(), {
        ...ADVICE,
        personalisation: { ...ADVICE.personalisation, link_to_file: 'https://example.com/advice.pdf' },
        attachment: { storedAs, fileName: 'advice.pdf' },
      }),
    ).rejects.toThrow('link_to_file is the file: give it as the attachment');
    await expect(
      t.deps.outbox.enqueue(db(), {
        serviceId: LLR,
        template: 'referral-received-referrer',
        channel: 'email',
        recipient: 'gp@example.nhs.uk',
        personalisation: { reference: 'OT-1', child_initials: 'A B', service_name: 'OT', service_telephone: '0116' },
        attachment: { storedAs, fileName: 'advice.pdf' },
      }),
    ).rejects.toThrow(OutboxMessageError);
    await expect(
      t.deps.outbox.enqueue(db(), { ...ADVICE, attachment: { storedAs, fileName: '../../etc/passwd' } }),
    ).rejects.toThrow('the file’s name is not one Otway makes');
  });

  it('gives up at once on a file no longer there, naming no one, and still sends the others', async () => {
    const gone = await queued();
    await files().remove(LLR, gone.storedAs);
    const fine = await queued();
    const report = await t.deps.outboxDispatcher.runOnce();
    expect(report).toMatchObject({ claimed: 2, sent: 1, dead: 1 });
    const dead = await row(gone.id);
    expect(dead).toMatchObject({ status: 'dead', last_error: 'Not sent: the attached file is no longer there' });
    expect(fake.timesReceived(gone.id)).toBe(0);
    expect(fake.timesReceived(fine.id)).toBe(1);
  });

  it('gives up at once on a file over Notify’s 2 MB, before asking Notify', async () => {
    const big = Buffer.concat([aPdf(), Buffer.alloc(2 * 1024 * 1024, 0x20)]);
    const requestsBefore = fake.requests.length;
    const { id } = await queued(big);
    await t.deps.outboxDispatcher.runOnce();
    expect(await row(id)).toMatchObject({
      status: 'dead',
      last_error: 'Not sent: the attached file is larger than 2 MB',
    });
    expect(fake.requests.length).toBe(requestsBefore);
  });

  it('is refused by Notify (as the fake checks it) when the file is not a PDF: a permanent failure', async () => {
    const { id } = await queued(Buffer.from('<html><script>alert(1)</script></html>'), 'advice.pdf');
    await t.deps.outboxDispatcher.runOnce();
    const dead = await row(id);
    expect(dead.status).toBe('dead');
    expect(dead.last_error).toContain('Notify answered 400');
    expect(fake.timesReceived(id)).toBe(0);
  });

  it('records with the local provider which file went, and how big, never its bytes', async () => {
    const pdf = aPdf();
    const { id } = await queued(pdf);
    const local = createOutboxDispatcher({
      db: db(),
      clock: time.clock,
      provider: createLocalProvider({
        db: db(),
        clock: time.clock,
        mailbox: createLocalMailbox(`${t.deps.config.dataDir}/local-mailbox`),
      }),
      logger: pino({ level: 'silent' }),
      files: files(),
      policy: { random: () => 0.5 },
    });
    expect(await local.runOnce()).toMatchObject({ sent: 1 });
    const recorded = await db()
      .selectFrom('outbox_local_deliveries')
      .selectAll()
      .where('message_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(recorded.subject).toBe('Health advice for A B (your reference EHC/2026/0042)');
    expect(recorded.body).toContain(
      `[a file named ehcp-advice-2026-12-03.pdf (${String(pdf.length)} bytes) was attached, as a download link]`,
    );
    expect(recorded.body).not.toContain('%PDF');
  });

  it('dies, saying why, when a dispatcher has no file store to read from', async () => {
    const { id } = await queued();
    const withoutFiles = createOutboxDispatcher({
      db: db(),
      clock: time.clock,
      provider: createNotifyProvider(t.deps.config.notify!),
      logger: pino({ level: 'silent' }),
      policy: { random: () => 0.5 },
    });
    await withoutFiles.runOnce();
    expect(await row(id)).toMatchObject({ status: 'dead', last_error: 'Otway cannot read the attached file here' });
  });

  describe('retention', () => {
    it('purges a sent message with a file like any other, and leaves the file, which belongs to the advice', async () => {
      const { id, storedAs } = await queued();
      await t.deps.outboxDispatcher.runOnce();
      time.advance(400 * 24 * 3_600_000);
      await t.deps.purgeSentMessages(time.clock());
      const purged = await row(id);
      expect(purged.recipient).toBe('');
      expect(purged.personalisation).toBe('{}');
      expect(purged.purged_at).not.toBeNull();
      expect((await files().get(LLR, storedAs)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    });
  });
});
