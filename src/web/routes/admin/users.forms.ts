/**
 * The staff account forms as fields of the one form-component model (ADR 0026): inviting, editing, adding someone from
 * another service, and the version a change was made at.
 */
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, isRole, type Role } from '../../../domain/access/roles.js';
import { versionField, type Field } from '../../../domain/forms/fields.js';
import { emailField, nameField } from '../auth/auth.forms.js';

/** The roles a person has in this service: every role, each with what it lets them do. */
export const rolesField = {
  kind: 'checkboxes',
  name: 'roles',
  label: 'Roles in this service',
  hint: 'Select all that apply',
  missing: 'Select at least one role',
  invalid: 'Select roles from the list',
  options: ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role], hint: ROLE_DESCRIPTIONS[role] })),
} as const satisfies Field;

const roles = rolesField;
const fullName = nameField('Enter their full name', 'off');

export const inviteFields = [
  fullName,
  emailField('Enter their email address', 'off', 'Their work email address. They will use it to sign in.'),
  roles,
] as const satisfies readonly Field[];

export const editFields = [fullName, roles, versionField] as const satisfies readonly Field[];

export const statusFields = [versionField] as const satisfies readonly Field[];

/** Sending an invitation again takes nothing but the CSRF token: the name and roles stay as they are. */
export const resendFields = [] as const satisfies readonly Field[];

/** Roles in this service for someone whose account belongs to other services only. */
export const addToServiceFields = [roles] as const satisfies readonly Field[];

/** The roles ticked, as roles (the field accepts nothing else). */
export function rolesOf(values: readonly string[]): Role[] {
  return values.filter(isRole);
}

/** The error summary links to the first checkbox of the roles group. */
export const ROLE_ANCHORS = { roles: `roles-${ROLES[0]}` } as const;
