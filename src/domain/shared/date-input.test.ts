import { describe, expect, it } from 'vitest';
import { dateParts, parseDateInput } from './date-input.js';

const rules = {
  missing: "Enter the child's date of birth",
  label: 'Date of birth',
  notAfter: ['2026-11-27', 'Date of birth must be today or in the past'] as [string, string],
  notBefore: ['1900-01-01', 'Date of birth must be after 1 January 1900'] as [string, string],
};
const parse = (day: unknown, month: unknown, year: unknown) =>
  parseDateInput({ 'dob[day]': day, 'dob[month]': month, 'dob[year]': year }, 'dob', rules);

describe('a GOV.UK date input', () => {
  it('reads a real date, with or without leading zeros and spaces', () => {
    expect(parse('2', '5', '2014')).toEqual({ ok: true, date: '2014-05-02' });
    expect(parse(' 02 ', '05', '2014')).toEqual({ ok: true, date: '2014-05-02' });
    expect(parse('29', '2', '2024')).toEqual({ ok: true, date: '2024-02-29' });
    expect(parse('27', '11', '2026')).toEqual({ ok: true, date: '2026-11-27' });
  });

  it('says what is missing, linking to the first empty box', () => {
    expect(parse('', '', '')).toEqual({ ok: false, message: "Enter the child's date of birth", part: 'day' });
    expect(parse(undefined, undefined, undefined)).toMatchObject({ message: "Enter the child's date of birth" });
    expect(parse('2', '', '2014')).toEqual({ ok: false, message: 'Date of birth must include a month', part: 'month' });
    expect(parse('', '', '2014')).toEqual({
      ok: false,
      message: 'Date of birth must include a day and month',
      part: 'day',
    });
    expect(parse('2', '5', '')).toEqual({ ok: false, message: 'Date of birth must include a year', part: 'year' });
  });

  it('refuses impossible dates, short years, words and repeated fields', () => {
    expect(parse('29', '2', '2025')).toMatchObject({ message: 'Date of birth must be a real date' });
    expect(parse('31', '4', '2020')).toMatchObject({ message: 'Date of birth must be a real date' });
    expect(parse('0', '1', '2020')).toMatchObject({ message: 'Date of birth must be a real date' });
    expect(parse('2', '13', '2020')).toMatchObject({ message: 'Date of birth must be a real date', part: 'day' });
    expect(parse('2', 'May', '2020')).toMatchObject({ message: 'Date of birth must be a real date', part: 'month' });
    expect(parse('2', '5', '14')).toEqual({ ok: false, message: 'Year must include 4 numbers', part: 'year' });
    expect(parse(['1', '2'], '5', '2014')).toMatchObject({ message: 'Date of birth must be a real date' });
    expect(parse('1e1', '5', '2014')).toMatchObject({ message: 'Date of birth must be a real date' });
  });

  it('keeps to the limits given', () => {
    expect(parse('28', '11', '2026')).toMatchObject({ message: 'Date of birth must be today or in the past' });
    expect(parse('31', '12', '1899')).toMatchObject({ message: 'Date of birth must be after 1 January 1900' });
  });

  it('shows a date again in its three boxes', () => {
    expect(dateParts('2014-05-02')).toEqual({ day: '2', month: '5', year: '2014' });
    expect(dateParts(undefined)).toEqual({ day: '', month: '', year: '' });
  });
});
