/**
 * Fills a template's `((field))` placeholders, as GOV.UK Notify does. The result is plain text: nothing is escaped
 * here, because nothing here is HTML. Whoever shows it (a page with autoescaping, a text message) treats it as text.
 */
import type { Channel, Personalisation } from './message.js';
import { TEMPLATES, type TemplateKey } from './templates.js';

const PLACEHOLDER = /\(\(([a-z_]+)\)\)/gu;

export interface RenderedMessage {
  subject: string | null;
  body: string;
}

/** The placeholders a piece of wording uses, in order of first use. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

function fill(text: string, personalisation: Personalisation): string {
  // One pass over the wording: a value that itself contains `((...))` is left as the person typed it.
  return text.replace(PLACEHOLDER, (_, field: string) => {
    const value = personalisation[field];
    if (value === undefined) throw new Error(`No value for the placeholder ((${field}))`);
    return value;
  });
}

export function renderMessage(
  template: TemplateKey,
  channel: Channel,
  personalisation: Personalisation,
): RenderedMessage {
  const wording = (TEMPLATES[template].wording as Partial<Record<Channel, { subject?: string; body: string }>>)[
    channel
  ];
  if (wording === undefined) throw new Error(`The template ${template} is not sent by ${channel}`);
  return {
    subject: wording.subject === undefined ? null : fill(wording.subject, personalisation),
    body: fill(wording.body, personalisation),
  };
}
