import { describe, expect, it } from 'vitest';
import {
  consentInForce,
  consentState,
  parseConsent,
  parseWithdrawal,
  type ConsentRecord,
  type SharingAgency,
} from './consent.js';

const TODAY = '2026-12-03';
const mother = { kind: 'parental-responsibility', name: 'Amy Patel', relationship: 'Mother' } as const;
const school: SharingAgency = { code: 'school' };

const sharing = (agency: SharingAgency, givenOn: string, withdrawnOn?: string): ConsentRecord => ({
  kind: 'sharing',
  agency,
  givenBy: mother,
  givenOn,
  withdrawn: withdrawnOn === undefined ? null : { on: withdrawnOn, reason: 'Changed their mind' },
});
const date = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}[day]`]: day, [`${name}[month]`]: month, [`${name}[year]`]: year };
};

describe('whether consent is in force', () => {
  const records = [sharing(school, '2026-03-01', '2026-09-10')];

  it('is in force from the day it is given', () => {
    expect(consentInForce(records, 'sharing', school, '2026-02-28')).toBe(false);
    expect(consentInForce(records, 'sharing', school, '2026-03-01')).toBe(true);
    expect(consentInForce(records, 'sharing', school, '2026-09-09')).toBe(true);
  });

  it('stops on the day it is withdrawn', () => {
    expect(consentState(records, 'sharing', school, '2026-09-10')).toBe('withdrawn');
    expect(consentInForce(records, 'sharing', school, '2026-12-01')).toBe(false);
  });

  it('is none when nothing was recorded, or only for another agency or kind', () => {
    expect(consentState([], 'sharing', school, TODAY)).toBe('none');
    expect(consentState(records, 'sharing', { code: 'gp' }, TODAY)).toBe('none');
    expect(consentState(records, 'assessment-and-treatment', null, TODAY)).toBe('none');
  });

  it('is in force again when consent is given again after a withdrawal', () => {
    const again = [...records, sharing(school, '2026-11-01')];
    expect(consentInForce(again, 'sharing', school, '2026-10-01')).toBe(false);
    expect(consentInForce(again, 'sharing', school, '2026-11-01')).toBe(true);
  });

  it('is stopped by a later withdrawal even while an older consent was never withdrawn', () => {
    const both = [sharing(school, '2025-01-01'), sharing(school, '2026-01-01', '2026-06-01')];
    expect(consentInForce(both, 'sharing', school, '2026-07-01')).toBe(false);
  });

  it('lets a withdrawal win over a giving on the same day', () => {
    const sameDay = [sharing(school, '2026-01-01', '2026-05-01'), sharing(school, '2026-05-01')];
    expect(consentState(sameDay, 'sharing', school, '2026-05-01')).toBe('withdrawn');
  });

  it('matches another organisation by its name, ignoring case and spacing', () => {
    const charity = [sharing({ code: 'other', name: 'Leicester  Young Carers' }, '2026-01-01')];
    expect(consentInForce(charity, 'sharing', { code: 'other', name: 'leicester young carers' }, TODAY)).toBe(true);
    expect(consentInForce(charity, 'sharing', { code: 'other', name: 'Another Charity' }, TODAY)).toBe(false);
  });

  it('reads consent to assessment and treatment without an agency', () => {
    const treatment: ConsentRecord = {
      ...sharing(school, '2026-01-01'),
      kind: 'assessment-and-treatment',
      agency: null,
    };
    expect(consentInForce([treatment], 'assessment-and-treatment', null, TODAY)).toBe(true);
    expect(consentInForce([treatment], 'sharing', school, TODAY)).toBe(false);
  });
});

describe('parsing a consent from the form', () => {
  const parent = {
    kind: 'sharing',
    agency: 'school',
    givenBy: 'parental-responsibility',
    personName: ' Amy Patel ',
    relationship: 'Mother',
    ...date('givenOn', '2026-12-01'),
  };

  it('reads a sharing consent from a parent', () => {
    expect(parseConsent(parent, TODAY)).toEqual({
      ok: true,
      value: { kind: 'sharing', agency: school, givenBy: mother, givenOn: '2026-12-01', withdrawn: null },
    });
  });

  it('reads another organisation with its name', () => {
    const result = parseConsent({ ...parent, agency: 'other', agencyName: 'Young Carers' }, TODAY);
    expect(result).toMatchObject({ ok: true, value: { agency: { code: 'other', name: 'Young Carers' } } });
  });

  it('asks for the name of another organisation', () => {
    expect(parseConsent({ ...parent, agency: 'other' }, TODAY)).toEqual({
      ok: false,
      problems: [{ field: 'agencyName', message: 'Enter the name of the organisation' }],
    });
  });

  it('reads consent to assessment and treatment with no agency, ignoring an agency sent', () => {
    const result = parseConsent({ ...parent, kind: 'assessment-and-treatment' }, TODAY);
    expect(result).toMatchObject({ ok: true, value: { kind: 'assessment-and-treatment', agency: null } });
  });

  it('reads a competent young person with the judgement recorded', () => {
    const sent = {
      kind: 'assessment-and-treatment',
      givenBy: 'competent-young-person',
      judgedBy: 'Sam Jones, Occupational Therapist',
      ...date('judgedOn', '2026-12-01'),
      judgementNote: 'Understood the proposed therapy, its purpose and the choice to say no.',
      ...date('givenOn', '2026-12-01'),
    };
    expect(parseConsent(sent, TODAY)).toMatchObject({
      ok: true,
      value: {
        givenBy: {
          kind: 'competent-young-person',
          judgement: { judgedBy: 'Sam Jones, Occupational Therapist', judgedOn: '2026-12-01' },
        },
      },
    });
  });

  it('requires every part of the judgement, and a judgement made before the consent', () => {
    const sent = { kind: 'sharing', agency: 'gp', givenBy: 'competent-young-person', ...date('givenOn', '2026-12-01') };
    expect(parseConsent(sent, TODAY)).toEqual({
      ok: false,
      problems: [
        { field: 'judgedBy', message: 'Enter the name of the person who judged the young person competent' },
        { field: 'judgedOn', message: 'Enter the date the young person was judged competent', part: 'day' },
        { field: 'judgementNote', message: 'Enter how you judged the young person competent to give consent' },
      ],
    });
    const late = {
      ...sent,
      judgedBy: 'Sam Jones',
      judgementNote: 'Clear understanding',
      ...date('judgedOn', '2026-12-02'),
    };
    expect(parseConsent(late, TODAY)).toEqual({
      ok: false,
      problems: [
        {
          field: 'judgedOn',
          message: 'Date of the judgement must be on or before the date consent was given',
          part: 'day',
        },
      ],
    });
  });

  it('gives every problem of an empty form', () => {
    expect(parseConsent({}, TODAY)).toEqual({
      ok: false,
      problems: [
        { field: 'kind', message: 'Select what the consent is for' },
        { field: 'givenBy', message: 'Select who gave consent' },
        { field: 'givenOn', message: 'Enter the date consent was given', part: 'day' },
      ],
    });
  });

  it('refuses an answer not on the list, a missing relationship and a future date', () => {
    const sent = { ...parent, kind: 'everything', relationship: '', ...date('givenOn', '2026-12-04') };
    expect(parseConsent(sent, TODAY)).toEqual({
      ok: false,
      problems: [
        { field: 'kind', message: 'Select what the consent is for' },
        { field: 'relationship', message: 'Enter their relationship to the child' },
        { field: 'givenOn', message: 'Date consent was given must be today or in the past', part: 'day' },
      ],
    });
  });

  it('refuses a name over 100 characters and a date that is not real', () => {
    const sent = { ...parent, personName: 'A'.repeat(101), ...date('givenOn', '2026-02-30') };
    expect(parseConsent(sent, TODAY)).toEqual({
      ok: false,
      problems: [
        { field: 'personName', message: 'Name must be 100 characters or fewer' },
        { field: 'givenOn', message: 'Date consent was given must be a real date', part: 'day' },
      ],
    });
  });

  it('asks for one answer only when a field is sent twice', () => {
    const result = parseConsent({ ...parent, personName: ['Amy', 'Bob'] }, TODAY);
    expect(result).toEqual({ ok: false, problems: [{ field: 'personName', message: 'Enter one answer only' }] });
  });
});

describe('parsing a withdrawal', () => {
  const given = sharing(school, '2026-11-20');

  it('reads the date and the reason, allowing the day consent was given', () => {
    expect(parseWithdrawal({ ...date('withdrawnOn', '2026-11-20'), reason: 'Moved school' }, given, TODAY)).toEqual({
      ok: true,
      value: { on: '2026-11-20', reason: 'Moved school' },
    });
  });

  it('refuses a withdrawal before consent was given, or with no reason', () => {
    expect(parseWithdrawal(date('withdrawnOn', '2026-11-19'), given, TODAY)).toEqual({
      ok: false,
      problems: [
        {
          field: 'withdrawnOn',
          message: 'Date consent was withdrawn must be on or after the date it was given',
          part: 'day',
        },
        { field: 'reason', message: 'Enter why consent was withdrawn' },
      ],
    });
  });

  it('refuses a withdrawal dated in the future or a reason over 500 characters', () => {
    const sent = { ...date('withdrawnOn', '2026-12-25'), reason: 'x'.repeat(501) };
    expect(parseWithdrawal(sent, given, TODAY)).toEqual({
      ok: false,
      problems: [
        { field: 'withdrawnOn', message: 'Date consent was withdrawn must be today or in the past', part: 'day' },
        { field: 'reason', message: 'Why consent was withdrawn must be 500 characters or fewer' },
      ],
    });
  });

  it('refuses to withdraw a consent twice', () => {
    const withdrawn = sharing(school, '2026-01-01', '2026-02-01');
    expect(parseWithdrawal({ ...date('withdrawnOn', TODAY), reason: 'Again' }, withdrawn, TODAY)).toEqual({
      ok: false,
      problems: [{ field: 'withdrawnOn', message: 'This consent has already been withdrawn' }],
    });
  });
});
