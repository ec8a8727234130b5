/**
 * Seals a person's TOTP secret for storage: AES-256-GCM under a key derived (HKDF-SHA-256) from the server's secret,
 * which the database does not hold, with the person's id as associated data (a sealed secret copied to another
 * account does not open). Stored as `v1.<iv>.<tag>.<ciphertext>`, each base64url.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const INFO = 'otway/staff-totp-secret/v1';

export interface SecretBox {
  seal(userId: string, secret: Uint8Array): string;
  /** The secret, or null when the sealed text was not made by this server's key for this person (or is damaged). */
  open(userId: string, sealed: string): Uint8Array | null;
}

export function createSecretBox(serverSecret: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', serverSecret, 'otway', INFO, 32));
  return {
    seal(userId, secret) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(userId));
      const body = Buffer.concat([cipher.update(secret), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(userId, sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(userId));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return new Uint8Array(Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]));
      } catch {
        return null;
      }
    },
  };
}
