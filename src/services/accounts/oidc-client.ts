/**
 * Otway as an OpenID Connect relying party, through `openid-client` (docs/adr/0033): the provider's metadata found
 * once (and looked for again after a failure), the authorisation request with PKCE (S256), state and nonce, and the
 * code exchanged for tokens, whose ID token openid-client checks (signature, issuer, audience, nonce, expiry; and the
 * `iss` of the authorisation response, against mix-up). Times are judged by Otway's clock, not the machine's.
 */
import * as client from 'openid-client';
import type { Clock } from '../shared/context.js';

export interface OidcSettings {
  /** The provider's issuer identifier; its metadata is at `/.well-known/openid-configuration` beneath it. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  tokenAuthMethod: 'client_secret_basic' | 'client_secret_post';
  /** Where the provider sends the browser back: BASE_URL and the callback's path. */
  redirectUri: string;
  scopes: string;
  /** The claim whose value must be an Otway account's e-mail address, the first time a person signs in. */
  linkClaim: string;
  /** Refuse an `email` link unless the provider says `email_verified: true`. */
  requireVerifiedEmail: boolean;
  /** Plain HTTP to the provider: a provider on this machine, outside production only. */
  allowHttp: boolean;
}

/** What the provider vouched for, once every check has passed. */
export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  /** The ID token's claims, and the UserInfo endpoint's where the ID token lacked the link claim. */
  claims: Record<string, unknown>;
}

/** Why a sign-in at the provider did not give a verified identity: for the audit trail, never for the page. */
export class OidcExchangeError extends Error {
  override name = 'OidcExchangeError';
  constructor(
    readonly reason: 'provider-unavailable' | 'provider-error' | 'token-refused',
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

const TIMEOUT_SECONDS = 10;

/** A short, log-safe account of what openid-client refused: its code, the claim at fault, the provider's error. */
function describe(err: unknown): string {
  if (err instanceof client.AuthorizationResponseError || err instanceof client.ResponseBodyError) {
    return `${err.error}${err.error_description === undefined ? '' : `: ${err.error_description}`}`.slice(0, 200);
  }
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    // openid-client wraps oauth4webapi's error, whose message and cause name the check that failed.
    const inner = err.cause instanceof Error ? err.cause : err;
    const cause = inner.cause;
    const claim = typeof cause === 'object' && cause !== null && 'claim' in cause ? ` (${String(cause.claim)})` : '';
    return `${typeof code === 'string' ? code : err.name}${claim}: ${inner.message}`.slice(0, 200);
  }
  return 'unknown error';
}

export function createOidcClient(settings: OidcSettings, clock: Clock) {
  let server: Promise<client.ServerMetadata> | undefined;
  // Plain HTTP only to a provider on this machine outside production (config.ts refuses it in production); the
  // library marks the switch deprecated so that it stands out, which is what this comment is for.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const execute = settings.allowHttp ? [client.allowInsecureRequests] : [];
  const auth =
    settings.tokenAuthMethod === 'client_secret_post'
      ? client.ClientSecretPost(settings.clientSecret)
      : client.ClientSecretBasic(settings.clientSecret);

  /** The provider's metadata, found once; a failed look-up is tried again by the next sign-in. */
  async function serverMetadata(): Promise<client.ServerMetadata> {
    server ??= client
      .discovery(new URL(settings.issuer), settings.clientId, undefined, auth, {
        execute,
        timeout: TIMEOUT_SECONDS,
      })
      .then((found) => ({ ...found.serverMetadata() }));
    try {
      return await server;
    } catch (err) {
      server = undefined;
      throw new OidcExchangeError('provider-unavailable', describe(err));
    }
  }

  /** A configuration whose idea of "now" is Otway's clock (the same instant in production; a test's clock in tests). */
  async function configuration(): Promise<client.Configuration> {
    const skew = Math.round((clock().getTime() - Date.now()) / 1000);
    const config = new client.Configuration(
      await serverMetadata(),
      settings.clientId,
      { [client.clockSkew]: skew },
      auth,
    );
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    for (const run of execute) run(config);
    config.timeout = TIMEOUT_SECONDS;
    return config;
  }

  /** Where to send the browser to sign in at the provider. */
  async function authorizationUrl(checks: { state: string; nonce: string; codeVerifier: string }): Promise<URL> {
    const config = await configuration();
    return client.buildAuthorizationUrl(config, {
      redirect_uri: settings.redirectUri,
      scope: settings.scopes,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
      state: checks.state,
      nonce: checks.nonce,
    });
  }

  /** The code in the callback exchanged and every check made; throws `OidcExchangeError` when one fails. */
  async function exchange(
    callbackUrl: URL,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<VerifiedIdentity> {
    const config = await configuration();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(
        config,
        callbackUrl,
        {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        },
        // The address registered with the provider, whatever the request's own host said.
        { redirect_uri: settings.redirectUri },
      );
    } catch (err) {
      const fromProvider = err instanceof client.AuthorizationResponseError;
      throw new OidcExchangeError(fromProvider ? 'provider-error' : 'token-refused', describe(err));
    }
    const idToken = tokens.claims();
    if (idToken === undefined) throw new OidcExchangeError('token-refused', 'no ID token');
    let claims: Record<string, unknown> = { ...idToken };
    if (claims[settings.linkClaim] === undefined) {
      try {
        const info = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
        claims = { ...info, ...idToken };
      } catch (err) {
        throw new OidcExchangeError('token-refused', `userinfo: ${describe(err)}`);
      }
    }
    return { issuer: idToken.iss, subject: idToken.sub, claims };
  }

  return { authorizationUrl, exchange, issuer: settings.issuer };
}

export type OidcClient = ReturnType<typeof createOidcClient>;
