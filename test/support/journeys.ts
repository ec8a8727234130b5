/** Steps that many tests share, done the way a person does them. */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../src/web/paths.js';
import type { CreatedStaff } from './builders.js';
import { TestClient, type FormFields, type Page } from './client.js';

export async function signIn(client: TestClient, staff: Pick<CreatedStaff, 'email' | 'password'>): Promise<Page> {
  await client.get(paths.signIn.build());
  const result = await client.post(paths.signIn.build(), { email: staff.email, password: staff.password });
  if (result.status !== 303) throw new Error(`Sign-in failed with ${String(result.status)}`);
  return client.follow(result);
}

/** A client of the app signed in as this member of staff. */
export async function signedIn(
  app: FastifyInstance,
  staff: Pick<CreatedStaff, 'email' | 'password'>,
): Promise<TestClient> {
  const client = new TestClient(app);
  await signIn(client, staff);
  return client;
}

/**
 * Takes a triage decision through its page, as a clinician does: opens the decision page (for its form token) and
 * posts the fields (with `version`, the referral's version the page was shown at, unless the fields give another).
 */
export async function decideOnPage(
  client: TestClient,
  referralId: string,
  action: string,
  fields: FormFields,
): Promise<Page> {
  const path = `/staff/triage/referrals/${referralId}/decision/${action}`;
  await client.get(path);
  return client.post(path, { version: '1', ...fields });
}
