/**
 * Every setting Otway reads, validated once at start-up. This is the only module that touches `process.env`.
 * Defaults serve the embedded mode (SQLite under ./data); production refuses to start without the settings it needs.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

const intFromEnv = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: intFromEnv(3000, 0, 65535),
  HOST: z.string().min(1).default('localhost'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'must be sqlite:PATH or a postgres:// URL')
    .default('sqlite:./data/otway.db'),
  BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: intFromEnv(30, 1, 24 * 60),
  SESSION_ABSOLUTE_HOURS: intFromEnv(10, 1, 7 * 24),
  SIGN_IN_MAX_FAILURES: intFromEnv(5, 1, 100),
  SIGN_IN_LOCKOUT_MINUTES: intFromEnv(15, 1, 24 * 60),
  RATE_LIMIT_PER_MINUTE: intFromEnv(600, 1, 1_000_000),
  SIGN_IN_RATE_LIMIT_PER_MINUTE: intFromEnv(30, 1, 1_000_000),
  API_RATE_LIMIT_PER_MINUTE: intFromEnv(60, 1, 1_000_000),
  SEARCH_RATE_LIMIT_PER_MINUTE: intFromEnv(300, 1, 1_000_000),
  SERVICE_DEFINITIONS_DIR: z.string().min(1).default('./service-definitions'),
  DATA_DIR: z.string().min(1).default('./data'),
  PG_POOL_MAX: intFromEnv(10, 1, 200),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
});

export type Environment = z.infer<typeof envSchema>;

export interface Config {
  env: Environment['NODE_ENV'];
  port: number;
  host: string;
  databaseUrl: string;
  /** The address people use to reach Otway; links printed or sent carry it. */
  baseUrl: string;
  /** True when served over HTTPS: the session cookie takes the `__Host-` prefix and `Secure`. */
  secureCookies: boolean;
  sessionSecret: string;
  logLevel: Environment['LOG_LEVEL'];
  session: { idleMinutes: number; absoluteHours: number };
  signIn: { maxFailures: number; lockoutMinutes: number; ratePerMinute: number };
  rateLimitPerMinute: number;
  /** Requests a minute from one address to each eligibility API route. */
  apiRateLimitPerMinute: number;
  /** Type-ahead searches of practices and schools a minute from one address: each keystroke pause is one. */
  searchRateLimitPerMinute: number;
  serviceDefinitionsDir: string;
  dataDir: string;
  pgPoolMax: number;
  /** True behind a reverse proxy that sets X-Forwarded-For (so the audit trail records the real address). */
  trustProxy: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the secret kept under the data directory, creating it on first start (embedded mode only). */
function embeddedSessionSecret(dataDir: string): string {
  const file = resolve(dataDir, 'session-secret');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    // The same rule as SESSION_SECRET: an emptied or truncated file must not become a guessable key.
    if (stored.length < 32) {
      throw new ConfigError(`Otway cannot start: ${file} holds fewer than 32 characters. Delete it to make a new one.`);
    }
    return stored;
  }
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env): Config {
  // A variable set to nothing counts as not set (PORT= must not become port 0).
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Otway cannot start: the configuration is not valid.\n${problems}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production') {
    const missing = (['SESSION_SECRET', 'BASE_URL'] as const).filter((k) => e[k] === undefined);
    if (missing.length > 0) {
      throw new ConfigError(`Otway cannot start in production without ${missing.join(' and ')}.`);
    }
  }
  const baseUrl = (e.BASE_URL ?? `http://${e.HOST}:${String(e.PORT)}`).replace(/\/$/, '');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    baseUrl,
    secureCookies: baseUrl.startsWith('https://'),
    sessionSecret: e.SESSION_SECRET ?? embeddedSessionSecret(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS },
    signIn: {
      maxFailures: e.SIGN_IN_MAX_FAILURES,
      lockoutMinutes: e.SIGN_IN_LOCKOUT_MINUTES,
      ratePerMinute: e.SIGN_IN_RATE_LIMIT_PER_MINUTE,
    },
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    apiRateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE,
    searchRateLimitPerMinute: e.SEARCH_RATE_LIMIT_PER_MINUTE,
    serviceDefinitionsDir: e.SERVICE_DEFINITIONS_DIR,
    dataDir: e.DATA_DIR,
    pgPoolMax: e.PG_POOL_MAX,
    trustProxy: e.TRUST_PROXY === 'true',
  };
}
