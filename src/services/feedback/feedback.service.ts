/**
 * Feedback about the website (the phase banner's "Tell us what you think"): what the visitor typed goes through the
 * outbox to the service's contact e-mail, or, when its definition names none, to each of the service's active
 * administrators (the people who run it), in the same transaction as its audit event. The audit event keeps only
 * whether a reply was asked for and how many it went to, never the text.
 */
import { membersOfService } from '../../data/accounts/users.repository.js';
import type { Executor } from '../../data/executor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../shared/context.js';

export interface FeedbackOutboxPort {
  enqueue(
    executor: Executor,
    message: {
      serviceId: string;
      channel: 'email';
      template: 'feedback';
      recipient: string;
      personalisation: Record<string, string>;
    },
  ): Promise<string>;
}

export interface Feedback {
  tryingToDo: string;
  feedback: string;
  /** An e-mail address for a reply, when the visitor wants one. */
  replyTo: string | null;
}

export function createFeedback(deps: { db: Executor; audit: AuditService; outbox: FeedbackOutboxPort }) {
  const { db } = deps;
  return {
    /**
     * Sends the feedback; answers how many it went to. None when the service has no contact e-mail and no active
     * administrator yet: nothing is written then, and the visitor is told to call instead.
     */
    async send(
      ctx: RequestContext,
      service: { id: string; serviceName: string; email: string | undefined },
      feedback: Feedback,
    ): Promise<{ recipients: number }> {
      return db.transaction().execute(async (trx) => {
        const recipients =
          service.email !== undefined
            ? [service.email]
            : (await membersOfService(trx, service.id))
                .filter((m) => m.status === 'active' && m.roles.includes('admin'))
                .map((m) => m.email);
        if (recipients.length === 0) return { recipients: 0 };
        for (const recipient of recipients) {
          await deps.outbox.enqueue(trx, {
            serviceId: service.id,
            channel: 'email',
            template: 'feedback',
            recipient,
            personalisation: {
              service_name: service.serviceName,
              trying_to_do: feedback.tryingToDo,
              feedback: feedback.feedback,
              reply_to: feedback.replyTo ?? 'They did not ask for a reply.',
            },
          });
        }
        await deps.audit.record(trx, ctx, {
          action: 'feedback.sent',
          subjectType: 'service',
          subjectId: service.id,
          serviceId: service.id,
          detail: { replyWanted: feedback.replyTo !== null, recipients: recipients.length },
        });
        return { recipients: recipients.length };
      });
    },
  };
}

export type FeedbackService = ReturnType<typeof createFeedback>;
