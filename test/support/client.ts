/**
 * A browser stand-in over `app.inject`: it keeps cookies, reads each HTML page as a DOM (queried by role and label,
 * as a person reads it) and sends forms with the page's own CSRF token, exactly as a browser would.
 */
import { queries, within, type BoundFunctions } from '@testing-library/dom';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { JSDOM } from 'jsdom';
import { csrfTokenOf } from './http-client.js';

export interface Page {
  status: number;
  headers: LightMyRequestResponse['headers'];
  body: string;
  /** The page's DOM; empty for responses that are not HTML. */
  document: Document;
  screen: BoundFunctions<typeof queries>;
  /** Where a redirect points, if the response was one. */
  location: string | undefined;
}

export type FormFields = Record<string, string | string[]>;

/**
 * The page a response makes. Its DOM is built the first time a test reads `document` or `screen`: most requests of a
 * test are set-up whose pages are never looked at (redirects, the crawl's hundreds of pages, files), and building a
 * DOM cost more than Otway took to answer.
 */
export function toPage(response: LightMyRequestResponse): Page {
  const isHtml = String(response.headers['content-type'] ?? '').startsWith('text/html');
  const location = response.headers.location;
  let document: Document | undefined;
  let screen: BoundFunctions<typeof queries> | undefined;
  const dom = (): Document =>
    (document ??= new JSDOM(isHtml ? response.body : '<!DOCTYPE html><body></body>').window.document);
  return {
    status: response.statusCode,
    headers: response.headers,
    body: response.body,
    get document() {
      return dom();
    },
    get screen() {
      return (screen ??= within(dom().body));
    },
    location: typeof location === 'string' ? location : undefined,
  };
}

export function encodeForm(fields: FormFields): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  }
  return params.toString();
}

export class TestClient {
  readonly cookies = new Map<string, string>();
  /** The CSRF token of the last page that carried one. */
  csrfToken: string | undefined;

  constructor(
    private readonly app: FastifyInstance,
    private readonly ip = '127.0.0.1',
  ) {}

  private cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: LightMyRequestResponse): void {
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires !== undefined && c.expires.getTime() <= Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  async request(
    method: 'GET' | 'POST',
    url: string,
    options: { payload?: string | Buffer; headers?: Record<string, string> } = {},
  ): Promise<Page> {
    const cookie = this.cookieHeader();
    const response = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: { ...(cookie !== undefined && { cookie }), ...options.headers },
      ...(options.payload !== undefined && { payload: options.payload }),
    });
    this.remember(response);
    const page = toPage(response);
    const token = String(response.headers['content-type'] ?? '').startsWith('text/html')
      ? csrfTokenOf(response.body)
      : undefined;
    if (token !== undefined) this.csrfToken = token;
    return page;
  }

  get(url: string): Promise<Page> {
    return this.request('GET', url);
  }

  /** Posts a form as a browser does, with the CSRF token from the last page unless one is given. */
  post(url: string, fields: FormFields = {}, options: { csrf?: string | null } = {}): Promise<Page> {
    const token = options.csrf === undefined ? this.csrfToken : options.csrf;
    const all = token === null || token === undefined ? fields : { _csrf: token, ...fields };
    return this.request('POST', url, {
      payload: encodeForm(all),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  /** Follows a redirect the way a browser does after a POST. */
  async follow(page: Page): Promise<Page> {
    if (page.location === undefined) throw new Error(`Expected a redirect, got ${String(page.status)}`);
    return this.get(page.location);
  }
}
