/**
 * Staff roles and what each may do. A person may hold several roles, granted per service.
 * Routes declare a permission; `can` decides. Nothing is allowed unless a role here grants it.
 */
export const ROLES = [
  'admin',
  'admin-officer',
  'triage-clinician',
  'clinician',
  'service-manager',
  'safeguarding-lead',
  'caldicott-guardian',
  'data-protection-officer',
  'auditor',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  'admin-officer': 'Admin officer',
  'triage-clinician': 'Triage clinician',
  clinician: 'Clinician',
  'service-manager': 'Service manager',
  'safeguarding-lead': 'Safeguarding lead',
  'caldicott-guardian': 'Caldicott guardian',
  'data-protection-officer': 'Data protection officer',
  auditor: 'Auditor',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin:
    'Invites staff, assigns roles and disables accounts for this service, and sees the messages it sends to families and referrers. Sees no referral or clinical record.',
  'admin-officer': 'Registers referrals, books appointments, sends letters and keeps the waiting list.',
  'triage-clinician': 'Triages new referrals and decides what happens next.',
  clinician: 'Assesses and treats children on their caseload.',
  'service-manager': 'Sees waiting times, caseloads and reports, and sets up teams, clinics and rooms.',
  'safeguarding-lead': 'Reviews children flagged by missed appointments or late cancellations.',
  'caldicott-guardian': 'Reviews every emergency (break-glass) opening of a child’s record, and records the review.',
  'data-protection-officer': 'Answers subject access requests with an export of one child’s whole record.',
  auditor: 'Searches and exports the audit trail.',
};

/** Permissions that staff routes may require. */
const GRANTS = {
  'staff:home': ROLES,
  'users:read': ['admin'],
  'users:manage': ['admin'],
  'audit:read': ['auditor'],
  'audit:export': ['auditor'],
  'referrals:register': ['admin-officer'],
  /**
   * Finding a referral someone telephones about, by reference, child's name and date of birth, or NHS number. Admin
   * officers take those calls; triage clinicians already read referrals through triage. Not administrators: they
   * manage accounts and see no clinical content (issue 14, docs/security.md).
   */
  'referrals:search': ['admin-officer', 'triage-clinician'],
  /**
   * Searching by NHS number, for the roles that may see it: those who enter it (admin officers register referrals) or
   * read it on the triage page. Kept apart from `referrals:search` so a role given search later need not get it.
   */
  'referrals:search-nhs-number': ['admin-officer', 'triage-clinician'],
  /** A read-only summary of a referral found by search, for admin officers, who may not read the triage page. */
  'referrals:summary': ['admin-officer'],
  /** The triage worklist and a referral's page: triage clinicians only (a referral is clinical content). */
  'triage:read': ['triage-clinician'],
  'triage:decide': ['triage-clinician'],
  /** The print queue of decision letters that go by post. */
  'letters:print': ['admin-officer'],
  'outbox:read': ['admin'],
  /** How old the GP practice and school data is, and whether it needs importing again (the staff home). */
  'reference:read': ['admin'],
  'outbox:manage': ['admin'],
  /**
   * The subject access export of one child's whole record (ADR 0030), for the data protection officer: a role of its
   * own since administrators no longer read referrals (issue 14).
   */
  'subject-access:export': ['data-protection-officer'],
  /** The waiting list, its bands and who is next: everyone who plans or gives care (issue 13). */
  'waiting-list:read': ['admin-officer', 'triage-clinician', 'clinician', 'service-manager'],
  /** The waiting list as a spreadsheet: for those who report on it. */
  'waiting-list:export': ['admin-officer', 'service-manager'],
  /** The team's tasks: families' answers, Was Not Brought follow-ups, requests to rebook, flags to validate. */
  'tasks:read': ['admin-officer', 'triage-clinician', 'clinician', 'service-manager', 'safeguarding-lead'],
  /**
   * Closing a task, with what was done: each person closes only the tasks of their own roles (or named to them), so
   * the service manager closes only the escalation of a late EHCP request (issue 15).
   */
  'tasks:work': ['admin-officer', 'triage-clinician', 'clinician', 'safeguarding-lead', 'service-manager'],
  /** Confirming a family's "no longer needed" takes a child off the list: a clinical decision. */
  'waiting-list:remove': ['clinician', 'triage-clinician'],
  /** Diaries of clinicians and rooms, and the free slots they leave. */
  'diary:read': ['admin-officer', 'clinician', 'service-manager'],
  /** Blocking out non-clinical time (admin, training, leave). */
  'diary:block': ['admin-officer', 'clinician', 'service-manager'],
  'appointments:book': ['admin-officer', 'clinician'],
  'appointments:cancel': ['admin-officer', 'clinician'],
  'appointments:outcome': ['admin-officer', 'clinician'],
  /** Caseloads: a clinician's own, and the team's for a manager to compare. */
  'caseload:read': ['clinician', 'service-manager'],
  /** Teams, clinic locations and rooms, and each clinician's team, base and working pattern. */
  'places:manage': ['service-manager', 'admin'],
  /** Children flagged by missed appointments or late cancellations. */
  'safeguarding:read': ['safeguarding-lead'],
  /** Equipment issued to children, and the team's equipment dashboard and recall list (issue 14). */
  'equipment:read': ['clinician', 'triage-clinician', 'admin-officer', 'service-manager'],
  /** Issuing equipment to a child and recording its reviews, repairs and return: a clinical act. */
  'equipment:issue': ['clinician', 'triage-clinician'],
  /**
   * A child's record (issue 14, docs/adr/0046): the role may open record pages at all; what each person then sees of
   * one child (demographics only, or the clinical record, read-only or not) is decided per child by
   * src/domain/record/access.ts, and a child out of reach answers 404.
   */
  'record:read': ['clinician', 'triage-clinician', 'admin-officer', 'safeguarding-lead'],
  /** Writing the clinical record (notes, consent, assessments, goals, outcomes, alerts, discharge): per child as above. */
  'record:write': ['clinician', 'triage-clinician'],
  /** Opening a record in an emergency without a relationship, with a reason (docs/adr/0047). */
  'record:break-glass': ['clinician', 'triage-clinician'],
  /** The Caldicott guardian's list of break-glass accesses, and recording each review. */
  'break-glass:review': ['caldicott-guardian'],
  /**
   * Statutory EHCP health advice (issue 15). The tracker and a request's page (the child's name, the authority, the
   * dates and who is writing the advice; no clinical content): for everyone who plans the work or answers for it.
   */
  'ehcp:read': ['admin-officer', 'triage-clinician', 'clinician', 'service-manager'],
  /** Logging a request from a local authority as it arrives, its documents, and withdrawing it when the authority does. */
  'ehcp:log': ['admin-officer'],
  /** Naming the clinician who writes the advice. */
  'ehcp:assign': ['admin-officer', 'service-manager'],
  /** Recording (and withdrawing) an exception of regulation 8(2) with its evidence. */
  'ehcp:exceptions': ['admin-officer', 'triage-clinician', 'clinician'],
  /** The timeliness report: requests received and answered per month, the share within six weeks, exceptions used. */
  'ehcp:report': ['admin-officer', 'service-manager'],
  /** Writing, reviewing and signing the advice: a clinical act, and per child as for the record (needsRecord). */
  'ehcp:advise': ['triage-clinician', 'clinician'],
  /** Sending the signed advice to the authority (and the family), by e-mail or post. */
  'ehcp:send': ['admin-officer', 'triage-clinician', 'clinician'],
  /**
   * The print list of advice going by post, each PDF and "printed and posted": admin officers, who post letters (as
   * `letters:print`). Not clinicians: the list holds every child's advice, not only the children they care for.
   */
  'ehcp:print': ['admin-officer'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof GRANTS;

export const PERMISSIONS = Object.keys(GRANTS) as Permission[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function can(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = GRANTS[permission];
  return roles.some((r) => allowed.includes(r));
}

export function rolesGranting(permission: Permission): readonly Role[] {
  return GRANTS[permission];
}
