/**
 * The waiting list's handlers: the list (summary, bands, filters, 25 a page), its CSV export, and one child's place.
 * A filter value off its allow-list answers 400 (the list with its form and error summary; the export, an error
 * page); an unknown parameter, 400; a malformed episode id, 400; another service's or an unknown episode, 404.
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { can } from '../../../domain/access/roles.js';
import { problem } from '../../../domain/shared/outcome.js';
import { activeServiceId } from '../../active-service.js';
import { csvRow } from '../../csv.js';
import { parseForm } from '../../forms/form.js';
import { invalidInput, sendProblem } from '../../outcome.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import { EPISODE_ID, queryString, toFilters, waitingListQuery } from './waiting-list.forms.js';
import {
  bandRows,
  csvValues,
  entryPage,
  filterForm,
  listSummary,
  pagination,
  pathwaySummary,
  shownValues,
  WAITING_CSV_HEADER,
  waitingRows,
} from './waiting-list.view-models.js';

const LIST = 'waiting-list/list.njk';
const ENTRY = 'waiting-list/entry.njk';

export type WaitingListServices = Pick<Dependencies, 'registry' | 'waitingList'>;

export function waitingListController({ registry, waitingList }: WaitingListServices) {
  const definitionOf = (reply: FastifyReply) => registry.byId(activeServiceId(reply));

  const list: Handler = async (request, reply) => {
    const definition = definitionOf(reply);
    if (definition === undefined) return sendProblem(reply, problem('not-found', 'This service is not available.'));
    const form = parseForm(waitingListQuery(definition), request.query);
    if (!form.ok) {
      return reply.code(400).render(LIST, { errors: form.errors, form: filterForm(definition, form.values) });
    }
    const filters = toFilters(form.data);
    const view = await waitingList.view(definition, filters);
    return reply.render(LIST, {
      form: filterForm(definition, shownValues(filters)),
      summary: listSummary(view),
      byPathway: pathwaySummary(view, definition),
      bands: bandRows(view),
      rows: waitingRows(view, definition),
      pagination: pagination(view, filters),
      exportHref: can(request.ctx.actorRoles, 'waiting-list:export')
        ? `${paths.waitingList.export.build()}${queryString({ ...filters, page: 1 }, 1)}`
        : null,
    });
  };

  const exportCsv: Handler = async (request, reply) => {
    const definition = definitionOf(reply);
    if (definition === undefined) return sendProblem(reply, problem('not-found', 'This service is not available.'));
    const form = parseForm(waitingListQuery(definition), request.query);
    if (!form.ok) return sendProblem(reply, invalidInput(form.errors));
    const rows = await waitingList.exportRows(definition, toFilters(form.data));
    const body = csvRow(WAITING_CSV_HEADER) + rows.map((r) => csvRow(csvValues(r, definition))).join('');
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="waiting-list-${definition.id}.csv"`)
      .header('Cache-Control', 'no-store')
      .send(body);
  };

  const entry: Handler<{ Params: { episodeId: string } }> = async (request, reply) => {
    const definition = definitionOf(reply);
    if (definition === undefined) return sendProblem(reply, problem('not-found', 'This service is not available.'));
    if (!EPISODE_ID.test(request.params.episodeId)) {
      return sendProblem(reply, problem('invalid-input', 'This is not a link to a child on the waiting list.'));
    }
    const found = await waitingList.entry(definition, request.params.episodeId);
    if (!found.ok) return sendProblem(reply, found.problem);
    return reply.render(ENTRY, entryPage(found.view, definition, request.ctx.actorRoles));
  };

  return { list, exportCsv, entry };
}
