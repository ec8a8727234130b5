/**
 * The consent pages' handlers: a child's consents, recording one, and withdrawing one. The access hook has found the
 * child and this person's access to the record (`request.record`); without it the page is not found. A form with
 * problems is shown again with the error summary (400) and nothing is saved; a withdrawal drawn before someone else
 * changed the consent is shown again with the consent as it is now (409).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { sentNamesOf, versionField, type Field, type FieldProblem } from '../../../domain/forms/fields.js';
import { formatLongDate } from '../../../domain/shared/dates.js';
import { mayWriteClinical, type RecordScope } from '../../../services/record/record-scope.js';
import { activeServiceId } from '../../active-service.js';
import { pageErrors } from '../../forms/field-models.js';
import { formValues, UnexpectedFieldsError, type FormErrors } from '../../forms/form.js';
import { statusOf } from '../../outcome.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import { isRecordId } from '../equipment/equipment.forms.js';
import {
  CONSENT_FORM_FIELDS,
  consentBoxes,
  consentFor,
  consentGiver,
  consentRows,
  WITHDRAWAL_FORM_FIELDS,
} from './consent.view-models.js';

export type ConsentServices = Pick<Dependencies, 'consents' | 'discharges'>;

type ChildParams = { Params: { childId: string } };
type ConsentParams = { Params: { consentId: string } };

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

/** The scope the access hook found; null (the page is not found) when there is none. */
const scopeOf = (request: FastifyRequest): RecordScope | null => request.record;

/** What was sent, refused outright (400) if it holds a name the form does not have. */
function sentOf(body: unknown, fields: readonly Field[], also: readonly string[] = []): Record<string, unknown> {
  const values = formValues(body);
  const allowed = new Set([...sentNamesOf(fields), ...also]);
  const unexpected = Object.keys(values).filter((k) => !allowed.has(k));
  if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
  return values;
}

const errorsOf = (problems: readonly FieldProblem[]): FormErrors => pageErrors(problems);

const DONE: Record<string, string> = { recorded: 'Consent recorded', withdrawn: 'Consent withdrawn' };

export function consentController({ consents, discharges }: ConsentServices) {
  async function childOf(reply: FastifyReply, childId: string) {
    const found = await discharges.form(activeServiceId(reply), childId);
    return found?.child;
  }

  const list: Handler<ChildParams & { Querystring: { done?: string } }> = async (request, reply) => {
    const scope = scopeOf(request);
    const { childId } = request.params;
    if (scope?.childId !== childId) return notFound(reply);
    const child = await childOf(reply, childId);
    if (child === undefined) return notFound(reply);
    const { consents: rows, today } = await consents.ofChild(activeServiceId(reply), childId);
    const mayWrite = mayWriteClinical(scope);
    const done = typeof request.query.done === 'string' ? (DONE[request.query.done] ?? null) : null;
    return reply.render('consent/child.njk', {
      name: `${child.givenName} ${child.familyName}`,
      dateOfBirth: formatLongDate(child.dateOfBirth),
      rows: consentRows(rows, today, mayWrite),
      recordHref: mayWrite ? paths.consentDischarge.recordConsent.build({ childId }) : null,
      backHref: paths.record.child.build({ childId }),
      done,
    });
  };

  async function renderRecord(
    reply: FastifyReply,
    childId: string,
    status: number,
    errors?: FormErrors,
    sent?: Record<string, unknown>,
  ) {
    const child = await childOf(reply, childId);
    if (child === undefined) return notFound(reply);
    return reply.code(status).render('consent/record.njk', {
      name: `${child.givenName} ${child.familyName}`,
      f: consentBoxes(CONSENT_FORM_FIELDS, sent, errors),
      errors,
      action: paths.consentDischarge.recordConsent.build({ childId }),
      backHref: paths.consentDischarge.consents.build({ childId }),
      csrfToken: await reply.csrfToken(),
    });
  }

  const recordForm: Handler<ChildParams> = async (request, reply) => {
    const scope = scopeOf(request);
    if (scope?.childId !== request.params.childId) return notFound(reply);
    return renderRecord(reply, request.params.childId, 200);
  };

  const record: Handler<ChildParams> = async (request, reply) => {
    const scope = scopeOf(request);
    const { childId } = request.params;
    if (scope?.childId !== childId) return notFound(reply);
    const sent = sentOf(request.body, CONSENT_FORM_FIELDS);
    const serviceId = activeServiceId(reply);
    const recorded = await consents.record({ ...request.ctx, serviceId }, childId, sent);
    if (!recorded.ok) return renderRecord(reply, childId, 400, errorsOf(recorded.problem.problems), sent);
    return reply.redirect(`${paths.consentDischarge.consents.build({ childId })}?done=recorded`, 303);
  };

  async function renderWithdraw(
    reply: FastifyReply,
    consentId: string,
    status: number,
    errors?: FormErrors,
    sent?: Record<string, unknown>,
  ) {
    const scope = scopeOf(reply.request);
    const consent = await consents.find(activeServiceId(reply), consentId);
    if (scope === null || consent?.childId !== scope.childId) return notFound(reply);
    const child = await childOf(reply, consent.childId);
    if (child === undefined) return notFound(reply);
    const w = consent.record.withdrawn;
    return reply.code(status).render('consent/withdraw.njk', {
      name: `${child.givenName} ${child.familyName}`,
      consent: {
        for: consentFor(consent.record),
        givenBy: consentGiver(consent.record),
        givenOn: formatLongDate(consent.record.givenOn),
        withdrawn: w === null ? null : `${formatLongDate(w.on)}: ${w.reason}`,
      },
      f: consentBoxes(WITHDRAWAL_FORM_FIELDS, sent, errors),
      version: String(consent.version),
      errors,
      action: paths.consentDischarge.withdrawConsent.build({ consentId }),
      backHref: paths.consentDischarge.consents.build({ childId: consent.childId }),
      csrfToken: await reply.csrfToken(),
    });
  }

  const withdrawForm: Handler<ConsentParams> = async (request, reply) => {
    if (!isRecordId(request.params.consentId)) return notFound(reply);
    return renderWithdraw(reply, request.params.consentId, 200);
  };

  const withdraw: Handler<ConsentParams> = async (request, reply) => {
    const { consentId } = request.params;
    const scope = scopeOf(request);
    if (scope === null || !isRecordId(consentId)) return notFound(reply);
    const sent = sentOf(request.body, WITHDRAWAL_FORM_FIELDS, [versionField.name]);
    const version = typeof sent.version === 'string' && /^\d{1,9}$/u.test(sent.version) ? Number(sent.version) : NaN;
    if (Number.isNaN(version)) {
      return renderWithdraw(reply, consentId, 400, errorsOf([{ field: 'withdrawnOn', message: versionField.missing }]));
    }
    const found = await consents.find(activeServiceId(reply), consentId);
    if (found?.childId !== scope.childId) return notFound(reply);
    const done = await consents.withdraw(
      { ...request.ctx, serviceId: activeServiceId(reply) },
      consentId,
      version,
      sent,
    );
    if (!done.ok) {
      if (done.problem.code === 'not-found') return notFound(reply);
      const problems: FieldProblem[] =
        done.problem.problems.length > 0
          ? done.problem.problems
          : [{ field: 'withdrawnOn', message: done.problem.message }];
      return renderWithdraw(reply, consentId, statusOf(done.problem), errorsOf(problems), sent);
    }
    return reply.redirect(`${paths.consentDischarge.consents.build({ childId: done.childId })}?done=withdrawn`, 303);
  };

  return { list, recordForm, record, withdrawForm, withdraw };
}
