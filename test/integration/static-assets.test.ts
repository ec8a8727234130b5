import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { TestClient } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const YEAR_SECONDS = 31_536_000;

/** Text that only a source or configuration file of this repository would contain. */
const SOURCE_MARKERS = ['"devDependencies"', '"name": "otway"', 'import ', '{% extends', 'SESSION_SECRET', '$nhsuk-'];

describeEachDialect('static assets', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the versioned nhsuk-frontend and Otway assets to be cached for a year, unchanged', async () => {
    const client = new TestClient(t.app);
    const assets = [
      [paths.assets.css.build(), 'text/css'],
      [paths.assets.js.build(), 'javascript'],
      [paths.assets.appCss.build(), 'text/css'],
      [paths.assets.appJs.build(), 'javascript'],
      ['/assets/images/favicon.svg', 'image/svg+xml'],
      ['/assets/images/nhsuk-icon-180.png', 'image/png'],
    ] as const;
    for (const [url, type] of assets) {
      const res = await client.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect(String(res.headers['content-type'])).toContain(type);
      const cacheControl = String(res.headers['cache-control']);
      expect(cacheControl).toContain(`max-age=${String(YEAR_SECONDS)}`);
      expect(cacheControl).toContain('immutable');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.body.length).toBeGreaterThan(100);
    }
  });

  it('answers 404, and never a file, for names outside the allowed ones or paths that climb out', async () => {
    const client = new TestClient(t.app);
    const attempts = [
      '/assets/images/Favicon.svg',
      '/assets/images/favicon.svg.map',
      '/assets/images/nhsuk.njk',
      '/assets/images/..%2f..%2fpackage.json',
      '/assets/images/..%2F..%2F..%2F..%2Fpackage.json',
      '/assets/images/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/images/..%5c..%5cpackage.json',
      '/assets/../package.json',
      '/static/../package.json',
      '/static/%2e%2e/package.json',
      '/static/..%2fpackage.json',
      '/static/nhsuk-frontend-10.6.1.min.css/../../package.json',
      '/static/app.js',
      '/static/app-3.js.map',
      '/package.json',
      '/src/app.ts',
      '/views/layouts/base.njk',
      '/public/app.js',
      '/data/session-secret',
      '/node_modules/nhsuk-frontend/package.json',
      '/assets/components/header/template.njk',
    ];
    const results = [];
    for (const url of attempts) {
      const res = await client.get(url);
      results.push({
        url,
        status: res.status,
        leaked: SOURCE_MARKERS.filter((m) => res.body.includes(m)),
        notFoundPage: res.status === 404 && res.screen.queryByRole('heading', { name: 'Page not found' }) !== null,
      });
    }
    expect(results).toEqual(attempts.map((url) => ({ url, status: 404, leaked: [], notFoundPage: true })));
  });

  it('refuses a NUL byte in an asset name as bad input', async () => {
    const res = await new TestClient(t.app).get('/assets/images/favicon.svg%00.png');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'Sorry, there is a problem with what was sent',
    );
  });
});
