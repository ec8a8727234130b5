import { describe, expect, it } from 'vitest';
import { clampLimit, escapeLike, searchPatterns } from './search-text.js';

describe('search text', () => {
  it('escapes LIKE wildcards and the escape character itself', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
  });

  it('clamps the limit to 1..20, with a default', () => {
    expect([clampLimit(0), clampLimit(-5), clampLimit(7.9), clampLimit(500), clampLimit(undefined)]).toEqual([
      1, 1, 7, 20, 10,
    ]);
    expect(clampLimit(Number.NaN)).toBe(10);
  });

  it('builds lower-case contains and upper-case prefix patterns, ignoring spaces for codes and postcodes', () => {
    expect(searchPatterns('  Le5  2nl ')).toEqual({
      contains: '%le5 2nl%',
      codePrefix: 'LE52NL%',
      postcodePrefix: 'LE52NL%',
      exactCode: 'LE52NL',
    });
  });

  it('has nothing to search for in blank or control-only text', () => {
    expect(searchPatterns('   ')).toBeNull();
    expect(searchPatterns('\u0000\t')).toBeNull();
  });
});
