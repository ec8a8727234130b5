/**
 * Checks on the HTML and headers of a response that every page must pass: the CSP nonce on each script, and no
 * event-handler attribute that input could have smuggled in.
 */
import { within } from '@testing-library/dom';
import type { Page } from './client.js';

/** The Content-Security-Policy header as a map of directive to its sources. */
export function cspDirectives(page: Page): Map<string, string[]> {
  const header = page.headers['content-security-policy'];
  if (typeof header !== 'string') throw new Error(`No Content-Security-Policy on a ${String(page.status)} response`);
  const directives = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/u);
    if (name !== undefined && name !== '') directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** The nonce that script-src allows, or throws when there is not exactly one. */
export function scriptNonce(page: Page): string {
  const nonces = (cspDirectives(page).get('script-src') ?? [])
    .map((s) => /^'nonce-([^']+)'$/u.exec(s)?.[1])
    .filter((n): n is string => n !== undefined);
  if (nonces.length !== 1) throw new Error(`Expected one script nonce, found ${String(nonces.length)}`);
  return nonces[0]!;
}

/** Every script element on the page, with its nonce attribute. */
export function scripts(page: Page): { nonce: string | null; src: string | null }[] {
  return [...page.document.querySelectorAll('script')].map((s) => ({
    nonce: s.getAttribute('nonce'),
    src: s.getAttribute('src'),
  }));
}

/** Attributes such as onerror or onclick anywhere in the page: there should never be one. */
export function eventHandlerAttributes(page: Page): string[] {
  const found: string[] = [];
  for (const element of page.document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      if (attribute.name.toLowerCase().startsWith('on')) found.push(`${element.tagName}[${attribute.name}]`);
    }
  }
  return found;
}

/** The page's text with whitespace collapsed, for matching sentences. */
export function text(node: { textContent: string | null } | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/gu, ' ').trim();
}

/** The error summary's messages (the links in its alert region), or [] when the page has none. */
export function errorSummary(page: Page): string[] {
  const alert = page.screen.queryByRole('alert');
  if (alert === null) return [];
  return within(alert)
    .queryAllByRole('link')
    .map((link) => text(link));
}

/** The error message tied to a field (through aria-describedby), found by the field's label. */
export function fieldError(page: Page, label: string | RegExp): string | null {
  const field = page.screen.getByLabelText(label);
  const ids = (field.getAttribute('aria-describedby') ?? '').split(/\s+/u).filter(Boolean);
  for (const id of ids) {
    const described = page.document.getElementById(id);
    if (described?.classList.contains('nhsuk-error-message') === true) {
      return text(described).replace(/^Error:\s*/u, '');
    }
  }
  return null;
}

/** The visible text of a table cell, without the headings that nhsuk's responsive tables hide from screen readers. */
function cellText(cell: Element): string {
  let out = '';
  for (const node of cell.childNodes) {
    if (node.nodeType === node.ELEMENT_NODE && (node as Element).getAttribute('aria-hidden') === 'true') continue;
    out += ` ${node.textContent ?? ''}`;
  }
  return out.replace(/\s+/gu, ' ').trim();
}

/**
 * A table found by its caption (its accessible name), as rows of { column header: cell text }. The rows and cells are
 * read through the table's own DOM (`rows`, `cells`): role queries per cell are far too slow on a 50-row page.
 */
export function tableRows(page: Page, caption: string | RegExp): Record<string, string>[] {
  const table = page.screen.getByRole<HTMLTableElement>('table', { name: caption, hidden: true });
  const [head, ...rows] = [...table.rows];
  if (head === undefined) return [];
  const headers = [...head.cells].map((h) => text(h));
  return rows.map((row) => Object.fromEntries(headers.map((h, i) => [h, row.cells[i] ? cellText(row.cells[i]) : ''])));
}
