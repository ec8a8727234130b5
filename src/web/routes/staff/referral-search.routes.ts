/**
 * "Find a referral": the referral someone telephones about, by reference, child's name and date of birth, or NHS
 * number, within the active service; and, for admin officers (who do not read the triage page), a read-only summary
 * of one referral. Every search is audited by the use case (its kind and count, never what was typed); a search
 * refused for its input is audited as a failure. Opening the empty form reads nothing and records nothing.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { can } from '../../../domain/access/roles.js';
import { londonDate } from '../../../domain/shared/dates.js';
import type { SearchOutcome } from '../../../services/referrals/referral-search.service.js';
import { activeServiceId } from '../../active-service.js';
import { errorsFromMessages, type FormErrors } from '../../forms/form.js';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { parseSearchForm } from './referral-search.forms.js';
import { searchKindItems, searchResults, summaryModel, type ResultLink } from './referral-search.view-models.js';

const SEARCH = needs('referrals:search', { action: 'referral.searched', byUseCase: true });
const SUMMARY = needs('referrals:summary', {
  action: 'referral.summary-viewed',
  subjectType: 'referral',
  subjectParam: 'referralId',
});

export function referralSearchRoutes(deps: Dependencies) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: Record<string, unknown> }>(
      paths.staff.searchReferrals.pattern,
      { config: { routeAccess: SEARCH } },
      async (request, reply) => {
        const serviceId = activeServiceId(reply);
        const definition = deps.registry.byId(serviceId);
        if (definition === undefined) throw new Error(`No definition for ${serviceId}`);
        const roles = request.ctx.actorRoles;
        const mayUseNhsNumber = can(roles, 'referrals:search-nhs-number');
        const link: ResultLink = can(roles, 'triage:read')
          ? 'triage'
          : can(roles, 'referrals:summary')
            ? 'summary'
            : null;
        const form = parseSearchForm(request.query, {
          referencePrefix: definition.referencePrefix,
          today: londonDate(deps.clock()),
          mayUseNhsNumber,
        });
        const render = (
          status: number,
          values: Record<string, string>,
          extra: { errors?: FormErrors; outcome?: SearchOutcome },
        ) =>
          reply.code(status).render('staff/referral-search.njk', {
            action: paths.staff.searchReferrals.build(),
            kinds: searchKindItems(values.by, mayUseNhsNumber),
            values,
            referencePrefix: definition.referencePrefix,
            errors: extra.errors,
            results: extra.outcome === undefined ? null : searchResults(extra.outcome, link),
          });
        if (form.state === 'empty') return render(200, {}, {});
        if (form.state === 'invalid') {
          await deps.referralSearch.refused(request.ctx, serviceId, form.kind);
          return render(400, form.values, { errors: errorsFromMessages(form.problems) });
        }
        const outcome = await deps.referralSearch.search(request.ctx, serviceId, form.search);
        return render(200, form.values, { outcome });
      },
    );

    const notFound = (reply: FastifyReply) => {
      reply.callNotFound();
      return reply;
    };

    app.get<{ Params: { referralId: string } }>(
      paths.staff.referralSummary.pattern,
      { config: { routeAccess: SUMMARY } },
      async (request, reply) => {
        const serviceId = activeServiceId(reply);
        const definition = deps.registry.byId(serviceId);
        const summary = await deps.referralSearch.summary(serviceId, request.params.referralId);
        if (summary === undefined || definition === undefined) return notFound(reply);
        const letters = await deps.letters.forReferral(serviceId, summary.id);
        return reply.render('staff/referral-summary.njk', {
          referral: summaryModel(summary, letters, definition),
          searchHref: paths.staff.searchReferrals.build(),
        });
      },
    );
  };
}
