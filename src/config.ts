/**
 * Every setting Otway reads, validated once at start-up. This is the only module that touches `process.env`.
 * Defaults serve the embedded mode (SQLite under ./data); production refuses to start without the settings it needs.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { Channel } from './domain/notifications/message.js';
import type { OidcSettings } from './services/accounts/oidc-client.js';
import { slotKey, templateSlots, type TemplateKey } from './domain/notifications/templates.js';

const intFromEnv = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;
const NOTIFY_KEY =
  /^\S+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

/**
 * The variable that holds the Notify template id for one template and channel: a Notify template is either an e-mail
 * or a text message, so a template sent both ways needs two. `referral-received-family` by sms reads
 * `NOTIFY_TEMPLATE_REFERRAL_RECEIVED_FAMILY_SMS`.
 */
export function notifyTemplateVariable(template: TemplateKey, channel: Channel): string {
  return `NOTIFY_TEMPLATE_${template.toUpperCase().replace(/-/gu, '_')}_${channel.toUpperCase()}`;
}

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
  // A second factor (TOTP) for every staff password sign-in (docs/adr/0032); off only where a trust decides so.
  STAFF_TWO_FACTOR: z.enum(['required', 'off']).default('required'),
  RATE_LIMIT_PER_MINUTE: intFromEnv(600, 1, 1_000_000),
  SIGN_IN_RATE_LIMIT_PER_MINUTE: intFromEnv(30, 1, 1_000_000),
  API_RATE_LIMIT_PER_MINUTE: intFromEnv(60, 1, 1_000_000),
  SEARCH_RATE_LIMIT_PER_MINUTE: intFromEnv(300, 1, 1_000_000),
  REFERRAL_DRAFT_DAYS: intFromEnv(28, 1, 90),
  SERVICE_DEFINITIONS_DIR: z.string().min(1).default('./service-definitions'),
  DATA_DIR: z.string().min(1).default('./data'),
  ATTACHMENTS_DIR: z.string().min(1).optional(),
  // The file that holds the key backups are encrypted with (npm run cli -- backup-key FILE); never in the database.
  BACKUP_KEY_FILE: z.string().min(1).optional(),
  PG_POOL_MAX: intFromEnv(10, 1, 200),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  REFERENCE_SNAPSHOT_IMPORT: z.enum(['true', 'false']).default('true'),
  // GOV.UK Notify's key format: {key name}-{service id}-{secret}, the last two UUIDs. Never echoed in an error.
  NOTIFY_API_KEY: z
    .string()
    .regex(NOTIFY_KEY, 'must be a GOV.UK Notify API key: its name, then the service id and the secret (two UUIDs)')
    .optional(),
  NOTIFY_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.notifications.service.gov.uk'),
  NOTIFY_TIMEOUT_MS: intFromEnv(10_000, 100, 120_000),
  OUTBOX_POLL_SECONDS: intFromEnv(5, 1, 3600),
  // How often the housekeeping jobs run (session and draft purge, reply reminders, rate-limit counters): docs/adr/0031.
  JOBS_INTERVAL_SECONDS: intFromEnv(900, 1, 24 * 3600),
  OUTBOX_MAX_ATTEMPTS: intFromEnv(10, 1, 50),
  // PostgreSQL: the owner role the migrations run as; the server then runs as DATABASE_URL's role, which may only add
  // to and read the audit trail (docs/adr/0027).
  MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+$/, 'must be a postgres:// URL')
    .optional(),
  // The audit trail's anchors (docs/adr/0027): the append-only file they go to, the Ed25519 key that signs them (a
  // PKCS#8 PEM file the database does not hold; made under DATA_DIR when not given), and how often they are taken and
  // the trail is checked.
  AUDIT_ANCHOR_FILE: z.string().min(1).optional(),
  AUDIT_ANCHOR_KEY_FILE: z.string().min(1).optional(),
  AUDIT_ANCHOR_MINUTES: intFromEnv(15, 1, 24 * 60),
  AUDIT_VERIFY_MINUTES: intFromEnv(60, 1, 7 * 24 * 60),
  // Days after sending that a message keeps its recipient and personalisation (docs/adr/0029).
  OUTBOX_RETENTION_DAYS: intFromEnv(30, 1, 3650),
  // Single sign-on through OpenID Connect (docs/adr/0033): all three, or none (no "Sign in with NHS Care Identity").
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(255).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_TOKEN_AUTH_METHOD: z.enum(['client_secret_basic', 'client_secret_post']).default('client_secret_basic'),
  OIDC_SCOPES: z
    .string()
    .regex(/^openid( [\x21\x23-\x5b\x5d-\x7e]+)*$/u, 'must start with openid, scopes separated by spaces')
    .default('openid email'),
  OIDC_LINK_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/u, 'must be a claim name')
    .default('email'),
  OIDC_REQUIRE_EMAIL_VERIFIED: z.enum(['true', 'false']).default('true'),
});

export type Environment = z.infer<typeof envSchema>;

export interface Config {
  env: Environment['NODE_ENV'];
  port: number;
  host: string;
  databaseUrl: string;
  /** PostgreSQL: the owner role's URL the migrations run with, when the server's own role may not alter tables. */
  migrationDatabaseUrl: string | null;
  auditAnchor: AuditAnchorConfig;
  /** The address people use to reach Otway; links printed or sent carry it. */
  baseUrl: string;
  /** True when served over HTTPS: the session cookie takes the `__Host-` prefix and `Secure`. */
  secureCookies: boolean;
  sessionSecret: string;
  logLevel: Environment['LOG_LEVEL'];
  session: { idleMinutes: number; absoluteHours: number };
  signIn: { maxFailures: number; lockoutMinutes: number; ratePerMinute: number };
  /** Whether staff who sign in with a password must also give a code from an authenticator app. */
  staffTwoFactor: 'required' | 'off';
  rateLimitPerMinute: number;
  /** Requests a minute from one address to each eligibility API route. */
  apiRateLimitPerMinute: number;
  /** Type-ahead searches of practices and schools a minute from one address: each keystroke pause is one. */
  searchRateLimitPerMinute: number;
  /** An unfinished referral is kept this many days after its last answer, then deleted. */
  referralDraftDays: number;
  /** How often each housekeeping job runs, once across every server (docs/adr/0031). */
  jobsIntervalSeconds: number;
  serviceDefinitionsDir: string;
  /** Import the shipped reference-data snapshot on start into whichever of the practices and schools tables is empty. */
  referenceSnapshotImport: boolean;
  dataDir: string;
  /** Where uploaded files are kept, outside the web root: ATTACHMENTS_DIR, or DATA_DIR/attachments. */
  attachmentsDir: string;
  /** The file holding the backup key (BACKUP_KEY_FILE); backups are refused without it (docs/adr/0034). */
  backupKeyFile: string | null;
  pgPoolMax: number;
  /** True behind a reverse proxy that sets X-Forwarded-For (so the audit trail records the real address). */
  trustProxy: boolean;
  /** GOV.UK Notify, when an API key is given; otherwise messages are recorded locally for admins to read. */
  notify: NotifyConfig | null;
  outbox: { pollSeconds: number; maxAttempts: number; retentionDays: number };
  /** Single sign-on through an OpenID provider (NHS CIS2), when OIDC_ISSUER is set; the callback's address is added in composition. */
  oidc: Omit<OidcSettings, 'redirectUri'> | null;
}

export interface NotifyConfig {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  /** Notify template ids by slotKey(template, channel); a pair without one cannot be sent. */
  templateIds: Record<string, string>;
}

export interface AuditAnchorConfig {
  file: string;
  /** The signing key, PKCS#8 PEM (Ed25519). */
  keyPem: string;
  keyFile: string;
  anchorMinutes: number;
  verifyMinutes: number;
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
  // DATA_DIR, when this is what makes it: Otway's user's alone, as everything in it is (ADR 0030).
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

/** Reads the audit anchor key, making one (Ed25519, readable by its owner only) when the file does not exist. */
function auditAnchorKey(file: string): string {
  if (existsSync(file)) {
    const pem = readFileSync(file, 'utf8');
    try {
      if (createPrivateKey(pem).asymmetricKeyType !== 'ed25519') throw new Error('not Ed25519');
    } catch {
      throw new ConfigError(`Otway cannot start: ${file} does not hold an Ed25519 private key (PKCS#8 PEM).`);
    }
    return pem;
  }
  mkdirSync(dirname(file), { recursive: true });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  return pem;
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
  if (e.MIGRATION_DATABASE_URL !== undefined && !e.DATABASE_URL.startsWith('postgres')) {
    throw new ConfigError('Otway cannot start: MIGRATION_DATABASE_URL is for PostgreSQL, and DATABASE_URL is not.');
  }
  const notify = e.NOTIFY_API_KEY === undefined ? null : notifyConfig(given, e.NOTIFY_API_KEY, e);
  if (notify !== null && e.NODE_ENV === 'production') {
    const missing = templateSlots()
      .filter((slot) => notify.templateIds[slotKey(slot.template, slot.channel)] === undefined)
      .map((slot) => notifyTemplateVariable(slot.template, slot.channel));
    if (missing.length > 0) {
      throw new ConfigError(`Otway cannot start in production with Notify but without ${missing.join(', ')}.`);
    }
  }
  const baseUrl = (e.BASE_URL ?? `http://${e.HOST}:${String(e.PORT)}`).replace(/\/$/, '');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL ?? null,
    auditAnchor: {
      file: e.AUDIT_ANCHOR_FILE ?? resolve(e.DATA_DIR, 'audit-anchors.jsonl'),
      keyFile: e.AUDIT_ANCHOR_KEY_FILE ?? resolve(e.DATA_DIR, 'audit-anchor.key'),
      keyPem: auditAnchorKey(e.AUDIT_ANCHOR_KEY_FILE ?? resolve(e.DATA_DIR, 'audit-anchor.key')),
      anchorMinutes: e.AUDIT_ANCHOR_MINUTES,
      verifyMinutes: e.AUDIT_VERIFY_MINUTES,
    },
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
    staffTwoFactor: e.STAFF_TWO_FACTOR,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    apiRateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE,
    searchRateLimitPerMinute: e.SEARCH_RATE_LIMIT_PER_MINUTE,
    referralDraftDays: e.REFERRAL_DRAFT_DAYS,
    jobsIntervalSeconds: e.JOBS_INTERVAL_SECONDS,
    serviceDefinitionsDir: e.SERVICE_DEFINITIONS_DIR,
    referenceSnapshotImport: e.REFERENCE_SNAPSHOT_IMPORT === 'true',
    dataDir: e.DATA_DIR,
    attachmentsDir: e.ATTACHMENTS_DIR ?? resolve(e.DATA_DIR, 'attachments'),
    backupKeyFile: e.BACKUP_KEY_FILE === undefined ? null : resolve(e.BACKUP_KEY_FILE),
    pgPoolMax: e.PG_POOL_MAX,
    trustProxy: e.TRUST_PROXY === 'true',
    notify,
    outbox: {
      pollSeconds: e.OUTBOX_POLL_SECONDS,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      retentionDays: e.OUTBOX_RETENTION_DAYS,
    },
    oidc: oidcConfig(e),
  };
}

/** Notify's settings, with a template id for each (template, channel) whose variable is set. */
function notifyConfig(given: Record<string, string | undefined>, apiKey: string, e: Environment): NotifyConfig {
  const templateIds: Record<string, string> = {};
  const invalid: string[] = [];
  for (const { template, channel } of templateSlots()) {
    const name = notifyTemplateVariable(template, channel);
    const value = given[name];
    if (value === undefined) continue;
    if (UUID.test(value)) templateIds[slotKey(template, channel)] = value.toLowerCase();
    else invalid.push(`  ${name}: must be a Notify template id (a UUID)`);
  }
  if (invalid.length > 0) {
    throw new ConfigError(`Otway cannot start: the configuration is not valid.\n${invalid.join('\n')}`);
  }
  return { apiKey, baseUrl: e.NOTIFY_BASE_URL.replace(/\/$/, ''), timeoutMs: e.NOTIFY_TIMEOUT_MS, templateIds };
}

/** OpenID Connect's settings (docs/adr/0033): none without an issuer; all three of issuer, client id and secret, or a refusal to start. */
function oidcConfig(e: Environment): Omit<OidcSettings, 'redirectUri'> | null {
  const given = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter((v) => v !== undefined);
  if (given.length === 0) return null;
  if (e.OIDC_ISSUER === undefined || e.OIDC_CLIENT_ID === undefined || e.OIDC_CLIENT_SECRET === undefined) {
    throw new ConfigError('Otway cannot start: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together.');
  }
  const http = e.OIDC_ISSUER.startsWith('http://');
  if (http && e.NODE_ENV === 'production') {
    throw new ConfigError('Otway cannot start in production with an OIDC_ISSUER that is not https.');
  }
  return {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    tokenAuthMethod: e.OIDC_TOKEN_AUTH_METHOD,
    scopes: e.OIDC_SCOPES,
    linkClaim: e.OIDC_LINK_CLAIM,
    requireVerifiedEmail: e.OIDC_REQUIRE_EMAIL_VERIFIED === 'true',
    allowHttp: http,
  };
}
