/**
 * Unfinished referrals are not kept for ever: a draft whose time is up is deleted with the files attached to it. A
 * draft that was sent is deleted too, once its time is up; its answers and files now belong to the referral.
 */
import { deleteExpiredDrafts } from '../../data/referrals/referrals.repository.js';
import type { Executor } from '../../data/executor.js';
import type { FileStore } from '../../data/files/file-store.js';
import type { Clock } from '../shared/context.js';

export function createDraftPurge(deps: { db: Executor; clock: Clock; files: FileStore }) {
  return async function purgeExpiredDrafts(): Promise<{ drafts: number; files: number }> {
    const now = deps.clock().toISOString();
    const orphans = await deps.db
      .selectFrom('referral_attachments')
      .innerJoin('referral_drafts', 'referral_drafts.id', 'referral_attachments.draft_id')
      .select(['referral_attachments.id', 'referral_attachments.service_id', 'referral_attachments.stored_as'])
      .where('referral_drafts.expires_at', '<=', now)
      .where('referral_attachments.referral_id', 'is', null)
      .execute();
    for (const file of orphans) {
      await deps.db.deleteFrom('referral_attachments').where('id', '=', file.id).execute();
      await deps.files.remove(file.service_id, file.stored_as);
    }
    return { drafts: await deleteExpiredDrafts(deps.db, now), files: orphans.length };
  };
}
