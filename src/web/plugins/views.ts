/**
 * Nunjucks with nhsuk-frontend's macros and our templates. `reply.render` adds the page frame (service, account,
 * navigation, CSP nonce, CSRF token) to the page's own view model. Autoescaping is always on.
 */
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import { frameFor } from '../view-models/frame.js';
import type { Dependencies } from '../../composition.js';

export type ViewModel = Record<string, unknown>;

const require = createRequire(import.meta.url);
const NHSUK_DIST = join(dirname(require.resolve('nhsuk-frontend/package.json')), 'dist');
export const VIEWS_DIR = resolve(import.meta.dirname, '../../../views');

export function createViewEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS_DIR, NHSUK_DIST]), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  // nunjucks' own `trim` is slow on nhsuk's large macro output; this keeps its markup-safety flag and is faster.
  env.addFilter('trim', (value: unknown) => {
    const text = (
      typeof value === 'string' ? value : value instanceof nunjucks.runtime.SafeString ? value.toString() : ''
    ).trim();
    return value instanceof nunjucks.runtime.SafeString ? new nunjucks.runtime.SafeString(text) : text;
  });
  env.addFilter('isoDateTime', (iso: unknown) => formatDateTime(String(iso)));
  return env;
}

/** "27 November 2026, 09:30" in UK time, as NHS content guidance writes dates. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(d);
}

export const viewsPlugin = fp(async (app: FastifyInstance, opts: { deps: Dependencies }) => {
  const env = createViewEnvironment();
  app.decorateReply('render', async function (this: FastifyReply, template: string, model: ViewModel = {}) {
    const frame = await frameFor(this, opts.deps);
    const html = env.render(template, { ...frame, cspNonce: this.cspNonce.script, ...model });
    return this.type('text/html; charset=utf-8').send(html);
  });
});
