/**
 * The second factor in tests (docs/adr/0032): codes computed as an authenticator app computes them, from the secret
 * the set-up page shows (as a person types it into the app), and the steps of signing in with a code.
 */
import type { Dependencies } from '../../src/composition.js';
import { findTwoFactor } from '../../src/data/accounts/two-factor.repository.js';
import { base32Decode } from '../../src/domain/accounts/base32.js';
import { totpAt } from '../../src/domain/accounts/totp.js';
import { createSecretBox } from '../../src/services/accounts/two-factor-secret-box.js';
import { paths } from '../../src/web/paths.js';
import type { CreatedStaff } from './builders.js';
import type { Page, TestClient } from './client.js';

/** The secret shown on the set-up page, as bytes. */
export function secretFromSetUpPage(page: Page): Uint8Array {
  const shown = page.document.querySelector('#secret-key')?.textContent ?? '';
  const secret = base32Decode(shown);
  if (secret === null || secret.length === 0) throw new Error('The set-up page shows no secret');
  return secret;
}

/** The code an app shows at an instant (the app's clock being the server's). */
export const codeAt = (secret: Uint8Array, at: Date): string => totpAt(secret, at);

/** A person's stored secret, opened with the server's key: for tests that did not go through the set-up page. */
export async function storedSecret(deps: Dependencies, userId: string): Promise<Uint8Array> {
  const stored = await findTwoFactor(deps.database.db, userId);
  const secret =
    stored === undefined ? null : createSecretBox(deps.config.sessionSecret).open(userId, stored.secretSealed);
  if (secret === null) throw new Error('No second factor stored for this person');
  return secret;
}

/** Password, then the set-up page: returns the secret the app would hold and the recovery-codes page. */
export async function signInAndSetUp(
  client: TestClient,
  deps: Dependencies,
  staff: Pick<CreatedStaff, 'email' | 'password'>,
): Promise<{ secret: Uint8Array; recoveryCodes: string[]; page: Page }> {
  await client.get(paths.signIn.build());
  const password = await client.post(paths.signIn.build(), { email: staff.email, password: staff.password });
  if (password.location !== paths.signInSetUp.build())
    throw new Error(`Expected set-up, got ${String(password.location)}`);
  const setUp = await client.get(paths.signInSetUp.build());
  const secret = secretFromSetUpPage(setUp);
  const page = await client.post(paths.signInSetUp.build(), { code: codeAt(secret, deps.clock()) });
  if (page.status !== 200) throw new Error(`Set-up failed with ${String(page.status)}`);
  const recoveryCodes = [...page.document.querySelectorAll('.app-recovery-codes code')].map((c) => c.textContent);
  return { secret, recoveryCodes, page };
}

/** Password, then a code: the whole sign-in of someone whose app is set up. */
export async function signInWithCode(
  client: TestClient,
  staff: Pick<CreatedStaff, 'email' | 'password'>,
  code: string,
): Promise<Page> {
  await client.get(paths.signIn.build());
  const password = await client.post(paths.signIn.build(), { email: staff.email, password: staff.password });
  if (password.location !== paths.signInCode.build())
    throw new Error(`Expected the code page, got ${String(password.location)}`);
  await client.get(paths.signInCode.build());
  return client.post(paths.signInCode.build(), { code });
}
