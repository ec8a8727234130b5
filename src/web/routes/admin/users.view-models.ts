import { ROLE_LABELS, type Role } from '../../../domain/access/roles.js';
import type { ExistingPerson, ServiceMember, UserStatus } from '../../../domain/accounts/user.js';
import type { Answers, Field } from '../../../domain/forms/fields.js';
import { fieldModels, problemsFrom } from '../../forms/field-models.js';
import type { FormErrors } from '../../forms/form.js';
import { paths } from '../../paths.js';
import { rolesField } from './users.forms.js';

const STATUS: Record<UserStatus, { text: string; colour: string }> = {
  active: { text: 'Active', colour: 'green' },
  invited: { text: 'Invited', colour: 'blue' },
  disabled: { text: 'Disabled', colour: 'grey' },
};

export function statusTag(status: UserStatus) {
  const s = STATUS[status];
  return { text: s.text, classes: `nhsuk-tag--${s.colour}` };
}

/**
 * A form's boxes drawn by the form model: what was sent (else the saved answers) and its errors. The role checkboxes
 * and the version are drawn by the pages themselves (`roleItems`: their ids and legend are the pages' own).
 */
export function boxes(
  fields: readonly Field[],
  saved: Answers,
  sent: Record<string, unknown> | undefined,
  errors: FormErrors | undefined,
) {
  const drawn = fields.filter((f) => f.kind !== 'checkboxes' && f.kind !== 'hidden-number');
  return fieldModels(drawn, saved, sent, problemsFrom(errors), {}, { ownHeading: true });
}

/** The role checkboxes, with the ones given ticked: the roles field's items, with ids `roles-<role>` of their own. */
export function roleItems(checked: readonly string[]) {
  const [roles] = fieldModels([rolesField], {}, { roles: [...checked] }, [], {});
  return (roles?.items ?? []).map((item) => ('value' in item ? { ...item, id: `roles-${item.value}` } : item));
}

export function checkedRoles(values: Record<string, unknown>): string[] {
  const raw = values.roles;
  return Array.isArray(raw)
    ? raw.filter((r): r is string => typeof r === 'string')
    : typeof raw === 'string'
      ? [raw]
      : [];
}

export function membersTable(members: ServiceMember[], withTwoFactor: ReadonlySet<string> = new Set()) {
  return members.map((m) => ({
    name: m.displayName,
    href: paths.admin.user.build({ userId: m.id }),
    email: m.email,
    roles: m.roles.map((r: Role) => ROLE_LABELS[r]).join(', '),
    status: statusTag(m.status),
    twoFactor: twoFactorText(withTwoFactor.has(m.id)),
  }));
}

/** Whether a person has set up their authenticator app (docs/adr/0032), as the admin pages say it. */
export function twoFactorText(setUp: boolean): string {
  return setUp ? 'Set up' : 'Not set up';
}

/** Why an invitation was refused, at the e-mail field: what the address already has, and what to do instead. */
export function addressInUseMessage(person: ExistingPerson): string {
  if (person.rolesHere.length === 0)
    return 'This email address already has an Otway account. Give them a role in this service instead.';
  return person.status === 'invited'
    ? 'This email address already has an invitation to this service. Send it again or edit the person.'
    : 'This email address already belongs to a member of staff in this service. Edit the person instead.';
}

/** Who holds the address, and the ways on: their page, their invitation sent again, or a role in this service. */
export function existingPersonView(person: ExistingPerson) {
  const memberHere = person.rolesHere.length > 0;
  const userId = person.id;
  return {
    displayName: person.displayName,
    email: person.email,
    status: statusTag(person.status),
    roles: memberHere ? person.rolesHere.map((r) => ROLE_LABELS[r]).join(', ') : 'None',
    invitation:
      person.invitation === 'open'
        ? 'Sent, and its link still works'
        : person.invitation === 'expired'
          ? 'Sent, but its link has expired'
          : null,
    editHref: memberHere ? paths.admin.user.build({ userId }) : null,
    resendAction: memberHere && person.status === 'invited' ? paths.admin.resendInvitation.build({ userId }) : null,
    addHref: memberHere ? null : paths.admin.addToService.build({ userId }),
  };
}

export const DONE_MESSAGES = {
  added: 'They now have the roles you chose in this service.',
  updated: 'Changes saved',
  disabled: 'Account disabled. They have been signed out.',
  enabled: 'Account enabled',
  'two-factor-reset':
    'Security codes reset. They have been signed out, and will set up their authenticator app again when they next sign in.',
} as const;
