import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { aStaffMember } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** The raw Set-Cookie header of a response, as one string per cookie. */
function setCookies(headers: Record<string, unknown>): string[] {
  const value = headers['set-cookie'];
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
}

describeEachDialect('the session cookie', (dialect) => {
  describe('served over HTTPS', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect, { env: { BASE_URL: 'https://otway.example.nhs.uk' } });
    });
    afterAll(async () => {
      await t.close();
    });

    it('is a __Host- cookie: Secure, HttpOnly, SameSite=Lax, path /, no domain, no lifetime of its own', async () => {
      const response = await t.app.inject({ method: 'GET', url: paths.signIn.build() });
      const [cookie] = setCookies(response.headers);
      expect(cookie).toMatch(/^__Host-otway-session=[A-Za-z0-9_-]{22};/u);
      const attributes = cookie!.split(';').map((a) => a.trim().toLowerCase());
      expect(attributes).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax', 'path=/']));
      expect(attributes.some((a) => a.startsWith('domain='))).toBe(false);
      expect(attributes.some((a) => a.startsWith('max-age=') || a.startsWith('expires='))).toBe(false);
    });

    it('is replaced at sign-in, and the id set before sign-in no longer works', async () => {
      const staff = await aStaffMember().withRoles('clinician').create(t.deps);
      const client = new TestClient(t.app);
      await client.get(paths.signIn.build());
      const planted = client.cookies.get('__Host-otway-session');
      const signedIn = await client.post(paths.signIn.build(), { email: staff.email, password: staff.password });
      expect(signedIn.status).toBe(303);
      const fresh = client.cookies.get('__Host-otway-session');
      expect(fresh).toBeDefined();
      expect(fresh).not.toBe(planted);

      // Someone who planted the old id gets nothing from it.
      const attacker = new TestClient(t.app);
      attacker.cookies.set('__Host-otway-session', planted!);
      const page = await attacker.get(paths.staff.home.build());
      expect(page.status).toBe(303);
      expect(page.location).toContain(paths.signIn.build());
    });
  });

  describe('served over plain HTTP (a developer machine)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect, { env: { BASE_URL: 'http://localhost:3000' } });
    });
    afterAll(async () => {
      await t.close();
    });

    it('has no __Host- prefix and no Secure flag, so the browser keeps it, and is still HttpOnly and SameSite=Lax', async () => {
      const response = await t.app.inject({ method: 'GET', url: paths.signIn.build() });
      const [cookie] = setCookies(response.headers);
      expect(cookie).toMatch(/^otway-session=/u);
      const attributes = cookie!.split(';').map((a) => a.trim().toLowerCase());
      expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/']));
      expect(attributes).not.toContain('secure');
    });

    it('is not set at all on a public page without a form', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/' });
      expect(setCookies(response.headers)).toEqual([]);
    });
  });
});
