import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from '../../../domain/access/roles.js';
import type { ServiceMember, UserStatus } from '../../../domain/accounts/user.js';
import { paths } from '../../paths.js';

const STATUS: Record<UserStatus, { text: string; colour: string }> = {
  active: { text: 'Active', colour: 'green' },
  invited: { text: 'Invited', colour: 'blue' },
  disabled: { text: 'Disabled', colour: 'grey' },
};

export function statusTag(status: UserStatus) {
  const s = STATUS[status];
  return { text: s.text, classes: `nhsuk-tag--${s.colour}` };
}

/** The role checkboxes, with the ones given ticked. Ids follow `roles-<role>` for the error summary. */
export function roleItems(checked: readonly string[]) {
  return ROLES.map((role) => ({
    value: role,
    text: ROLE_LABELS[role],
    hint: { text: ROLE_DESCRIPTIONS[role] },
    checked: checked.includes(role),
    id: `roles-${role}`,
  }));
}

export function checkedRoles(values: Record<string, unknown>): string[] {
  const raw = values.roles;
  return Array.isArray(raw)
    ? raw.filter((r): r is string => typeof r === 'string')
    : typeof raw === 'string'
      ? [raw]
      : [];
}

export function membersTable(members: ServiceMember[]) {
  return members.map((m) => ({
    name: m.displayName,
    href: paths.admin.user.build({ userId: m.id }),
    email: m.email,
    roles: m.roles.map((r: Role) => ROLE_LABELS[r]).join(', '),
    status: statusTag(m.status),
  }));
}

export const DONE_MESSAGES = {
  updated: 'Changes saved',
  disabled: 'Account disabled. They have been signed out.',
  enabled: 'Account enabled',
} as const;
