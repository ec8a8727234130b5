/**
 * The auditor's handlers: search the service's audit trail and page through it, check its hash chain, and export it
 * as CSV.
 */
import type { Dependencies } from '../../../composition.js';
import { normaliseReference } from '../../../domain/referrals/reference.js';
import type { AuditFilters } from '../../../services/audit/audit.service.js';
import { activeServiceId } from '../../active-service.js';
import { invalidInput, sendProblem } from '../../outcome.js';
import { csvRow } from '../../csv.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import { parseAuditQuery, toFilters, type AuditQueryInput } from './audit.forms.js';
import { AUDIT_CSV_HEADER, auditCsvValues, auditRows, chainSummary, filterOptions } from './audit.view-models.js';

export type AuditServices = Pick<Dependencies, 'accounts' | 'audit' | 'registry'>;

export function auditController({ accounts, audit, registry }: AuditServices) {
  const membersById = async (serviceId: string) => {
    const members = await accounts.listMembers(serviceId);
    return { list: members, byId: new Map(members.map((m) => [m.id, m])) };
  };

  /**
   * The filters, with a subject that reads as one of the service's referral references (however it was typed) turned
   * into that referral's id. `unknownReference` is a reference that no referral in the service has: nothing matches.
   */
  const filtersFor = async (
    serviceId: string,
    q: AuditQueryInput,
  ): Promise<{ filters: AuditFilters; reference: string | null; unknownReference: boolean }> => {
    const filters = toFilters(q);
    const prefix = registry.byId(serviceId)?.referencePrefix;
    const reference = q.subject === undefined || prefix === undefined ? null : normaliseReference(q.subject, prefix);
    if (reference === null) return { filters, reference, unknownReference: false };
    const referralId = await audit.referralIdFor(serviceId, reference);
    if (referralId === null) return { filters, reference, unknownReference: true };
    return { filters: { ...filters, subjectId: referralId }, reference, unknownReference: false };
  };

  const search: Handler = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const members = await membersById(serviceId);
    const form = parseAuditQuery(request.query);
    const query = form.ok ? form.data : {};
    const base = {
      values: form.values,
      options: filterOptions(query, members.list),
      action: paths.audit.search.build(),
    };
    if (!form.ok) return reply.code(400).render('audit/search.njk', { ...base, errors: form.errors, rows: [] });
    const { filters, reference, unknownReference } = await filtersFor(serviceId, form.data);
    const { events, nextBeforeId } = unknownReference
      ? { events: [], nextBeforeId: null }
      : await audit.search(serviceId, filters);
    const params = new URLSearchParams(
      Object.entries(form.data).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'before'),
    );
    const nextParams = new URLSearchParams(params);
    if (nextBeforeId !== null) nextParams.set('before', String(nextBeforeId));
    return reply.render('audit/search.njk', {
      ...base,
      rows: auditRows(events, members.byId),
      reference,
      unknownReference,
      checkHref: paths.audit.verify.build(),
      nextHref: nextBeforeId === null ? null : `${paths.audit.search.build()}?${nextParams.toString()}`,
      firstHref: form.data.before === undefined ? null : `${paths.audit.search.build()}?${params.toString()}`,
      exportHref: `${paths.audit.export.build()}?${params.toString()}`,
    });
  };

  // Recomputing the chain reads the whole trail, so it runs when an auditor asks, not on every search.
  const verify: Handler = async (_request, reply) => {
    const checks = await audit.verify(activeServiceId(reply));
    return reply.render('audit/check.njk', { chain: chainSummary(checks), searchHref: paths.audit.search.build() });
  };

  const exportCsv: Handler = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const form = parseAuditQuery(request.query);
    if (!form.ok) return sendProblem(reply, invalidInput(form.errors));
    const members = await membersById(serviceId);
    const { filters, unknownReference } = await filtersFor(serviceId, form.data);
    const events = unknownReference ? [] : await audit.exportRows(serviceId, filters);
    const body = csvRow(AUDIT_CSV_HEADER) + events.map((e) => csvRow(auditCsvValues(e, members.byId))).join('');
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="audit-${serviceId}.csv"`)
      .send(body);
  };

  return { search, verify, exportCsv };
}
