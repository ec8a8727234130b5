/**
 * "Find a referral" and the read-only summary. Every search is audited by the use case (its kind and count, never
 * what was typed); a search refused for its input is audited as a failure. Opening the empty form records nothing.
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { can } from '../../../domain/access/roles.js';
import { londonDate } from '../../../domain/shared/dates.js';
import type { SearchOutcome } from '../../../services/referrals/referral-search.service.js';
import { activeServiceId } from '../../active-service.js';
import { errorsFromMessages, type FormErrors } from '../../forms/form.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import { parseSearchForm } from './referral-search.forms.js';
import { searchKindItems, searchResults, summaryModel, type ResultLink } from './referral-search.view-models.js';

export type ReferralSearchServices = Pick<Dependencies, 'registry' | 'clock' | 'referralSearch' | 'letters'>;

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

export function referralSearchController({ registry, clock, referralSearch, letters }: ReferralSearchServices) {
  const search: Handler<{ Querystring: Record<string, unknown> }> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const definition = registry.byId(serviceId);
    if (definition === undefined) throw new Error(`No definition for ${serviceId}`);
    const roles = request.ctx.actorRoles;
    const mayUseNhsNumber = can(roles, 'referrals:search-nhs-number');
    const link: ResultLink = can(roles, 'triage:read') ? 'triage' : can(roles, 'referrals:summary') ? 'summary' : null;
    const form = parseSearchForm(request.query, {
      referencePrefix: definition.referencePrefix,
      today: londonDate(clock()),
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
      await referralSearch.refused(request.ctx, serviceId, form.kind);
      return render(400, form.values, { errors: errorsFromMessages(form.problems) });
    }
    const outcome = await referralSearch.search(request.ctx, serviceId, form.search);
    return render(200, form.values, { outcome });
  };

  const summary: Handler<{ Params: { referralId: string } }> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const definition = registry.byId(serviceId);
    const found = await referralSearch.summary(serviceId, request.params.referralId);
    if (found === undefined || definition === undefined) return notFound(reply);
    return reply.render('staff/referral-summary.njk', {
      referral: summaryModel(found, await letters.forReferral(serviceId, found.id), definition),
      searchHref: paths.staff.searchReferrals.build(),
    });
  };

  return { search, summary };
}
