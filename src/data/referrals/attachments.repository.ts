/**
 * The files sent with a referral: described here, kept on disk by the file store (src/data/files). While the referral
 * is a draft a file belongs to the draft; once it is sent, to the referral too. Every query names its service, but the
 * purge of expired drafts, which serves every service at once.
 */
import type { Insertable } from 'kysely';
import type { ReferralAttachmentsTable } from '../database.js';
import type { Executor } from '../executor.js';

export interface AttachmentRow {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
}

export type NewAttachment = Insertable<ReferralAttachmentsTable>;

const toAttachment = (r: { id: string; file_name: string; media_type: string; size_bytes: number }): AttachmentRow => ({
  id: r.id,
  fileName: r.file_name,
  mediaType: r.media_type,
  sizeBytes: r.size_bytes,
});

/** A draft's files, in the order they were uploaded. */
export async function draftAttachments(db: Executor, serviceId: string, draftId: string): Promise<AttachmentRow[]> {
  const rows = await db
    .selectFrom('referral_attachments')
    .select(['id', 'file_name', 'media_type', 'size_bytes'])
    .where('service_id', '=', serviceId)
    .where('draft_id', '=', draftId)
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();
  return rows.map(toAttachment);
}

/** A sent referral's files, in the order they were uploaded. */
export async function referralAttachments(
  db: Executor,
  serviceId: string,
  referralId: string,
): Promise<AttachmentRow[]> {
  const rows = await db
    .selectFrom('referral_attachments')
    .select(['id', 'file_name', 'media_type', 'size_bytes'])
    .where('service_id', '=', serviceId)
    .where('referral_id', '=', referralId)
    .orderBy('uploaded_at')
    .execute();
  return rows.map(toAttachment);
}

export async function insertAttachment(db: Executor, attachment: NewAttachment): Promise<void> {
  await db.insertInto('referral_attachments').values(attachment).execute();
}

/** A sent referral's file: its description and where the file store keeps it. */
export async function findReferralAttachment(
  db: Executor,
  serviceId: string,
  referralId: string,
  id: string,
): Promise<{ fileName: string; mediaType: string; storedAs: string } | undefined> {
  const row = await db
    .selectFrom('referral_attachments')
    .select(['file_name', 'media_type', 'stored_as'])
    .where('service_id', '=', serviceId)
    .where('referral_id', '=', referralId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { fileName: row.file_name, mediaType: row.media_type, storedAs: row.stored_as };
}

/** Where the file store keeps a draft's file, if it is this draft's and the draft has not been sent. */
export async function findUnsentDraftAttachment(
  db: Executor,
  serviceId: string,
  draftId: string,
  id: string,
): Promise<{ storedAs: string } | undefined> {
  const row = await db
    .selectFrom('referral_attachments')
    .select(['stored_as'])
    .where('service_id', '=', serviceId)
    .where('draft_id', '=', draftId)
    .where('id', '=', id)
    .where('referral_id', 'is', null)
    .executeTakeFirst();
  return row && { storedAs: row.stored_as };
}

export async function deleteAttachment(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('referral_attachments').where('id', '=', id).execute();
}

/** In the submission's transaction: the draft's files now belong to the referral too. */
export async function attachDraftFilesToReferral(
  db: Executor,
  serviceId: string,
  draftId: string,
  referralId: string,
): Promise<void> {
  await db
    .updateTable('referral_attachments')
    .set({ referral_id: referralId })
    .where('service_id', '=', serviceId)
    .where('draft_id', '=', draftId)
    .execute();
}

/** Files of every service's drafts whose time is up and which were never sent: nothing else refers to them. */
export async function unsentFilesOfExpiredDrafts(
  db: Executor,
  now: string,
): Promise<{ id: string; serviceId: string; storedAs: string }[]> {
  const rows = await db
    .selectFrom('referral_attachments')
    .innerJoin('referral_drafts', 'referral_drafts.id', 'referral_attachments.draft_id')
    .select(['referral_attachments.id', 'referral_attachments.service_id', 'referral_attachments.stored_as'])
    .where('referral_drafts.expires_at', '<=', now)
    .where('referral_attachments.referral_id', 'is', null)
    .execute();
  return rows.map((r) => ({ id: r.id, serviceId: r.service_id, storedAs: r.stored_as }));
}
