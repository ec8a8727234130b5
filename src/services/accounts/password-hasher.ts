/**
 * argon2id with the OWASP-recommended parameters (19 MiB, two passes, one lane).
 */
import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id`: the package exports it as a const enum, which isolated modules cannot import. */
const ARGON2ID = 2;

const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** A hash of a random password, verified against when an account does not exist so that timing tells nothing. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  decoy ??= hashPassword(`decoy-${String(Math.random())}`);
  const target = storedHash ?? (await decoy);
  try {
    const ok = await verify(target, password);
    return storedHash !== null && ok;
  } catch {
    return false;
  }
}
