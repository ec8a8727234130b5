/**
 * Nunjucks with nhsuk-frontend's macros and our templates. `reply.render` adds the page frame (service, account,
 * navigation, CSP nonce, CSRF token) to the page's own view model. Autoescaping is always on.
 *
 * `component(name, params)` and `partial(template, context)` render an nhsuk-frontend component or one of our
 * templates and keep the HTML for the next page that asks for the same with the same arguments (`renderedOnce`).
 */
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import { midSentence } from '../routes/public/public.view-models.js';
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
  // A label inside a sentence: "A GP" becomes "a GP", not "a gp" as `lower` would make it.
  env.addFilter('midSentence', (label: unknown) => midSentence(String(label)));
  const once = renderedOnce(env);
  env.addGlobal('component', once.component);
  env.addGlobal('partial', once.partial);
  return env;
}

/** How much rendered HTML is kept: far more than the variants a page shows (each select's choices, each page...). */
const KEPT_HTML_MAX = 500;

/**
 * Two globals for HTML that is a pure function of a few parameters and recurs on every request:
 *
 * - `component(name, params)` renders one of nhsuk-frontend's components exactly as its macro does. Each macro call
 *   costs a tenth of a millisecond or more (it includes a template, which imports other macros and calls one per
 *   attribute and option); the worklist calls the same selects, button and pagination with the same parameters again
 *   and again.
 * - `partial(template, context)` renders one of our templates with that context alone (and these globals): a part
 *   of a page that depends on nothing else, such as the worklist's filter form and its forty checkboxes.
 *
 * The first call renders; later ones with equal arguments reuse the HTML, which is the same to the byte. The HTML is
 * kept, by the name and the arguments as JSON, beyond the request (the oldest is dropped once KEPT_HTML_MAX are
 * kept): so they are only for arguments that name no one and hold no secret, never a person's details, a token or
 * anything else a user typed.
 */
function renderedOnce(env: nunjucks.Environment) {
  const components = new Map<string, nunjucks.Template>();
  const kept = new Map<string, nunjucks.runtime.SafeString>();
  const keep = (key: string, render: () => string) => {
    const found = kept.get(key);
    if (found !== undefined) return found;
    const html = new nunjucks.runtime.SafeString(render());
    const oldest = kept.keys().next();
    if (kept.size >= KEPT_HTML_MAX && oldest.done !== true) kept.delete(oldest.value);
    kept.set(key, html);
    return html;
  };
  const componentTemplate = (name: string) => {
    let template = components.get(name);
    if (template === undefined) {
      if (!/^[a-z][A-Za-z]*$/u.test(name)) throw new Error(`No nhsuk-frontend component is called ${name}`);
      // warningCallout is in nhsuk/components/warning-callout, as every component's macro is in its kebab-case folder.
      const folder = name.replace(/[A-Z]/gu, (c) => `-${c.toLowerCase()}`);
      template = nunjucks.compile(
        `{% from "nhsuk/components/${folder}/macro.njk" import ${name} %}{{ ${name}(params) }}`,
        env,
      );
      components.set(name, template);
    }
    return template;
  };
  return {
    component: (name: string, params: Record<string, unknown> = {}) =>
      keep(`component ${name} ${JSON.stringify(params)}`, () => componentTemplate(name).render({ params })),
    partial: (template: string, context: Record<string, unknown> = {}) =>
      keep(`partial ${template} ${JSON.stringify(context)}`, () => env.render(template, context)),
  };
}

const LONDON_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** "27 November 2026, 09:30" in UK time, as NHS content guidance writes dates. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  // One formatter for every call: building one costs far more than formatting a date (the audit page shows fifty).
  return LONDON_DATE_TIME.format(d);
}

export const viewsPlugin = fp(async (app: FastifyInstance, opts: { deps: Dependencies }) => {
  const env = createViewEnvironment();
  app.decorateReply('render', async function (this: FastifyReply, template: string, model: ViewModel = {}) {
    const frame = await frameFor(this, opts.deps);
    const html = env.render(template, { ...frame, cspNonce: this.cspNonce.script, ...model });
    return this.type('text/html; charset=utf-8').send(html);
  });
});
