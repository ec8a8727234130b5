/**
 * A person who closes the tab, or loses signal, mid-upload is not a fault in Otway (issue 12, finding 4): the aborted
 * request is logged once at info, with its route and no stack, and never as an error that would page someone. The
 * real server listens on a port; a real socket sends part of a body and is destroyed; the captured log lines are read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { buildDependencies, type Dependencies } from '../../src/composition.js';
import { loadConfig } from '../../src/config.js';
import { TestClient } from '../support/client.js';
import { completeReferral } from '../support/referral.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';

interface LogLine {
  level: number;
  msg: string;
  err?: { stack?: string };
  stack?: string;
  route?: string;
}

const ERROR = 50;
const INFO = 30;

describeEachDialect('client aborts in the log', (dialect) => {
  const lines: LogLine[] = [];
  let database: TestDatabase;
  let dataDir: string;
  let deps: Dependencies;
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    database = await createTestDatabase(dialect, { migrated: true });
    dataDir = mkdtempSync(join(tmpdir(), 'otway-abort-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123456789',
      BASE_URL: 'http://localhost:3000',
      LOG_LEVEL: 'info',
    });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
        done();
      },
    });
    deps = await buildDependencies(config, pino({ level: 'info' }, sink));
    app = await buildApp(deps);
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app.close();
    await deps.database.destroy();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Sends the head and the first part of a body that promises more, then destroys the socket. */
  async function abortMidBody(head: string, firstPart: string): Promise<void> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(head + firstPart);
    // Long enough for the server to have started on the body (the route found, the upload's token read).
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  function expectLoggedCalmly(since: number): void {
    const after = lines.slice(since);
    const noisy = after.filter((l) => l.level >= ERROR || l.err?.stack !== undefined || l.stack !== undefined);
    expect(noisy).toEqual([]);
    const aborted = after.filter((l) => l.msg === 'client closed the connection');
    expect(aborted).toHaveLength(1);
    expect(aborted[0]!.level).toBe(INFO);
  }

  it('an upload aborted mid-file is logged at info without a stack', async () => {
    // A real draft and its form token, so that the upload gets past the CSRF check and into the file.
    const client = new TestClient(app);
    await completeReferral(client, { referrerType: 'gp' });
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const boundary = '----OtwayAbortBoundary';
    const firstPart =
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${client.csrfToken!}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="letter.pdf"\r\n` +
      `Content-Type: application/pdf\r\n\r\n%PDF-1.7\n${'x'.repeat(20_000)}`;
    const head =
      `POST /refer/attachments/upload HTTP/1.1\r\nHost: localhost:3000\r\nCookie: ${cookie}\r\n` +
      `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 500000\r\n\r\n`;
    const since = lines.length;
    await abortMidBody(head, firstPart);
    expectLoggedCalmly(since);
  });

  it('a form post aborted mid-body is logged at info without a stack', async () => {
    const client = new TestClient(app);
    await client.get('/sign-in');
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const head =
      `POST /sign-in HTTP/1.1\r\nHost: localhost:3000\r\nCookie: ${cookie}\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\n`;
    const since = lines.length;
    await abortMidBody(head, `_csrf=${client.csrfToken!}&email=someone%40nhs.test&pass`);
    expectLoggedCalmly(since);
  });
});
