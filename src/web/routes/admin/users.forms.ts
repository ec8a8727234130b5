import { z } from 'zod';
import { ROLES } from '../../../domain/access/roles.js';
import { checkboxes, hiddenInteger } from '../../forms/fields.js';
import { emailField, nameField } from '../auth/auth.forms.js';

const roles = checkboxes(ROLES, {
  missing: 'Select at least one role',
  invalid: 'Select roles from the list',
});

export const inviteForm = z.object({
  displayName: nameField,
  email: emailField('Enter their email address'),
  roles,
});

export const editForm = z.object({
  displayName: nameField,
  roles,
  version: hiddenInteger(),
});

export const statusForm = z.object({ version: hiddenInteger() });

/** Sending an invitation again takes nothing but the CSRF token: the name and roles stay as they are. */
export const resendForm = z.object({});

/** Roles in this service for someone whose account belongs to other services only. */
export const addToServiceForm = z.object({ roles });

/** The error summary links to the first checkbox of the roles group. */
export const ROLE_ANCHORS = { roles: `roles-${ROLES[0]}` } as const;
