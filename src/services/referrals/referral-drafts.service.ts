/**
 * Drafts kept on the server while a referral is filled in, so that nothing typed is lost: a session time-out, a lost
 * connection or a closed tab leaves the draft where it was. The browser holds a random token for it (only its HMAC is
 * stored); a referrer can also ask for a one-time link by e-mail to come back on another day or device.
 */
import { randomUUID } from 'node:crypto';
import {
  findDraftByResumeToken,
  findDraftByToken,
  insertDraft,
  saveDraftAnswers,
  setDraftTokens,
  setResumeTokenHashIfOpen,
} from '../../data/referrals/referrals.repository.js';
import type { Executor } from '../../data/executor.js';
import type { Draft } from '../../domain/referrals/draft.js';
import type { Answers } from '../../domain/forms/fields.js';
import { linkPlaceholder } from '../../domain/notifications/one-time-links.js';
import { formatLongDate, londonDate } from '../../domain/shared/dates.js';
import { hmac, newToken } from '../accounts/secrets.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock, RequestContext } from '../shared/context.js';
import type { OutboxPort } from './ports.js';

export type { Draft } from '../../domain/referrals/draft.js';

const DAY_MS = 24 * 3600 * 1000;

export interface DraftPolicy {
  /** A draft is deleted this many days after it was last saved. */
  keepDays: number;
}

export function createReferralDrafts(deps: {
  db: Executor;
  clock: Clock;
  secret: string;
  audit: AuditService;
  outbox: OutboxPort;
  policy: DraftPolicy;
}) {
  const { db, clock, secret, policy } = deps;
  const hash = (purpose: string, token: string) => hmac(secret, `referral-draft:${purpose}:${token}`);
  const expiry = (now: Date) => new Date(now.getTime() + policy.keepDays * DAY_MS).toISOString();

  return {
    /** A new, empty draft, and the token the browser keeps for it. */
    async start(serviceId: string, source: 'online' | 'staff', createdBy: string | null) {
      const token = newToken();
      const now = clock();
      await insertDraft(
        db,
        {
          id: randomUUID(),
          serviceId,
          tokenHash: hash('browser', token),
          source,
          createdBy,
          idempotencyKey: randomUUID(),
        },
        now.toISOString(),
        expiry(now),
      );
      return token;
    },

    async open(serviceId: string, token: string | undefined): Promise<Draft | undefined> {
      if (token === undefined || !/^[A-Za-z0-9_-]{43}$/u.test(token)) return undefined;
      return findDraftByToken(db, serviceId, hash('browser', token), clock().toISOString());
    },

    /** The form token that proves a post came from a page this draft's browser was shown. */
    formToken(token: string): string {
      return hash('form', token);
    },

    /** False when someone else (another tab) saved in between: the caller shows the page again with what is stored. */
    async save(draft: Draft, answers: Answers, visited: readonly string[]): Promise<boolean> {
      const now = clock();
      return saveDraftAnswers(db, draft, answers, visited, now.toISOString(), expiry(now));
    },

    /**
     * Sends a one-time link to carry on with the draft, by e-mail through the outbox. The link replaces any earlier
     * one (which stops working now) and lasts as long as the draft. The outbox holds only the link's placeholder: the
     * secret is minted when the message is sent (mintResumeToken), and never stored (docs/adr/0029).
     */
    async sendResumeLink(
      ctx: RequestContext,
      draft: Draft,
      email: string,
      linkFor: (resumeToken: string) => string,
      serviceName: string,
    ): Promise<void> {
      const now = clock();
      const expiresAt = expiry(now);
      await db.transaction().execute(async (trx) => {
        await setDraftTokens(trx, draft.id, { resumeTokenHash: null, resumeExpiresAt: expiresAt });
        await deps.outbox.enqueue(trx, {
          serviceId: draft.serviceId,
          channel: 'email',
          template: 'referral-draft-link',
          recipient: email,
          personalisation: {
            link: linkPlaceholder(linkFor('')),
            expiry_date: formatLongDate(londonDate(new Date(expiresAt))),
            service_name: serviceName,
          },
          subject: { type: 'referral-draft', id: draft.id },
        });
        await deps.audit.record(trx, ctx, {
          action: 'referral.draft-link-sent',
          subjectType: 'referral-draft',
          subjectId: draft.id,
          serviceId: draft.serviceId,
        });
      });
    },

    /**
     * The outbox's link minter for resume links: a new secret for the draft, its hash stored in place of any earlier
     * one, at the moment the message is sent. Null when the draft has gone (submitted, expired or deleted).
     */
    async mintResumeToken(about: { serviceId: string; subjectId: string | null }): Promise<string | null> {
      if (about.subjectId === null) return null;
      const resumeToken = newToken();
      const open = await setResumeTokenHashIfOpen(
        db,
        about.serviceId,
        about.subjectId,
        hash('resume', resumeToken),
        clock().toISOString(),
      );
      return open ? resumeToken : null;
    },

    /**
     * Opens a draft from its one-time link: the link stops working, and the browser gets a new token (the old one, on
     * another device, stops working too, so only one place edits the draft).
     */
    async resume(serviceId: string, resumeToken: string): Promise<string | undefined> {
      if (!/^[A-Za-z0-9_-]{43}$/u.test(resumeToken)) return undefined;
      const draft = await findDraftByResumeToken(db, serviceId, hash('resume', resumeToken), clock().toISOString());
      if (draft === undefined) return undefined;
      const token = newToken();
      await setDraftTokens(db, draft.id, {
        tokenHash: hash('browser', token),
        resumeTokenHash: null,
        resumeExpiresAt: null,
      });
      return token;
    },
  };
}

export type ReferralDraftsService = ReturnType<typeof createReferralDrafts>;
