/**
 * The feedback form's handlers and its fields: what was typed goes to the feedback use case, which sends it to the
 * service's contact e-mail (or its administrators) through the outbox.
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { parseField, type Field } from '../../../domain/forms/fields.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { londonDate } from '../../../domain/shared/dates.js';
import { errorsFromMessages, formValues, UnexpectedFieldsError, type FormErrors } from '../../forms/form.js';
import { publicPaths } from '../../paths.js';
import type { Handler } from '../table.js';
import { feedbackPaths, servicePageModel } from './public.view-models.js';

/** The most characters each answer may have: room to say what happened, well under the outbox's limit. */
export const FEEDBACK_MAX = 1200;
/** Feedback sent a minute from one client address: more than a person sends, few enough to keep a flood out. */
export const FEEDBACK_PER_MINUTE = 10;

/** An answer that is too long, said of the answer ("What you were trying to do must be...") not of its question. */
const ANSWER_NAMES: Record<string, string> = {
  tryingToDo: 'What you were trying to do',
  feedback: 'What was good or bad',
};
function tooLong(name: string, message: string): string {
  const what = ANSWER_NAMES[name];
  return what !== undefined && message.endsWith('characters or fewer')
    ? `${what} must be ${String(FEEDBACK_MAX)} characters or fewer`
    : message;
}

export const FEEDBACK_FIELDS: readonly Field[] = [
  {
    kind: 'textarea',
    name: 'tryingToDo',
    label: 'What were you trying to do?',
    missing: 'Enter what you were trying to do',
    max: FEEDBACK_MAX,
  },
  {
    kind: 'textarea',
    name: 'feedback',
    label: 'What was good or bad about it?',
    hint: 'Do not include personal information, such as a child’s name, date of birth or medical details.',
    missing: 'Enter what was good or bad about it',
    max: FEEDBACK_MAX,
  },
  {
    kind: 'email',
    name: 'email',
    label: 'Email address (optional)',
    hint: 'Only if you would like a reply.',
    missing: '',
    optional: true,
    autocomplete: 'email',
  },
];

export type FeedbackServices = Pick<Dependencies, 'registry' | 'clock' | 'feedback'>;

export function feedbackController(deps: FeedbackServices, service: ServiceDefinition) {
  const links = publicPaths(deps.registry.prefixOf(service.id));
  const paths = feedbackPaths(links);
  const frame = servicePageModel(service, links);
  const email = service.contact.email;

  const render = async (reply: FastifyReply, status: number, values: Record<string, string>, errors?: FormErrors) =>
    reply.code(status).render('public/feedback.njk', {
      ...frame,
      values,
      errors,
      max: FEEDBACK_MAX,
      csrfToken: await reply.csrfToken(),
      action: paths.form,
    });

  const form: Handler = async (_request, reply) => render(reply, 200, {});

  const send: Handler = async (request, reply) => {
    const body = formValues(request.body);
    const names = new Set(FEEDBACK_FIELDS.map((f) => f.name));
    const unexpected = Object.keys(body).filter((k) => !names.has(k));
    if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
    const today = londonDate(deps.clock());
    const problems: [string, string][] = [];
    const answers: Record<string, string | null> = {};
    for (const field of FEEDBACK_FIELDS) {
      const parsed = parseField(field, body, today);
      if ('message' in parsed) problems.push([field.name, tooLong(field.name, parsed.message)]);
      else answers[field.name] = typeof parsed.value === 'string' ? parsed.value : null;
    }
    if (problems.length > 0) {
      const typed = Object.fromEntries(
        FEEDBACK_FIELDS.map((f) => [f.name, typeof body[f.name] === 'string' ? body[f.name] : '']),
      ) as Record<string, string>;
      return render(reply, 400, typed, errorsFromMessages(problems));
    }
    const sent = await deps.feedback.send(
      { ...request.ctx, serviceId: service.id },
      { id: service.id, serviceName: service.serviceName, email },
      { tryingToDo: answers.tryingToDo ?? '', feedback: answers.feedback ?? '', replyTo: answers.email ?? null },
    );
    if (sent.recipients === 0) {
      // Nobody to send it to yet (no contact e-mail, no administrator): say so, and keep what they typed.
      const typed = Object.fromEntries(FEEDBACK_FIELDS.map((f) => [f.name, answers[f.name] ?? ''])) as Record<
        string,
        string
      >;
      return render(
        reply,
        503,
        typed,
        errorsFromMessages([
          ['feedback', `We cannot take feedback online yet. Please call us on ${service.contact.telephone} instead.`],
        ]),
      );
    }
    return reply.redirect(paths.thanks, 303);
  };

  const thanks: Handler = async (_request, reply) => reply.render('public/feedback-sent.njk', frame);

  return { form, send, thanks };
}
