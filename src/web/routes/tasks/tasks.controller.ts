/**
 * The team's tasks: the list (open tasks for me and my roles, or everyone's, by kind, oldest first, 25 a page) and one
 * task with the form to close it, saying what was done. A query value off its allow-list is a 400 page with the
 * filters and their errors; an id of another service, or none, is not found; a task for another role cannot be
 * closed by this person (403); a task closed or changed meanwhile is a conflict (409) and nothing is saved.
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { can } from '../../../domain/access/roles.js';
import { formatLongDate, londonDate } from '../../../domain/shared/dates.js';
import { isTaskFor, type TaskListRow } from '../../../services/care/tasks-work.service.js';
import { activeServiceId } from '../../active-service.js';
import { parseForm, type FormErrors } from '../../forms/form.js';
import { readForm } from '../../forms/read-form.js';
import { invalidInput, sendProblem } from '../../outcome.js';
import { paths } from '../../paths.js';
import { drawnFields } from '../auth/two-factor.view-models.js';
import type { Handler } from '../table.js';
import { completeFields, isRecordId, tasksQuery, toTaskFilters } from './tasks.forms.js';
import {
  ageOf,
  assignedTo,
  childOf,
  detailLines,
  filterForm,
  kindLabel,
  pagination,
  shownFilterValues,
  taskRows,
} from './tasks.view-models.js';

export type TasksServices = Pick<Dependencies, 'clock' | 'tasksWork'>;

type TaskParams = { taskId: string };

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

export function tasksController({ clock, tasksWork }: TasksServices) {
  const list: Handler = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const form = parseForm(tasksQuery, request.query);
    if (!form.ok)
      return reply.code(400).render('tasks/list.njk', { errors: form.errors, form: filterForm(form.values) });
    const filters = toTaskFilters(form.data);
    const page = await tasksWork.list(request.ctx, serviceId, filters);
    return reply.render('tasks/list.njk', {
      form: filterForm(shownFilterValues(filters)),
      total: page.total,
      page: page.page,
      pageCount: page.pageCount,
      rows: taskRows(page, londonDate(clock()), request.ctx.actorUserId),
      pagination: pagination(page, filters),
    });
  };

  async function renderTask(
    reply: FastifyReply,
    task: TaskListRow,
    status: number,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) {
    const ctx = reply.request.ctx;
    const open = task.status === 'open';
    const mayClose = open && can(ctx.actorRoles, 'tasks:work') && isTaskFor(task, ctx);
    const removable =
      open &&
      task.kind === 'waiting-well-no-longer-needed' &&
      task.episodeId !== null &&
      task.episodeStatus === 'waiting' &&
      can(ctx.actorRoles, 'waiting-list:remove');
    return reply.code(status).render('tasks/task.njk', {
      errors,
      task: {
        kind: kindLabel(task.kind),
        child: childOf(task),
        reference: task.reference,
        raised: formatLongDate(londonDate(new Date(task.createdAt))),
        age: ageOf(task.createdAt, londonDate(clock())),
        assignedTo: assignedTo(task, ctx.actorUserId),
        open,
        done: task.doneAt === null ? null : formatLongDate(londonDate(new Date(task.doneAt))),
        resolution: task.resolution,
        detail: detailLines(task.detail),
      },
      entryHref:
        task.episodeId !== null && can(ctx.actorRoles, 'waiting-list:read') && task.episodeStatus === 'waiting'
          ? paths.waitingList.entry.build({ episodeId: task.episodeId })
          : null,
      removeHref:
        removable && task.episodeId !== null ? paths.waitingList.remove.build({ episodeId: task.episodeId }) : null,
      appointmentHref:
        task.appointmentId !== null && can(ctx.actorRoles, 'diary:read')
          ? paths.appointments.appointment.build({ appointmentId: task.appointmentId })
          : null,
      // A statutory EHCP request's escalation has no episode: it links to the request instead.
      ehcpRequestHref:
        task.kind === 'ehcp-escalation' && typeof task.detail.requestId === 'string' && can(ctx.actorRoles, 'ehcp:read')
          ? paths.ehcp.request.build({ requestId: task.detail.requestId })
          : null,
      listHref: paths.tasks.list.build(),
      mayClose,
      action: paths.tasks.task.build({ taskId: task.id }),
      fields: mayClose ? drawnFields(completeFields, { version: String(task.version), ...values }, errors) : [],
      csrfToken: mayClose ? await reply.csrfToken() : undefined,
    });
  }

  const show: Handler<{ Params: TaskParams }> = async (request, reply) => {
    const { taskId } = request.params;
    if (!isRecordId(taskId)) return notFound(reply);
    const task = await tasksWork.task(activeServiceId(reply), taskId);
    if (task === undefined) return notFound(reply);
    return renderTask(reply, task, 200);
  };

  const complete: Handler<{ Params: TaskParams }> = async (request, reply) => {
    const { taskId } = request.params;
    if (!isRecordId(taskId)) return notFound(reply);
    const serviceId = activeServiceId(reply);
    const task = await tasksWork.task(serviceId, taskId);
    if (task === undefined) return notFound(reply);
    const form = readForm(completeFields, request.body);
    if (!form.ok) {
      if (form.errors.fields.version !== undefined) return sendProblem(reply, invalidInput(form.errors));
      return renderTask(reply, task, 400, form.errors, form.values);
    }
    const done = await tasksWork.complete(request.ctx, serviceId, taskId, form.data.version, form.data.resolution);
    if (!done.ok) return sendProblem(reply, done.problem);
    return reply.redirect(paths.tasks.task.build({ taskId }), 303);
  };

  return { list, show, complete };
}
