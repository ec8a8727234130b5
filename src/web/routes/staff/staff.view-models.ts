/** What the staff home and the service chooser show: plain functions of the roles and services. */
import { can, type Role } from '../../../domain/access/roles.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { paths } from '../../paths.js';

/** The home page's tasks: those the roles in the active service grant, in a fixed order. */
export function homeTasks(roles: readonly Role[]) {
  return [
    can(roles, 'triage:read') && {
      text: 'Triage',
      href: paths.triage.worklist.build(),
      description: 'See the referrals waiting for a decision, and which are over the triage target.',
    },
    can(roles, 'referrals:search') && {
      text: 'Find a referral',
      href: paths.staff.searchReferrals.build(),
      description:
        'Find the referral someone is calling about, by reference, the child’s name and date of birth, or NHS number.',
    },
    can(roles, 'referrals:register') && {
      text: 'Register a referral',
      href: paths.staff.registerReferral.build(),
      description: 'Record a referral that came by post, email or telephone.',
    },
    can(roles, 'users:read') && {
      text: 'Staff accounts',
      href: paths.admin.users.build(),
      description: 'Invite staff, change their roles, disable accounts.',
    },
    can(roles, 'subject-access:export') && {
      text: 'Subject access export',
      href: paths.subjectAccess.search.build(),
      description: 'Everything held about one child, with who viewed it, as one archive for a subject access request.',
    },
    can(roles, 'audit:read') && {
      text: 'Audit trail',
      href: paths.audit.search.build(),
      description: 'Search and export who did what, and when.',
    },
  ].filter(Boolean);
}

/** The services someone may work in, as radios, with the one they are in ticked. */
export function serviceChoices(
  ids: readonly string[],
  definitionOf: (id: string) => ServiceDefinition | undefined,
  current: string | null | undefined,
) {
  return ids.map((id) => ({
    value: id,
    text: definitionOf(id)?.serviceName ?? id,
    hint: { text: definitionOf(id)?.organisation.name ?? '' },
    checked: id === current,
  }));
}
