/**
 * One-time links (bearer links): whoever holds one can act as the person it was sent to, so the link itself is never
 * stored (docs/adr/0029). A message that carries one is queued with a placeholder in its place: the link's address up
 * to where the secret goes, then a mark. The dispatcher asks a link minter for a fresh secret at the moment of
 * sending, puts it where the mark is for the provider alone, and keeps nothing of it.
 */

/** What can be minted, each by the use case that owns the token's row (a draft's resume link). */
export const ONE_TIME_LINK_KINDS = ['referral-draft-resume', 'password-reset', 'family-link'] as const;
export type OneTimeLinkKind = (typeof ONE_TIME_LINK_KINDS)[number];

/** Where the secret goes, in a queued message and in anything shown afterwards. */
export const LINK_MARK = '•••••••';
/** How a one-time link reads wherever it is shown after sending. */
export const LINK_NOT_SHOWN = `${LINK_MARK} (one-time link, not shown)`;

/** The placeholder queued in place of a link: its address up to the secret (`https://x/refer/resume/`), then the mark. */
export function linkPlaceholder(addressBeforeSecret: string): string {
  return `${addressBeforeSecret}${LINK_MARK}`;
}

export function isLinkPlaceholder(value: string): boolean {
  return value.endsWith(LINK_MARK) && value.indexOf(LINK_MARK) === value.length - LINK_MARK.length;
}

/** The real link, for the provider only: the secret where the mark was. */
export function fillLink(placeholder: string, secret: string): string {
  if (!isLinkPlaceholder(placeholder)) throw new Error('Not a one-time link placeholder');
  return `${placeholder.slice(0, -LINK_MARK.length)}${encodeURIComponent(secret)}`;
}

/** The placeholder as people see it afterwards: the address, the mark, and why nothing follows it. */
export function shownLink(placeholder: string): string {
  return isLinkPlaceholder(placeholder)
    ? `${placeholder.slice(0, -LINK_MARK.length)}${LINK_NOT_SHOWN}`
    : LINK_NOT_SHOWN;
}

/**
 * Takes a link out of text stored before links were minted at sending: the last path segment of any address that
 * ends in one of the given paths' secrets (43 URL-safe characters, as newToken makes them).
 */
export function redactStoredLinks(text: string): string {
  return text.replace(/(https?:\/\/[^\s]*\/(?:resume|activate)\/)[A-Za-z0-9_%-]{20,}/gu, `$1${LINK_NOT_SHOWN}`);
}
