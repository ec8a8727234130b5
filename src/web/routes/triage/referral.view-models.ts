/**
 * What a referral's triage pages show: the referral with its history and the decisions open to the reader, a
 * decision's form, the "is this the same child?" question and the "changed meanwhile" page. Plain functions of the
 * referral, the question context and the definition; the controller loads what they need and renders what they give.
 */
import { answersFor, isUnresolvedMatch, type SameChildAnswer } from '../../../domain/referrals/child-match.js';
import type { FieldProblem } from '../../../domain/forms/fields.js';
import {
  CRITERION_RESULT_LABELS,
  DECISION_TITLES,
  eventTitle,
  labelOf,
  PRIORITY_LABELS,
  SETTING_LABELS,
  STATUS_LABELS,
} from '../../../domain/referrals/labels.js';
import { actionsFrom, isOpen, type ActionType } from '../../../domain/referrals/lifecycle.js';
import { pagesFor, type QuestionContext } from '../../../domain/referrals/questions.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { ageInYears, formatLongDate } from '../../../domain/shared/dates.js';
import { formatNhsNumber } from '../../../domain/shared/nhs-number.js';
import type { TriageReferral } from '../../../domain/referrals/triage-referral.js';
import { errorsFromMessages } from '../../forms/form.js';
import { paths } from '../../paths.js';
import { fieldModels, pageErrors } from '../../forms/field-models.js';
import { summarySections } from '../referral/referral.view-models.js';
import { decisionDetail, decisionFields, defaultReplyBy } from './decision.forms.js';

/** A decision named in a URL or a history event, when it is one. */
export const isAction = (value: string): value is ActionType => Object.hasOwn(DECISION_TITLES, value);

/** The answers that name a practice or a school, and which of the two. */
export const PLACE_ANSWERS = [
  ['childGp', 'practice'],
  ['childSchool', 'school'],
  ['referrerPractice', 'practice'],
  ['referrerSchool', 'school'],
] as const;

/** What an answer about the child's record changed, in words, for the history. */
export function matchEventDetail(detail: Record<string, unknown>): string[] {
  const lines: string[] = [];
  if (typeof detail.previousName === 'string' && typeof detail.newName === 'string')
    lines.push(`Name changed from ${detail.previousName} to ${detail.newName}`);
  if (typeof detail.nhsNumberRemoved === 'string')
    lines.push(
      `NHS number ${formatNhsNumber(detail.nhsNumberRemoved)} taken off this child's record: it belongs to another child`,
    );
  return lines;
}

/** One line of the history: who did what, what the referral became, and what the decision recorded. */
function eventRow(e: TriageReferral['events'][number], definition: ServiceDefinition) {
  return {
    when: e.occurredAt,
    // A reminder for an overdue reply is sent by Otway itself, not by a member of staff.
    who: e.actorName ?? (e.action === 'reply-reminder' ? 'Sent automatically' : 'Unknown'),
    what: eventTitle(e.action),
    to: labelOf(STATUS_LABELS, e.toStatus),
    detail: isAction(e.action)
      ? decisionDetail(e.action, e.detail, definition)
      : // A reminder repeats what the request asked for, and by when.
        e.action === 'reply-reminder'
        ? decisionDetail('request-information', e.detail, definition)
        : matchEventDetail(e.detail),
  };
}

const nhsNumberText = (nhsNumber: string | null) => (nhsNumber === null ? 'Not given' : formatNhsNumber(nhsNumber));

/**
 * The referral's page: its details in words, the criteria, a possible match, the answers, the files, the history,
 * and the decisions (and the match question) open to someone who may decide. `placeNames` names the practices and
 * schools the answers give by code.
 */
export function referralPageModel(
  referral: TriageReferral,
  ctx: QuestionContext,
  placeNames: Record<string, string>,
  mayDecide: boolean,
) {
  const definition = ctx.definition;
  const waiting = referral.status === 'more-information-requested' && referral.replyDueOn !== null;
  return {
    referral: {
      ...referral,
      statusLabel: labelOf(STATUS_LABELS, referral.status),
      receivedOnText: formatLongDate(referral.receivedOn),
      replyDueText: waiting && referral.replyDueOn !== null ? formatLongDate(referral.replyDueOn) : null,
      replyOverdue: waiting && referral.replyDueOn !== null && referral.replyDueOn < ctx.today,
      childName: `${referral.child.givenName} ${referral.child.familyName}`,
      childAge: ageInYears(referral.child.dateOfBirth, ctx.today),
      childBorn: formatLongDate(referral.child.dateOfBirth),
      nhsNumber: nhsNumberText(referral.child.nhsNumber),
      pathwayLabel: definition.pathways.find((p) => p.id === referral.pathway)?.label ?? null,
      priorityLabel: labelOf(PRIORITY_LABELS, referral.priority),
      settingLabel: labelOf(SETTING_LABELS, referral.setting),
      referrerLabel: definition.referrers.find((r) => r.id === referral.referrerType)?.label ?? referral.referrerType,
    },
    criteria: referral.eligibility.criteria.map((c) => ({
      result: labelOf(CRITERION_RESULT_LABELS, c.result),
      reason: c.reason,
      id: c.id,
    })),
    possibleMatch: referral.possibleMatch && {
      name: `${referral.possibleMatch.givenName} ${referral.possibleMatch.familyName}`,
      born: formatLongDate(referral.possibleMatch.dateOfBirth),
      nhsNumber: nhsNumberText(referral.possibleMatch.nhsNumber),
      postcode: referral.possibleMatch.postcode,
    },
    sections: summarySections(pagesFor(ctx, referral.answers), referral.answers, placeNames, () => ''),
    attachments: referral.attachments.map((a) => ({
      ...a,
      href: paths.triage.attachment.build({ referralId: referral.id, fileId: a.id }),
    })),
    events: referral.events.map((e) => eventRow(e, definition)),
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

export type ReferralPageModel = ReturnType<typeof referralPageModel>;

/** The page for a decision or an answer that met a referral changed by someone else meanwhile (409). */
export function conflictModel(model: ReferralPageModel, referralId: string) {
  return {
    ...model,
    latest: model.events.at(-1),
    referralHref: paths.triage.referral.build({ referralId }),
    columnWidth: 'full',
  };
}

/** What a request for information asks when the NHS number given turned out to be another child's. */
export const CONFIRM_NHS_NUMBER = (given: string) =>
  `Please confirm the child's NHS number. The number in the referral (${formatNhsNumber(given)}) is already recorded for another child, so we have not used it. You can find the NHS number on the child's GP record or red book.`;

export interface DecisionPageOptions {
  problems?: FieldProblem[];
  sent?: Record<string, unknown>;
  /** A problem with the whole form, rather than one field. */
  message?: string;
}

/** A decision's page: its fields (a request for information offers the usual reply-by date), and any problems. */
export function decisionPageModel(
  referral: TriageReferral,
  action: ActionType,
  definition: ServiceDefinition,
  today: string,
  options: DecisionPageOptions = {},
) {
  const fields = decisionFields(action, definition, referral.eligibility.outcome);
  // After a clinician found the NHS number given to be another child's, the request asks the referrer to confirm it.
  const wrongNumber = referral.events.findLast((e) => e.action === 'child-match-nhs-number-wrong')?.detail
    .nhsNumberRemoved;
  // The usual reply-by date, offered in its boxes until the clinician changes it.
  const prefill: Record<string, string> =
    action === 'request-information' && options.sent === undefined
      ? {
          replyBy: defaultReplyBy(today, definition.triage.replyWithinDays),
          ...(referral.childMatch === 'nhs-number-wrong' &&
            typeof wrongNumber === 'string' && { whatIsNeeded: CONFIRM_NHS_NUMBER(wrongNumber) }),
        }
      : {};
  const problems = options.problems ?? [];
  return {
    title: DECISION_TITLES[action],
    referral: {
      reference: referral.reference,
      childName: `${referral.child.givenName} ${referral.child.familyName}`,
      version: referral.version,
    },
    fields: fieldModels(fields, prefill, options.sent, problems, {}, { ownHeading: true }),
    errors:
      options.message !== undefined
        ? errorsFromMessages([['form', options.message, 'main-content']])
        : problems.length > 0
          ? pageErrors(problems)
          : undefined,
    backHref: paths.triage.referral.build({ referralId: referral.id }),
  };
}

/** The radio values of the "same child?" page and the answers they give. */
const SAME_CHILD_VALUES: Record<string, SameChildAnswer> = {
  yes: 'same',
  'yes-new-name': 'same-new-name',
  no: 'not-same',
};

/** The answer a "same child?" radio value gives, if it is one. */
export function sameChildAnswer(value: unknown): SameChildAnswer | undefined {
  return typeof value === 'string' && Object.hasOwn(SAME_CHILD_VALUES, value) ? SAME_CHILD_VALUES[value] : undefined;
}

export const SAME_CHILD_MESSAGE = 'Select whether this is the same child';

const describeChild = (c: TriageReferral['child']) => ({
  name: `${c.givenName} ${c.familyName}`,
  born: formatLongDate(c.dateOfBirth),
  nhsNumber: nhsNumberText(c.nhsNumber),
  postcode: c.postcode,
});

/** The two records side by side, and the question; for a referral whose match waits for an answer. */
export function childMatchPageModel(referral: TriageReferral, options: { message?: string; sent?: unknown } = {}) {
  const conflict = referral.childMatch === 'nhs-number-conflict';
  // The referral's own child, as the referrer described them, beside the record it may be.
  const fromReferral = describeChild(referral.child);
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
  return {
    conflict,
    referral: { reference: referral.reference, childName: fromReferral.name, version: referral.version },
    fromReferral,
    known: known && describeChild(known),
    items,
    errors:
      options.message === undefined ? undefined : errorsFromMessages([['sameChild', options.message, 'sameChild']]),
    backHref: paths.triage.referral.build({ referralId: referral.id }),
  };
}

/**
 * The headers of a file downloaded from a referral: always a download, never shown in the page, so that the browser
 * neither runs nor sniffs what someone uploaded.
 */
export function downloadHeaders(file: { fileName: string; mediaType: string }): [string, string][] {
  return [
    ['Content-Type', file.mediaType],
    [
      'Content-Disposition',
      `attachment; filename="${file.fileName.replace(/[^\x20-\x7e]|"/gu, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    ],
    ['X-Content-Type-Options', 'nosniff'],
    ['Content-Security-Policy', "sandbox; default-src 'none'"],
    ['Cache-Control', 'no-store'],
  ];
}
