/**
 * A browser stand-in over real HTTP, for tests and benchmarks that talk to a running server (a child process, or an
 * app listening on a port) rather than to `app.inject`. It keeps cookies, remembers the CSRF token of the last page
 * that carried one, and sends forms the way a browser does. It reads HTML with a regular expression, not a DOM:
 * hundreds of journeys of thirty pages each would spend more time in jsdom than in the server under test.
 *
 * Network failures (a refused or reset connection, a server killed mid-answer) are thrown as `NetworkError`, so a
 * caller can tell "no answer" (try again) from an answer it did not expect.
 */
import type { FormFields } from './client.js';

export interface HttpPage {
  status: number;
  body: string;
  /** Where a redirect points, if the response was one. */
  location: string | undefined;
}

/** The request got no answer: the connection was refused, reset or closed before a response arrived. */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

const CSRF = /<input type="hidden" name="_csrf" value="([^"]*)">/u;
const REFERENCE = /class="nhsuk-panel__body"[^>]*>[\s\S]*?<strong>([^<]+)<\/strong>/u;

/**
 * A form as `application/x-www-form-urlencoded`, a field with several values repeated (as a browser sends
 * checkboxes). The same as client.ts's, which cannot be imported without loading jsdom into the benchmarks.
 */
export function encodeForm(fields: FormFields): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  }
  return params.toString();
}

/** The form token a page carries, if it has a form. */
export function csrfTokenOf(html: string): string | undefined {
  return CSRF.exec(html)?.[1];
}

/** The reference shown on the referral confirmation page, if the page is that one. */
export function referenceOf(html: string): string | undefined {
  return REFERENCE.exec(html)?.[1]?.trim();
}

export class HttpClient {
  readonly cookies = new Map<string, string>();
  /** The CSRF token of the last page that carried one. */
  csrfToken: string | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 30_000,
  ) {}

  private cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [key = '', v = ''] = a.split('=');
        const k = key.trim().toLowerCase();
        return (k === 'max-age' && Number(v) <= 0) || (k === 'expires' && Date.parse(v) <= Date.now());
      });
      if (value === '' || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: 'GET' | 'POST', path: string, body?: string): Promise<HttpPage> {
    const cookie = this.cookieHeader();
    const headers: Record<string, string> = {};
    if (cookie !== undefined) headers.cookie = cookie;
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined && { body }),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // Reading the body can fail too, when the server dies after sending the headers.
      text = await response.text();
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      throw new NetworkError(`${method} ${path} got no answer (${String(error)}${cause})`, { cause: error });
    }
    this.remember(response.headers);
    const token = csrfTokenOf(text);
    if (token !== undefined) this.csrfToken = token;
    return { status: response.status, body: text, location: response.headers.get('location') ?? undefined };
  }

  get(path: string): Promise<HttpPage> {
    return this.request('GET', path);
  }

  /** Posts a form with the CSRF token from the last page unless one is given (`null` sends none). */
  post(path: string, fields: FormFields = {}, options: { csrf?: string | null } = {}): Promise<HttpPage> {
    const token = options.csrf === undefined ? this.csrfToken : options.csrf;
    const all = token === null || token === undefined ? fields : { _csrf: token, ...fields };
    return this.request('POST', path, encodeForm(all));
  }
}
