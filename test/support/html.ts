/**
 * Checks on the HTML and headers of a response that every page must pass: the CSP nonce on each script, and no
 * event-handler attribute that input could have smuggled in.
 */
import { within } from '@testing-library/dom';
import { parse, type DefaultTreeAdapterTypes } from 'parse5';
import type { Page } from './client.js';

type TreeElement = DefaultTreeAdapterTypes.Element;
type TreeParent = DefaultTreeAdapterTypes.ParentNode;

/**
 * Every element of an HTML response, in document order, from parse5's own tree (the parser jsdom uses) rather than
 * from `page.document`: the checks every page must pass read only tags and attributes, and a jsdom document with its
 * window cost 20 to 40 ms a page, most of the access-matrix crawl's time. As with `querySelectorAll`, a template's
 * content is not part of the document. Parsed once per page.
 */
const elementsByPage = new WeakMap<Page, TreeElement[]>();
function elementsOf(page: Page): TreeElement[] {
  let elements = elementsByPage.get(page);
  if (elements !== undefined) return elements;
  elements = [];
  if (String(page.headers['content-type'] ?? '').startsWith('text/html')) {
    const found = elements;
    const walk = (node: TreeParent) => {
      for (const child of node.childNodes) {
        if (!('tagName' in child)) continue;
        found.push(child);
        walk(child);
      }
    };
    // As jsdom parses (scripting off), so that what is inside <noscript> is elements too.
    walk(parse(page.body, { scriptingEnabled: false }));
  }
  elementsByPage.set(page, elements);
  return elements;
}

function attribute(element: TreeElement, name: string): string | null {
  return element.attrs.find((a) => a.name === name && a.namespace === undefined)?.value ?? null;
}

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
  return elementsOf(page)
    .filter((e) => e.tagName === 'script')
    .map((s) => ({ nonce: attribute(s, 'nonce'), src: attribute(s, 'src') }));
}

/** Attributes such as onerror or onclick anywhere in the page: there should never be one. */
export function eventHandlerAttributes(page: Page): string[] {
  const found: string[] = [];
  for (const element of elementsOf(page)) {
    for (const { name } of element.attrs) {
      if (name.toLowerCase().startsWith('on')) found.push(`${element.tagName.toUpperCase()}[${name}]`);
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
