/**
 * Static assets: only the built nhsuk-frontend CSS and JavaScript, its images and manifest, and our own script,
 * never the .njk or .scss sources. Names carry the version, so browsers may keep them for a year.
 */
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { paths } from '../paths.js';
import { PUBLIC_NO_SESSION } from '../route-access.js';

const require = createRequire(import.meta.url);
const NHSUK = join(dirname(require.resolve('nhsuk-frontend/package.json')), 'dist', 'nhsuk');
const OWN = resolve(import.meta.dirname, '../../../public');
const YEAR_MS = 365 * 24 * 3600 * 1000;

const config = { routeAccess: PUBLIC_NO_SESSION, rateLimit: false } as const;

export const assetsPlugin = fp(async (app: FastifyInstance) => {
  await app.register(fastifyStatic, { root: NHSUK, serve: false });
  const cached = { maxAge: YEAR_MS, immutable: true };

  app.get(paths.assets.css.pattern, { config }, (_req, reply) =>
    reply.sendFile('nhsuk-frontend-10.6.1.min.css', NHSUK, cached),
  );
  app.get(paths.assets.js.pattern, { config }, (_req, reply) =>
    reply.sendFile('nhsuk-frontend-10.6.1.min.js', NHSUK, cached),
  );
  app.get(paths.assets.appJs.pattern, { config }, (_req, reply) => reply.sendFile('app.js', OWN, cached));
  app.get(paths.assets.appCss.pattern, { config }, (_req, reply) => reply.sendFile('app.css', OWN, cached));
  app.get(paths.assets.noteAutosaveJs.pattern, { config }, (_req, reply) =>
    reply.sendFile('note-autosave.js', OWN, cached),
  );
  // The CSS asks for its images and icons under /assets; only the images folder and the manifest are served.
  app.get('/assets/images/:file', { config }, (req, reply) => {
    const { file } = req.params as { file: string };
    if (!/^[a-z0-9-]+\.(svg|png|ico)$/u.test(file)) {
      reply.callNotFound();
      return reply;
    }
    return reply.sendFile(file, join(NHSUK, 'assets', 'images'), cached);
  });
  app.get('/assets/manifest.json', { config }, (_req, reply) =>
    reply.sendFile('manifest.json', join(NHSUK, 'assets'), { maxAge: YEAR_MS }),
  );
});
