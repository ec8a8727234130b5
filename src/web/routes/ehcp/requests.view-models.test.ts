import { describe, expect, it } from 'vitest';
import { chosenMonths, isRecordId, trackerQuery } from './requests.forms.js';
import { reportCsvValues, requestPage, trackerRows } from './requests.view-models.js';

const entry = {
  id: '11111111-1111-4111-8111-111111111111',
  childGivenName: 'Amara',
  childFamilyName: 'Okafor',
  kind: 'needs-assessment',
  laCode: '856',
  laName: 'Leicester',
  laReference: 'EHC/1',
  receivedOn: '2026-11-30',
  dueOn: '2027-01-11',
  assignedClinicianId: null,
  assignedClinicianName: null,
  adviceStatus: null,
  exceptionKinds: [],
};

describe('the tracker rows', () => {
  it('says days left and urgency in words, and who is writing the advice', () => {
    const rows = trackerRows({
      today: '2027-01-13',
      settings: { amberAtDaysLeft: 10, redAtDaysLeft: 5 },
      counts: { red: 1, amber: 0, green: 0 },
      entries: [{ ...entry, daysLeft: -2, rag: 'red', exceptionApplies: true }],
    });
    expect(rows[0]).toMatchObject({
      child: 'Amara Okafor',
      due: '11 January 2027',
      daysLeft: 'Overdue by 2 days',
      rag: { text: 'Urgent', classes: 'nhsuk-tag--red' },
      exceptionApplies: true,
      clinician: 'Not assigned',
      advice: 'Not started',
      kind: 'EHC needs assessment',
    });
  });
});

describe('the request page', () => {
  const request = {
    ...entry,
    childId: 'c',
    childDateOfBirth: '2018-05-14',
    childNhsNumber: '9434765919',
    laContactName: 'Priya Shah',
    laContactEmail: 'a@b.example',
    laContactTelephone: null,
    receivedAt: '2026-11-30T16:45:00.000Z',
    questions: null,
    childMatch: 'possible',
    familyCopy: true,
    status: 'open',
    answeredOn: null,
    withdrawnReason: null,
    escalatedAt: null,
    loggedByName: 'Olu',
    createdAt: '2026-11-30T17:00:00.000Z',
    version: 1,
  };
  const view = {
    request,
    exceptions: [],
    documents: [],
    advice: { id: 'a', status: 'signed' },
    deliveries: [],
    clinicians: [{ id: 'u1', displayName: 'Cerys' }],
    today: '2026-12-03',
    daysLeft: 39,
    rag: 'green' as const,
    exceptionApplies: false,
  };

  it('warns of a possible match, formats the NHS number and the time received', () => {
    const page = requestPage(view, ['admin-officer'], null);
    expect(page.matchWarning).toContain('it may be the same child');
    const conflict = requestPage(
      { ...view, request: { ...request, childMatch: 'nhs-number-conflict' } },
      ['admin-officer'],
      null,
    );
    expect(conflict.matchWarning).toContain('The NHS number given is on another child’s record');
    expect(
      requestPage({ ...view, request: { ...request, childMatch: 'new' } }, ['admin-officer'], null).matchWarning,
    ).toBeNull();
    expect(page.child.nhsNumber).toBe('943 476 5919');
    expect(page.received).toBe('30 November 2026 at 16:45');
    expect(page.daysLeft).toBe('39 days left');
  });

  it('offers each action only to the roles that may take it', () => {
    const officer = requestPage(view, ['admin-officer'], null);
    expect(officer.assign).not.toBeNull();
    expect(officer.withdrawHref).not.toBeNull();
    expect(officer.advice.href).toBeNull();
    expect(officer.advice.sendHref).not.toBeNull();
    const manager = requestPage(view, ['service-manager'], null);
    expect(manager.exceptionHref).toBeNull();
    expect(manager.uploadAction).toBeNull();
    const clinician = requestPage(view, ['clinician'], null);
    expect(clinician.assign).toBeNull();
    expect(clinician.advice.href).not.toBeNull();
  });
});

describe('the query strings', () => {
  it('takes months in order, at most ten years apart', () => {
    expect(chosenMonths('2026-01', '2026-12')).toEqual({ from: '2026-01', to: '2026-12' });
    expect(chosenMonths('2026-12', '2026-01')).toBeNull();
    expect(chosenMonths('2016-01', '2026-01')).toBeNull();
    expect(chosenMonths(undefined, '2026-01')).toBeNull();
  });

  it('refuses values off the allow-lists', () => {
    expect(trackerQuery.safeParse({ rag: 'purple' }).success).toBe(false);
    expect(trackerQuery.safeParse({ la: '85' }).success).toBe(false);
    expect(trackerQuery.safeParse({ other: 'x' }).success).toBe(false);
    expect(trackerQuery.safeParse({ rag: 'red', la: '856', mine: 'yes' }).success).toBe(true);
    expect(isRecordId('not-an-id')).toBe(false);
  });

  it('writes a report row for the CSV with its share as a percentage', () => {
    const values = reportCsvValues({
      month: '2026-12',
      label: 'December 2026',
      received: 3,
      answered: 2,
      answeredWithinSixWeeks: 1,
      sharePercent: 50,
      answeredLateWithException: 0,
      answeredLateWithoutException: 1,
      exceptionsUsed: { 'personal-circumstances': 0, 'away-from-area': 0, 'missed-appointment': 0 },
    });
    expect(values.slice(0, 5)).toEqual(['December 2026', 3, 2, 1, '50%']);
  });
});
