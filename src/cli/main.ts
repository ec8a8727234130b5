/**
 * Otway's command line: `npm run cli -- <command>`.
 *
 *   migrate                         run the database migrations
 *   create-user                     with no accounts yet: print a one-time link to create the first administrator
 *   create-user --email E --name N --role R [--role R...] [--service S]
 *                                   invite a member of staff and print their one-time link
 *   verify-audit [--service S]      check the audit trail's hash chains
 *   import-practices FILE [--data-date D]  import GP practices from an NHS ODS epraccur file
 *   import-schools FILE [--data-date D]    import schools from a DfE GIAS extract (edubasealldata)
 *   send-messages                   one pass of the outbox dispatcher: send what is due, then stop
 *   remind-overdue-replies          one pass of the reply reminders: remind each overdue reply not yet reminded
 *   demo [--service S]              fill an empty embedded database with a demo service and print its staff accounts
 *   backup DIR | restore FILE [--overwrite] | backup-key NEWFILE   encrypted backups that restore (backup-commands.ts)
 */
import { loadConfig } from '../config.js';
import type { AppCommand } from './app-commands.js';
import { BACKUP_USAGE, isBackupCommand, runBackupCommand } from './backup-commands.js';

const USAGE = `Usage: npm run cli -- <command>
  migrate
  create-user [--email E --name N --role R [--role R ...] [--service S]]
  verify-audit [--service S]
  import-practices FILE [--data-date YYYY-MM-DD]   (NHS ODS epraccur; the date the publisher gives the file)
  import-schools FILE [--data-date YYYY-MM-DD]     (DfE GIAS edubasealldata extract)
  send-messages              (one pass of the outbox dispatcher)
  remind-overdue-replies     (one pass of the reminders for overdue replies)
  demo [--service S]         (an empty embedded database only: a demo service, with a staff account for each role)
${BACKUP_USAGE}`;

/** The commands of app-commands.ts, which loads the whole application: only when one of them is asked for. */
const APP_COMMANDS = [
  'create-user',
  'verify-audit',
  'import-practices',
  'import-schools',
  'send-messages',
  'remind-overdue-replies',
  'demo',
] as const satisfies readonly AppCommand[];
/** Does not compile while a command app-commands.ts runs is missing above (it would be answered with the usage text). */
type Unlisted = Exclude<AppCommand, (typeof APP_COMMANDS)[number]>;
const _everyAppCommandListed: [Unlisted] extends [never] ? true : false = true;
const isAppCommand = (value: string | undefined): value is AppCommand =>
  (APP_COMMANDS as readonly (string | undefined)[]).includes(value);

async function migrate(databaseUrl: string): Promise<number> {
  const { openDatabase } = await import('../data/create-db.js');
  const { migrateToLatest } = await import('../data/migrate.js');
  const database = openDatabase(databaseUrl);
  try {
    const result = await migrateToLatest(database.db);
    const ran = result.results ?? [];
    console.log(
      ran.length === 0 ? 'The database is up to date.' : ran.map((r) => `${r.status}: ${r.migrationName}`).join('\n'),
    );
    return 0;
  } finally {
    await database.destroy();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  if (command === 'migrate') return migrate(config.databaseUrl);
  // Before the application is built: a restore goes into an empty database, which building would migrate.
  if (isBackupCommand(command)) return runBackupCommand(config, command, rest);
  if (!isAppCommand(command)) {
    console.error(USAGE);
    return command === undefined || command === 'help' ? 0 : 1;
  }
  const { runAppCommand } = await import('./app-commands.js');
  return runAppCommand(config, command, rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
