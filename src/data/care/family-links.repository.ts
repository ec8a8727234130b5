/**
 * A family's one-time links (waiting well, an appointment): the row is written with the message, the token's hash
 * when the outbox sends it (docs/adr/0029), and the answer once, by a compare-and-set on `used_at`.
 */
import type { Executor } from '../executor.js';

export type FamilyLinkPurpose = 'waiting-well' | 'appointment';

export interface FamilyLinkRecord {
  id: string;
  serviceId: string;
  purpose: FamilyLinkPurpose;
  episodeId: string;
  appointmentId: string | null;
  mintedAt: string | null;
  expiresAt: string;
  usedAt: string | null;
  answer: string | null;
  answerText: string | null;
  createdAt: string;
}

export async function insertFamilyLink(
  db: Executor,
  link: {
    id: string;
    serviceId: string;
    purpose: FamilyLinkPurpose;
    episodeId: string;
    appointmentId: string | null;
    expiresAt: string;
  },
  now: string,
): Promise<void> {
  await db
    .insertInto('family_links')
    .values({
      id: link.id,
      service_id: link.serviceId,
      purpose: link.purpose,
      episode_id: link.episodeId,
      appointment_id: link.appointmentId,
      token_hash: null,
      created_at: now,
      minted_at: null,
      expires_at: link.expiresAt,
      used_at: null,
      answer: null,
      answer_text: null,
    })
    .execute();
}

const COLUMNS = [
  'id',
  'service_id',
  'purpose',
  'episode_id',
  'appointment_id',
  'minted_at',
  'expires_at',
  'used_at',
  'answer',
  'answer_text',
  'created_at',
] as const;

type Row = {
  id: string;
  service_id: string;
  purpose: string;
  episode_id: string;
  appointment_id: string | null;
  minted_at: string | null;
  expires_at: string;
  used_at: string | null;
  answer: string | null;
  answer_text: string | null;
  created_at: string;
};

const toLink = (r: Row): FamilyLinkRecord => ({
  id: r.id,
  serviceId: r.service_id,
  purpose: r.purpose as FamilyLinkPurpose,
  episodeId: r.episode_id,
  appointmentId: r.appointment_id,
  mintedAt: r.minted_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  answer: r.answer,
  answerText: r.answer_text,
  createdAt: r.created_at,
});

export async function findFamilyLink(db: Executor, id: string): Promise<FamilyLinkRecord | undefined> {
  const row = await db.selectFrom('family_links').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toLink(row);
}

export async function findFamilyLinkByHash(db: Executor, tokenHash: string): Promise<FamilyLinkRecord | undefined> {
  const row = await db
    .selectFrom('family_links')
    .select(COLUMNS)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row === undefined ? undefined : toLink(row);
}

/** Stores a freshly minted token's hash, replacing an earlier one (a retried message); only while unused. */
export async function setFamilyLinkToken(db: Executor, id: string, tokenHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('family_links')
    .set({ token_hash: tokenHash, minted_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Records the answer if the link is still unused and unexpired: true for exactly one of two racing answers. */
export async function answerFamilyLink(
  db: Executor,
  tokenHash: string,
  answer: string,
  answerText: string | null,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('family_links')
    .set({ used_at: now, answer, answer_text: answerText })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** The links of one episode and purpose, newest first (waiting well counts the unanswered ones). */
export async function familyLinksOfEpisode(
  db: Executor,
  serviceId: string,
  episodeId: string,
  purpose: FamilyLinkPurpose,
): Promise<FamilyLinkRecord[]> {
  const rows = await db
    .selectFrom('family_links')
    .select(COLUMNS)
    .where('service_id', '=', serviceId)
    .where('episode_id', '=', episodeId)
    .where('purpose', '=', purpose)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toLink);
}
