/**
 * A family's one-time links (waiting well, appointment replies; docs/adr/0029's rules): a use case opens a link row in
 * the transaction that queues its message, the message carries a placeholder, and the outbox asks `mint` for the
 * token when it sends. Only the token's hash is kept. A link answers once, before it expires; a forged, used or
 * expired token opens nothing and says nothing about why beyond "this link cannot be used".
 */
import { randomUUID } from 'node:crypto';
import {
  answerFamilyLink,
  findFamilyLink,
  findFamilyLinkByHash,
  insertFamilyLink,
  setFamilyLinkToken,
  type FamilyLinkPurpose,
  type FamilyLinkRecord,
} from '../../data/care/family-links.repository.js';
import type { Executor } from '../../data/executor.js';
import { newToken, sha256 } from '../accounts/secrets.js';
import type { LinkSubject } from '../outbox/link-minter.js';
import type { Clock } from '../shared/context.js';

export type { FamilyLinkPurpose, FamilyLinkRecord } from '../../data/care/family-links.repository.js';

/** The outbox message's subject type for a family link: the message's subject id is the link row's id. */
export const FAMILY_LINK_SUBJECT = 'family-link';

export function createFamilyLinks(deps: { db: Executor; clock: Clock }) {
  const { db, clock } = deps;
  const hashOf = (token: string) => sha256(`family-link:${token}`);
  const now = () => clock().toISOString();

  return {
    /** Opens a link in the caller's transaction; returns its id, the subject of the message that carries it. */
    async open(
      trx: Executor,
      link: {
        serviceId: string;
        purpose: FamilyLinkPurpose;
        episodeId: string;
        appointmentId?: string | null;
        expiresAt: string;
      },
    ): Promise<string> {
      const id = randomUUID();
      await insertFamilyLink(trx, { ...link, id, appointmentId: link.appointmentId ?? null }, now());
      return id;
    },

    /** The outbox's minter: a fresh token for an unused, unexpired link; null when there is nothing left to open. */
    async mint(about: LinkSubject): Promise<string | null> {
      if (about.subjectType !== FAMILY_LINK_SUBJECT || about.subjectId === null) return null;
      const link = await findFamilyLink(db, about.subjectId);
      if (link?.serviceId !== about.serviceId || link.usedAt !== null || link.expiresAt <= now()) {
        return null;
      }
      const token = newToken();
      return (await setFamilyLinkToken(db, link.id, hashOf(token), now())) ? token : null;
    },

    /** What a link opens, while it is unused and unexpired; undefined for anything else (forged, used, expired). */
    async describe(token: string): Promise<FamilyLinkRecord | undefined> {
      if (token.length < 20 || token.length > 100) return undefined;
      const link = await findFamilyLinkByHash(db, hashOf(token));
      if (link?.usedAt !== null || link.expiresAt <= now()) return undefined;
      return link;
    },

    /**
     * Records the family's answer once, in the caller's transaction: true for exactly one of two racing answers, false
     * for a used, expired or unknown link.
     */
    answer: (trx: Executor, token: string, answer: string, answerText: string | null): Promise<boolean> =>
      answerFamilyLink(trx, hashOf(token), answer, answerText, now()),
  };
}

export type FamilyLinks = ReturnType<typeof createFamilyLinks>;
