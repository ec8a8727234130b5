/**
 * A referral's attachments while it is a draft and once it is sent: checked by content and size (domain rules), kept
 * on disk under generated names, described in the database. A draft holds at most five.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Executor } from '../../data/executor.js';
import type { FileStore } from '../../data/files/file-store.js';
import {
  deleteAttachment,
  draftAttachments,
  findReferralAttachment,
  findUnsentDraftAttachment,
  insertAttachment,
} from '../../data/referrals/attachments.repository.js';
import { ATTACHMENT_MAX_FILES, checkUpload } from '../../domain/referrals/attachments.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { Clock } from '../shared/context.js';
import { boundedInflate } from './inflate.js';

export interface Attachment {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
}

export type AddResult = Outcome<{ attachment: Attachment }, Problem<'invalid-input'>>;

export function createReferralAttachments(deps: { db: Executor; clock: Clock; files: FileStore }) {
  const { db, files } = deps;

  const list = (serviceId: string, draftId: string): Promise<Attachment[]> => draftAttachments(db, serviceId, draftId);

  return {
    list,

    async add(serviceId: string, draftId: string, originalName: string, bytes: Uint8Array): Promise<AddResult> {
      if ((await list(serviceId, draftId)).length >= ATTACHMENT_MAX_FILES) {
        const most = `You can upload up to ${String(ATTACHMENT_MAX_FILES)} files. Remove one to add another`;
        return failed(problem('invalid-input', most));
      }
      const verdict = checkUpload(originalName, bytes, boundedInflate);
      if (!verdict.ok) return failed(problem('invalid-input', verdict.message));
      const storedAs = await files.put(serviceId, bytes);
      const attachment = {
        id: randomUUID(),
        fileName: verdict.fileName,
        mediaType: verdict.type,
        sizeBytes: bytes.length,
      };
      try {
        await insertAttachment(db, {
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
        });
      } catch (err) {
        await files.remove(serviceId, storedAs);
        throw err;
      }
      return ok({ attachment });
    },

    /** A sent referral's file, for staff with the referral in reach: its description and its bytes. */
    async read(serviceId: string, referralId: string, id: string) {
      const row = await findReferralAttachment(db, serviceId, referralId, id);
      if (row === undefined) return undefined;
      return { fileName: row.fileName, mediaType: row.mediaType, bytes: await files.get(serviceId, row.storedAs) };
    },

    /** Removes a file from a draft that has not been sent; false if it is not this draft's. */
    async remove(serviceId: string, draftId: string, id: string): Promise<boolean> {
      const row = await findUnsentDraftAttachment(db, serviceId, draftId, id);
      if (row === undefined) return false;
      await deleteAttachment(db, id);
      await files.remove(serviceId, row.storedAs);
      return true;
    },
  };
}

export type ReferralAttachmentsService = ReturnType<typeof createReferralAttachments>;
