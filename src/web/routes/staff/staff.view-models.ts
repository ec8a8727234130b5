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
    can(roles, 'tasks:read') && {
      text: 'Tasks',
      href: paths.tasks.list.build(),
      description:
        'Families’ answers, Was Not Brought follow-ups, requests to cancel or rebook, and children to check on the list.',
    },
    can(roles, 'waiting-list:read') && {
      text: 'Waiting list',
      href: paths.waitingList.list.build(),
      description: 'Who is waiting, for how long, in the national bands, and who is next for each pathway.',
    },
    can(roles, 'caseload:read') && {
      text: roles.includes('clinician') ? 'My caseload' : 'Caseloads',
      href: roles.includes('clinician') ? paths.caseload.mine.build() : paths.caseload.team.build(),
      description: roles.includes('clinician')
        ? 'The children you are seeing, with their next appointment.'
        : 'Each clinician’s caseload, by team, to compare.',
    },
    can(roles, 'diary:read') && {
      text: 'Diaries',
      href: paths.diary.mine.build(),
      description: 'Day and week diaries of clinicians and rooms, with their appointments and time blocked out.',
    },
    can(roles, 'equipment:read') && {
      text: 'Equipment',
      href: paths.equipment.dashboard.build(),
      description: 'Equipment issued to children: reviews overdue, items outgrown, and loans awaiting return.',
    },
    can(roles, 'ehcp:read') && {
      text: 'EHCP advice requests',
      href: paths.ehcp.tracker.build(),
      description: 'Requests from local authorities for EHCP health advice: the six-week clock, who is writing each.',
    },
    can(roles, 'ehcp:print') && {
      text: 'EHCP advice to post',
      href: paths.ehcp.printQueue.build(),
      description: 'Signed EHCP health advice going to a local authority or a family by post: print, post, mark it.',
    },
    can(roles, 'safeguarding:read') && {
      text: 'Safeguarding flags',
      href: paths.safeguarding.flags.build(),
      description: 'Children flagged by missed appointments (Was Not Brought) or a pattern of late cancellations.',
    },
    can(roles, 'break-glass:review') && {
      text: 'Break-glass reviews',
      href: paths.record.breakGlassReviews.build(),
      description: 'Every emergency opening of a child’s record, with its reason, for you to review and record.',
    },
    can(roles, 'places:manage') && {
      text: 'Teams, clinics and rooms',
      href: paths.places.list.build(),
      description: 'Set up teams, clinic locations and rooms, and each clinician’s team, base and working pattern.',
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
