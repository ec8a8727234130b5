/**
 * Test data builders with named traits: `aStaffMember().withRoles('admin').disabled().create(deps)`.
 * They write through the same repositories as the application.
 */
import { randomUUID } from 'node:crypto';
import type { Dependencies } from '../../src/composition.js';
import { insertUser, replaceRoles } from '../../src/data/accounts/users.repository.js';
import type { Role } from '../../src/domain/access/roles.js';
import type { UserStatus } from '../../src/domain/accounts/user.js';
import { hashPassword } from '../../src/services/accounts/password-hasher.js';
import { LLR } from './test-app.js';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export interface CreatedStaff {
  id: string;
  email: string;
  displayName: string;
  password: string;
}

class StaffBuilder {
  private roles = new Map<string, Role[]>();
  private status: UserStatus = 'active';
  private name = 'Alex Morgan';
  private email: string | undefined;

  called(name: string): this {
    this.name = name;
    return this;
  }

  withEmail(email: string): this {
    this.email = email;
    return this;
  }

  /** Roles in a service (LLR unless named). */
  withRoles(...roles: Role[]): this {
    return this.inService(LLR, ...roles);
  }

  inService(serviceId: string, ...roles: Role[]): this {
    this.roles.set(serviceId, roles);
    return this;
  }

  disabled(): this {
    this.status = 'disabled';
    return this;
  }

  invited(): this {
    this.status = 'invited';
    return this;
  }

  async create(deps: Dependencies): Promise<CreatedStaff> {
    const id = randomUUID();
    const email = this.email ?? `staff-${id.slice(0, 8)}@nhs.test`;
    passwordHash ??= hashPassword(TEST_PASSWORD);
    const now = deps.clock().toISOString();
    await insertUser(
      deps.database.db,
      {
        id,
        email,
        displayName: this.name,
        status: this.status,
        passwordHash: this.status === 'invited' ? null : await passwordHash,
      },
      now,
    );
    for (const [serviceId, roles] of this.roles) await replaceRoles(deps.database.db, serviceId, id, roles, null, now);
    return { id, email, displayName: this.name, password: TEST_PASSWORD };
  }
}

export function aStaffMember(): StaffBuilder {
  return new StaffBuilder();
}
