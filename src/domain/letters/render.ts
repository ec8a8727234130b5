/**
 * A composed letter as HTML (kept with the letter as the record of what was sent) and as plain text (the body of the
 * e-mail). Every value is text: the HTML escapes each one, so a name such as `<script>` or `{{7*7}}` reads exactly as
 * it was typed, and nothing here is ever treated as a template afterwards.
 */
import type { Letter } from './compose.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (c) => ESCAPES[c] ?? c);
}

/** Escaped text whose line breaks become `<br>`. */
function lines(text: string): string {
  return text.split('\n').map(escapeHtml).join('<br>');
}

/** A whole HTML document holding the letter, in the order a printed letter reads. */
export function letterHtml(letter: Omit<Letter, 'recipient'>): string {
  const from = [letter.sender.serviceName, letter.sender.organisationName, `Telephone: ${letter.sender.telephone}`];
  const to = [letter.recipientName, ...letter.addressLines];
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    `<head><meta charset="utf-8"><title>${escapeHtml(letter.subject)}</title></head>`,
    '<body>',
    '<article class="letter">',
    `<address class="letter__from">${from.map(escapeHtml).join('<br>')}</address>`,
    `<address class="letter__to">${to.map(escapeHtml).join('<br>')}</address>`,
    `<p class="letter__date">${escapeHtml(letter.date)}</p>`,
    `<h1 class="letter__subject">${escapeHtml(letter.subject)}</h1>`,
    ...letter.paragraphs.map((p) => `<p>${lines(p)}</p>`),
    '</article>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The letter as the body of an e-mail: its date and paragraphs. The subject travels as the e-mail's subject. */
export function letterText(letter: Omit<Letter, 'recipient'>): string {
  return [letter.date, ...letter.paragraphs].join('\n\n');
}
