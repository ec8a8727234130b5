/**
 * The subject access export (issue 12, item 8; ADR 0030): everything Otway holds about one child of the service, as
 * one tar archive for the data protection officer to review before it is disclosed. It holds the child's record (and
 * any record confirmed to be the same child), each referral with its answers, consent, decisions and events, the
 * letters as their PDFs, the files sent with the referrals, the messages about them, and the audit events that name
 * any of these: who read or changed them, and when. Finding the child by NHS number, opening the child's page and
 * taking the export are each audited; the export's event is written before any byte of it leaves.
 *
 * Not applied yet: withholding sealed details (an address not to disclose, an alert on the record that the export
 * includes) and third-party information, which the officer redacts by hand today.
 */
import type { FileStore } from '../../data/files/file-store.js';
import type { Executor } from '../../data/executor.js';
import { ehcpRecordOf } from '../../data/subject-access/subject-access-ehcp.repository.js';
import { clinicalRecordOf } from '../../data/subject-access/subject-access-clinical.repository.js';
import {
  auditEventsAbout,
  childRecords,
  childrenByNhsNumber,
  partsOfReferrals,
  referralsOfChildren,
  type FoundChild,
} from '../../data/subject-access/subject-access.repository.js';
import { ok, problem, type Outcome } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock, RequestContext } from '../shared/context.js';
import { safeName, tarArchive, type TarEntry } from './tar.js';

export type { FoundChild };

export interface ChildSummary {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nhsNumber: string | null;
  referrals: { id: string; reference: string; receivedOn: string; status: string }[];
  /** Other records confirmed to be the same child, exported with this one. */
  mergedRecords: number;
}

export interface SubjectAccessExport {
  fileName: string;
  archive: Buffer;
  counts: { referrals: number; letters: number; attachments: number; messages: number; accessEvents: number };
}

const NOT_FOUND = problem('not-found', 'There is no child with this record in this service.');

/** A stored row with its JSON columns read back into values, so the export shows them as data, not as strings. */
function withJson<R extends object>(row: R, columns: readonly (keyof R & string)[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
  for (const column of columns) {
    const text = out[column];
    if (typeof text !== 'string') continue;
    try {
      out[column] = JSON.parse(text) as unknown;
    } catch {
      out[column] = text;
    }
  }
  return out;
}

export function createSubjectAccess(deps: { db: Executor; clock: Clock; audit: AuditService; files: FileStore }) {
  const { db, clock, audit, files } = deps;

  /** The service's children with this NHS number; the search is audited with how many it found, never the number. */
  async function findByNhsNumber(ctx: RequestContext, serviceId: string, nhsNumber: string): Promise<FoundChild[]> {
    const found = await childrenByNhsNumber(db, serviceId, nhsNumber);
    await audit.record(db, ctx, { action: 'subject-access.searched', detail: { found: found.length } });
    return found;
  }

  /** What the child's export page shows before the export is taken; undefined when it is not this service's. */
  async function summary(serviceId: string, childId: string): Promise<ChildSummary | undefined> {
    const [child, ...merged] = await childRecords(db, serviceId, childId);
    if (child?.id !== childId) return undefined;
    const referrals = await referralsOfChildren(db, serviceId, [child.id, ...merged.map((m) => m.id)]);
    return {
      id: child.id,
      givenName: child.given_name,
      familyName: child.family_name,
      dateOfBirth: child.date_of_birth,
      nhsNumber: child.nhs_number,
      referrals: referrals.map((r) => ({
        id: r.id,
        reference: r.reference,
        receivedOn: r.received_on,
        status: r.status,
      })),
      mergedRecords: merged.length,
    };
  }

  /** Reads a stored file for the archive; a file missing from the store is named in the record, not a failure. */
  async function stored(serviceId: string, storedAs: string): Promise<Buffer | null> {
    try {
      return await files.get(serviceId, storedAs);
    } catch (err) {
      if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return null;
      throw err;
    }
  }

  async function exportChild(
    ctx: RequestContext,
    serviceId: string,
    childId: string,
  ): Promise<Outcome<SubjectAccessExport>> {
    const children = await childRecords(db, serviceId, childId);
    if (children[0]?.id !== childId) return { ok: false, problem: NOT_FOUND };
    const childIds = children.map((c) => c.id);
    const referrals = await referralsOfChildren(db, serviceId, childIds);
    const referralIds = referrals.map((r) => r.id);
    const parts = await partsOfReferrals(db, serviceId, referralIds);
    const clinical = await clinicalRecordOf(db, serviceId, childIds);
    const ehcpRows = await ehcpRecordOf(db, serviceId, childIds);
    const idsOf = (rows: readonly Record<string, unknown>[]) => rows.map((r) => String(r.id));
    const accessLog = await auditEventsAbout(db, [
      { type: 'episode', ids: idsOf(clinical.episodes) },
      { type: 'contact-note', ids: idsOf(clinical.contactNotes) },
      { type: 'equipment-issue', ids: idsOf(clinical.equipmentIssues) },
      { type: 'child', ids: childIds },
      { type: 'ehcp-request', ids: idsOf(ehcpRows.requests) },
      { type: 'referral', ids: referralIds },
      { type: 'referral-draft', ids: parts.draftIds },
      { type: 'letter', ids: parts.letters.map((l) => l.id) },
      { type: 'outbox-message', ids: parts.messages.map((m) => m.id) },
    ]);

    const now = clock();
    const folder = `subject-access-${now.toISOString().slice(0, 10)}`;
    const entries: TarEntry[] = [];
    const referenceOf = new Map(referrals.map((r) => [r.id, r.reference]));
    const filed = async (
      kind: 'letters' | 'attachments' | 'discharge-letters',
      row: { referral_id: string | null; stored_as: string },
      index: number,
      tail: string,
    ) => {
      const bytes = await stored(serviceId, row.stored_as);
      if (bytes === null) return null;
      const reference = safeName(referenceOf.get(row.referral_id ?? '') ?? 'referral', 20);
      const name = `${folder}/${kind}/${reference}-${String(index + 1)}-${tail}`;
      entries.push({ name, bytes });
      return name.slice(folder.length + 1);
    };
    const letters: Record<string, unknown>[] = [];
    for (const [i, letter] of parts.letters.entries()) {
      const inArchive = await filed('letters', letter, i, `${safeName(letter.recipient_role, 12)}.pdf`);
      const { stored_as: _stored, ...rest } = letter;
      letters.push({ ...withJson(rest, ['content']), file: inArchive ?? 'missing from the file store' });
    }
    const attachments: Record<string, unknown>[] = [];
    for (const [i, file] of parts.attachments.entries()) {
      const inArchive = await filed('attachments', file, i, safeName(file.file_name, 36));
      const { stored_as: _stored, ...rest } = file;
      attachments.push({ ...rest, file: inArchive ?? 'missing from the file store' });
    }
    const dischargeLetters: Record<string, unknown>[] = [];
    for (const [i, letter] of clinical.dischargeLetters.entries()) {
      const bytes = await stored(serviceId, letter.stored_as);
      const name = `${folder}/discharge-letters/discharge-${String(i + 1)}-${safeName(letter.recipient, 12)}.pdf`;
      if (bytes !== null) entries.push({ name, bytes });
      const { stored_as: _stored, ...rest } = letter;
      dischargeLetters.push({
        ...withJson(rest, ['content']),
        file: bytes === null ? 'missing from the file store' : name.slice(folder.length + 1),
      });
    }
    // The statutory EHCP advice: each signed advice's PDF and each document the authority sent, in the archive.
    const ehcpFiled = async (dir: string, storedAs: string, name: string) => {
      const bytes = await stored(serviceId, storedAs);
      if (bytes === null) return 'missing from the file store';
      entries.push({ name: `${folder}/${dir}/${name}`, bytes });
      return `${dir}/${name}`;
    };
    const ehcpAdvice: Record<string, unknown>[] = [];
    for (const [i, advice] of ehcpRows.advice.entries()) {
      const { stored_as: storedAs, ...rest } = advice;
      const file = storedAs === null ? null : await ehcpFiled('ehcp-advice', storedAs, `advice-${String(i + 1)}.pdf`);
      ehcpAdvice.push({ ...withJson(rest, ['content', 'reuse_agreement']), file });
    }
    const ehcpDocuments: Record<string, unknown>[] = [];
    for (const [i, document] of ehcpRows.documents.entries()) {
      const { stored_as: storedAs, ...rest } = document;
      const name = `${String(i + 1)}-${safeName(document.file_name, 36)}`;
      ehcpDocuments.push({ ...rest, file: await ehcpFiled('ehcp-documents', storedAs, name) });
    }
    const byReferral = <T extends { referral_id: string | null }>(rows: readonly T[], id: string) =>
      rows.filter((r) => r.referral_id === id);
    const record = {
      exportedAt: now.toISOString(),
      serviceId,
      exportedBy: { userId: ctx.actorUserId, roles: ctx.actorRoles },
      child: children[0],
      sameChildRecords: children.slice(1),
      referrals: referrals.map((r) => ({
        ...withJson(r, ['answers', 'eligibility']),
        consent: parts.consents.filter((c) => c.referral_id === r.id).map((c) => withJson(c, ['sharing'])),
        events: byReferral(parts.events, r.id).map((e) => withJson(e, ['detail'])),
        attachments: attachments.filter((a) => a.referral_id === r.id),
        letters: letters.filter((l) => l.referral_id === r.id),
        messages: parts.messages.filter((m) => m.subject_id === r.id).map((m) => withJson(m, ['personalisation'])),
      })),
      clinicalRecord: { ...clinical, dischargeLetters },
      ehcp: { ...ehcpRows, documents: ehcpDocuments, advice: ehcpAdvice },
      accessLog,
    };
    entries.unshift(
      { name: `${folder}/README.txt`, bytes: Buffer.from(readme(record.exportedAt), 'utf8') },
      { name: `${folder}/record.json`, bytes: Buffer.from(JSON.stringify(record, null, 2) + '\n', 'utf8') },
    );
    const counts = {
      referrals: referrals.length,
      letters: parts.letters.length,
      attachments: parts.attachments.length,
      messages: parts.messages.length,
      contactNotes: clinical.contactNotes.length,
      assessments: clinical.assessments.length,
      dischargeLetters: clinical.dischargeLetters.length,
      ehcpRequests: ehcpRows.requests.length,
      accessEvents: accessLog.length,
    };
    // Recorded before the archive is handed back: an export that cannot be audited is not given.
    await audit.record(db, ctx, {
      action: 'subject-access.exported',
      subjectType: 'child',
      subjectId: childId,
      detail: counts,
    });
    return ok({ fileName: `${folder}.tar`, archive: tarArchive(entries, now), counts });
  }

  return { findByNhsNumber, summary, export: exportChild };
}

function readme(exportedAt: string): string {
  return [
    'Subject access export from Otway',
    `Taken at ${exportedAt} (UTC).`,
    '',
    "record.json   the child's record, each referral with its answers, consent, decisions and events, the",
    '              letters and files (described, and where each is in this archive), the messages sent about',
    '              the referrals; clinicalRecord: episodes, appointments and their outcomes, alerts, break-glass',
    '              accesses, contact notes with every version and addendum, consents, assessments, goals and',
    '              their ratings, outcome measures, equipment and its events, discharges and their letters;',
    "              ehcp: the local authorities' requests for EHCP health advice, their exceptions and documents,",
    '              the advice with its addenda, and each sending;',
    '              and accessLog: every audit event naming any of these (who, role, what, when).',
    'letters/      each decision letter as the PDF that was sent or printed.',
    'discharge-letters/  each discharge summary letter as its PDF.',
    'ehcp-advice/  each signed EHCP health advice as its PDF; ehcp-documents/ each document an authority sent.',
    'attachments/  each file sent with a referral, as it was received.',
    '',
    "Review before disclosure: this export is not redacted. Withhold third parties' information and any",
    'detail that must not be disclosed (such as a sealed address) before it is given to the requester.',
    '',
  ].join('\n');
}

export type SubjectAccess = ReturnType<typeof createSubjectAccess>;
