import { describe, expect, it } from 'vitest';
import { paths, publicPaths, route } from './paths.js';

describe('route', () => {
  it('builds a path without parameters as it is', () => {
    expect(paths.staff.home.build()).toBe('/staff');
    expect(paths.audit.export.build()).toBe('/staff/audit/export.csv');
  });

  it('keeps the pattern for registering the route', () => {
    expect(paths.admin.user.pattern).toBe('/staff/admin/users/:userId');
  });

  it('puts a parameter in its place', () => {
    expect(paths.admin.user.build({ userId: 'u-123' })).toBe('/staff/admin/users/u-123');
    expect(paths.admin.disable.build({ userId: 'u-123' })).toBe('/staff/admin/users/u-123/disable');
  });

  it('percent-encodes a parameter, so it cannot add path segments or a query', () => {
    expect(paths.admin.user.build({ userId: '../../sign-out' })).toBe('/staff/admin/users/..%2F..%2Fsign-out');
    expect(paths.admin.user.build({ userId: 'a?admin=1#x' })).toBe('/staff/admin/users/a%3Fadmin%3D1%23x');
    expect(paths.activate.build({ token: 'a b/c' })).toBe('/activate/a%20b%2Fc');
    expect(paths.activate.build({ token: 'é😀' })).toBe('/activate/%C3%A9%F0%9F%98%80');
  });

  it('fills several parameters', () => {
    const r = route('/a/:first/b/:second');
    expect(r.build({ first: '1', second: '2/3' })).toBe('/a/1/b/2%2F3');
  });

  it('throws when a parameter is missing', () => {
    // @ts-expect-error -- a missing parameter, which the types forbid, is what is tested here
    expect(() => paths.admin.user.build({})).toThrow(/userId/u);
  });
});

describe('publicPaths', () => {
  it('puts the pages at the root when the instance hosts one service', () => {
    expect(publicPaths('')).toEqual({
      prefix: '',
      home: '/',
      contact: '/contact',
      accessibility: '/accessibility-statement',
      privacy: '/privacy',
      cookies: '/cookies',
      conditions: '/conditions-we-help-with',
      whoCanRefer: '/who-can-refer',
      afterReferral: '/what-happens-after-a-referral',
      notProvided: '/what-we-do-not-provide',
      professionals: '/advice-for-professionals',
      checker: '/check-if-we-can-help',
      refer: '/refer',
    });
  });

  it('puts them under the service id otherwise, with no trailing slash on the home page', () => {
    expect(publicPaths('/svc')).toEqual({
      prefix: '/svc',
      home: '/svc',
      contact: '/svc/contact',
      accessibility: '/svc/accessibility-statement',
      privacy: '/svc/privacy',
      cookies: '/svc/cookies',
      conditions: '/svc/conditions-we-help-with',
      whoCanRefer: '/svc/who-can-refer',
      afterReferral: '/svc/what-happens-after-a-referral',
      notProvided: '/svc/what-we-do-not-provide',
      professionals: '/svc/advice-for-professionals',
      checker: '/svc/check-if-we-can-help',
      refer: '/svc/refer',
    });
  });
});
