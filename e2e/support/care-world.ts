/**
 * The starting state of the care journeys (issue 13), made through the use cases on the server's database: staff of
 * every role after acceptance, a clinic with two rooms (through the places use cases, as a service manager), and
 * seven children, each a child of their own, all but the first accepted by the factory (the first is accepted in the
 * browser). Two families give an e-mail address (their letters go by e-mail with a one-time link); the others' are
 * posted.
 */
import type { Dependencies } from '../../src/composition.js';
import type { Role } from '../../src/domain/access/roles.js';
import { aStaffMember, type CreatedStaff } from '../../test/support/builders.js';
import { staffContext } from '../../test/support/booking-world.js';
import { aReferral } from '../../test/support/factories.js';
import type { ReferralCase } from '../../test/support/referral.js';
import { distinctCase } from '../../test/support/referral-http.js';
import { LLR } from '../../test/support/test-app.js';

export type StaffKey = 'admin' | 'officer' | 'triager' | 'clinician' | 'colleague' | 'lead' | 'manager';
const STAFF: Record<StaffKey, { name: string; roles: Role[] }> = {
  admin: { name: 'Mary Seacole', roles: ['admin'] },
  officer: { name: 'Olu Adeyemi', roles: ['admin-officer'] },
  triager: { name: 'Rosa Quinn', roles: ['triage-clinician'] },
  clinician: { name: 'Priya Natarajan', roles: ['clinician'] },
  colleague: { name: 'Tom Hughes', roles: ['clinician'] },
  lead: { name: 'Nia Evans', roles: ['safeguarding-lead'] },
  manager: { name: 'Sunil Shah', roles: ['service-manager'] },
};

export type ChildKey = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g';
export const CHILD_KEYS: readonly ChildKey[] = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
export const FAMILY_EMAIL = { b: 'family.ben@example.test', c: 'family.chloe@example.test' } as const;
const CASE_INDEX: Record<ChildKey, number> = { a: 0, b: 1, c: 2, d: 3, e: 4, f: 5, g: 7 };

function caseOf(key: ChildKey): ReferralCase {
  const familyEmail = (FAMILY_EMAIL as Partial<Record<ChildKey, string>>)[key];
  return { ...distinctCase(CASE_INDEX[key]), referrerType: 'gp', familyEmail };
}

/** The child's name as the pages show it: Amara Ndiaye, Ben Ndiaye... */
export function nameOf(key: ChildKey): string {
  const c = caseOf(key);
  return `${c.childGivenName ?? ''} ${c.childFamilyName ?? ''}`;
}

export const CLINIC = 'Castle Clinic';
/** The rooms as the booking page lists them. */
export const ROOM_1 = `${CLINIC}: Room 1`;
export const ROOM_2 = `${CLINIC}: Room 2`;

export interface CareWorld {
  staff: Record<StaffKey, CreatedStaff>;
  children: Record<ChildKey, { id: string; reference: string }>;
}

export async function seedCareWorld(deps: Dependencies): Promise<CareWorld> {
  const staff = {} as Record<StaffKey, CreatedStaff>;
  for (const [key, { name, roles }] of Object.entries(STAFF) as [StaffKey, (typeof STAFF)[StaffKey]][]) {
    staff[key] = await aStaffMember()
      .called(name)
      .withEmail(`${name.toLowerCase().replace(/ /gu, '.')}@nhs.test`)
      .withRoles(...roles)
      .create(deps);
  }
  const manager = { ...staffContext(staff.manager, ['service-manager']), serviceId: LLR };
  const clinic = await deps.places.addLocation(manager, {
    name: CLINIC,
    addressLine1: '1 Castle Street',
    addressLine2: null,
    town: 'Leicester',
    postcode: 'LE1 5WH',
    isClinic: true,
  });
  if (!clinic.ok) throw new Error(clinic.problem.message);
  for (const room of ['Room 1', 'Room 2']) {
    const added = await deps.places.addRoom(manager, clinic.id, { name: room, capacity: 8 });
    if (!added.ok) throw new Error(added.problem.message);
  }
  const children = {} as Record<ChildKey, { id: string; reference: string }>;
  for (const key of CHILD_KEYS) {
    const referral = aReferral(caseOf(key));
    children[key] = await (key === 'a' ? referral : referral.accepted()).create(deps);
  }
  return { staff, children };
}
