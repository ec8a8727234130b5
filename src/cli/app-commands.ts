/**
 * The commands that work on a running service's data (`npm run cli -- <command>`, listed in main.ts): each builds the
 * application's dependencies from the composition root, as the server does, runs, and closes the database. main.ts
 * loads this module only for one of them, so that `migrate`, the backup commands and the usage text do not load the
 * whole application (about half a second, and twice the memory).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDependencies, type Dependencies } from '../composition.js';
import type { Config } from '../config.js';
import { isRole } from '../domain/access/roles.js';
import { isValidEmail, normaliseEmail } from '../domain/accounts/email.js';
import { CHAIN_BREAK_TEXT } from '../domain/audit/chain-check.js';
import { INSTANCE_CHAIN } from '../domain/audit/event.js';
import { isIsoDate } from '../domain/shared/dates.js';
import { createLogger } from '../logger.js';
import {
  describeImport,
  ReferenceFileError,
  type ImportReport,
  type ReferenceFile,
} from '../services/reference/reference-import.service.js';
import { createDemo } from '../services/demo/demo.service.js';
import { systemContext, type RequestContext } from '../services/shared/context.js';

export type AppCommand =
  | 'create-user'
  | 'verify-audit'
  | 'import-practices'
  | 'import-schools'
  | 'send-messages'
  | 'remind-overdue-replies'
  | 'demo';

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
  const existing = result.existing;
  if (existing === null) {
    console.log(`Send ${email} this one-time link (valid for 72 hours):\n\n  ${result.link ?? ''}\n`);
    return 0;
  }
  // An invitation never changes an existing account: someone from another service is given the roles here, and
  // someone already invited here gets their invitation again, with the roles first given.
  if (existing.rolesHere.length === 0) {
    const added = await deps.accounts.addToService({ ...ctx, serviceId }, existing.id, roles.filter(isRole));
    if (!added.ok) {
      console.error(added.problem.message);
      return 1;
    }
    console.log(`${email} already has an Otway account. They now have those roles in ${serviceId}.`);
    return 0;
  }
  if (existing.status === 'invited') {
    const resent = await deps.accounts.resendInvitation({ ...ctx, serviceId }, existing.id);
    if (!resent.ok) {
      console.error(resent.problem.message);
      return 1;
    }
    console.log(
      `${email} was already invited to ${serviceId}, and keeps the roles first given. Send them this new one-time link (valid for 72 hours), which replaces the old one:\n\n  ${resent.link}\n`,
    );
    return 0;
  }
  console.error(
    `${email} already has access to ${serviceId}. Change their roles on their Staff accounts page instead.`,
  );
  return 1;
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
      const state =
        check.brokenAtId === null
          ? 'intact'
          : `BROKEN at event ${String(check.brokenAtId)}: ${check.brokenBecause === null ? 'mismatch' : CHAIN_BREAK_TEXT[check.brokenBecause]}`;
      console.log(
        `${check.chain === INSTANCE_CHAIN ? 'instance' : check.chain}: ${String(check.checked)} events, ` +
          `${String(check.anchorsChecked)} anchors, ${state}`,
      );
      if (check.brokenAtId !== null) broken++;
    }
  }
  return broken === 0 ? 0 : 2;
}

const IMPORT_USAGE = `Usage: npm run cli -- import-practices FILE [--data-date YYYY-MM-DD]
       npm run cli -- import-schools FILE [--data-date YYYY-MM-DD]`;

async function importReference(
  deps: Dependencies,
  args: string[],
  run: (file: ReferenceFile, ctx: RequestContext, options: { dataDate: string | null }) => Promise<ImportReport>,
): Promise<number> {
  // `--data-date YYYY-MM-DD`: the publisher's date of the file, shown to admins to say how old the data is.
  const at = args.indexOf('--data-date');
  const dataDate = at === -1 ? null : (args[at + 1] ?? '');
  const rest = at === -1 ? args : args.filter((_, i) => i !== at && i !== at + 1);
  const [path, ...extra] = rest;
  if (path === undefined || extra.length > 0) {
    console.error(IMPORT_USAGE);
    return 1;
  }
  if (dataDate !== null && !isIsoDate(dataDate)) {
    console.error(`--data-date must be the publisher's date of the file as YYYY-MM-DD, like 2026-11-01.`);
    return 1;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    console.error(`Cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  try {
    console.log(describeImport(await run({ name: basename(path), bytes }, systemContext('import'), { dataDate })));
    return 0;
  } catch (err) {
    if (!(err instanceof ReferenceFileError)) throw err;
    console.error(`${basename(path)} was not imported, and nothing was changed. ${err.message}`);
    return 1;
  }
}

/** One pass of the dispatcher, for cron or for an operator who wants the queue emptied now. */
async function sendMessages(deps: Dependencies): Promise<number> {
  const r = await deps.outboxDispatcher.runOnce();
  console.log(
    `${String(r.claimed)} due: ${String(r.sent)} sent, ${String(r.alreadySent)} already sent, ` +
      `${String(r.retrying)} to try again, ${String(r.dead)} failed.`,
  );
  return r.dead > 0 ? 2 : 0;
}

/** One pass of the reminders for overdue replies, for cron or for an operator who wants them sent now. */
async function remindOverdueReplies(deps: Dependencies): Promise<number> {
  const r = await deps.replyReminders.remindOverdue();
  console.log(
    `${String(r.reminded)} reminded.` +
      (r.failed > 0 ? ` ${String(r.failed)} could not be sent, and will be tried again (see the log).` : ''),
  );
  return r.failed > 0 ? 2 : 0;
}

/** Fills an empty embedded database with a demo service and prints each account's password, once. */
async function demo(deps: Dependencies, config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { service: { type: 'string' } } });
  const definition = deps.registry.byId(values.service ?? deps.registry.single?.id);
  if (definition === undefined) {
    console.error(`Give --service, one of: ${deps.registry.ids.join(', ')}`);
    return 1;
  }
  const outcome = await createDemo({
    db: deps.database.db,
    clock: deps.clock,
    accounts: deps.accounts,
    referenceSnapshot: deps.referenceSnapshot,
    places: deps.places,
    ehcpRequests: deps.ehcpRequests,
    definitionsDir: config.serviceDefinitionsDir,
  }).fill(systemContext('demo'), definition);
  if (!outcome.ok) {
    console.error(outcome.problem.message);
    return 1;
  }
  const { loaded } = outcome;
  const states = Object.entries(loaded.byStatus)
    .map(([status, n]) => `${status} ${String(n)}`)
    .join(', ');
  const width = Math.max(...outcome.accounts.map((a) => a.email.length));
  const labelWidth = Math.max(...outcome.accounts.map((a) => a.roleLabel.length)) + 1;
  console.log(
    [
      `Demo service ${outcome.serviceId} loaded: ${loaded.children.toLocaleString('en-GB')} children and ${loaded.referrals.toLocaleString('en-GB')} referrals (${states}). Every child and referral is made up; NHS numbers start 999, the range kept for tests.`,
      '',
      `Start Otway (npm start) and sign in at ${config.baseUrl}/sign-in as any of these people. Each password is shown only this once:`,
      '',
      ...outcome.accounts.map((a) => `  ${a.roleLabel.padEnd(labelWidth)} ${a.email.padEnd(width)}  ${a.password}`),
      '',
    ].join('\n'),
  );
  return 0;
}

async function runCommand(deps: Dependencies, config: Config, command: AppCommand, args: string[]): Promise<number> {
  switch (command) {
    case 'demo':
      return demo(deps, config, args);
    case 'create-user':
      return createUser(deps, args);
    case 'verify-audit':
      return verifyAudit(deps, args);
    case 'import-practices':
      return importReference(deps, args, (file, ctx, options) =>
        deps.referenceImport.importPractices(file, ctx, options),
      );
    case 'import-schools':
      return importReference(deps, args, (file, ctx, options) =>
        deps.referenceImport.importSchools(file, ctx, options),
      );
    case 'send-messages':
      return sendMessages(deps);
    case 'remind-overdue-replies':
      return remindOverdueReplies(deps);
  }
}

/** Builds the application on the database the configuration names (migrating it, as the server does), runs `command`. */
export async function runAppCommand(config: Config, command: AppCommand, args: string[]): Promise<number> {
  const deps = await buildDependencies(config, createLogger({ logLevel: 'warn' }));
  try {
    return await runCommand(deps, config, command, args);
  } finally {
    await deps.database.destroy();
  }
}
