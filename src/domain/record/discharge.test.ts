import { describe, expect, it } from 'vitest';
import type { DischargeReason } from '../service/record-settings.js';
import type { ConsentRecord } from './consent.js';
import {
  dischargeDates,
  dischargeLetterRecipients,
  dischargeReasonLabel,
  parseDischarge,
  type Addressee,
} from './discharge.js';

const reasons: DischargeReason[] = [
  { code: 'goals-met', label: 'Goals met' },
  { code: 'moved-out-of-area', label: 'Moved out of area' },
];
const TODAY = '2026-12-03';
const date = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}[day]`]: day, [`${name}[month]`]: month, [`${name}[year]`]: year };
};
const context = { reasons, episodeStartedOn: '2026-01-12', today: TODAY };

describe('parsing a discharge', () => {
  it('reads a reason on the list and the date', () => {
    expect(parseDischarge({ reason: 'goals-met', ...date('dischargedOn', '2026-12-01') }, context)).toEqual({
      ok: true,
      value: { reason: 'goals-met', dischargedOn: '2026-12-01' },
    });
  });

  it('allows a discharge on the day the episode started, and today', () => {
    expect(parseDischarge({ reason: 'goals-met', ...date('dischargedOn', '2026-01-12') }, context).ok).toBe(true);
    expect(parseDischarge({ reason: 'goals-met', ...date('dischargedOn', TODAY) }, context).ok).toBe(true);
  });

  it('gives both problems of an empty form', () => {
    expect(parseDischarge({}, context)).toEqual({
      ok: false,
      problems: [
        { field: 'reason', message: 'Select the reason for discharge' },
        { field: 'dischargedOn', message: 'Enter the date of discharge', part: 'day' },
      ],
    });
  });

  it('refuses a reason not on the service list', () => {
    const result = parseDischarge({ reason: 'bored', ...date('dischargedOn', TODAY) }, context);
    expect(result).toEqual({ ok: false, problems: [{ field: 'reason', message: 'Select the reason for discharge' }] });
  });

  it('refuses a date before the episode started, in the future, or not real', () => {
    const at = (iso: string) => parseDischarge({ reason: 'goals-met', ...date('dischargedOn', iso) }, context);
    expect(at('2026-01-11')).toMatchObject({
      problems: [{ message: 'Date of discharge must be on or after the date the episode of care started' }],
    });
    expect(at('2026-12-04')).toMatchObject({
      problems: [{ message: 'Date of discharge must be today or in the past' }],
    });
    expect(at('2026-11-31')).toMatchObject({ problems: [{ message: 'Date of discharge must be a real date' }] });
  });

  it('names a reason by its label, and an old code by itself', () => {
    expect(dischargeReasonLabel(reasons, 'moved-out-of-area')).toBe('Moved out of area');
    expect(dischargeReasonLabel(reasons, 'withdrawn-code')).toBe('withdrawn-code');
  });
});

describe('who the discharge letter goes to', () => {
  const family: Addressee = { name: 'Amy Patel', address: '1 High Street, Leicester LE1 1AA' };
  const gp: Addressee = { name: 'Dr Rao, Canal Street Surgery', address: 'Canal Street, Leicester LE2 2BB' };
  const school: Addressee = { name: 'Hillside Primary School', address: 'Hill Road, Loughborough LE11 3CC' };
  const schoolConsent = (givenOn: string, withdrawnOn?: string): ConsentRecord => ({
    kind: 'sharing',
    agency: { code: 'school' },
    givenBy: { kind: 'parental-responsibility', name: 'Amy Patel', relationship: 'Mother' },
    givenOn,
    withdrawn: withdrawnOn === undefined ? null : { on: withdrawnOn, reason: 'Asked us to stop' },
  });
  const to = (r: { send: { to: string }[] }) => r.send.map((s) => s.to);

  it('sends to the family, the GP and, with consent in force, the school', () => {
    const result = dischargeLetterRecipients({
      family,
      gp,
      school,
      consents: [schoolConsent('2026-02-01')],
      on: TODAY,
    });
    expect(result).toEqual({
      send: [
        { to: 'family', name: 'Amy Patel', delivery: 'post' },
        { to: 'gp', name: 'Dr Rao, Canal Street Surgery', delivery: 'post' },
        { to: 'school', name: 'Hillside Primary School', delivery: 'post' },
      ],
      notSent: [],
    });
  });

  it('does not send to the school without a sharing consent, and says why', () => {
    const result = dischargeLetterRecipients({ family, gp, school, consents: [], on: TODAY });
    expect(to(result)).toEqual(['family', 'gp']);
    expect(result.notSent).toEqual([
      { to: 'school', reason: 'No consent to share with the school is in force on 3 December 2026' },
    ]);
  });

  it('does not send to the school once the consent is withdrawn, from the day of withdrawal', () => {
    const consents = [schoolConsent('2026-02-01', TODAY)];
    const result = dischargeLetterRecipients({ family, gp, school, consents, on: TODAY });
    expect(to(result)).toEqual(['family', 'gp']);
    expect(result.notSent).toEqual([{ to: 'school', reason: 'Consent to share with the school has been withdrawn' }]);
    expect(to(dischargeLetterRecipients({ family, gp, school, consents, on: '2026-12-02' }))).toContain('school');
  });

  it('does not count a consent given after the letter day', () => {
    const result = dischargeLetterRecipients({
      family,
      gp,
      school,
      consents: [schoolConsent('2026-12-04')],
      on: TODAY,
    });
    expect(to(result)).toEqual(['family', 'gp']);
  });

  it('does not take a consent to share with someone else for the school', () => {
    const gpConsent: ConsentRecord = { ...schoolConsent('2026-02-01'), agency: { code: 'gp' } };
    expect(to(dischargeLetterRecipients({ family, gp, school, consents: [gpConsent], on: TODAY }))).toEqual([
      'family',
      'gp',
    ]);
  });

  it('prints the family letter for the file when no address is held', () => {
    const result = dischargeLetterRecipients({
      family: { ...family, address: null },
      gp,
      school: null,
      consents: [],
      on: TODAY,
    });
    expect(result.send[0]).toEqual({
      to: 'family',
      name: 'Amy Patel',
      delivery: 'print-for-file',
      note: 'No address: print for the file',
    });
    expect(
      dischargeLetterRecipients({ family: { ...family, address: '  ' }, gp, school, consents: [], on: TODAY }).send[0],
    ).toMatchObject({ delivery: 'print-for-file' });
  });

  it('leaves out a GP or school not recorded, saying so', () => {
    const result = dischargeLetterRecipients({ family, gp: null, school: null, consents: [], on: TODAY });
    expect(to(result)).toEqual(['family']);
    expect(result.notSent).toEqual([
      { to: 'gp', reason: 'No GP is recorded for the child' },
      { to: 'school', reason: 'No school is recorded for the child' },
    ]);
  });

  it('stops the GP letter when consent to share with the GP has been withdrawn', () => {
    const withdrawnGp: ConsentRecord = { ...schoolConsent('2026-01-01', '2026-06-01'), agency: { code: 'gp' } };
    const result = dischargeLetterRecipients({ family, gp, school: null, consents: [withdrawnGp], on: TODAY });
    expect(to(result)).toEqual(['family']);
    expect(result.notSent[0]).toEqual({ to: 'gp', reason: 'Consent to share with the GP has been withdrawn' });
  });
});

describe('the dates a discharge sets', () => {
  it('gives the re-referral date and the retention review date', () => {
    expect(
      dischargeDates({ dateOfBirth: '2010-06-15', dischargedOn: '2026-08-31', parentReReferralWindowMonths: 6 }),
    ).toEqual({
      ok: true,
      value: {
        reReferralUntil: '2027-02-28',
        retention: { reviewOn: '2035-06-15', birthday: 25, ageWhenTreatmentEnded: 16, treatedAsAdult: false },
      },
    });
  });

  it('gives the 26th birthday for a young person discharged at 17', () => {
    const result = dischargeDates({
      dateOfBirth: '2010-06-15',
      dischargedOn: '2027-06-15',
      parentReReferralWindowMonths: 3,
    });
    expect(result).toMatchObject({
      ok: true,
      value: { reReferralUntil: '2027-09-15', retention: { reviewOn: '2036-06-15' } },
    });
  });

  it('refuses a discharge before the birth, in the discharge form words', () => {
    expect(
      dischargeDates({ dateOfBirth: '2010-06-15', dischargedOn: '2009-01-01', parentReReferralWindowMonths: 6 }),
    ).toEqual({
      ok: false,
      problems: [{ field: 'dischargedOn', message: "Date of discharge must be on or after the child's date of birth" }],
    });
  });

  it('refuses a window that is not a whole number of months', () => {
    const result = dischargeDates({
      dateOfBirth: '2010-06-15',
      dischargedOn: '2026-01-01',
      parentReReferralWindowMonths: 0,
    });
    expect(result).toMatchObject({ ok: false, problems: [{ field: 'parentReReferralWindowMonths' }] });
  });
});
