/**
 * Structured logs (pino) with personal data and secrets redacted wherever they might appear.
 */
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'password',
  'email',
  'token',
  '*.password',
  '*.confirmPassword',
  '*.email',
  '*.token',
  '*.nhsNumber',
  '*.name',
  '*.displayName',
];

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}
