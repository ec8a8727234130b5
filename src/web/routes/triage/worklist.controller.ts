/**
 * The triage worklist's handler: every referral of the active service, filtered and sorted by the query string, 25 a
 * page. A value off a filter's allow-list answers 400 with the form and an error summary; an unknown parameter, 400.
 */
import type { Dependencies } from '../../../composition.js';
import { problem } from '../../../domain/shared/outcome.js';
import { activeServiceId } from '../../active-service.js';
import { sendProblem } from '../../outcome.js';
import { parseForm } from '../../forms/form.js';
import type { Handler } from '../table.js';
import { toFilters, worklistQuery } from './worklist.forms.js';
import { filterForm, pagination, shownValues, worklistRows, worklistSummary } from './worklist.view-models.js';

const TEMPLATE = 'triage/worklist.njk';

export type WorklistServices = Pick<Dependencies, 'registry' | 'worklist'>;

export function worklistController({ registry, worklist }: WorklistServices) {
  const show: Handler = async (request, reply) => {
    const definition = registry.byId(activeServiceId(reply));
    if (definition === undefined) return sendProblem(reply, problem('not-found', 'This service is not available.'));
    const form = parseForm(worklistQuery(definition), request.query);
    if (!form.ok) {
      return reply.code(400).render(TEMPLATE, { errors: form.errors, form: filterForm(definition, form.values) });
    }
    const filters = toFilters(form.data);
    const view = await worklist.view(definition, filters);
    return reply.render(TEMPLATE, {
      form: filterForm(definition, shownValues(filters)),
      summary: worklistSummary(view),
      rows: worklistRows(view, definition),
      pagination: pagination(view, filters),
    });
  };

  return { show };
}
