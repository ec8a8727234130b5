/**
 * A calendar feed's token is a bearer secret (docs/adr/0039): the request log names the route pattern, never the
 * address, so neither a feed that is read nor one that is not found leaves its token in the log. The log lines are
 * captured from the application's own logger.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { buildDependencies, type Dependencies } from '../../src/composition.js';
import { loadConfig } from '../../src/config.js';
import { aStaffMember } from '../support/builders.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';
import { LLR } from '../support/test-app.js';

describeEachDialect('calendar feed tokens in the log', (dialect) => {
  const lines: string[] = [];
  let database: TestDatabase;
  let dataDir: string;
  let deps: Dependencies;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase(dialect, { migrated: true });
    dataDir = mkdtempSync(join(tmpdir(), 'otway-feed-log-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123456789',
      BASE_URL: 'http://localhost:3000',
      LOG_LEVEL: 'debug',
    });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    deps = await buildDependencies(config, pino({ level: 'debug' }, sink));
    app = await buildApp(deps);
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    await deps.database.destroy();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs the route pattern for a feed read and a feed not found, never the token', async () => {
    const owner = await aStaffMember().withRoles('clinician').create(deps);
    const ctx = {
      serviceId: LLR,
      actorUserId: owner.id,
      actorRoles: ['clinician' as const],
      ip: null,
      correlationId: randomUUID(),
      recorded: new Set<never>(),
    };
    const made = await deps.calendarFeed.create(ctx);
    const path = new URL(made.url).pathname;
    const token = path.slice(path.lastIndexOf('/') + 1);
    lines.length = 0;

    expect((await app.inject({ method: 'GET', url: path })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/calendar/${'B'.repeat(43)}` })).statusCode).toBe(404);
    await deps.calendarFeed.revoke(ctx);
    expect((await app.inject({ method: 'GET', url: path })).statusCode).toBe(404);

    const requests = lines.filter((l) => l.includes('"msg":"request"'));
    expect(requests).toHaveLength(3);
    for (const line of requests) expect(line).toContain('"route":"/calendar/:token"');
    for (const line of lines) {
      expect(line).not.toContain(token);
      expect(line).not.toContain('B'.repeat(43));
    }
  });
});
