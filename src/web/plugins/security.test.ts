import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { freshNonce, securityPlugin } from './security.js';

async function appWithSecurity() {
  const app = Fastify({ logger: false, genReqId: (req) => String(req.headers['x-correlation-id'] ?? 'none') });
  await app.register(securityPlugin);
  app.get('/page', async (_request, reply) => reply.send({ nonce: reply.cspNonce }));
  app.get('/fails', async () => {
    throw new Error('broken');
  });
  await app.ready();
  return app;
}

// docs/security.md, "Headers": the set helmet sent, which the plugin now writes itself.
const EXPECTED = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

const csp = (script: string, style: string) =>
  `default-src 'self';script-src 'self' 'nonce-${script}';style-src 'self' 'nonce-${style}';img-src 'self' data:;` +
  `font-src 'self' https://assets.nhs.uk;connect-src 'self';form-action 'self';object-src 'none';base-uri 'none';` +
  `frame-ancestors 'none';manifest-src 'self'`;

describe('security headers', () => {
  it('sends the whole set, and a CSP whose nonces are the reply’s, fresh for each response', async () => {
    const app = await appWithSecurity();
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const response = await app.inject({ url: '/page', headers: { 'x-correlation-id': `correlation-${String(i)}` } });
      expect(response.headers).toMatchObject(EXPECTED);
      const { nonce } = response.json<{ nonce: { script: string; style: string } }>();
      expect(nonce.script).toMatch(/^[0-9a-f]{32}$/u);
      expect(nonce.style).toMatch(/^[0-9a-f]{32}$/u);
      expect(response.headers['content-security-policy']).toBe(csp(nonce.script, nonce.style));
      expect(response.headers['x-correlation-id']).toBe(`correlation-${String(i)}`);
      seen.add(nonce.script).add(nonce.style);
    }
    expect(seen.size).toBe(6);
    await app.close();
  });

  it('keeps them on an error answer', async () => {
    const app = await appWithSecurity();
    const response = await app.inject({ url: '/fails' });
    expect(response.statusCode).toBe(500);
    expect(response.headers).toMatchObject(EXPECTED);
    expect(response.headers['content-security-policy']).toMatch(/^default-src 'self';script-src 'self' 'nonce-/u);
    const missing = await app.inject({ url: '/nowhere' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers).toMatchObject(EXPECTED);
    await app.close();
  });

  it('never hands out the same nonce twice, across refills of its pool', () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => freshNonce()));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(nonce).toMatch(/^[0-9a-f]{32}$/u);
  });
});
