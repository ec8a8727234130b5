/**
 * Whether a message can be queued: a known template, a channel it goes by, a recipient that suits the channel, and
 * exactly the personalisation fields the template needs. A problem here is a programming error in the caller, not
 * something a person typed: the caller's own form has already checked what people typed.
 */
import { codePointLength } from '../shared/text.js';
import { isChannel, type Personalisation } from './message.js';
import { isValidRecipient } from './recipient.js';
import { isLinkPlaceholder } from './one-time-links.js';
import { isTemplateKey, oneTimeLinkFields, TEMPLATES, templateChannels } from './templates.js';

/** Notify's own limit on a reference is far higher; ours are ids. Values are kept well under Notify's 2 MB body. */
export const MAX_FIELD_LENGTH = 2_000;

export interface MessageToCheck {
  template: string;
  channel: string;
  recipient: string;
  personalisation: Record<string, unknown>;
  /** The id of what the message is about; a one-time link is minted from it. */
  subjectId?: string | null;
}

export function messageProblems(message: MessageToCheck): string[] {
  const { template, channel, recipient, personalisation } = message;
  if (!isTemplateKey(template)) return [`unknown template "${template}"`];
  if (!isChannel(channel) || !templateChannels(template).includes(channel)) {
    return [`${template} is not sent by "${channel}"`];
  }
  const problems: string[] = [];
  if (!isValidRecipient(channel, recipient)) problems.push(`the recipient is not a valid ${channel} address`);
  const fields: readonly string[] = TEMPLATES[template].fields;
  for (const field of fields) {
    const value = personalisation[field];
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${field} is missing`);
    else if (codePointLength(value) > MAX_FIELD_LENGTH) problems.push(`${field} is too long`);
  }
  for (const field of Object.keys(personalisation)) {
    if (!fields.includes(field)) problems.push(`${field} is not a field of ${template}`);
  }
  // A one-time link is made at sending and never stored: only its placeholder may be queued (docs/adr/0029).
  const links = oneTimeLinkFields(template);
  for (const [field] of links) {
    const value = personalisation[field];
    if (typeof value === 'string' && value.trim() !== '' && !isLinkPlaceholder(value)) {
      problems.push(`${field} is a one-time link: queue its placeholder, never the link`);
    }
  }
  if (links.length > 0 && (message.subjectId === undefined || message.subjectId === null)) {
    problems.push(`${template} needs a subject to make its one-time link from`);
  }
  return problems;
}

/** The personalisation as the template wants it, once messageProblems has found nothing. */
export function cleanPersonalisation(personalisation: Record<string, unknown>): Personalisation {
  return Object.fromEntries(
    Object.entries(personalisation).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}
