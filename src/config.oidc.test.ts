/** The single sign-on settings (docs/adr/0033): off unless set, all three together, https in production. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'otway-config-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const PROVIDER = {
  OIDC_ISSUER: 'https://am.nhsidentity.example.nhs.uk/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare',
  OIDC_CLIENT_ID: 'otway-llr',
  OIDC_CLIENT_SECRET: 'a-secret',
};

describe('loadConfig: single sign-on', () => {
  it('is off when no provider is set', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).oidc).toBeNull();
  });

  it('links by a verified e-mail address unless told otherwise', () => {
    expect(loadConfig({ DATA_DIR: dataDir, ...PROVIDER }).oidc).toEqual({
      issuer: PROVIDER.OIDC_ISSUER,
      clientId: 'otway-llr',
      clientSecret: 'a-secret',
      tokenAuthMethod: 'client_secret_basic',
      scopes: 'openid email',
      linkClaim: 'email',
      requireVerifiedEmail: true,
      allowHttp: false,
    });
  });

  it('takes another link claim, scopes and client authentication', () => {
    const oidc = loadConfig({
      DATA_DIR: dataDir,
      ...PROVIDER,
      OIDC_LINK_CLAIM: 'nhsid_useruid_email',
      OIDC_REQUIRE_EMAIL_VERIFIED: 'false',
      OIDC_SCOPES: 'openid profile email nationalrbacaccess',
      OIDC_TOKEN_AUTH_METHOD: 'client_secret_post',
    }).oidc;
    expect(oidc).toMatchObject({
      linkClaim: 'nhsid_useruid_email',
      requireVerifiedEmail: false,
      scopes: 'openid profile email nationalrbacaccess',
      tokenAuthMethod: 'client_secret_post',
    });
  });

  it('refuses to start with part of a provider’s settings', () => {
    const { OIDC_CLIENT_SECRET: _secret, ...partial } = PROVIDER;
    expect(() => loadConfig({ DATA_DIR: dataDir, ...partial })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir, OIDC_CLIENT_SECRET: 'a-secret' })).toThrow(/go together/u);
  });

  it('refuses bad values, naming the setting', () => {
    for (const [name, value] of [
      ['OIDC_ISSUER', 'javascript:alert(1)'],
      ['OIDC_SCOPES', 'email profile'],
      ['OIDC_LINK_CLAIM', 'email; drop table'],
      ['OIDC_TOKEN_AUTH_METHOD', 'none'],
      ['OIDC_REQUIRE_EMAIL_VERIFIED', 'yes'],
    ] as const) {
      expect(() => loadConfig({ DATA_DIR: dataDir, ...PROVIDER, [name]: value }), name).toThrow(name);
    }
  });

  it('allows a provider over plain HTTP outside production only', () => {
    const local = { ...PROVIDER, OIDC_ISSUER: 'http://127.0.0.1:4000' };
    expect(loadConfig({ DATA_DIR: dataDir, ...local }).oidc?.allowHttp).toBe(true);
    expect(() =>
      loadConfig({
        ...local,
        NODE_ENV: 'production',
        DATA_DIR: dataDir,
        SESSION_SECRET: 's'.repeat(32),
        BASE_URL: 'https://otway.example.nhs.uk',
      }),
    ).toThrow(/not https/u);
  });
});
