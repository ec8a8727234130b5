/**
 * Where the checker keeps its answers between pages: in the person's own browser, in one cookie sealed with
 * AES-256-GCM under a key derived from the instance's secret. The server stores nothing: no session row, no database
 * write, no log line with an answer in it. The cookie lasts until the browser closes, and its answers expire an hour
 * after the last one was given, so a shared computer does not keep them for the next person.
 *
 * The cookie also carries a random token that each question form sends back: a double-submit check, so another
 * website cannot change someone's answers by posting to the checker (see ADR 0013).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Answers } from '../../../domain/forms/fields.js';

export const ANSWERS_LIFETIME_MS = 60 * 60 * 1000;
/** Browsers keep cookies of up to about 4 KB; sealed answers are far smaller, and anything larger is refused. */
const MAX_COOKIE_LENGTH = 3800;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface CheckerState {
  service: string;
  token: string;
  savedAt: number;
  answers: Answers;
}

/** An answer as the checker's fields keep it: a code, a date, or a list of codes (ADR 0026). */
const answer = z.union([
  z.string().regex(/^[A-Za-z0-9-]{1,63}$/u),
  z.array(z.string().regex(/^[a-z0-9-]{1,63}$/u)).max(50),
]);

/**
 * What a cookie may hold: the answers to the checker's own questions, by name. It was sealed by this server, but an
 * older version of Otway may have sealed it: then it is treated as absent, and the person starts again.
 */
function stateSchema(answerNames: readonly string[]) {
  return z.strictObject({
    service: z.string().regex(/^[a-z0-9-]{1,63}$/u),
    token: z.string().regex(/^[A-Za-z0-9_-]{22}$/u),
    savedAt: z.number().int().nonnegative(),
    answers: z.strictObject(Object.fromEntries(answerNames.map((name) => [name, answer.optional()]))),
  });
}

export function checkerCookieName(secure: boolean): string {
  return secure ? '__Host-otway-checker' : 'otway-checker';
}

/** `answerNames` are the names of the checker's questions: a cookie with any other answer is refused. */
export function answersCookie(secret: string, secure: boolean, answerNames: readonly string[]) {
  const schema = stateSchema(answerNames);
  const name = checkerCookieName(secure);
  const key = Buffer.from(hkdfSync('sha256', secret, 'otway', 'checker-answers-v2', 32));
  const aad = Buffer.from(name);

  return {
    name,
    options: { path: '/', httpOnly: true, sameSite: 'lax', secure } as const,

    /** A new, empty set of answers for a service, with a fresh token. */
    fresh(service: string, now: number): CheckerState {
      return { service, token: randomBytes(16).toString('base64url'), savedAt: now, answers: {} };
    },

    seal(state: CheckerState): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad);
      const body = Buffer.concat([cipher.update(JSON.stringify(state), 'utf8'), cipher.final()]);
      const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
      if (sealed.length > MAX_COOKIE_LENGTH) throw new Error('The checker answers are too large for a cookie.');
      return sealed;
    },

    /** The answers in a cookie, or null when there is none, it was not sealed here, or it has expired. */
    open(value: string | undefined, service: string, now: number): CheckerState | null {
      if (value === undefined || value.length > MAX_COOKIE_LENGTH || !/^[A-Za-z0-9_-]+$/u.test(value)) return null;
      const raw = Buffer.from(value, 'base64url');
      if (raw.length <= IV_BYTES + TAG_BYTES) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAAD(aad);
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
        const parsed = schema.safeParse(JSON.parse(text.toString('utf8')));
        if (!parsed.success) return null;
        const state = parsed.data as CheckerState;
        if (state.service !== service || now - state.savedAt > ANSWERS_LIFETIME_MS || state.savedAt > now + 60_000) {
          return null;
        }
        return state;
      } catch {
        return null;
      }
    },
  };
}

export type AnswersCookie = ReturnType<typeof answersCookie>;
