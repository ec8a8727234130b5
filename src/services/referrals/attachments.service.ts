/**
 * A referral's attachments while it is a draft and once it is sent: checked by content and size (domain rules), kept
 * on disk under generated names, described in the database. A draft holds at most five.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Executor } from '../../data/executor.js';
import type { FileStore } from '../../data/files/file-store.js';
import { ATTACHMENT_MAX_FILES, checkUpload } from '../../domain/referrals/attachments.js';
import type { Clock } from '../shared/context.js';

export interface Attachment {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
}

export type AddResult = { ok: true; attachment: Attachment } | { ok: false; message: string };

export function createReferralAttachments(deps: { db: Executor; clock: Clock; files: FileStore }) {
  const { db, files } = deps;

  async function list(serviceId: string, draftId: string): Promise<Attachment[]> {
    const rows = await db
      .selectFrom('referral_attachments')
      .select(['id', 'file_name', 'media_type', 'size_bytes'])
      .where('service_id', '=', serviceId)
      .where('draft_id', '=', draftId)
      .orderBy('uploaded_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: r.id, fileName: r.file_name, mediaType: r.media_type, sizeBytes: r.size_bytes }));
  }

  return {
    list,

    async add(serviceId: string, draftId: string, originalName: string, bytes: Uint8Array): Promise<AddResult> {
      if ((await list(serviceId, draftId)).length >= ATTACHMENT_MAX_FILES) {
        return {
          ok: false,
          message: `You can upload up to ${String(ATTACHMENT_MAX_FILES)} files. Remove one to add another`,
        };
      }
      const verdict = checkUpload(originalName, bytes);
      if (!verdict.ok) return verdict;
      const storedAs = await files.put(serviceId, bytes);
      const attachment = {
        id: randomUUID(),
        fileName: verdict.fileName,
        mediaType: verdict.type,
        sizeBytes: bytes.length,
      };
      try {
        await db
          .insertInto('referral_attachments')
          .values({
            id: attachment.id,
            service_id: serviceId,
            draft_id: draftId,
            referral_id: null,
            file_name: attachment.fileName,
            media_type: attachment.mediaType,
            size_bytes: attachment.sizeBytes,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            stored_as: storedAs,
            uploaded_at: deps.clock().toISOString(),
          })
          .execute();
      } catch (err) {
        await files.remove(serviceId, storedAs);
        throw err;
      }
      return { ok: true, attachment };
    },

    /** A sent referral's file, for staff with the referral in reach: its description and its bytes. */
    async read(serviceId: string, referralId: string, id: string) {
      const row = await db
        .selectFrom('referral_attachments')
        .select(['file_name', 'media_type', 'stored_as'])
        .where('service_id', '=', serviceId)
        .where('referral_id', '=', referralId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return { fileName: row.file_name, mediaType: row.media_type, bytes: await files.get(serviceId, row.stored_as) };
    },

    /** Removes a file from a draft that has not been sent; false if it is not this draft's. */
    async remove(serviceId: string, draftId: string, id: string): Promise<boolean> {
      const row = await db
        .selectFrom('referral_attachments')
        .select(['stored_as'])
        .where('service_id', '=', serviceId)
        .where('draft_id', '=', draftId)
        .where('id', '=', id)
        .where('referral_id', 'is', null)
        .executeTakeFirst();
      if (row === undefined) return false;
      await db.deleteFrom('referral_attachments').where('id', '=', id).execute();
      await files.remove(serviceId, row.stored_as);
      return true;
    },
  };
}

/** In the submission's transaction: the draft's files now belong to the referral too. */
export async function attachToReferral(
  trx: Executor,
  serviceId: string,
  draftId: string,
  referralId: string,
): Promise<void> {
  await trx
    .updateTable('referral_attachments')
    .set({ referral_id: referralId })
    .where('service_id', '=', serviceId)
    .where('draft_id', '=', draftId)
    .execute();
}

export type ReferralAttachmentsService = ReturnType<typeof createReferralAttachments>;
