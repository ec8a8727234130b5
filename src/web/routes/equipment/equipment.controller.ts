/**
 * The equipment pages' handlers: the team's dashboard and recall list, a child's equipment, issuing an item, one item
 * with its history, and recording a review, a repair or a return. A form with problems is shown again with the error
 * summary (400) and nothing is saved; a form drawn before someone else recorded against the item is shown again with
 * the item as it is now (409). Another service's ids, and ids that are not ids, are not found.
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import type { Field, FieldProblem } from '../../../domain/forms/fields.js';
import { londonDate } from '../../../domain/shared/dates.js';
import type { EquipmentTerms } from '../../../domain/service/record-settings.js';
import { activeServiceId } from '../../active-service.js';
import { pageErrors } from '../../forms/field-models.js';
import { parseForm, type FormErrors } from '../../forms/form.js';
import { readForm } from '../../forms/read-form.js';
import { invalidInput, sendProblem, statusOf } from '../../outcome.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import {
  dashboardQuery,
  isRecordId,
  issueFields,
  itemQuery,
  repairFields,
  returnFields,
  reviewFields,
  type EventKind,
} from './equipment.forms.js';
import { boxes, childPage, dashboardPage, DONE_BANNERS, itemPage, selectItems } from './equipment.view-models.js';

export type EquipmentServices = Pick<Dependencies, 'clock' | 'equipment'>;

type EpisodeParams = { Params: { episodeId: string } };
type IssueParams = { Params: { issueId: string } };

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

const EVENT_PAGES: Readonly<Record<EventKind, { title: string; button: string; fields: readonly Field[] }>> = {
  review: { title: 'Record a review', button: 'Save review', fields: reviewFields },
  repair: { title: 'Record a repair', button: 'Save repair', fields: repairFields },
  return: { title: 'Record its return', button: 'Save return', fields: returnFields },
};

export function equipmentController({ clock, equipment }: EquipmentServices) {
  const today = () => londonDate(clock());

  const dashboard: Handler = async (request, reply) => {
    const query = parseForm(dashboardQuery, request.query);
    if (!query.ok) return sendProblem(reply, invalidInput(query.errors));
    const page = query.data.page === undefined ? 1 : Number(query.data.page);
    const found = await equipment.dashboard(activeServiceId(reply), page);
    return reply.render('equipment/dashboard.njk', dashboardPage(found));
  };

  const child: Handler<EpisodeParams> = async (request, reply) => {
    const { episodeId } = request.params;
    if (!isRecordId(episodeId)) return notFound(reply);
    const found = await equipment.childEquipment(activeServiceId(reply), episodeId);
    if (found === undefined) return notFound(reply);
    return reply.render('equipment/child.njk', childPage(found.child, found.items, request.ctx.actorRoles));
  };

  async function renderIssue(
    reply: FastifyReply,
    episodeId: string,
    status: number,
    errors?: FormErrors,
    sent?: Record<string, unknown>,
  ) {
    const options = await equipment.issueOptions(activeServiceId(reply), episodeId);
    if (options === undefined) return notFound(reply);
    const me = reply.request.ctx.actorUserId;
    const mine: Record<string, string> =
      me !== null && options.fitters.some((f) => f.id === me) ? { fittedBy: me } : {};
    const models = boxes(issueFields(options.catalogue, options.fitters), mine, sent, errors);
    const fittedBy = models.find((m) => m.name === 'fittedBy');
    return reply.code(status).render('equipment/issue.njk', {
      child: `${options.child.givenName} ${options.child.familyName}`,
      fields: models.filter((m) => m.name !== 'fittedBy'),
      fittedBy: fittedBy === undefined ? undefined : { ...fittedBy, selectItems: selectItems(fittedBy) },
      errors,
      action: paths.equipment.issue.build({ episodeId }),
      backHref: paths.equipment.child.build({ episodeId }),
      csrfToken: await reply.csrfToken(),
    });
  }

  const issueForm: Handler<EpisodeParams> = async (request, reply) => {
    if (!isRecordId(request.params.episodeId)) return notFound(reply);
    return renderIssue(reply, request.params.episodeId, 200);
  };

  const issue: Handler<EpisodeParams> = async (request, reply) => {
    const { episodeId } = request.params;
    if (!isRecordId(episodeId)) return notFound(reply);
    const serviceId = activeServiceId(reply);
    const options = await equipment.issueOptions(serviceId, episodeId);
    if (options === undefined) return notFound(reply);
    const form = readForm(issueFields(options.catalogue, options.fitters), request.body, { today: today() });
    if (!form.ok) return renderIssue(reply, episodeId, 400, form.errors, form.values);
    const issued = await equipment.issue({ ...request.ctx, serviceId }, episodeId, {
      itemCode: form.data.itemCode,
      sizeLabel: form.data.sizeLabel ?? null,
      terms: form.data.terms as EquipmentTerms,
      issuedOn: form.data.issuedOn,
      fittedByUserId: form.data.fittedBy,
      reviewOn: form.data.reviewOn ?? null,
      notes: form.data.notes ?? null,
    });
    if (!issued.ok) {
      if (issued.problem.code === 'not-found') return notFound(reply);
      return renderIssue(reply, episodeId, 400, errorsOf(issued.problem.problems), form.values);
    }
    return reply.redirect(`${paths.equipment.item.build({ issueId: issued.issueId })}?done=issued`, 303);
  };

  const item: Handler<IssueParams> = async (request, reply) => {
    const { issueId } = request.params;
    if (!isRecordId(issueId)) return notFound(reply);
    const query = parseForm(itemQuery, request.query);
    if (!query.ok) return sendProblem(reply, invalidInput(query.errors));
    const found = await equipment.item(activeServiceId(reply), issueId);
    if (found === undefined) return notFound(reply);
    return reply.render('equipment/item.njk', {
      ...itemPage(found, request.ctx.actorRoles),
      done: query.data.done === undefined ? null : DONE_BANNERS[query.data.done],
      dashboardHref: paths.equipment.dashboard.build(),
    });
  };

  async function renderEvent(
    reply: FastifyReply,
    kind: EventKind,
    issueId: string,
    status: number,
    errors?: FormErrors,
    sent?: Record<string, unknown>,
  ) {
    const found = await equipment.item(activeServiceId(reply), issueId);
    if (found === undefined) return notFound(reply);
    const page = EVENT_PAGES[kind];
    const version = String(found.issue.version);
    // The form is always drawn at the item's version now: after a conflict, sending it again is a choice made
    // with the history in view.
    const shown = sent === undefined ? undefined : { ...sent, version };
    return reply.code(status).render('equipment/event.njk', {
      title: page.title,
      button: page.button,
      ...itemPage(found, reply.request.ctx.actorRoles),
      fields: boxes(page.fields, { version }, shown, errors),
      errors,
      action: paths.equipment[kind].build({ issueId }),
      backHref: paths.equipment.item.build({ issueId }),
      csrfToken: await reply.csrfToken(),
    });
  }

  const eventForm =
    (kind: EventKind): Handler<IssueParams> =>
    async (request, reply) => {
      if (!isRecordId(request.params.issueId)) return notFound(reply);
      return renderEvent(reply, kind, request.params.issueId, 200);
    };

  const recordEvent =
    (kind: EventKind): Handler<IssueParams> =>
    async (request, reply) => {
      const { issueId } = request.params;
      if (!isRecordId(issueId)) return notFound(reply);
      const serviceId = activeServiceId(reply);
      const form = readForm(EVENT_PAGES[kind].fields, request.body, { today: today() });
      if (!form.ok) {
        if (form.errors.fields.version !== undefined) return sendProblem(reply, invalidInput(form.errors));
        return renderEvent(reply, kind, issueId, 400, form.errors, form.values);
      }
      const data = form.data as Record<string, string | number | undefined>;
      const text = (name: string) => (typeof data[name] === 'string' ? data[name] : undefined);
      const recorded = await equipment.record({ ...request.ctx, serviceId }, issueId, Number(data.version), {
        kind,
        on: text('on') ?? '',
        ...(text('outcome') !== undefined && { outcome: text('outcome') }),
        ...(text('nextReviewOn') !== undefined && { nextReviewOn: text('nextReviewOn') }),
        ...(text('note') !== undefined && { note: text('note') }),
      });
      if (!recorded.ok) {
        if (recorded.problem.code === 'not-found') return notFound(reply);
        const errors = errorsOf(recorded.problem.problems);
        return renderEvent(reply, kind, issueId, statusOf(recorded.problem), errors, form.values);
      }
      return reply.redirect(`${paths.equipment.item.build({ issueId })}?done=${kind}`, 303);
    };

  return {
    dashboard,
    child,
    issueForm,
    issue,
    item,
    reviewForm: eventForm('review'),
    review: recordEvent('review'),
    repairForm: eventForm('repair'),
    repair: recordEvent('repair'),
    returnForm: eventForm('return'),
    return: recordEvent('return'),
  };
}

/** The use case's field problems as the page's error summary, each linked to its field (a date's day box). */
function errorsOf(problems: readonly FieldProblem[]): FormErrors {
  return pageErrors(problems.map((p) => (p.part === undefined && isDateField(p.field) ? { ...p, part: 'day' } : p)));
}

const isDateField = (field: string) => ['issuedOn', 'reviewOn', 'on', 'nextReviewOn'].includes(field);
