import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS, can, isRole, rolesGranting } from './roles.js';

describe('roles', () => {
  it('has the roles the service needs, each with a label and a description', () => {
    expect([...ROLES].sort()).toEqual(
      [
        'admin',
        'admin-officer',
        'auditor',
        'caldicott-guardian',
        'clinician',
        'data-protection-officer',
        'safeguarding-lead',
        'service-manager',
        'triage-clinician',
      ].sort(),
    );
    for (const role of ROLES) {
      expect(ROLE_LABELS[role].length).toBeGreaterThan(0);
      expect(ROLE_DESCRIPTIONS[role].length).toBeGreaterThan(0);
    }
  });

  it('isRole accepts each role and nothing else', () => {
    for (const role of ROLES) expect(isRole(role)).toBe(true);
    for (const value of ['root', 'Admin', 'admin ', '', 'superuser', 'toString', '__proto__']) {
      expect(isRole(value)).toBe(false);
    }
    for (const value of [undefined, null, 0, 1, true, ['admin'], { role: 'admin' }]) {
      expect(isRole(value)).toBe(false);
    }
  });
});

describe('can', () => {
  it('grants every permission to at least one role', () => {
    for (const permission of PERMISSIONS) {
      expect(rolesGranting(permission).length).toBeGreaterThan(0);
      expect(ROLES.some((role) => can([role], permission))).toBe(true);
    }
  });

  it('lets an admin manage users and a clinician not', () => {
    expect(can(['admin'], 'users:manage')).toBe(true);
    expect(can(['admin'], 'users:read')).toBe(true);
    expect(can(['clinician'], 'users:manage')).toBe(false);
    expect(can(['clinician'], 'users:read')).toBe(false);
  });

  it('lets an auditor read and export the audit trail, and an admin not', () => {
    expect(can(['auditor'], 'audit:read')).toBe(true);
    expect(can(['auditor'], 'audit:export')).toBe(true);
    expect(can(['admin'], 'audit:read')).toBe(false);
    expect(can(['auditor'], 'users:manage')).toBe(false);
  });

  it('lets every role reach the staff home page', () => {
    for (const role of ROLES) expect(can([role], 'staff:home')).toBe(true);
  });

  it('allows nothing to someone with no roles', () => {
    for (const permission of PERMISSIONS) expect(can([], permission)).toBe(false);
  });

  it('allows a set of roles exactly what one of its roles allows', () => {
    fc.assert(
      fc.property(fc.subarray([...ROLES]), fc.constantFrom(...PERMISSIONS), (roles, permission) => {
        expect(can(roles, permission)).toBe(roles.some((r) => rolesGranting(permission).includes(r)));
      }),
    );
  });
});
