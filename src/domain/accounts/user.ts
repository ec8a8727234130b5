import type { Role } from '../access/roles.js';

export type UserStatus = 'invited' | 'active' | 'disabled';

export interface StaffUser {
  id: string;
  email: string;
  displayName: string;
  status: UserStatus;
  version: number;
}

/** A staff member as seen within one service: their account and the roles granted there. */
export interface ServiceMember extends StaffUser {
  roles: Role[];
}

/**
 * Whoever already holds an e-mail address that someone tried to invite: their account as it is, their roles in the
 * service (none when they belong to other services only), and, while they have not set a password, whether their
 * invitation's link is still open.
 */
export interface ExistingPerson extends StaffUser {
  rolesHere: Role[];
  invitation: 'open' | 'expired' | null;
}
