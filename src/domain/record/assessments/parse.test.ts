import { describe, expect, it } from 'vitest';
import { ordinal, readChoice, wholeNumber } from './parse.js';

describe('wholeNumber', () => {
  it('reads whole numbers from form strings and numbers', () => {
    expect(wholeNumber('12')).toBe(12);
    expect(wholeNumber(' 7 ')).toBe(7);
    expect(wholeNumber('+3')).toBe(3);
    expect(wholeNumber('-3')).toBe(-3);
    expect(wholeNumber(19)).toBe(19);
  });

  it('refuses anything else', () => {
    for (const value of ['12.5', '1e1', '0x10', '', '12a', '1 2', 12.5, Number.NaN, Infinity, null, {}, ['1']]) {
      expect(wholeNumber(value)).toBeNull();
    }
  });
});

describe('readChoice', () => {
  it('reads a code from the list, trimmed; empty is no answer; anything else is not ok', () => {
    expect(readChoice(' more ', ['less', 'more'])).toEqual({ ok: true, value: 'more' });
    expect(readChoice('', ['less', 'more'])).toEqual({ ok: true, value: undefined });
    expect(readChoice('most', ['less', 'more'])).toEqual({ ok: false });
    expect(readChoice(['more'], ['less', 'more'])).toEqual({ ok: false });
  });
});

describe('ordinal', () => {
  it.each([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [9, '9th'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [63, '63rd'],
    [0.1, '0.1st'],
    [0.5, '0.5th'],
    [99.5, '99.5th'],
    [99.2, '99.2nd'],
  ])('%d is %s', (n, text) => {
    expect(ordinal(n)).toBe(text);
  });
});
