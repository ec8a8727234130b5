/**
 * The composition root's part for backups and restores (docs/adr/0034), in a module of its own: built without opening
 * the application (a restore writes into an empty place, which the migrations run by buildDependencies would fill
 * first), and loaded without it, so that `npm run cli -- backup` does not load every use case, route and template.
 */
import type { Config } from './config.js';
import { createBackups, type BackupPlace } from './services/backup/backup.service.js';
import { createRestores } from './services/backup/restore.service.js';
import type { Clock } from './services/shared/context.js';

export function buildBackups(config: Config, clock: Clock = () => new Date()) {
  const place: BackupPlace = {
    databaseUrl: config.databaseUrl,
    dialect: config.databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres',
    filesRoot: config.attachmentsDir,
    stagingRoot: config.dataDir,
    keyFile: config.backupKeyFile,
  };
  return { backups: createBackups({ place, clock }), restores: createRestores({ place }) };
}
