/**
 * The triage decision forms: one page per decision, each a few fields of the kinds the referral form uses, with its
 * choices from the service definition. Parsed with the same field rules, so bad input gets the same clear messages.
 */
import { parseField, sentNames, type Field, type FieldProblem } from '../../../domain/forms/fields.js';
import {
  PRIORITIES,
  type ActionType,
  type Priority,
  type ReferralAction,
  type Setting,
} from '../../../domain/referrals/lifecycle.js';
import { PRIORITY_LABELS, SETTING_LABELS } from '../../../domain/referrals/labels.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { addMonthsClamped, formatLongDate, isIsoDate } from '../../../domain/shared/dates.js';

/** How the history names each detail a decision recorded; the page's question where it reads well enough. */
const DETAIL_NAMES: Record<string, string> = {
  pathway: 'Pathway',
  priority: 'Priority',
  setting: 'Seen first',
  signposting: 'Signposting offered',
  to: 'Redirected to',
  whatIsNeeded: 'Information needed',
  replyBy: 'Reply by',
  advice: 'Advice',
  override: 'Reason for going ahead',
};

function overrideField(outcome: string): Field[] {
  return outcome === 'eligible'
    ? []
    : [
        {
          kind: 'textarea',
          name: 'override',
          label: `Why go ahead? The referral criteria found this referral ${outcome}`,
          hint: 'For example, a significant overriding community issue such as the child being unable to leave home. This is recorded and shown on the referral.',
          missing: `Give the reason for going ahead with a referral the criteria found ${outcome}`,
          max: 2000,
        },
      ];
}

/** The fields of each decision's page. `replyBy` is the default answer-by date for a request for information. */
export function decisionFields(action: ActionType, definition: ServiceDefinition, outcome: string): Field[] {
  switch (action) {
    case 'accept':
      return [
        {
          kind: 'radios',
          name: 'pathway',
          label: 'Which care pathway?',
          missing: 'Select a care pathway',
          options: definition.pathways.map((p) => ({ value: p.id, text: p.label })),
        },
        {
          kind: 'radios',
          name: 'priority',
          label: 'Priority',
          missing: 'Select a priority',
          options: PRIORITIES.map((p) => ({ value: p, text: PRIORITY_LABELS[p] })),
        },
        {
          kind: 'radios',
          name: 'setting',
          label: 'Where should the child be seen first?',
          missing: 'Select where the child should be seen',
          options: definition.offers.settings.map((s) => ({ value: s, text: SETTING_LABELS[s] })),
        },
        ...overrideField(outcome),
      ];
    case 'decline':
      return [
        {
          kind: 'radios',
          name: 'reason',
          label: 'Why can we not accept it?',
          missing: 'Select the reason',
          options: definition.triage.notAcceptedReasons.map((r) => ({ value: r.code, text: r.label })),
        },
        {
          kind: 'checkboxes',
          name: 'signposting',
          label: 'Where else could they go? (optional)',
          hint: 'These go into the letter.',
          missing: 'Select where else they could go',
          optional: true,
          options: definition.signposting.map((s, i) => ({ value: String(i), text: `${s.name} (${s.area})` })),
        },
      ];
    case 'redirect':
      return [
        {
          kind: 'radios',
          name: 'to',
          label: 'Which service should see the child instead?',
          missing: 'Select the service',
          options: definition.triage.redirectServices.map((r) => ({ value: r.code, text: r.label })),
        },
        {
          kind: 'textarea',
          name: 'note',
          label: 'Why?',
          hint: 'This goes into the letter to the referrer and the family.',
          missing: 'Say why the child should see that service',
          max: 2000,
        },
        // Redirecting is not going ahead with the referral, so it never asks for an override.
      ];
    case 'request-information':
      return [
        {
          kind: 'textarea',
          name: 'whatIsNeeded',
          label: 'What do we need to know?',
          missing: 'Say what information we need',
          max: 2000,
        },
        {
          kind: 'date',
          name: 'replyBy',
          label: 'Reply by',
          hint: `Usually ${String(definition.triage.replyWithinDays)} days from today. The clock is paused until the reply arrives.`,
          missing: 'Enter the date to reply by',
          what: 'The reply-by date',
          future: true,
        },
      ];
    case 'information-received':
      return [{ kind: 'textarea', name: 'note', label: 'What arrived?', missing: 'Say what arrived', max: 2000 }];
    case 'give-advice':
      return [
        {
          kind: 'textarea',
          name: 'advice',
          label: 'What advice are we sending?',
          hint: 'For example, the strategies leaflet for handwriting.',
          missing: 'Say what advice we are sending',
          max: 5000,
        },
        ...overrideField(outcome),
      ];
    case 'withdraw':
      return [{ kind: 'textarea', name: 'reason', label: 'Why is it withdrawn?', missing: 'Say why', max: 2000 }];
  }
}

/** The reply-by date offered first: the service's usual number of days from today. */
export function defaultReplyBy(today: string, days: number): string {
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  const iso = date.toISOString().slice(0, 10);
  return isIsoDate(iso) ? iso : addMonthsClamped(today, 1);
}

export type ParsedDecision = { ok: true; action: ReferralAction } | { ok: false; problems: FieldProblem[] };

/** The decision a page's form gives, or its problems. A reply-by date may be in the future, unlike other dates. */
export function parseDecision(
  action: ActionType,
  fields: Field[],
  sent: Record<string, unknown>,
  today: string,
  definition: ServiceDefinition,
): ParsedDecision {
  const problems: FieldProblem[] = [];
  const values: Record<string, string | string[]> = {};
  for (const field of fields) {
    const parsed = parseField(field, sent, today);
    if ('message' in parsed) problems.push(parsed);
    else if (parsed.value !== null) values[field.name] = parsed.value;
  }
  const replyBy = values.replyBy;
  if (typeof replyBy === 'string' && replyBy <= today) {
    problems.push({ field: 'replyBy', message: 'The reply-by date must be in the future', part: 'day' });
  }
  if (problems.length > 0) return { ok: false, problems };
  const text = (name: string) => (typeof values[name] === 'string' ? values[name] : '');
  const override = text('override') === '' ? {} : { override: text('override') };
  switch (action) {
    case 'accept':
      return {
        ok: true,
        action: {
          type: 'accept',
          pathway: text('pathway'),
          priority: text('priority') as Priority,
          setting: text('setting') as Setting,
          ...override,
        },
      };
    case 'decline': {
      const chosen = Array.isArray(values.signposting) ? values.signposting : [];
      const names = chosen.map((i) => definition.signposting[Number(i)]?.name ?? '').filter((n) => n !== '');
      return { ok: true, action: { type: 'decline', reason: text('reason'), signposting: names } };
    }
    case 'redirect':
      return { ok: true, action: { type: 'redirect', to: text('to'), note: text('note') } };
    case 'request-information':
      return {
        ok: true,
        action: { type: 'request-information', whatIsNeeded: text('whatIsNeeded'), replyBy: text('replyBy') },
      };
    case 'information-received':
      return { ok: true, action: { type: 'information-received', note: text('note') } };
    case 'give-advice':
      return { ok: true, action: { type: 'give-advice', advice: text('advice'), ...override } };
    case 'withdraw':
      return { ok: true, action: { type: 'withdraw', reason: text('reason') } };
  }
}

export function decisionFieldNames(fields: Field[]): string[] {
  return fields.flatMap(sentNames);
}

/**
 * What a recorded decision said, as lines a person reads ("Priority: Soon"), for the referral's history: each detail
 * named, and each code turned into the words its page offered (a pathway, a reason, a service). Details the page has
 * no field for are left out.
 */
export function decisionDetail(
  action: ActionType,
  detail: Record<string, unknown>,
  definition: ServiceDefinition,
): string[] {
  // With the override field, which only a referral that was not found eligible shows.
  const fields = decisionFields(action, definition, 'unclear');
  return fields.flatMap((field) => {
    const value = detail[field.name];
    const values = (Array.isArray(value) ? value : [value]).filter(
      (v): v is string => typeof v === 'string' && v !== '',
    );
    if (values.length === 0) return [];
    const options = field.kind === 'radios' || field.kind === 'checkboxes' ? field.options : [];
    const words = values.map((v) =>
      field.kind === 'date' && isIsoDate(v) ? formatLongDate(v) : (options.find((o) => o.value === v)?.text ?? v),
    );
    const name = DETAIL_NAMES[field.name] ?? field.label.replace(/\?$/u, '');
    return [`${name}: ${words.join('; ')}`];
  });
}
