/**
 * Starts Otway: configuration, dependencies, the app; listens; shuts down gracefully on SIGINT and SIGTERM.
 */
import { buildApp } from './app.js';
import { buildDependencies } from './composition.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { systemContext } from './services/shared/context.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const deps = await buildDependencies(config, logger);
  if (config.referenceSnapshotImport) {
    // A new install searches GP practices and schools at once; data already imported is never overwritten.
    for (const report of await deps.referenceSnapshot.importIfEmpty()) {
      logger.info(
        { kind: report.kind, file: report.fileName, added: report.added },
        'reference data snapshot imported',
      );
    }
  }
  const app = await buildApp(deps);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    // The dispatcher finishes the message in hand first, so none is left between sent and recorded; a job that is
    // running ends too, and gives its lease back.
    void Promise.all([deps.outboxDispatcher.stop(), deps.jobs.stop()])
      .then(() => app.close())
      .then(() => deps.database.destroy())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => {
    shutdown('SIGINT');
  });
  process.on('SIGTERM', () => {
    shutdown('SIGTERM');
  });

  await app.listen({ port: config.port, host: config.host });
  logger.info({ url: config.baseUrl, database: deps.database.dialect }, 'Otway is running');
  deps.outboxDispatcher.start();

  const link = await deps.accounts.firstAdminLinkIfNeeded(systemContext('startup'));
  if (link !== null) {
    // Written for the person at the terminal, not the log: it is a secret for them alone.
    process.stdout.write(
      `\n  Otway has no accounts yet. Create the first administrator with this one-time link (valid for 24 hours):\n\n    ${link}\n\n`,
    );
  }
  // The scheduled jobs registered in the composition root, each run once per interval across every server.
  deps.jobs.start();
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`Otway could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
