/**
 * Security headers on every response (docs/security.md, "Headers"): a CSP with a fresh nonce per response and nothing
 * inline without it, HSTS for a year, nosniff, a strict referrer policy, no framing, and the rest of helmet's set. The
 * correlation id travels back in a header.
 *
 * These are the headers @fastify/helmet sent with the options this file used to give it, written out here so that a
 * reviewer reads the whole set in one place and so that they cost next to nothing: @fastify/helmet built helmet's
 * middleware afresh on every request (parsing the CSP's directives, two random reads for the nonces), about a tenth
 * of the CPU of a JSON API answer. Now the fixed headers and the CSP's text are built once; each response takes two
 * nonces from a pool of bytes read from the CSPRNG and never handed out twice, as Node's own `randomUUID` does.
 */
import { randomFillSync } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyReply {
    /** This response's CSP nonces, in hex: the page's `<script nonce>` must carry `script`. */
    cspNonce: { script: string; style: string };
  }
}

const SCRIPT_NONCE = '<script nonce>';
const STYLE_NONCE = '<style nonce>';

/** The policy, in order; a nonce's place is marked and filled in for each response. */
const CSP_DIRECTIVES: readonly (readonly [string, readonly string[]])[] = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'", `'nonce-${SCRIPT_NONCE}'`]],
  ['style-src', ["'self'", `'nonce-${STYLE_NONCE}'`]],
  ['img-src', ["'self'", 'data:']],
  // nhsuk-frontend's CSS asks for the Frutiger font from the NHS font service; pages fall back to Arial offline.
  ['font-src', ["'self'", 'https://assets.nhs.uk']],
  ['connect-src', ["'self'"]],
  ['form-action', ["'self'"]],
  ['object-src', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
  ['manifest-src', ["'self'"]],
];

/** helmet 8's headers for the options Otway gave it (`crossOriginEmbedderPolicy: false`, the rest as below). */
export const FIXED_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'DENY',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
};

const CSP_TEMPLATE = CSP_DIRECTIVES.map(([name, sources]) => `${name} ${sources.join(' ')}`).join(';');
const [CSP_HEAD = '', CSP_REST = ''] = CSP_TEMPLATE.split(SCRIPT_NONCE);
const [CSP_MIDDLE = '', CSP_TAIL = ''] = CSP_REST.split(STYLE_NONCE);

/** The Content-Security-Policy for a response with these nonces. */
export function contentSecurityPolicy(nonce: { script: string; style: string }): string {
  return `${CSP_HEAD}${nonce.script}${CSP_MIDDLE}${nonce.style}${CSP_TAIL}`;
}

const NONCE_BYTES = 16;
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let poolAt = POOL_BYTES;

/** 128 bits from the CSPRNG, in hex; each byte of the pool is used once. */
export function freshNonce(): string {
  if (poolAt + NONCE_BYTES > POOL_BYTES) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const nonce = pool.toString('hex', poolAt, poolAt + NONCE_BYTES);
  poolAt += NONCE_BYTES;
  return nonce;
}

const FIXED = Object.entries(FIXED_SECURITY_HEADERS);

export const securityPlugin = fp((app: FastifyInstance, _opts: unknown, ready: (err?: Error) => void) => {
  app.decorateReply('cspNonce', null as unknown as FastifyReply['cspNonce']);
  // A callback hook rather than an async one: it runs on every request and never waits for anything.
  app.addHook('onRequest', (request, reply, done) => {
    const nonce = { script: freshNonce(), style: freshNonce() };
    reply.cspNonce = nonce;
    // On the raw response, as helmet set them, so that they stay on every answer, errors included.
    const raw = reply.raw;
    raw.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce));
    for (const [name, value] of FIXED) raw.setHeader(name, value);
    raw.removeHeader('X-Powered-By');
    reply.header('X-Correlation-Id', request.id);
    done();
  });
  ready();
});
