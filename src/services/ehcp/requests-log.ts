/**
 * Logging a request from a local authority (issue 15 item 1): the form's answers checked (every problem at once,
 * nothing saved), the child matched to the service's records exactly as a referral's child is (an exact match by NHS
 * number, name and date of birth reuses the record; anything else makes a new record and keeps the match state for a
 * clinician to check), the due date fixed (received plus 42 days for a needs assessment, the authority's date for an
 * annual review), and the request, the child and the audit event written in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { insertChild } from '../../data/referrals/children.repository.js';
import { childCandidates } from '../../data/referrals/referrals.repository.js';
import { authoritiesOfSchools, insertRequest } from '../../data/ehcp/requests.repository.js';
import type { Executor } from '../../data/executor.js';
import {
  DUE_DATE_FIELD,
  dueOnOf,
  parseAuthorityDueOn,
  parseReceived,
  RECEIVED_DATE_FIELD,
  RECEIVED_TIME_FIELD,
  type RequestKind,
} from '../../domain/ehcp/clock.js';
import { parseFields, type FieldProblem } from '../../domain/forms/fields.js';
import { matchChild, matchStateOf } from '../../domain/referrals/child-match.js';
import { londonDate } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock, RequestContext } from '../shared/context.js';
import { logFields, type Authority } from './requests.fields.js';

export type Ctx = RequestContext & { serviceId: string; actorUserId: string };

export type RequestProblem = Problem<'not-found' | 'invalid-input' | 'stale-version' | 'illegal'> & {
  problems: FieldProblem[];
};

export const invalid = (problems: FieldProblem[]) =>
  failed(problem('invalid-input', problems.map((p) => p.message).join('. '), { problems }));

export const notFound = (message = 'There is no such request in this service.') =>
  failed(problem('not-found', message, { problems: [] as FieldProblem[] }));

interface LogDeps {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  registry: ServiceRegistry;
}

/**
 * The authorities a request may come from: the service's own (its eligibility's local authorities, in their order),
 * then every other authority of the schools reference data, by name.
 */
export async function authoritiesFor(deps: LogDeps, serviceId: string): Promise<Authority[]> {
  const own = deps.registry.byId(serviceId)?.eligibility.school.localAuthorities ?? [];
  const others = await authoritiesOfSchools(deps.db);
  const codes = new Set(own.map((a) => a.code));
  return [...own.map((a) => ({ code: a.code, name: a.name })), ...others.filter((a) => !codes.has(a.code))];
}

/**
 * Problems in the order the form shows their fields (the error summary lists them as the page does): the request,
 * the authority's contact, when it was received, what is asked, the child.
 */
function inPageOrder(problems: FieldProblem[], authorities: readonly Authority[]): FieldProblem[] {
  const names = logFields(authorities).map((f) => f.name);
  const afterContact = names.indexOf('laContactTelephone') + 1;
  const order = [
    ...names.slice(0, afterContact),
    RECEIVED_DATE_FIELD,
    RECEIVED_TIME_FIELD,
    DUE_DATE_FIELD,
    ...names.slice(afterContact),
  ];
  const rank = (field: string) => {
    const i = order.findIndex((name) => field === name || field.startsWith(`${name}[`));
    return i === -1 ? order.length : i;
  };
  return [...problems].sort((a, b) => rank(a.field) - rank(b.field));
}

export async function logRequest(
  deps: LogDeps,
  ctx: Ctx,
  sent: Record<string, unknown>,
): Promise<Outcome<{ requestId: string }, RequestProblem>> {
  const { db, clock, audit } = deps;
  if (deps.registry.byId(ctx.serviceId) === undefined) return notFound('There is no such service.');
  const authorities = await authoritiesFor(deps, ctx.serviceId);
  const now = clock();
  const today = londonDate(now);
  const parsed = parseFields(logFields(authorities), sent, today);
  const received = parseReceived(sent, today, now);
  const problems: FieldProblem[] = [...(parsed.ok ? [] : parsed.problems), ...(received.ok ? [] : received.problems)];
  const values = parsed.ok ? parsed.values : undefined;
  if (values !== undefined && values.laContactEmail === undefined && values.laContactTelephone === undefined) {
    problems.push({
      field: 'laContactEmail',
      message: 'Enter the contact’s email address or telephone number, or both',
    });
  }
  const kind = values?.kind as RequestKind | undefined;
  let authorityDueOn: string | null = null;
  if (received.ok && kind === 'annual-review') {
    const due = parseAuthorityDueOn(sent, received.value.receivedOn);
    if (due.ok) authorityDueOn = due.value;
    else problems.push(...due.problems);
  }
  if (values === undefined || !received.ok || problems.length > 0 || kind === undefined)
    return invalid(inPageOrder(problems, authorities));

  const { receivedOn, receivedAt } = received.value;
  const dueOn = dueOnOf(kind, receivedOn, authorityDueOn);
  const authority = authorities.find((a) => a.code === values.laCode);
  if (authority === undefined) return invalid([{ field: 'laCode', message: 'Select the local authority' }]);
  const child = {
    nhsNumber: values.childNhsNumber ?? null,
    givenName: values.childGivenName,
    familyName: values.childFamilyName,
    dateOfBirth: values.childDateOfBirth,
    postcode: values.childPostcode,
  };
  const requestId = randomUUID();
  const nowIso = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const match = matchChild(child, await childCandidates(trx, ctx.serviceId, child.nhsNumber, child.dateOfBirth));
    let childId: string;
    if (match.kind === 'nhs-number') childId = match.childId;
    else {
      // Anything but an exact match is a record of its own, as the authority described the child: never another's.
      childId = randomUUID();
      await insertChild(trx, {
        id: childId,
        service_id: ctx.serviceId,
        nhs_number: child.nhsNumber,
        given_name: child.givenName,
        family_name: child.familyName,
        known_as: null,
        date_of_birth: child.dateOfBirth,
        sex: values.childSex,
        address_line_1: values.childAddressLine1,
        address_line_2: null,
        town: values.childTown,
        postcode: child.postcode,
        gp_practice_code: null,
        school_urn: null,
        gp_practice_typed: null,
        school_typed: null,
        language: null,
        interpreter_needed: 0,
        access_needs: null,
        created_at: nowIso,
        updated_at: nowIso,
        version: 1,
      });
    }
    await insertRequest(trx, {
      id: requestId,
      service_id: ctx.serviceId,
      child_id: childId,
      kind,
      la_code: authority.code,
      la_name: authority.name,
      la_reference: values.laReference,
      la_contact_name: values.laContactName,
      la_contact_email: values.laContactEmail ?? null,
      la_contact_telephone: values.laContactTelephone ?? null,
      received_at: receivedAt,
      received_on: receivedOn,
      due_on: dueOn,
      questions: values.questions ?? null,
      child_match: matchStateOf(match),
      family_copy: values.familyCopy === 'yes' ? 1 : 0,
      assigned_clinician_id: null,
      status: 'open',
      answered_on: null,
      withdrawn_reason: null,
      escalated_at: null,
      logged_by: ctx.actorUserId,
      created_at: nowIso,
      updated_at: nowIso,
      version: 1,
    });
    await audit.record(trx, ctx, {
      action: 'ehcp.request-logged',
      subjectType: 'ehcp-request',
      subjectId: requestId,
      detail: { kind, laCode: authority.code, receivedOn, dueOn, childMatch: matchStateOf(match) },
    });
  });
  return ok({ requestId });
}
