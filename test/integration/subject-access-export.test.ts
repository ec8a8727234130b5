/**
 * The subject access export (issue 12, item 8; ADR 0030): an administrator finds the child by NHS number (posted, never
 * in a URL) or from the triage page, opens the child's page and downloads one tar archive holding the record, the
 * referrals (answers, decisions, events), the letters as PDFs, the files, the messages and who viewed them when. The
 * archive is unpacked with the system's own `tar`. Each step is audited; other roles are refused; bad input is told.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { systemContext } from '../../src/services/shared/context.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { encodeForm } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { aReferral, type CreatedReferral } from '../support/factories.js';
import { errorSummary } from '../support/html.js';
import { signedIn } from '../support/journeys.js';
import { aChildOnCaseload } from '../support/record-world.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

const NHS_NUMBER = '943 476 5919';
const REPORT = Buffer.from('%PDF-1.4\n%%EOF\n');

interface ExportedRecord {
  child: { id: string; given_name: string; nhs_number: string };
  referrals: {
    reference: string;
    answers: Record<string, unknown>;
    events: { action: string }[];
    letters: { recipient_role: string; file: string }[];
    attachments: { file_name: string; file: string }[];
    messages: { template: string }[];
    consent: unknown[];
  }[];
  accessLog: { action: string; actorUserId: string | null; actorName: string | null; subjectId: string | null }[];
}

describeEachDialect('the subject access export', (dialect) => {
  let t: TestApp;
  let admin: CreatedStaff;
  let clinician: CreatedStaff;
  let referral: CreatedReferral;
  let childId: string;
  let work: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { twoServices: true });
    // The data protection officer's role (administrators see no referral or clinical record: issue 14).
    admin = await aStaffMember().called('Ada Officer').withRoles('data-protection-officer').create(t.deps);
    clinician = await aStaffMember().called('Tariq Triage').withRoles('triage-clinician').create(t.deps);
    referral = await aReferral({ nhsNumber: NHS_NUMBER })
      .withFile('school report.pdf', REPORT)
      .declined()
      .create(t.deps);
    childId = (
      await t.deps.database.db
        .selectFrom('referrals')
        .select('child_id')
        .where('id', '=', referral.id)
        .executeTakeFirstOrThrow()
    ).child_id;
    work = mkdtempSync(join(tmpdir(), 'otway-sar-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('finds the child by NHS number through a posted form, audited without the number', async () => {
    const client = await signedIn(t.app, admin);
    const home = await client.get(paths.staff.home.build());
    const task = home.screen.getByRole('link', { name: 'Subject access export' });
    expect(task.getAttribute('href')).toBe(paths.subjectAccess.search.build());
    const form = await client.get(paths.subjectAccess.search.build());
    expect(form.status).toBe(200);
    expect(form.screen.getByRole('heading', { level: 1, name: 'Subject access export' })).toBeTruthy();
    expect(form.document.querySelector('form')?.getAttribute('method')).toBe('post');

    const since = await lastAuditId(t.deps);
    const found = await client.post(paths.subjectAccess.search.build(), { nhsNumber: NHS_NUMBER });
    expect(found.status).toBe(200);
    const link = found.screen.getByRole('link', { name: /Amara/u });
    expect(link.getAttribute('href')).toBe(paths.subjectAccess.child.build({ childId }));
    const [searched] = await auditRows(t.deps, { action: 'subject-access.searched', afterId: since });
    expect(searched).toMatchObject({ actor_user_id: admin.id, outcome: 'success', service_id: LLR });
    expect(JSON.parse(searched!.detail!)).toEqual({ found: 1 });
    expect(JSON.stringify(searched)).not.toContain('9434765919');

    const none = await client.post(paths.subjectAccess.search.build(), { nhsNumber: '999 000 0018' });
    expect(none.status).toBe(200);
    expect(none.body).toContain('No child of this service has this NHS number');
  });

  it('tells bad input clearly and refuses fields it does not expect', async () => {
    const client = await signedIn(t.app, admin);
    await client.get(paths.subjectAccess.search.build());
    const cases: [string, string][] = [
      ['', 'Enter the child’s NHS number'],
      ['9434765918', 'Enter a valid NHS number'],
      ['12345', 'NHS number must be 10 digits'],
      ['<script>alert(1)</script>', 'NHS number must be 10 digits'],
    ];
    for (const [nhsNumber, message] of cases) {
      const page = await client.post(paths.subjectAccess.search.build(), { nhsNumber });
      expect({ nhsNumber, status: page.status, summary: errorSummary(page) }).toEqual({
        nhsNumber,
        status: 400,
        summary: [message],
      });
    }
    const extra = await client.post(paths.subjectAccess.search.build(), { nhsNumber: NHS_NUMBER, role: 'admin' });
    expect(extra.status).toBe(400);
    const repeated = await client.post(paths.subjectAccess.search.build(), { nhsNumber: [NHS_NUMBER, NHS_NUMBER] });
    expect(repeated.status).toBe(400);
  });

  it('is offered on the triage page to those who may take it, and not to a triage clinician', async () => {
    // Someone who triages and is also the data protection officer.
    const both = await aStaffMember().withRoles('triage-clinician', 'data-protection-officer').create(t.deps);
    const adminClient = await signedIn(t.app, both);
    const asAdmin = await adminClient.get(paths.triage.referral.build({ referralId: referral.id }));
    const offered = asAdmin.screen.getByRole('link', { name: 'Export everything held about this child' });
    expect(offered.getAttribute('href')).toBe(paths.subjectAccess.child.build({ childId }));
    const clinicianClient = await signedIn(t.app, clinician);
    const asClinician = await clinicianClient.get(paths.triage.referral.build({ referralId: referral.id }));
    expect(asClinician.status).toBe(200);
    expect(asClinician.screen.queryByRole('link', { name: 'Export everything held about this child' })).toBeNull();
  });

  it('exports the record, referrals, letters, files, messages and who viewed them, as one audited archive', async () => {
    // Someone reads the referral first: the export must say who, and when.
    const clinicianClient = await signedIn(t.app, clinician);
    await clinicianClient.get(paths.triage.referral.build({ referralId: referral.id }));

    const client = await signedIn(t.app, admin);
    const since = await lastAuditId(t.deps);
    const page = await client.get(paths.subjectAccess.child.build({ childId }));
    expect(page.status).toBe(200);
    expect(page.screen.getByRole('heading', { level: 1 }).textContent).toContain('Amara');
    expect(page.body).toContain(referral.reference);
    const [viewed] = await auditRows(t.deps, { action: 'subject-access.viewed', afterId: since });
    expect(viewed).toMatchObject({ actor_user_id: admin.id, subject_type: 'child', subject_id: childId });

    // Sent as the page's form sends it; read as bytes.
    const response = await t.app.inject({
      method: 'POST',
      url: paths.subjectAccess.export.build({ childId }),
      headers: {
        cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: encodeForm({ _csrf: client.csrfToken! }),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-tar');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="subject-access-\d{4}-\d{2}-\d{2}\.tar"$/u,
    );
    expect(response.headers['cache-control']).toBe('no-store');

    const archive = join(work, `${dialect}.tar`);
    writeFileSync(archive, response.rawPayload);
    const listed = execFileSync('tar', ['-tf', archive], { encoding: 'utf8' }).trim().split('\n');
    const folder = listed[0]!.split('/')[0]!;
    const out = join(work, dialect);
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tar', ['-xf', archive, '-C', out]);

    const record = JSON.parse(readFileSync(join(out, folder, 'record.json'), 'utf8')) as ExportedRecord;
    expect(record.child).toMatchObject({ id: childId, given_name: 'Amara', nhs_number: '9434765919' });
    expect(record.referrals).toHaveLength(1);
    const [r] = record.referrals;
    expect(r!.reference).toBe(referral.reference);
    expect(r!.answers.childGivenName).toBe('Amara');
    expect(r!.events.map((e) => e.action)).toContain('decline');
    expect(r!.consent.length).toBeGreaterThan(0);
    expect(r!.letters.length).toBeGreaterThan(0);
    for (const letter of r!.letters) {
      expect(
        readFileSync(join(out, folder, letter.file))
          .subarray(0, 5)
          .toString('latin1'),
      ).toBe('%PDF-');
    }
    expect(r!.attachments).toHaveLength(1);
    expect(r!.attachments[0]!.file_name).toBe('school report.pdf');
    expect(readFileSync(join(out, folder, r!.attachments[0]!.file))).toEqual(REPORT);
    expect(r!.messages.length).toBeGreaterThan(0);
    expect(listed).toEqual(expect.arrayContaining([`${folder}/README.txt`, `${folder}/record.json`]));

    const clinicianView = record.accessLog.find(
      (e) => e.action === 'referral.viewed' && e.actorUserId === clinician.id && e.subjectId === referral.id,
    );
    expect(clinicianView?.actorName).toBe('Tariq Triage');
    expect(record.accessLog.map((e) => e.action)).toContain('referral.submitted');

    const [exported] = await auditRows(t.deps, { action: 'subject-access.exported', afterId: since });
    expect(exported).toMatchObject({
      actor_user_id: admin.id,
      actor_roles: 'data-protection-officer',
      subject_type: 'child',
      subject_id: childId,
      outcome: 'success',
      service_id: LLR,
    });
    expect(JSON.parse(exported!.detail!)).toMatchObject({ referrals: 1, attachments: 1 });
  });

  it('is refused to other roles, without a token, and for a child of another service or none', async () => {
    for (const role of [
      'admin',
      'triage-clinician',
      'admin-officer',
      'auditor',
      'clinician',
      'service-manager',
    ] as const) {
      const member = await aStaffMember().withRoles(role).create(t.deps);
      const client = await signedIn(t.app, member);
      expect((await client.get(paths.subjectAccess.child.build({ childId }))).status).toBe(403);
      expect((await client.post(paths.subjectAccess.export.build({ childId }))).status).toBe(403);
    }

    const client = await signedIn(t.app, admin);
    await client.get(paths.subjectAccess.child.build({ childId }));
    const since = await lastAuditId(t.deps);
    const forged = await client.post(paths.subjectAccess.export.build({ childId }), {}, { csrf: null });
    expect(forged.status).toBe(403);
    expect(await auditRows(t.deps, { action: 'subject-access.exported', afterId: since })).toEqual([]);

    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect((await client.get(paths.subjectAccess.child.build({ childId: id }))).status).toBe(404);
      const refused = await client.post(paths.subjectAccess.export.build({ childId: id }));
      expect(refused.status).toBe(404);
      expect(refused.body).not.toContain('Amara');
    }

    // The data protection officer of another service only: the child is out of reach, as if there were none.
    const physio = await aStaffMember()
      .called('Pat Physio')
      .inService(SECOND_SERVICE, 'data-protection-officer')
      .create(t.deps);
    const other = await signedIn(t.app, physio);
    const page = await other.get(paths.subjectAccess.child.build({ childId }));
    expect(page.status).toBe(404);
    expect(page.body).not.toContain('Amara');
    await other.get(paths.subjectAccess.search.build());
    const refused = await other.post(paths.subjectAccess.export.build({ childId }));
    expect(refused.status).toBe(404);
    expect(refused.body).not.toContain('Amara');
    const found = await other.post(paths.subjectAccess.search.build(), { nhsNumber: NHS_NUMBER });
    expect(found.body).toContain('No child of this service has this NHS number');
  });

  it('includes the clinical record: notes with every version and addendum, alerts, assessments, episodes', async () => {
    const carer = await aStaffMember().withRoles('clinician').create(t.deps);
    const kid = await aChildOnCaseload(t.deps, carer.id);
    const ctx = {
      ...systemContext('sar-test'),
      serviceId: LLR,
      actorUserId: carer.id,
      actorRoles: ['clinician' as const],
    };
    const started = await t.deps.notes.startForChild(ctx, kid.childId, {
      contactType: 'therapy',
      contactOn: '2026-12-01',
      text: 'Practised buttons with a chunky coat',
    });
    if (!started.ok) throw new Error(started.problem.message);
    expect((await t.deps.notes.sign(ctx, started.noteId, 1)).ok).toBe(true);
    expect(
      (await t.deps.notes.addAddendum(ctx, started.noteId, { text: 'It was a Tuesday', reason: 'Date typed wrongly' }))
        .ok,
    ).toBe(true);
    expect(
      (await t.deps.recordAccess.addAlert(ctx, kid.childId, { kind: 'access-needs', detail: 'Step-free' })).ok,
    ).toBe(true);
    const exported = await t.deps.subjectAccess.export(
      { ...systemContext('sar-test'), serviceId: LLR, actorUserId: admin.id, actorRoles: ['data-protection-officer'] },
      LLR,
      kid.childId,
    );
    if (!exported.ok) throw new Error(exported.problem.message);
    expect(exported.counts).toMatchObject({ contactNotes: 1 });
    const archive = join(work, `${dialect}-clinical.tar`);
    writeFileSync(archive, exported.archive);
    const out = join(work, `${dialect}-clinical`);
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tar', ['-xf', archive, '-C', out]);
    const folder = execFileSync('tar', ['-tf', archive], { encoding: 'utf8' }).split('/')[0]!;
    const record = JSON.parse(readFileSync(join(out, folder, 'record.json'), 'utf8')) as {
      clinicalRecord: Record<string, Record<string, unknown>[]>;
    };
    const clinical = record.clinicalRecord;
    expect(clinical.contactNotes).toHaveLength(1);
    expect(clinical.contactNotes![0]).toMatchObject({ status: 'signed', child_id: kid.childId });
    expect(clinical.contactNoteVersions!.map((v) => v.text)).toEqual(['Practised buttons with a chunky coat']);
    expect(clinical.contactNoteAddenda!.map((a) => a.reason)).toEqual(['Date typed wrongly']);
    expect(clinical.alerts!.map((a) => a.detail)).toEqual(['Step-free']);
    expect(clinical.episodes!.map((e) => e.id)).toEqual([kid.episodeId]);
  });
});
