/**
 * Confirming a family's "no longer needed" (docs/adr/0038): the page shows the child, the family's answer and the
 * task it raised, and asks the clinician for a note; posting it closes the episode and the task together
 * (waiting-list-removal.service.ts). Without an open "no longer needed" task, or for a child no longer waiting, the
 * page says why and offers no button; a stale version is a conflict (409) and nothing is saved.
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { PRIORITY_LABELS } from '../../../domain/referrals/labels.js';
import { isWaitingWellAnswer, WAITING_WELL_ANSWER_LABELS } from '../../../domain/care/waiting-well.js';
import { formatLongDate, londonDate } from '../../../domain/shared/dates.js';
import type { RemovalView } from '../../../services/care/waiting-list-removal.service.js';
import { activeServiceId } from '../../active-service.js';
import type { FormErrors } from '../../forms/form.js';
import { readForm } from '../../forms/read-form.js';
import { invalidInput, sendProblem } from '../../outcome.js';
import { paths } from '../../paths.js';
import { drawnFields } from '../auth/two-factor.view-models.js';
import type { Handler } from '../table.js';
import { isRecordId, removeFields } from './tasks.forms.js';

export type RemovalServices = Pick<Dependencies, 'waitingListRemoval'>;

type EpisodeParams = { episodeId: string };

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

export function removalController({ waitingListRemoval }: RemovalServices) {
  async function render(
    reply: FastifyReply,
    episodeId: string,
    view: RemovalView,
    status: number,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) {
    const { child, answer, task } = view;
    const given = answer?.answer;
    return reply.code(status).render('tasks/remove-child.njk', {
      errors,
      child: {
        name: `${child.givenName} ${child.familyName}`,
        dateOfBirth: formatLongDate(child.dateOfBirth),
        reference: child.reference,
        priority: (PRIORITY_LABELS as Record<string, string>)[child.priority] ?? child.priority,
        waitingSince: formatLongDate(child.waitFrom),
        onList: child.status === 'waiting',
      },
      answer:
        answer === null
          ? null
          : {
              text: isWaitingWellAnswer(given) ? WAITING_WELL_ANSWER_LABELS[given] : '',
              on: answer.usedAt === null ? '' : formatLongDate(londonDate(new Date(answer.usedAt))),
            },
      taskHref: task === null ? null : paths.tasks.task.build({ taskId: task.id }),
      removable: view.removable,
      action: paths.waitingList.remove.build({ episodeId }),
      fields: view.removable ? drawnFields(removeFields, { version: String(child.version), ...values }, errors) : [],
      csrfToken: view.removable ? await reply.csrfToken() : undefined,
    });
  }

  const page: Handler<{ Params: EpisodeParams }> = async (request, reply) => {
    const { episodeId } = request.params;
    if (!isRecordId(episodeId)) return notFound(reply);
    const view = await waitingListRemoval.view(activeServiceId(reply), episodeId);
    if (view === undefined) return notFound(reply);
    return render(reply, episodeId, view, 200);
  };

  const remove: Handler<{ Params: EpisodeParams }> = async (request, reply) => {
    const { episodeId } = request.params;
    if (!isRecordId(episodeId)) return notFound(reply);
    const serviceId = activeServiceId(reply);
    const view = await waitingListRemoval.view(serviceId, episodeId);
    if (view === undefined) return notFound(reply);
    const form = readForm(removeFields, request.body);
    if (!form.ok) {
      if (form.errors.fields.version !== undefined) return sendProblem(reply, invalidInput(form.errors));
      return render(reply, episodeId, view, 400, form.errors, form.values);
    }
    const done = await waitingListRemoval.remove(request.ctx, serviceId, episodeId, form.data.version, form.data.note);
    if (!done.ok) return sendProblem(reply, done.problem);
    return reply.render('tasks/child-removed.njk', {
      name: `${view.child.givenName} ${view.child.familyName}`,
      reference: view.child.reference,
      tasksHref: paths.tasks.list.build(),
    });
  };

  return { page, remove };
}
