/**
 * The auditor's pages: search the service's audit trail, page through it, check its hash chain, and export it as CSV.
 */
import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { DomainError } from '../../../domain/shared/errors.js';
import { csvRow } from '../../csv.js';
import { parseForm } from '../../forms/form.js';
import { activeServiceId } from '../../active-service.js';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { auditQuery, toFilters } from './audit.forms.js';
import { AUDIT_CSV_HEADER, auditCsvValues, auditRows, chainSummary, filterOptions } from './audit.view-models.js';

const SEARCH = needs('audit:read', { action: 'audit.searched' });
const EXPORT = needs('audit:export', { action: 'audit.exported' });
const CHECK = needs('audit:read', { action: 'audit.chain-checked' });

export function auditRoutes(deps: Dependencies) {
  const membersById = async (serviceId: string) => {
    const members = await deps.accounts.listMembers(serviceId);
    return { list: members, byId: new Map(members.map((m) => [m.id, m])) };
  };

  return async (app: FastifyInstance) => {
    app.get(paths.audit.search.pattern, { config: { routeAccess: SEARCH } }, async (request, reply) => {
      const serviceId = activeServiceId(reply);
      const members = await membersById(serviceId);
      const form = parseForm(auditQuery, request.query);
      const query = form.ok ? form.data : {};
      const base = {
        values: form.ok ? form.data : form.values,
        options: filterOptions(query, members.list),
        action: paths.audit.search.build(),
      };
      if (!form.ok) return reply.code(400).render('audit/search.njk', { ...base, errors: form.errors, rows: [] });
      const { events, nextBeforeId } = await deps.audit.search(serviceId, toFilters(form.data));
      const params = new URLSearchParams(
        Object.entries(form.data).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'before'),
      );
      const nextParams = new URLSearchParams(params);
      if (nextBeforeId !== null) nextParams.set('before', String(nextBeforeId));
      return reply.render('audit/search.njk', {
        ...base,
        rows: auditRows(events, members.byId),
        checkHref: paths.audit.verify.build(),
        nextHref: nextBeforeId === null ? null : `${paths.audit.search.build()}?${nextParams.toString()}`,
        firstHref: form.data.before === undefined ? null : `${paths.audit.search.build()}?${params.toString()}`,
        exportHref: `${paths.audit.export.build()}?${params.toString()}`,
      });
    });

    // Recomputing the chain reads the whole trail, so it runs when an auditor asks, not on every search.
    app.get(paths.audit.verify.pattern, { config: { routeAccess: CHECK } }, async (_request, reply) => {
      const checks = await deps.audit.verify(activeServiceId(reply));
      return reply.render('audit/check.njk', { chain: chainSummary(checks), searchHref: paths.audit.search.build() });
    });

    app.get(paths.audit.export.pattern, { config: { routeAccess: EXPORT } }, async (request, reply) => {
      const serviceId = activeServiceId(reply);
      const form = parseForm(auditQuery, request.query);
      if (!form.ok) throw new DomainError('invalid-input', form.errors.summary.map((e) => e.text).join('. '));
      const members = await membersById(serviceId);
      const events = await deps.audit.exportRows(serviceId, toFilters(form.data));
      const body = csvRow(AUDIT_CSV_HEADER) + events.map((e) => csvRow(auditCsvValues(e, members.byId))).join('');
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="audit-${serviceId}.csv"`)
        .send(body);
    });
  };
}
