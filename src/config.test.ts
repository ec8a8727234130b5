import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

const SECRET = 's'.repeat(32);

/** The error loadConfig throws for an environment, which must be a ConfigError. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig: defaults for the embedded mode', () => {
  it('listens on port 3000 with SQLite under ./data', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.env).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.host).toBe('localhost');
    expect(config.databaseUrl).toBe('sqlite:./data/otway.db');
    expect(config.baseUrl).toBe('http://localhost:3000');
    expect(config.secureCookies).toBe(false);
    expect(config.session).toEqual({ idleMinutes: 30, absoluteHours: 10 });
    expect(config.signIn).toEqual({ maxFailures: 5, lockoutMinutes: 15, ratePerMinute: 30 });
    expect(config.trustProxy).toBe(false);
    expect(config.dataDir).toBe(dataDir);
  });

  it('does not read process.env when given an environment', () => {
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '8081', HOST: '0.0.0.0' });
    expect(config.port).toBe(8081);
    expect(config.baseUrl).toBe('http://0.0.0.0:8081');
  });

  it('accepts a PostgreSQL URL', () => {
    const url = 'postgres://otway:pw@db.internal:5432/otway';
    expect(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: 'postgresql://db/otway' }).databaseUrl).toBe(
      'postgresql://db/otway',
    );
  });
});

describe('loadConfig: bad settings', () => {
  it.each(['mysql://db/otway', 'otway.db', 'sqlite:', 'postgres://'])('names DATABASE_URL for %j', (url) => {
    expect(configError({ DATA_DIR: dataDir, DATABASE_URL: url }).message).toMatch(/DATABASE_URL/u);
  });

  it.each(['abc', '70000', '-1', '3000.5'])('names PORT for %j', (port) => {
    expect(configError({ DATA_DIR: dataDir, PORT: port }).message).toMatch(/PORT/u);
  });

  it('names a session secret that is too short', () => {
    expect(configError({ DATA_DIR: dataDir, SESSION_SECRET: 'short' }).message).toMatch(/SESSION_SECRET/u);
  });

  it.each(['ftp://otway.example', 'javascript:alert(1)', 'otway.example'])('names BASE_URL for %j', (url) => {
    expect(configError({ DATA_DIR: dataDir, BASE_URL: url }).message).toMatch(/BASE_URL/u);
  });

  it('names every bad setting at once', () => {
    const message = configError({ DATA_DIR: dataDir, PORT: 'abc', LOG_LEVEL: 'loud', NODE_ENV: 'staging' }).message;
    expect(message).toMatch(/PORT/u);
    expect(message).toMatch(/LOG_LEVEL/u);
    expect(message).toMatch(/NODE_ENV/u);
  });
});

describe('loadConfig: production', () => {
  const production = { NODE_ENV: 'production', DATA_DIR: undefined as string | undefined };

  it('refuses to start without SESSION_SECRET or BASE_URL, naming both', () => {
    const message = configError({ ...production, DATA_DIR: dataDir }).message;
    expect(message).toMatch(/SESSION_SECRET/u);
    expect(message).toMatch(/BASE_URL/u);
  });

  it('refuses to start without SESSION_SECRET', () => {
    const err = configError({ ...production, DATA_DIR: dataDir, BASE_URL: 'https://otway.example' });
    expect(err.message).toMatch(/SESSION_SECRET/u);
    expect(err.message).not.toMatch(/BASE_URL/u);
  });

  it('refuses to start without BASE_URL', () => {
    const err = configError({ ...production, DATA_DIR: dataDir, SESSION_SECRET: SECRET });
    expect(err.message).toMatch(/BASE_URL/u);
  });

  it('starts with both, and writes no secret file', () => {
    const config = loadConfig({
      ...production,
      DATA_DIR: dataDir,
      SESSION_SECRET: SECRET,
      BASE_URL: 'https://otway.example/',
    });
    expect(config.sessionSecret).toBe(SECRET);
    expect(config.baseUrl).toBe('https://otway.example');
    expect(() => statSync(join(dataDir, 'session-secret'))).toThrow();
  });
});

describe('loadConfig: the embedded session secret', () => {
  it('is created once, readable only by its owner, and reused on the next load', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    const file = join(dataDir, 'session-secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first.sessionSecret);
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(32);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.sessionSecret).toBe(first.sessionSecret);
  });

  it('is made in a data directory that does not exist yet', () => {
    const deeper = join(dataDir, 'not', 'yet');
    expect(loadConfig({ DATA_DIR: deeper }).sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(deeper, 'session-secret')).isFile()).toBe(true);
  });

  it('differs between two data directories', () => {
    const other = mkdtempSync(join(tmpdir(), 'otway-config-'));
    try {
      expect(loadConfig({ DATA_DIR: other }).sessionSecret).not.toBe(loadConfig({ DATA_DIR: dataDir }).sessionSecret);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('is not used when SESSION_SECRET is given', () => {
    expect(loadConfig({ DATA_DIR: dataDir, SESSION_SECRET: SECRET }).sessionSecret).toBe(SECRET);
    expect(() => statSync(join(dataDir, 'session-secret'))).toThrow();
  });

  it.each([
    ['empty', ''],
    ['too short', 'abc\n'],
  ])('fails loudly when the secret file is %s, rather than signing with a weak secret', (_, content) => {
    writeFileSync(join(dataDir, 'session-secret'), content, { mode: 0o600 });
    expect(configError({ DATA_DIR: dataDir }).message).toMatch(/session-secret/u);
  });
});

describe('loadConfig: secure cookies', () => {
  it('are on only for an https BASE_URL', () => {
    const withBase = (url?: string) => loadConfig({ DATA_DIR: dataDir, BASE_URL: url }).secureCookies;
    expect(withBase('https://otway.example')).toBe(true);
    expect(withBase('https://otway.example/otway/')).toBe(true);
    expect(withBase('http://otway.example')).toBe(false);
    expect(withBase('http://localhost:3000')).toBe(false);
    expect(withBase(undefined)).toBe(false);
  });

  it('drop the trailing slash from BASE_URL', () => {
    expect(loadConfig({ DATA_DIR: dataDir, BASE_URL: 'https://otway.example/otway/' }).baseUrl).toBe(
      'https://otway.example/otway',
    );
  });
});
