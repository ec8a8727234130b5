/**
 * The discharge pages' handlers: the form (reason, summary, date), the check page (the dates it sets, who gets a
 * letter and who does not, and why), the confirmation that does it, one discharge with its dates and letters, a
 * letter's PDF, and the admin officers' list of discharge letters to print. The access hook has found the child and
 * this person's access (`request.record`); without it a page of the record is not found. A form with problems is
 * shown again with the error summary (400), nothing saved; a confirmation made after someone else changed the episode
 * shows the check page again as things are now (409), nothing saved.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { sentNamesOf, type Field, type FieldProblem } from '../../../domain/forms/fields.js';
import { dischargeFields } from '../../../domain/record/discharge.js';
import type { DischargeReason } from '../../../domain/service/record-settings.js';
import { formatLongDate } from '../../../domain/shared/dates.js';
import { SUMMARY_FIELD, type DischargePlan } from '../../../services/record/discharge-plan.js';
import type { DischargeChild } from '../../../services/record/discharge.service.js';
import { mayWriteClinical, type RecordScope } from '../../../services/record/record-scope.js';
import { activeServiceId } from '../../active-service.js';
import { fieldModels, pageErrors, problemsFrom } from '../../forms/field-models.js';
import { formValues, UnexpectedFieldsError, type FormErrors } from '../../forms/form.js';
import { paths } from '../../paths.js';
import { sendPdf } from '../letters/letters.view-models.js';
import type { Handler } from '../table.js';
import { isRecordId } from '../equipment/equipment.forms.js';
import { checkPage, dischargePage, printRows } from './discharge.view-models.js';

export type DischargeServices = Pick<Dependencies, 'discharges'>;

type ChildParams = { Params: { childId: string } };
type DischargeParams = { Params: { dischargeId: string } };
type LetterParams = { Params: { dischargeId: string; letterId: string } };
type PrintParams = { Params: { letterId: string } };

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

const scopeOf = (request: FastifyRequest): RecordScope | null => request.record;

const formFields = (reasons: readonly DischargeReason[]): readonly Field[] => {
  const f = dischargeFields(reasons);
  return [f.reason, SUMMARY_FIELD, f.dischargedOn];
};

function sentOf(body: unknown, fields: readonly Field[], also: readonly string[] = []): Record<string, unknown> {
  const values = formValues(body);
  const allowed = new Set([...sentNamesOf(fields), ...also]);
  const unexpected = Object.keys(values).filter((k) => !allowed.has(k));
  if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
  return values;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

export function dischargeController({ discharges }: DischargeServices) {
  async function renderForm(
    reply: FastifyReply,
    child: DischargeChild,
    reasons: readonly DischargeReason[],
    status: number,
    errors?: FormErrors,
    sent?: Record<string, unknown>,
  ) {
    const past = await discharges.ofChild(activeServiceId(reply), child.childId);
    const models = fieldModels(formFields(reasons), {}, sent, problemsFrom(errors), {}, { ownHeading: true });
    return reply.code(status).render('discharge/form.njk', {
      name: `${child.givenName} ${child.familyName}`,
      hasEpisode: child.episode !== null,
      fields: models,
      errors,
      past: past.map((d) => ({
        href: paths.consentDischarge.one.build({ dischargeId: d.id }),
        text: `Discharged ${formatLongDate(d.dischargedOn)}`,
      })),
      action: paths.consentDischarge.discharge.build({ childId: child.childId }),
      backHref: paths.record.child.build({ childId: child.childId }),
      consentsHref: paths.consentDischarge.consents.build({ childId: child.childId }),
      csrfToken: await reply.csrfToken(),
    });
  }

  async function formContext(request: FastifyRequest<ChildParams>, reply: FastifyReply) {
    const scope = scopeOf(request);
    if (scope?.childId !== request.params.childId || !mayWriteClinical(scope)) return undefined;
    return discharges.form(activeServiceId(reply), request.params.childId);
  }

  const form: Handler<ChildParams> = async (request, reply) => {
    const found = await formContext(request, reply);
    if (found === undefined) return notFound(reply);
    return renderForm(reply, found.child, found.reasons, 200);
  };

  async function renderCheck(
    reply: FastifyReply,
    childId: string,
    plan: DischargePlan,
    sent: Record<string, unknown>,
    status: number,
    errors?: FormErrors,
  ) {
    const date = (part: string) => text(sent[`dischargedOn[${part}]`]);
    return reply.code(status).render('discharge/check.njk', {
      ...checkPage(plan),
      sent: {
        reason: text(sent.reason),
        summary: text(sent.summary),
        day: date('day'),
        month: date('month'),
        year: date('year'),
      },
      errors,
      action: paths.consentDischarge.confirmDischarge.build({ childId }),
      backHref: paths.consentDischarge.discharge.build({ childId }),
      csrfToken: await reply.csrfToken(),
    });
  }

  /** The form sent: its problems (400, the form again) or the check page. */
  const check: Handler<ChildParams> = async (request, reply) => {
    const found = await formContext(request, reply);
    if (found === undefined) return notFound(reply);
    const sent = sentOf(request.body, formFields(found.reasons));
    const checked = await discharges.check(activeServiceId(reply), found.child.childId, sent);
    if (!checked.ok) {
      if (checked.problem.code === 'not-found') return notFound(reply);
      const problems: FieldProblem[] =
        checked.problem.problems.length > 0
          ? checked.problem.problems
          : [{ field: 'reason', message: checked.problem.message }];
      return renderForm(reply, found.child, found.reasons, 400, pageErrors(problems), sent);
    }
    return renderCheck(reply, found.child.childId, checked.plan, sent, 200);
  };

  const confirm: Handler<ChildParams> = async (request, reply) => {
    const found = await formContext(request, reply);
    if (found === undefined) return notFound(reply);
    const { childId } = found.child;
    const sent = sentOf(request.body, formFields(found.reasons), ['version']);
    const version = text(sent.version);
    const { version: _v, ...answers } = sent;
    if (!/^\d{1,9}$/u.test(version)) {
      return renderForm(
        reply,
        found.child,
        found.reasons,
        400,
        pageErrors([{ field: 'reason', message: 'The form was not complete. Go back and try again' }]),
        answers,
      );
    }
    const done = await discharges.discharge(
      { ...request.ctx, serviceId: activeServiceId(reply) },
      childId,
      Number(version),
      answers,
    );
    if (!done.ok) {
      if (done.problem.code === 'not-found') return notFound(reply);
      if (done.problem.code === 'stale-version') {
        const errors = pageErrors([{ field: 'confirm', message: done.problem.message }]);
        const now = await discharges.check(activeServiceId(reply), childId, answers);
        if (now.ok) return renderCheck(reply, childId, now.plan, answers, 409, errors);
      }
      const fresh = await discharges.form(activeServiceId(reply), childId);
      if (fresh === undefined) return notFound(reply);
      const problems: FieldProblem[] =
        done.problem.problems.length > 0 ? done.problem.problems : [{ field: 'reason', message: done.problem.message }];
      return renderForm(
        reply,
        fresh.child,
        fresh.reasons,
        done.problem.code === 'stale-version' ? 409 : 400,
        pageErrors(problems),
        answers,
      );
    }
    return reply.redirect(`${paths.consentDischarge.one.build({ dischargeId: done.dischargeId })}?done=1`, 303);
  };

  const one: Handler<DischargeParams & { Querystring: { done?: string } }> = async (request, reply) => {
    const scope = scopeOf(request);
    const { dischargeId } = request.params;
    if (scope === null || !isRecordId(dischargeId)) return notFound(reply);
    const serviceId = activeServiceId(reply);
    const found = await discharges.find(serviceId, dischargeId);
    if (found?.discharge.childId !== scope.childId) return notFound(reply);
    const child = await discharges.form(serviceId, scope.childId);
    if (child === undefined) return notFound(reply);
    return reply.render('discharge/one.njk', {
      ...dischargePage(found),
      name: `${child.child.givenName} ${child.child.familyName}`,
      done: request.query.done === '1',
    });
  };

  const letterPdf: Handler<LetterParams> = async (request, reply) => {
    const scope = scopeOf(request);
    const { dischargeId, letterId } = request.params;
    if (scope === null || !isRecordId(dischargeId) || !isRecordId(letterId)) return notFound(reply);
    const serviceId = activeServiceId(reply);
    const found = await discharges.find(serviceId, dischargeId);
    if (found?.discharge.childId !== scope.childId) return notFound(reply);
    const pdf = await discharges.letterPdf(serviceId, dischargeId, letterId);
    if (pdf === undefined) return notFound(reply);
    return sendPdf(reply, pdf);
  };

  const printList: Handler = async (_request, reply) => {
    const letters = await discharges.printList(activeServiceId(reply));
    return reply.render('discharge/print-list.njk', {
      rows: printRows(letters),
      csrfToken: await reply.csrfToken(),
    });
  };

  const printPdf: Handler<PrintParams> = async (request, reply) => {
    if (!isRecordId(request.params.letterId)) return notFound(reply);
    const pdf = await discharges.printLetterPdf(activeServiceId(reply), request.params.letterId);
    if (pdf === undefined) return notFound(reply);
    return sendPdf(reply, pdf);
  };

  const printed: Handler<PrintParams> = async (request, reply) => {
    const { letterId } = request.params;
    if (!isRecordId(letterId)) return notFound(reply);
    sentOf(request.body, []);
    await discharges.markPrinted({ ...request.ctx, serviceId: activeServiceId(reply) }, letterId);
    return reply.redirect(paths.consentDischarge.printList.build(), 303);
  };

  return { form, check, confirm, one, letterPdf, printList, printPdf, printed };
}
