/** Steps that many tests share, done the way a person does them. */
import { paths } from '../../src/web/paths.js';
import type { CreatedStaff } from './builders.js';
import type { Page, TestClient } from './client.js';

export async function signIn(client: TestClient, staff: Pick<CreatedStaff, 'email' | 'password'>): Promise<Page> {
  await client.get(paths.signIn.build());
  const result = await client.post(paths.signIn.build(), { email: staff.email, password: staff.password });
  if (result.status !== 303) throw new Error(`Sign-in failed with ${String(result.status)}`);
  return client.follow(result);
}
