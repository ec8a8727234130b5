import { describe, expect, it } from 'vitest';
import llrJson from '../../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import { definitionFrom } from '../../../domain/eligibility/test-kit.js';
import type { TriageReferral } from '../../../domain/referrals/triage-referral.js';
import {
  childMatchPageModel,
  conflictModel,
  decisionPageModel,
  downloadHeaders,
  referralPageModel,
  sameChildAnswer,
} from './referral.view-models.js';

const definition = definitionFrom(llrJson);
const ctx = { definition, today: '2026-12-02', practicesLoaded: true, schoolsLoaded: true, staff: false };

function aTriageReferral(overrides: Partial<TriageReferral> = {}): TriageReferral {
  return {
    id: 'r1',
    reference: 'OT-000001',
    status: 'awaiting-triage',
    version: 3,
    source: 'online',
    receivedOn: '2026-11-20',
    referrerType: 'gp',
    referrerName: 'Dr Patel',
    answers: {},
    eligibility: {
      outcome: 'eligible',
      service: definition.id,
      policyVersion: '1',
      asOf: '2026-11-20',
      criteria: [{ id: 'age', result: 'met', reason: 'Aged 7' }],
      missing: [],
    },
    pathway: null,
    priority: null,
    setting: null,
    replyDueOn: null,
    replyRemindedAt: null,
    clockFrom: '2026-11-20',
    decidedAt: null,
    overridden: false,
    safeguardingConcern: false,
    childMatch: 'new',
    child: {
      id: 'c1',
      givenName: 'Amara',
      familyName: 'Okafor',
      dateOfBirth: '2019-05-04',
      nhsNumber: '9434765919',
      postcode: 'LE1 1AA',
    },
    possibleMatch: null,
    attachments: [],
    events: [],
    ...overrides,
  };
}

describe("a referral's triage page", () => {
  it('names the status, the criteria and the child in words, and offers the decisions to who may decide', () => {
    const model = referralPageModel(aTriageReferral(), ctx, {}, true);
    expect(model.referral.statusLabel).toBe('Awaiting triage');
    expect(model.referral.childName).toBe('Amara Okafor');
    expect(model.referral.childAge).toBe(7);
    expect(model.referral.nhsNumber).toBe('943 476 5919');
    expect(model.referral.referrerLabel).toBe(definition.referrers.find((r) => r.id === 'gp')?.label);
    expect(model.criteria).toEqual([{ result: 'Met', reason: 'Aged 7', id: 'age' }]);
    expect(model.actions.map((a) => a.text)).toContain('Give advice and close');
    expect(model.actions[0]?.href).toMatch(/^\/staff\/triage\/referrals\/r1\/decision\//u);
    expect(referralPageModel(aTriageReferral(), ctx, {}, false).actions).toEqual([]);
  });

  it('says when the reply is due and whether it is overdue, only while information is awaited', () => {
    const waiting = aTriageReferral({ status: 'more-information-requested', replyDueOn: '2026-12-01' });
    expect(referralPageModel(waiting, ctx, {}, true).referral).toMatchObject({
      statusLabel: 'More information requested',
      replyDueText: '1 December 2026',
      replyOverdue: true,
    });
    const accepted = aTriageReferral({ status: 'accepted', replyDueOn: '2026-12-01', priority: 'urgent' });
    expect(referralPageModel(accepted, ctx, {}, true).referral).toMatchObject({
      replyDueText: null,
      replyOverdue: false,
      priorityLabel: 'Urgent',
    });
  });

  it('writes the history in words: decisions, reminders, answers about the child, and codes it does not know', () => {
    const events: TriageReferral['events'] = [
      { occurredAt: 'a', actorName: 'Jo', action: 'give-advice', fromStatus: null, toStatus: 'closed', detail: {} },
      { occurredAt: 'b', actorName: null, action: 'reply-reminder', fromStatus: null, toStatus: 'x', detail: {} },
      {
        occurredAt: 'c',
        actorName: 'Jo',
        action: 'child-match-confirmed-same',
        fromStatus: null,
        toStatus: 'awaiting-triage',
        detail: { previousName: 'Leo Smith', newName: 'Leo Jones' },
      },
    ];
    const rows = referralPageModel(aTriageReferral({ events }), ctx, {}, true).events;
    expect(rows.map((r) => [r.who, r.what, r.to])).toEqual([
      ['Jo', 'Give advice and close', 'Closed with advice'],
      ['Sent automatically', 'Reminder sent: reply overdue', 'x'],
      ['Jo', 'Confirmed the same child as a known record (records merged)', 'Awaiting triage'],
    ]);
    expect(rows[2]?.detail).toEqual(['Name changed from Leo Smith to Leo Jones']);
    expect(conflictModel(referralPageModel(aTriageReferral({ events }), ctx, {}, false), 'r1')).toMatchObject({
      latest: { what: 'Confirmed the same child as a known record (records merged)' },
      referralHref: '/staff/triage/referrals/r1',
    });
  });
});

describe('a decision page', () => {
  it('offers the usual reply-by date on a request for information, and asks to confirm a wrong NHS number', () => {
    const referral = aTriageReferral({
      childMatch: 'nhs-number-wrong',
      events: [
        {
          occurredAt: 'a',
          actorName: 'Jo',
          action: 'child-match-nhs-number-wrong',
          fromStatus: null,
          toStatus: 'awaiting-triage',
          detail: { nhsNumberRemoved: '9434765919' },
        },
      ],
    });
    const model = decisionPageModel(referral, 'request-information', definition, '2026-12-02');
    expect(model.title).toBe('Ask the referrer for more information');
    expect(model.errors).toBeUndefined();
    const asked = model.fields.find((f) => f.name === 'whatIsNeeded');
    expect(asked?.value).toContain('(943 476 5919) is already recorded for another child');
    const again = decisionPageModel(referral, 'request-information', definition, '2026-12-02', {
      sent: { whatIsNeeded: '' },
      problems: [{ field: 'whatIsNeeded', message: 'Enter what is needed' }],
    });
    expect(again.fields.find((f) => f.name === 'whatIsNeeded')?.value).toBe('');
    expect(again.errors?.summary).toEqual([{ text: 'Enter what is needed', href: '#whatIsNeeded' }]);
  });

  it('shows a problem with the whole form at the top of the page', () => {
    const model = decisionPageModel(aTriageReferral(), 'withdraw', definition, '2026-12-02', { message: 'Changed' });
    expect(model.errors?.summary).toEqual([{ text: 'Changed', href: '#main-content' }]);
  });
});

describe('is this the same child?', () => {
  it('offers a possible match two answers and an NHS number conflict three', () => {
    const known = { ...aTriageReferral().child, id: 'c0', givenName: 'Leo' };
    const possible = childMatchPageModel(aTriageReferral({ childMatch: 'possible', possibleMatch: known }));
    expect(possible.items.map((i) => i.value)).toEqual(['yes', 'no']);
    expect(possible.known?.name).toBe('Leo Okafor');
    const conflict = childMatchPageModel(aTriageReferral({ childMatch: 'nhs-number-conflict' }), { sent: 'no' });
    expect(conflict.items.map((i) => [i.value, i.checked])).toEqual([
      ['yes', false],
      ['yes-new-name', false],
      ['no', true],
    ]);
  });

  it('reads only the answers it offers', () => {
    expect(sameChildAnswer('yes-new-name')).toBe('same-new-name');
    expect(sameChildAnswer('constructor')).toBeUndefined();
    expect(sameChildAnswer(['yes'])).toBeUndefined();
  });
});

it('sends a file as a download the browser neither runs nor sniffs, with a safe file name', () => {
  const headers = Object.fromEntries(downloadHeaders({ fileName: 'Rapport "é".pdf', mediaType: 'application/pdf' }));
  expect(headers['Content-Disposition']).toBe(
    `attachment; filename="Rapport ___.pdf"; filename*=UTF-8''Rapport%20%22%C3%A9%22.pdf`,
  );
  expect(headers['X-Content-Type-Options']).toBe('nosniff');
  expect(headers['Content-Security-Policy']).toBe("sandbox; default-src 'none'");
});
