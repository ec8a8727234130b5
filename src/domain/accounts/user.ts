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
