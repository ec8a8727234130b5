/**
 * The handlers of a referral's triage pages: each parses the request, asks the triage use cases, and renders what the
 * view models make of the answer, or redirects. A referral of another service, or an id that does not exist, is not
 * found (404, with no name in it).
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { can } from '../../../domain/access/roles.js';
import { isUnresolvedMatch } from '../../../domain/referrals/child-match.js';
import { actionsFrom, type ActionType } from '../../../domain/referrals/lifecycle.js';
import type { QuestionContext } from '../../../domain/referrals/questions.js';
import { londonDate } from '../../../domain/shared/dates.js';
import type { TriageReferral } from '../../../domain/referrals/triage-referral.js';
import { activeServiceId } from '../../active-service.js';
import { PROBLEM_STATUS, statusOf } from '../../outcome.js';
import { FORM_INCOMPLETE, parseFields, versionField } from '../../../domain/forms/fields.js';
import { formValues, UnexpectedFieldsError } from '../../forms/form.js';
import { paths } from '../../paths.js';
import { referralLetterRows } from '../letters/letters.view-models.js';
import { describePlace } from '../shared/place-choices.js';
import type { Handler } from '../table.js';
import { decisionFieldNames, decisionFields, parseDecision } from './decision.forms.js';
import {
  childMatchPageModel,
  conflictModel,
  decisionPageModel,
  downloadHeaders,
  isAction,
  PLACE_ANSWERS,
  referralPageModel,
  SAME_CHILD_MESSAGE,
  sameChildAnswer,
  type DecisionPageOptions,
} from './referral.view-models.js';

/** What a referral's triage pages use, and nothing more. */
export type TriageReferralServices = Pick<
  Dependencies,
  'registry' | 'referenceData' | 'clock' | 'triage' | 'letters' | 'referralAttachments'
>;

type Params = { referralId: string };
type ActionParams = Params & { action: string };

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

export function triageReferralController(services: TriageReferralServices) {
  const { registry, referenceData, clock, triage, letters, referralAttachments } = services;

  async function questionContext(serviceId: string, source: string): Promise<QuestionContext> {
    const definition = registry.byId(serviceId);
    if (definition === undefined) throw new Error(`No definition for ${serviceId}`);
    const loaded = await referenceData.loaded();
    return {
      definition,
      today: londonDate(clock()),
      practicesLoaded: loaded.practices,
      schoolsLoaded: loaded.schools,
      staff: source !== 'online',
    };
  }

  /** The names of the practices and schools the answers give by code. */
  async function placeNames(referral: TriageReferral): Promise<Record<string, string>> {
    const names: Record<string, string> = {};
    for (const [name, kind] of PLACE_ANSWERS) {
      const value = referral.answers[name];
      if (typeof value === 'string') {
        const text = await describePlace(referenceData, kind, value);
        if (text !== undefined) names[value] = text;
      }
    }
    return names;
  }

  async function pageModel(serviceId: string, referral: TriageReferral, mayDecide: boolean) {
    const ctx = await questionContext(serviceId, referral.source);
    return referralPageModel(referral, ctx, await placeNames(referral), mayDecide);
  }

  /** Someone else changed the referral since the page was read: show it as it is now. */
  async function conflict(reply: FastifyReply, serviceId: string, current: TriageReferral, referralId: string) {
    const model = await pageModel(serviceId, current, false);
    return reply.code(PROBLEM_STATUS['stale-version']).render('triage/conflict.njk', conflictModel(model, referralId));
  }

  async function renderDecision(
    reply: FastifyReply,
    serviceId: string,
    referral: TriageReferral,
    action: ActionType,
    options: DecisionPageOptions & { status?: number } = {},
  ) {
    const definition = registry.byId(serviceId);
    if (definition === undefined) throw new Error(`No definition for ${serviceId}`);
    return reply.code(options.status ?? 200).render('triage/decision.njk', {
      ...decisionPageModel(referral, action, definition, londonDate(clock()), options),
      csrfToken: await reply.csrfToken(),
    });
  }

  async function renderChildMatch(
    reply: FastifyReply,
    referral: TriageReferral,
    options: { status?: number; message?: string; sent?: unknown } = {},
  ) {
    return reply.code(options.status ?? 200).render('triage/child-match.njk', {
      ...childMatchPageModel(referral, options),
      csrfToken: await reply.csrfToken(),
    });
  }

  const show: Handler<{ Params: Params; Querystring: Record<string, unknown> }> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const referral = await triage.referral(serviceId, request.params.referralId);
    if (referral === undefined) return notFound(reply);
    const mayDecide = can(request.ctx.actorRoles, 'triage:decide');
    return reply.render('triage/referral.njk', {
      ...(await pageModel(serviceId, referral, mayDecide)),
      letters: referralLetterRows(await letters.forReferral(serviceId, referral.id)),
      // The child's subject access export (ADR 0030), for those who may take it.
      subjectAccessHref: can(request.ctx.actorRoles, 'subject-access:export')
        ? paths.subjectAccess.child.build({ childId: referral.child.id })
        : undefined,
      decided: request.query.decided === '1',
      columnWidth: 'full',
    });
  };

  const decisionPage: Handler<{ Params: ActionParams }> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const { action } = request.params;
    const referral = await triage.referral(serviceId, request.params.referralId);
    if (!isAction(action) || referral === undefined) return notFound(reply);
    if (!actionsFrom(referral.status).includes(action)) {
      return reply.redirect(paths.triage.referral.build({ referralId: referral.id }), 303);
    }
    return renderDecision(reply, serviceId, referral, action);
  };

  const decide: Handler<{ Params: ActionParams }> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const { action } = request.params;
    const referral = await triage.referral(serviceId, request.params.referralId);
    if (!isAction(action) || referral === undefined) return notFound(reply);
    const definition = registry.byId(serviceId);
    if (definition === undefined) return notFound(reply);
    const body = formValues(request.body);
    const fields = decisionFields(action, definition, referral.eligibility.outcome);
    const allowed = [...decisionFieldNames(fields), 'version'];
    const unexpected = Object.keys(body).filter((k) => !allowed.includes(k));
    if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
    const again = (status: number, options: DecisionPageOptions) =>
      renderDecision(reply, serviceId, referral, action, { status, sent: body, ...options });
    const version = parseFields([versionField], body);
    if (!version.ok) return again(400, { message: FORM_INCOMPLETE });
    const parsed = parseDecision(action, fields, body, londonDate(clock()), definition);
    if (!parsed.ok) return again(400, { problems: parsed.problems });
    const decided = await triage.decide(request.ctx, serviceId, referral.id, version.values.version, parsed.action);
    if (decided.ok) return reply.redirect(`${paths.triage.referral.build({ referralId: referral.id })}?decided=1`, 303);
    const found = decided.problem;
    switch (found.code) {
      case 'not-found':
        return notFound(reply);
      case 'stale-version':
        return conflict(reply, serviceId, found.current, referral.id);
      case 'override-needed':
        return again(statusOf(found), { problems: [{ field: 'override', message: found.message }] });
      case 'illegal':
        return again(statusOf(found), { message: found.message });
    }
  };

  const childMatchPage: Handler<{ Params: Params }> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const referral = await triage.referral(serviceId, request.params.referralId);
    if (referral === undefined) return notFound(reply);
    if (!isUnresolvedMatch(referral.childMatch)) {
      return reply.redirect(paths.triage.referral.build({ referralId: referral.id }), 303);
    }
    return renderChildMatch(reply, referral);
  };

  const answerChildMatch: Handler<{ Params: Params }> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const referral = await triage.referral(serviceId, request.params.referralId);
    if (referral === undefined) return notFound(reply);
    const body = formValues(request.body);
    const unexpected = Object.keys(body).filter((k) => k !== 'version' && k !== 'sameChild');
    if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
    const version = parseFields([versionField], body);
    if (!version.ok) return renderChildMatch(reply, referral, { status: 400, message: FORM_INCOMPLETE });
    const answer = sameChildAnswer(body.sameChild);
    // An answer not offered for this match is refused by the use case, after its version check (so that a page
    // answered by someone else meanwhile gets the "changed" page, not an error).
    if (answer === undefined) return renderChildMatch(reply, referral, { status: 400, message: SAME_CHILD_MESSAGE });
    const answered = await triage.answerChildMatch(request.ctx, serviceId, referral.id, version.values.version, answer);
    if (answered.ok) {
      // A different child with another child's NHS number: next, ask the referrer for the right one.
      if (answered.to === 'nhs-number-wrong' && actionsFrom(referral.status).includes('request-information'))
        return reply.redirect(
          paths.triage.decide.build({ referralId: referral.id, action: 'request-information' }),
          303,
        );
      return reply.redirect(`${paths.triage.referral.build({ referralId: referral.id })}?decided=1`, 303);
    }
    const found = answered.problem;
    if (found.code === 'not-found') return notFound(reply);
    if (found.code === 'stale-version') return conflict(reply, serviceId, found.current, referral.id);
    return renderChildMatch(reply, referral, { status: statusOf(found), message: found.message, sent: body.sameChild });
  };

  const download: Handler<{ Params: Params & { fileId: string } }> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const file = await referralAttachments.read(serviceId, request.params.referralId, request.params.fileId);
    if (file === undefined) return notFound(reply);
    return reply.headers(Object.fromEntries(downloadHeaders(file))).send(file.bytes);
  };

  return { show, decisionPage, decide, childMatchPage, answerChildMatch, download };
}
