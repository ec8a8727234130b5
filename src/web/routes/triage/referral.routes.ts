/**
 * A referral's page for triage, its decision pages and its files. Reading it is audited; a referral of another
 * service, or an id that does not exist, is simply not found (404, with no name in it).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { answersFor, isUnresolvedMatch, type SameChildAnswer } from '../../../domain/referrals/child-match.js';
import { actionsFrom, isOpen, type ActionType } from '../../../domain/referrals/lifecycle.js';
import { pagesFor, type QuestionContext } from '../../../domain/referrals/questions.js';
import type { FieldProblem } from '../../../domain/referrals/fields.js';
import { can } from '../../../domain/access/roles.js';
import { ageInYears, formatLongDate, londonDate } from '../../../domain/shared/dates.js';
import { formatNhsNumber } from '../../../domain/shared/nhs-number.js';
import type { TriageReferral } from '../../../services/referrals/triage.service.js';
import { activeServiceId } from '../../active-service.js';
import { errorsFromMessages, formValues, UnexpectedFieldsError } from '../../forms/form.js';
import { hiddenInteger } from '../../forms/fields.js';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { fieldModels, summarySections } from '../referral/referral.view-models.js';
import { describePlace } from '../shared/place-choices.js';
import { referralLetterRows } from '../letters/letters.view-models.js';
import {
  decisionDetail,
  decisionFieldNames,
  decisionFields,
  PRIORITY_LABELS,
  SETTING_LABELS,
  DECISION_TITLES,
  defaultReplyBy,
  parseDecision,
} from './decision.forms.js';

const VIEW = needs('triage:read', { action: 'referral.viewed', subjectType: 'referral', subjectParam: 'referralId' });
const DECIDE_PAGE = needs('triage:decide', {
  action: 'referral.viewed',
  subjectType: 'referral',
  subjectParam: 'referralId',
});
const DECIDE = needs('triage:decide', {
  action: 'referral.decided',
  subjectType: 'referral',
  subjectParam: 'referralId',
  byUseCase: true,
});
const ANSWER_MATCH = needs('triage:decide', {
  action: 'referral.child-match-answered',
  subjectType: 'referral',
  subjectParam: 'referralId',
  byUseCase: true,
});
const DOWNLOAD = needs('triage:read', {
  action: 'referral.attachment-downloaded',
  subjectType: 'referral',
  subjectParam: 'referralId',
});

const ACTIONS: readonly ActionType[] = [
  'accept',
  'decline',
  'redirect',
  'request-information',
  'information-received',
  'give-advice',
  'withdraw',
];
const STATUS_LABELS: Record<string, string> = {
  'awaiting-triage': 'Awaiting triage',
  'more-information-requested': 'More information requested',
  accepted: 'Accepted',
  'not-accepted': 'Not accepted',
  redirected: 'Redirected',
  closed: 'Advice given and closed',
  withdrawn: 'Withdrawn',
};
/** The history's names for a clinician's answer about the child's record. */
const MATCH_EVENT_TITLES: Record<string, string> = {
  'child-match-confirmed-same': 'Confirmed the same child as a known record (records merged)',
  'child-match-not-same': 'Confirmed a different child from the possible match',
  'child-match-nhs-number-wrong': 'Confirmed a different child from the record with this NHS number',
  'child-match-nhs-number-checked': 'Checked the details that differ from the record',
};

/** What an answer about the child's record changed, in words, for the history. */
function matchEventDetail(detail: Record<string, unknown>): string[] {
  const lines: string[] = [];
  if (typeof detail.previousName === 'string' && typeof detail.newName === 'string')
    lines.push(`Name changed from ${detail.previousName} to ${detail.newName}`);
  if (typeof detail.nhsNumberRemoved === 'string')
    lines.push(
      `NHS number ${formatNhsNumber(detail.nhsNumberRemoved)} taken off this child's record: it belongs to another child`,
    );
  return lines;
}

/** The radio values of the "same child?" page and the answers they give. */
const SAME_CHILD_VALUES: Record<string, SameChildAnswer> = {
  yes: 'same',
  'yes-new-name': 'same-new-name',
  no: 'not-same',
};

/** What a request for information asks when the NHS number given turned out to be another child's. */
const CONFIRM_NHS_NUMBER = (given: string) =>
  `Please confirm the child's NHS number. The number in the referral (${formatNhsNumber(given)}) is already recorded for another child, so we have not used it. You can find the NHS number on the child's GP record or red book.`;

const SAME_CHILD_MESSAGE = 'Select whether this is the same child';

const RESULT_TEXT: Record<string, string> = { met: 'Met', 'not-met': 'Not met', unknown: 'Not known' };

/** The label of a stored code, or the code itself when it has none (a value from an older release). */
function labelOf(labels: Readonly<Record<string, string>>, code: string | null): string | null {
  return code === null ? null : (labels[code] ?? code);
}

type Params = { referralId: string };
type ActionParams = Params & { action: string };

export function triageReferralRoutes(deps: Dependencies) {
  const notFound = (reply: FastifyReply) => {
    reply.callNotFound();
    return reply;
  };

  async function questionContext(serviceId: string, source: string): Promise<QuestionContext> {
    const definition = deps.registry.byId(serviceId);
    if (definition === undefined) throw new Error(`No definition for ${serviceId}`);
    const loaded = await deps.referenceData.loaded();
    return {
      definition,
      today: londonDate(deps.clock()),
      practicesLoaded: loaded.practices,
      schoolsLoaded: loaded.schools,
      staff: source !== 'online',
    };
  }

  async function referralModel(serviceId: string, referral: TriageReferral, mayDecide: boolean) {
    const ctx = await questionContext(serviceId, referral.source);
    const pages = pagesFor(ctx, referral.answers);
    const names: Record<string, string> = {};
    for (const [name, kind] of [
      ['childGp', 'practice'],
      ['childSchool', 'school'],
      ['referrerPractice', 'practice'],
      ['referrerSchool', 'school'],
    ] as const) {
      const value = referral.answers[name];
      if (typeof value === 'string') {
        const text = await describePlace(deps.referenceData, kind, value);
        if (text !== undefined) names[value] = text;
      }
    }
    const definition = ctx.definition;
    return {
      referral: {
        ...referral,
        statusLabel: STATUS_LABELS[referral.status] ?? referral.status,
        receivedOnText: formatLongDate(referral.receivedOn),
        replyDueText:
          referral.status === 'more-information-requested' && referral.replyDueOn !== null
            ? formatLongDate(referral.replyDueOn)
            : null,
        replyOverdue:
          referral.status === 'more-information-requested' &&
          referral.replyDueOn !== null &&
          referral.replyDueOn < ctx.today,
        childName: `${referral.child.givenName} ${referral.child.familyName}`,
        childAge: ageInYears(referral.child.dateOfBirth, ctx.today),
        childBorn: formatLongDate(referral.child.dateOfBirth),
        nhsNumber: referral.child.nhsNumber === null ? 'Not given' : formatNhsNumber(referral.child.nhsNumber),
        pathwayLabel: definition.pathways.find((p) => p.id === referral.pathway)?.label ?? null,
        priorityLabel: labelOf(PRIORITY_LABELS, referral.priority),
        settingLabel: labelOf(SETTING_LABELS, referral.setting),
        referrerLabel: definition.referrers.find((r) => r.id === referral.referrerType)?.label ?? referral.referrerType,
      },
      criteria: referral.eligibility.criteria.map((c) => ({
        result: RESULT_TEXT[c.result] ?? c.result,
        reason: c.reason,
        id: c.id,
      })),
      possibleMatch: referral.possibleMatch && {
        name: `${referral.possibleMatch.givenName} ${referral.possibleMatch.familyName}`,
        born: formatLongDate(referral.possibleMatch.dateOfBirth),
        nhsNumber:
          referral.possibleMatch.nhsNumber === null ? 'Not given' : formatNhsNumber(referral.possibleMatch.nhsNumber),
        postcode: referral.possibleMatch.postcode,
      },
      sections: summarySections(pages, referral.answers, names, () => ''),
      attachments: referral.attachments.map((a) => ({
        ...a,
        href: paths.triage.attachment.build({ referralId: referral.id, fileId: a.id }),
      })),
      events: referral.events.map((e) => ({
        when: e.occurredAt,
        // A reminder for an overdue reply is sent by Otway itself, not by a member of staff.
        who: e.actorName ?? (e.action === 'reply-reminder' ? 'Sent automatically' : 'Unknown'),
        what:
          e.action === 'reply-reminder'
            ? 'Reminder sent: reply overdue'
            : ACTIONS.includes(e.action as ActionType)
              ? DECISION_TITLES[e.action as ActionType]
              : (MATCH_EVENT_TITLES[e.action] ?? e.action),
        to: STATUS_LABELS[e.toStatus] ?? e.toStatus,
        detail: ACTIONS.includes(e.action as ActionType)
          ? decisionDetail(e.action as ActionType, e.detail, definition)
          : // A reminder repeats what the request asked for, and by when.
            e.action === 'reply-reminder'
            ? decisionDetail('request-information', e.detail, definition)
            : matchEventDetail(e.detail),
      })),
      checkChildHref:
        mayDecide && isUnresolvedMatch(referral.childMatch)
          ? paths.triage.childMatch.build({ referralId: referral.id })
          : null,
      actions:
        mayDecide && isOpen(referral.status)
          ? actionsFrom(referral.status).map((a) => ({
              text: DECISION_TITLES[a],
              href: paths.triage.decide.build({ referralId: referral.id, action: a }),
            }))
          : [],
      worklistHref: paths.triage.worklist.build(),
    };
  }

  return async (app: FastifyInstance) => {
    app.get<{ Params: Params; Querystring: Record<string, unknown> }>(
      paths.triage.referral.pattern,
      { config: { routeAccess: VIEW } },
      async (request, reply) => {
        const serviceId = activeServiceId(reply);
        const referral = await deps.triage.referral(serviceId, request.params.referralId);
        if (referral === undefined) return notFound(reply);
        const mayDecide = can(request.ctx.actorRoles, 'triage:decide');
        return reply.render('triage/referral.njk', {
          ...(await referralModel(serviceId, referral, mayDecide)),
          letters: referralLetterRows(await deps.letters.forReferral(serviceId, referral.id)),
          decided: request.query.decided === '1',
          columnWidth: 'full',
        });
      },
    );

    async function renderDecision(
      reply: FastifyReply,
      serviceId: string,
      referral: TriageReferral,
      action: ActionType,
      options: { status?: number; problems?: FieldProblem[]; sent?: Record<string, unknown>; message?: string } = {},
    ) {
      const definition = deps.registry.byId(serviceId);
      if (definition === undefined) throw new Error(`No definition for ${serviceId}`);
      const fields = decisionFields(action, definition, referral.eligibility.outcome);
      const today = londonDate(deps.clock());
      // The usual reply-by date, offered in its boxes until the clinician changes it.
      // After a clinician found the NHS number given to be another child's, the request asks the referrer to confirm it.
      const wrongNumber = referral.events.findLast((e) => e.action === 'child-match-nhs-number-wrong')?.detail
        .nhsNumberRemoved;
      const prefill: Record<string, string> =
        action === 'request-information' && options.sent === undefined
          ? {
              replyBy: defaultReplyBy(today, definition.triage.replyWithinDays),
              ...(referral.childMatch === 'nhs-number-wrong' &&
                typeof wrongNumber === 'string' && { whatIsNeeded: CONFIRM_NHS_NUMBER(wrongNumber) }),
            }
          : {};
      const problems = options.problems ?? [];
      return reply.code(options.status ?? 200).render('triage/decision.njk', {
        title: DECISION_TITLES[action],
        referral: {
          reference: referral.reference,
          childName: `${referral.child.givenName} ${referral.child.familyName}`,
          version: referral.version,
        },
        fields: fieldModels(
          { id: action, section: 'needs', title: DECISION_TITLES[action], fields },
          prefill,
          options.sent,
          problems,
          {},
          { ownHeading: true },
        ),
        errors:
          options.message !== undefined
            ? errorsFromMessages([['form', options.message, 'main-content']])
            : problems.length > 0
              ? errorsFromMessages(
                  problems.map((p): [string, string, string] => [
                    p.field,
                    p.message,
                    p.part === undefined ? p.field : `${p.field}-${p.part}`,
                  ]),
                )
              : undefined,
        backHref: paths.triage.referral.build({ referralId: referral.id }),
        csrfToken: await reply.csrfToken(),
      });
    }

    const actionOf = (value: string): ActionType | undefined => ACTIONS.find((a) => a === value);

    app.get<{ Params: ActionParams }>(
      paths.triage.decide.pattern,
      { config: { routeAccess: DECIDE_PAGE } },
      async (request, reply) => {
        const serviceId = activeServiceId(reply);
        const action = actionOf(request.params.action);
        const referral = await deps.triage.referral(serviceId, request.params.referralId);
        if (action === undefined || referral === undefined) return notFound(reply);
        if (!actionsFrom(referral.status).includes(action)) {
          return reply.redirect(paths.triage.referral.build({ referralId: referral.id }), 303);
        }
        return renderDecision(reply, serviceId, referral, action);
      },
    );

    app.post<{ Params: ActionParams }>(
      paths.triage.decide.pattern,
      { config: { routeAccess: DECIDE } },
      async (request, reply) => {
        const serviceId = activeServiceId(reply);
        const action = actionOf(request.params.action);
        const referral = await deps.triage.referral(serviceId, request.params.referralId);
        if (action === undefined || referral === undefined) return notFound(reply);
        const definition = deps.registry.byId(serviceId);
        if (definition === undefined) return notFound(reply);
        const body = formValues(request.body);
        const fields = decisionFields(action, definition, referral.eligibility.outcome);
        const allowed = [...decisionFieldNames(fields), 'version'];
        const unexpected = Object.keys(body).filter((k) => !allowed.includes(k));
        if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
        const version = hiddenInteger().safeParse(body.version);
        if (!version.success)
          return renderDecision(reply, serviceId, referral, action, {
            status: 400,
            sent: body,
            message: 'The form was not complete. Go back and try again',
          });
        const parsed = parseDecision(action, fields, body, londonDate(deps.clock()), definition);
        if (!parsed.ok)
          return renderDecision(reply, serviceId, referral, action, {
            status: 400,
            problems: parsed.problems,
            sent: body,
          });
        const decided = await deps.triage.decide(request.ctx, serviceId, referral.id, version.data, parsed.action);
        if (decided.ok)
          return reply.redirect(`${paths.triage.referral.build({ referralId: referral.id })}?decided=1`, 303);
        if (decided.reason === 'not-found') return notFound(reply);
        if (decided.reason === 'conflict') {
          const model = await referralModel(serviceId, decided.current, false);
          return reply.code(409).render('triage/conflict.njk', {
            ...model,
            latest: model.events.at(-1),
            referralHref: paths.triage.referral.build({ referralId: referral.id }),
            columnWidth: 'full',
          });
        }
        if (decided.reason === 'override-needed') {
          return renderDecision(reply, serviceId, referral, action, {
            status: 400,
            sent: body,
            problems: [{ field: 'override', message: decided.message }],
          });
        }
        return renderDecision(reply, serviceId, referral, action, {
          status: 409,
          sent: body,
          message: decided.message,
        });
      },
    );

    /** The two records side by side, and the question; for a referral whose match waits for an answer. */
    async function renderChildMatch(
      reply: FastifyReply,
      referral: TriageReferral,
      options: { status?: number; message?: string; sent?: unknown } = {},
    ) {
      const conflict = referral.childMatch === 'nhs-number-conflict';
      const describe = (c: TriageReferral['child']) => ({
        name: `${c.givenName} ${c.familyName}`,
        born: formatLongDate(c.dateOfBirth),
        nhsNumber: c.nhsNumber === null ? 'Not given' : formatNhsNumber(c.nhsNumber),
        postcode: c.postcode,
      });
      // The referral's own child, as the referrer described them, beside the record it may be.
      const fromReferral = describe(referral.child);
      const known = referral.possibleMatch;
      const offered = answersFor(referral.childMatch);
      const items = [
        {
          value: 'yes',
          answer: 'same',
          text: conflict ? 'Yes, the same child: the record we hold is right' : 'Yes, the same child',
          hint: conflict
            ? 'The details in the referral were given wrongly. This referral moves to the record we hold, which keeps its name and date of birth.'
            : 'This referral, and any others on the new record, move to the known record. The new record is kept as merged.',
        },
        {
          value: 'yes-new-name',
          answer: 'same-new-name',
          text: 'Yes, the same child: their name has changed',
          hint: `This referral moves to the record we hold, which takes the name in this referral (${fromReferral.name}). Its date of birth stays as it is.`,
        },
        {
          value: 'no',
          answer: 'not-same',
          text: 'No, a different child',
          hint: conflict
            ? 'The NHS number given belongs to the other child. It is taken off this child’s record, and you can then ask the referrer for the right one.'
            : 'The two records stay apart.',
        },
      ]
        .filter((i) => offered.includes(i.answer as SameChildAnswer))
        .map((i) => ({ value: i.value, text: i.text, hint: { text: i.hint }, checked: options.sent === i.value }));
      return reply.code(options.status ?? 200).render('triage/child-match.njk', {
        conflict,
        referral: {
          reference: referral.reference,
          childName: fromReferral.name,
          version: referral.version,
        },
        fromReferral,
        known: known && describe(known),
        items,
        errors:
          options.message === undefined ? undefined : errorsFromMessages([['sameChild', options.message, 'sameChild']]),
        backHref: paths.triage.referral.build({ referralId: referral.id }),
        csrfToken: await reply.csrfToken(),
      });
    }

    app.get<{ Params: Params }>(
      paths.triage.childMatch.pattern,
      { config: { routeAccess: DECIDE_PAGE } },
      async (request, reply) => {
        const serviceId = activeServiceId(reply);
        const referral = await deps.triage.referral(serviceId, request.params.referralId);
        if (referral === undefined) return notFound(reply);
        if (!isUnresolvedMatch(referral.childMatch)) {
          return reply.redirect(paths.triage.referral.build({ referralId: referral.id }), 303);
        }
        return renderChildMatch(reply, referral);
      },
    );

    app.post<{ Params: Params }>(
      paths.triage.childMatch.pattern,
      { config: { routeAccess: ANSWER_MATCH } },
      async (request, reply) => {
        const serviceId = activeServiceId(reply);
        const referral = await deps.triage.referral(serviceId, request.params.referralId);
        if (referral === undefined) return notFound(reply);
        const body = formValues(request.body);
        const unexpected = Object.keys(body).filter((k) => k !== 'version' && k !== 'sameChild');
        if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
        const version = hiddenInteger().safeParse(body.version);
        if (!version.success) {
          return renderChildMatch(reply, referral, {
            status: 400,
            message: 'The form was not complete. Go back and try again',
          });
        }
        const answer =
          typeof body.sameChild === 'string' && Object.hasOwn(SAME_CHILD_VALUES, body.sameChild)
            ? SAME_CHILD_VALUES[body.sameChild]
            : undefined;
        // An answer not offered for this match is refused by the use case, after its version check (so that a page
        // answered by someone else meanwhile gets the "changed" page, not an error).
        if (answer === undefined)
          return renderChildMatch(reply, referral, { status: 400, message: SAME_CHILD_MESSAGE });
        const answered = await deps.triage.answerChildMatch(request.ctx, serviceId, referral.id, version.data, answer);
        if (answered.ok) {
          // A different child with another child's NHS number: next, ask the referrer for the right one.
          if (answered.to === 'nhs-number-wrong' && actionsFrom(referral.status).includes('request-information'))
            return reply.redirect(
              paths.triage.decide.build({ referralId: referral.id, action: 'request-information' }),
              303,
            );
          return reply.redirect(`${paths.triage.referral.build({ referralId: referral.id })}?decided=1`, 303);
        }
        if (answered.reason === 'not-found') return notFound(reply);
        if (answered.reason === 'conflict') {
          const model = await referralModel(serviceId, answered.current, false);
          return reply.code(409).render('triage/conflict.njk', {
            ...model,
            latest: model.events.at(-1),
            referralHref: paths.triage.referral.build({ referralId: referral.id }),
            columnWidth: 'full',
          });
        }
        return renderChildMatch(reply, referral, { status: 400, message: answered.message, sent: body.sameChild });
      },
    );

    app.get<{ Params: Params & { fileId: string } }>(
      paths.triage.attachment.pattern,
      { config: { routeAccess: DOWNLOAD } },
      async (request, reply) => {
        const serviceId = activeServiceId(reply);
        const file = await deps.referralAttachments.read(serviceId, request.params.referralId, request.params.fileId);
        if (file === undefined) return notFound(reply);
        // Always a download, never shown in the page: the browser must not run or sniff what someone uploaded.
        return reply
          .header('Content-Type', file.mediaType)
          .header(
            'Content-Disposition',
            `attachment; filename="${file.fileName.replace(/[^\x20-\x7e]|"/gu, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
          )
          .header('X-Content-Type-Options', 'nosniff')
          .header('Content-Security-Policy', "sandbox; default-src 'none'")
          .header('Cache-Control', 'no-store')
          .send(file.bytes);
      },
    );
  };
}
