/**
 * The handlers of the subject access export: the NHS number search (posted), the child's page, and the archive.
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { activeServiceId } from '../../active-service.js';
import { fieldModels, problemsFrom } from '../../forms/field-models.js';
import type { FormErrors } from '../../forms/form.js';
import { readForm } from '../../forms/read-form.js';
import { sendProblem } from '../../outcome.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import { subjectAccessSearchFields } from './subject-access.forms.js';
import { childModel, foundChildren } from './subject-access.view-models.js';

export type SubjectAccessServices = Pick<Dependencies, 'subjectAccess'>;

type Params = { childId: string };

export function subjectAccessController({ subjectAccess }: SubjectAccessServices) {
  const renderSearch = async (
    reply: FastifyReply,
    status: number,
    extra: { values?: Record<string, unknown>; errors?: FormErrors; results?: ReturnType<typeof foundChildren> },
  ) =>
    reply.code(status).render('subject-access/search.njk', {
      action: paths.subjectAccess.search.build(),
      fields: fieldModels(
        subjectAccessSearchFields,
        {},
        extra.values,
        problemsFrom(extra.errors),
        {},
        {
          ownHeading: true,
        },
      ),
      errors: extra.errors,
      results: extra.results,
      csrfToken: await reply.csrfToken(),
    });

  const searchPage: Handler = async (_request, reply) => renderSearch(reply, 200, {});

  const search: Handler = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const form = readForm(subjectAccessSearchFields, request.body);
    if (!form.ok) return renderSearch(reply, 400, { values: form.values, errors: form.errors });
    const found = await subjectAccess.findByNhsNumber(request.ctx, serviceId, form.data.nhsNumber);
    return renderSearch(reply, 200, { values: form.values, results: foundChildren(found) });
  };

  const child: Handler<{ Params: Params }> = async (request, reply) => {
    const found = await subjectAccess.summary(activeServiceId(reply), request.params.childId);
    if (found === undefined) {
      reply.callNotFound();
      return reply;
    }
    return reply.render('subject-access/child.njk', { child: childModel(found), csrfToken: await reply.csrfToken() });
  };

  const exportArchive: Handler<{ Params: Params }> = async (request, reply) => {
    const made = await subjectAccess.export(request.ctx, activeServiceId(reply), request.params.childId);
    if (!made.ok) return sendProblem(reply, made.problem);
    return reply
      .header('Content-Type', 'application/x-tar')
      .header('Content-Disposition', `attachment; filename="${made.fileName}"`)
      .header('Cache-Control', 'no-store')
      .send(made.archive);
  };

  return { searchPage, search, child, exportArchive };
}
