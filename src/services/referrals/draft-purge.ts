/**
 * Unfinished referrals are not kept for ever: a draft whose time is up is deleted with the files attached to it. A
 * draft that was sent is deleted too, once its time is up; its answers and files now belong to the referral.
 */
import type { Executor } from '../../data/executor.js';
import type { FileStore } from '../../data/files/file-store.js';
import { deleteAttachment, unsentFilesOfExpiredDrafts } from '../../data/referrals/attachments.repository.js';
import { deleteExpiredDrafts } from '../../data/referrals/referrals.repository.js';
import type { Clock } from '../shared/context.js';

export function createDraftPurge(deps: { db: Executor; clock: Clock; files: FileStore }) {
  return async function purgeExpiredDrafts(): Promise<{ drafts: number; files: number }> {
    const now = deps.clock().toISOString();
    const orphans = await unsentFilesOfExpiredDrafts(deps.db, now);
    for (const file of orphans) {
      await deleteAttachment(deps.db, file.id);
      await deps.files.remove(file.serviceId, file.storedAs);
    }
    return { drafts: await deleteExpiredDrafts(deps.db, now), files: orphans.length };
  };
}
