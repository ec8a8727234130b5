/**
 * A real OpenID provider for the tests (the `oidc-provider` package, in this process, on a random port), standing in
 * for NHS Care Identity Service 2: discovery, authorisation with PKCE, its own login and consent pages (the package's
 * development pages), tokens signed with its own keys, and UserInfo. People are added by `sub` with their claims.
 *
 * `signInAt` is a browser stand-in for the provider's pages over real HTTP: it follows the redirects, signs in as a
 * given person, consents, and stops at the address the provider sends the browser back to (Otway's callback).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const OIDC_CLIENT_ID = 'otway-test';
export const OIDC_CLIENT_SECRET = 'otway-test-secret-0123456789abcdef';
/** Another client registered at the same provider, whose codes Otway must not accept. */
export const OTHER_CLIENT_ID = 'another-application';

export interface PersonAtProvider {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestOidcProvider {
  issuer: string;
  people: Map<string, PersonAtProvider>;
  /** Seconds an ID token is valid for (the provider's default is an hour). */
  idTokenSeconds: number;
  /** The environment that points Otway at this provider. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startOidcProvider(redirectUris: string[]): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  const people = new Map<string, PersonAtProvider>();
  const handle: TestOidcProvider = {
    issuer,
    people,
    idTokenSeconds: 3600,
    env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
  const client = (id: string) => ({
    client_id: id,
    client_secret: OIDC_CLIENT_SECRET,
    redirect_uris: redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  });
  const provider = new Provider(issuer, {
    clients: [client(OIDC_CLIENT_ID), client(OTHER_CLIENT_ID)],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['a-test-cookie-key-that-is-long-enough'] },
    pkce: { required: () => true, methods: ['S256'] },
    ttl: { IdToken: () => handle.idTokenSeconds, AccessToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    findAccount: (_ctx, sub) => {
      const person = people.get(sub);
      if (person === undefined) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...person }) };
    },
  });
  server.on('request', provider.callback());
  return handle;
}

/** A cookie jar for one browser at the provider (paths ignored: the latest cookie of a name wins). */
class Jar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair === undefined || at < 0) continue;
      const value = pair.slice(at + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/iu.test(line)) this.cookies.delete(pair.slice(0, at));
      else this.cookies.set(pair.slice(0, at), value);
    }
  }
}

/**
 * Follows an authorisation request through the provider's login and consent pages as `sub`, and returns the address
 * the provider sends the browser back to (the callback, with its code or error), without visiting it.
 */
export async function signInAt(authorizationUrl: string, sub: string, returnsTo: string): Promise<URL> {
  const jar = new Jar();
  let next = new URL(authorizationUrl);
  let form: { action: string; fields: Record<string, string> } | undefined;
  for (let step = 0; step < 20; step++) {
    if (next.href.startsWith(returnsTo)) return next;
    const response = await fetch(next, {
      method: form === undefined ? 'GET' : 'POST',
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(form !== undefined && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(form !== undefined && { body: new URLSearchParams(form.fields).toString() }),
    });
    jar.keep(response);
    form = undefined;
    const location = response.headers.get('location');
    if (location !== null) {
      next = new URL(location, next);
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/u.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/u.exec(html)?.[1];
    if (action === undefined || prompt === undefined) {
      throw new Error(`The provider answered ${String(response.status)} without a form: ${html.slice(0, 300)}`);
    }
    next = new URL(action, next);
    form = { action, fields: prompt === 'login' ? { prompt, login: sub, password: 'any' } : { prompt } };
  }
  throw new Error('The provider did not send the browser back');
}
