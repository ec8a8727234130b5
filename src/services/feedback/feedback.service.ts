/**
 * Feedback about the website (the phase banner's "Tell us what you think"): what the visitor typed goes to the
 * service's contact e-mail through the outbox, in the same transaction as its audit event. The audit event keeps
 * only whether a reply was asked for, never the text.
 */
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
    async send(
      ctx: RequestContext,
      service: { id: string; serviceName: string; email: string },
      feedback: Feedback,
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await deps.outbox.enqueue(trx, {
          serviceId: service.id,
          channel: 'email',
          template: 'feedback',
          recipient: service.email,
          personalisation: {
            service_name: service.serviceName,
            trying_to_do: feedback.tryingToDo,
            feedback: feedback.feedback,
            reply_to: feedback.replyTo ?? 'They did not ask for a reply.',
          },
        });
        await deps.audit.record(trx, ctx, {
          action: 'feedback.sent',
          subjectType: 'service',
          subjectId: service.id,
          serviceId: service.id,
          detail: { replyWanted: feedback.replyTo !== null },
        });
      });
    },
  };
}

export type FeedbackService = ReturnType<typeof createFeedback>;
