/**
 * The referral form's addresses under a service's prefix, and the cookie that holds a referrer's draft token (set
 * by the form's start and by staff registering a paper referral).
 */
import type { Config } from '../../../config.js';
import { publicPaths } from '../../paths.js';

export function referralCookieName(secure: boolean): string {
  return secure ? '__Host-otway-referral' : 'otway-referral';
}

/** The draft cookie: for the whole site, never read by scripts, kept as long as a draft is. */
export function referralCookieOptions(config: Pick<Config, 'secureCookies' | 'referralDraftDays'>) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    maxAge: config.referralDraftDays * 24 * 3600,
  } as const;
}

export function referralPaths(prefix: string) {
  const base = publicPaths(prefix).refer;
  return {
    start: base,
    begin: `${base}/start`,
    page: (id: string) => `${base}/${id}`,
    check: `${base}/check-your-answers`,
    /** Straight after a discharge date past the re-referral window: the parent cannot refer, and who can. */
    windowEnded: `${base}/cannot-refer-again`,
    confirmation: `${base}/confirmation`,
    save: `${base}/save-and-come-back-later`,
    upload: `${base}/attachments/upload`,
    removeFile: `${base}/attachments/remove`,
    resume: `${base}/resume/:token`,
    resumeLink: (token: string) => `${base}/resume/${encodeURIComponent(token)}`,
  };
}

export type ReferralPaths = ReturnType<typeof referralPaths>;
