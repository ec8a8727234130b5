/**
 * Otway's command line: `npm run cli -- <command>`.
 *
 *   migrate                         run the database migrations
 *   create-user                     with no accounts yet: print a one-time link to create the first administrator
 *   create-user --email E --name N --role R [--role R...] [--service S]
 *                                   invite a member of staff and print their one-time link
 *   verify-audit [--service S]      check the audit trail's hash chains
 */
import { parseArgs } from 'node:util';
import { buildDependencies, type Dependencies } from '../composition.js';
import { loadConfig } from '../config.js';
import { migrateToLatest } from '../data/migrate.js';
import { openDatabase } from '../data/create-db.js';
import { isRole } from '../domain/access/roles.js';
import { isValidEmail, normaliseEmail } from '../domain/accounts/email.js';
import { INSTANCE_CHAIN } from '../domain/audit/event.js';
import { createLogger } from '../logger.js';
import { systemContext } from '../services/shared/context.js';

const USAGE = `Usage: npm run cli -- <command>
  migrate
  create-user [--email E --name N --role R [--role R ...] [--service S]]
  verify-audit [--service S]`;

async function createUser(deps: Dependencies, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', multiple: true },
      service: { type: 'string' },
    },
  });
  const ctx = systemContext('cli');
  if (values.email === undefined) {
    const link = await deps.accounts.firstAdminLinkIfNeeded(ctx);
    if (link === null) {
      console.error('Accounts already exist. Give --email, --name and --role to invite someone.');
      return 1;
    }
    console.log(`Create the first administrator with this one-time link (valid for 24 hours):\n\n  ${link}\n`);
    return 0;
  }
  const email = normaliseEmail(values.email);
  const roles = values.role ?? [];
  const serviceId = values.service ?? deps.registry.single?.id;
  if (
    !isValidEmail(email) ||
    values.name === undefined ||
    values.name.trim() === '' ||
    roles.length === 0 ||
    !roles.every(isRole)
  ) {
    console.error(
      'Give a valid --email, a --name and at least one --role (admin, admin-officer, triage-clinician, clinician, service-manager, auditor).',
    );
    return 1;
  }
  if (serviceId === undefined || deps.registry.byId(serviceId) === undefined) {
    console.error(`Give --service, one of: ${deps.registry.ids.join(', ')}`);
    return 1;
  }
  const result = await deps.accounts.invite(
    { ...ctx, serviceId },
    { email, displayName: values.name.trim(), roles: roles.filter(isRole) },
  );
  console.log(
    result.link === null
      ? `${email} now has those roles in ${serviceId}.`
      : `Send ${email} this one-time link (valid for 72 hours):\n\n  ${result.link}\n`,
  );
  return 0;
}

async function verifyAudit(deps: Dependencies, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { service: { type: 'string' } } });
  const serviceIds = values.service === undefined ? deps.registry.ids : [values.service];
  let broken = 0;
  const seen = new Set<string>();
  for (const serviceId of serviceIds) {
    for (const check of await deps.audit.verify(serviceId)) {
      if (seen.has(check.chain)) continue;
      seen.add(check.chain);
      const state = check.brokenAtId === null ? 'intact' : `BROKEN at event ${String(check.brokenAtId)}`;
      console.log(
        `${check.chain === INSTANCE_CHAIN ? 'instance' : check.chain}: ${String(check.checked)} events, ${state}`,
      );
      if (check.brokenAtId !== null) broken++;
    }
  }
  return broken === 0 ? 0 : 2;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  const logger = createLogger({ logLevel: 'warn' });
  if (command === 'migrate') {
    const database = openDatabase(config.databaseUrl);
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
  if (command !== 'create-user' && command !== 'verify-audit') {
    console.error(USAGE);
    return command === undefined || command === 'help' ? 0 : 1;
  }
  const deps = await buildDependencies(config, logger);
  try {
    return command === 'create-user' ? await createUser(deps, rest) : await verifyAudit(deps, rest);
  } finally {
    await deps.database.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
