/**
 * The dispatcher's port for one-time links (docs/adr/0029). A message that carries one is queued with a placeholder;
 * at the moment of sending, the dispatcher asks the minter for a fresh secret for the message's subject (the draft a
 * resume link opens). The minter stores only the secret's hash, in the row it belongs to, replacing any earlier one,
 * and the secret goes to the provider and nowhere else. A retry mints again; the secret of an attempt that failed was
 * never delivered, and stops working.
 */
import type { OneTimeLinkKind } from '../../domain/notifications/one-time-links.js';

export interface LinkSubject {
  serviceId: string;
  subjectType: string | null;
  subjectId: string | null;
}

/** A fresh secret for the subject's link, or null when there is nothing left for it to open (a submitted draft). */
export type LinkMinter = (about: LinkSubject) => Promise<string | null>;

/** The minters by kind, as composition registers them. */
export type LinkMinters = Readonly<Record<OneTimeLinkKind, LinkMinter>>;
