import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to.js';

const FALLBACK = '/staff';

describe('safeReturnTo', () => {
  it.each(['/staff', '/staff/admin/users?x=1', '/staff/audit?from=2026-01-01&to=2026-01-31', '/staff/service#main'])(
    'accepts %s',
    (value) => {
      expect(safeReturnTo(value, '/fallback')).toBe(value);
    },
  );

  it.each([
    ['//evil.example', 'a protocol-relative URL'],
    ['//evil.example/staff', 'a protocol-relative URL with a staff path'],
    ['https://evil.example', 'another site'],
    ['https://evil.example/staff', 'another site with a staff path'],
    ['/\\evil.example', 'a backslash that browsers read as a slash'],
    ['/staff\\..\\..\\evil', 'backslashes inside a staff path'],
    ['javascript:alert(1)', 'a javascript: URL'],
    ['data:text/html,<script>alert(1)</script>', 'a data: URL'],
    ['/sign-in', 'a page outside the staff area'],
    ['/', 'the root'],
    ['staff', 'a relative path'],
    ['', 'nothing'],
    ['/staff\n/evil', 'a newline'],
    ['/staff\r\nSet-Cookie: x=1', 'a header injection'],
    ['/staff\t', 'a tab'],
    ['/staff\u0000', 'NUL'],
    ['/staff\u007F', 'DEL'],
    ['/staff\u0085', 'a C1 control'],
  ])('refuses %j (%s)', (value) => {
    expect(safeReturnTo(value, FALLBACK)).toBe(FALLBACK);
  });

  it('accepts 500 characters and refuses 501', () => {
    const exact = `/staff/${'a'.repeat(493)}`;
    expect(exact).toHaveLength(500);
    expect(safeReturnTo(exact, FALLBACK)).toBe(exact);
    expect(safeReturnTo(`${exact}a`, FALLBACK)).toBe(FALLBACK);
  });

  it.each([undefined, null, 42, ['/staff'], { href: '/staff' }])('refuses the non-string %j', (value) => {
    expect(safeReturnTo(value, FALLBACK)).toBe(FALLBACK);
  });

  it('only ever returns the fallback or a path inside the staff area on this site', () => {
    const unit = fc.oneof(
      fc.constantFrom('/', '\\', '/staff', 'http:', '//', '.', '@', ':', '?', '#', '%2F', '\n', '\t', 'evil.example'),
      fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 20 }), (value) => {
        const result = safeReturnTo(value, FALLBACK);
        if (result === FALLBACK) return;
        expect(result.startsWith('/staff')).toBe(true);
        expect(result).not.toMatch(/[\\\p{Cc}]/u);
        // Resolved against this site, it stays on this site.
        expect(new URL(result, 'https://otway.example').origin).toBe('https://otway.example');
      }),
      { numRuns: 1000 },
    );
  });
});
