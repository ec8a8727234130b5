/**
 * The composition root: builds the database, the repositories' callers and the use cases once, in order.
 * Everything else receives what it needs from here.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import { openDatabase } from './data/create-db.js';
import { migrateToLatest } from './data/migrate.js';
import { loadServiceDefinitions } from './data/services/definition-files.js';
import { upsertService } from './data/services/services.repository.js';
import { createAccountService } from './services/accounts/account.service.js';
import { createSignInService } from './services/accounts/sign-in.service.js';
import { createAuditService } from './services/audit/audit.service.js';
import { createCheckEligibility } from './services/eligibility/check-eligibility.js';
import { createOutboxDispatcher } from './services/outbox/dispatcher.js';
import { createFeedback } from './services/feedback/feedback.service.js';
import { createLocalProvider } from './services/outbox/local-provider.js';
import { createNotifyProvider } from './services/outbox/notify-provider.js';
import { createOutbox } from './services/outbox/outbox.service.js';
import { createFileStore } from './data/files/file-store.js';
import { createDecisionLetters } from './services/letters/decision-letters.service.js';
import { createReferralAttachments } from './services/referrals/attachments.service.js';
import { createDraftPurge } from './services/referrals/draft-purge.js';
import { createReferralDrafts } from './services/referrals/referral-drafts.service.js';
import { createReferralQueries } from './services/referrals/referral-queries.js';
import { createReplyReminders } from './services/referrals/reply-reminders.js';
import { createSubmitReferral } from './services/referrals/submit-referral.js';
import { createTriage } from './services/referrals/triage.service.js';
import { createWorklist } from './services/referrals/worklist.service.js';
import { createReferralSearch } from './services/referrals/referral-search.service.js';
import { createReferenceDataService } from './services/reference/reference-data.service.js';
import { createReferenceImportService } from './services/reference/reference-import.service.js';
import { createReferenceSnapshot } from './services/reference/reference-snapshot.service.js';
import { createServiceRegistry } from './services/service-registry.js';
import { createSessionService } from './services/sessions/session.service.js';
import type { Clock } from './services/shared/context.js';
import { paths } from './web/paths.js';

export interface BuildOptions {
  /** Extra folders of service definitions (the tests' second service). */
  extraDefinitionDirs?: string[];
  clock?: Clock;
}

export async function buildDependencies(config: Config, logger: FastifyBaseLogger, options: BuildOptions = {}) {
  const clock: Clock = options.clock ?? (() => new Date());
  const database = openDatabase(config.databaseUrl, {
    pgPoolMax: config.pgPoolMax,
    onPoolError: (err) => {
      logger.warn({ err }, 'database connection lost');
    },
  });
  const { db } = database;
  await migrateToLatest(db);

  const registry = createServiceRegistry(
    loadServiceDefinitions([config.serviceDefinitionsDir, ...(options.extraDefinitionDirs ?? [])]),
  );
  const now = clock().toISOString();
  for (const d of registry.all) {
    await upsertService(db, { id: d.id, name: d.serviceName, organisationName: d.organisation.name }, now);
  }

  const audit = createAuditService({ db, clock });
  const sessions = createSessionService({ db, clock, secret: config.sessionSecret, policy: config.session });
  const accounts = createAccountService({
    db,
    clock,
    audit,
    serviceIds: registry.ids,
    activationUrl: (token) => `${config.baseUrl}${paths.activate.build({ token })}`,
  });
  const signIn = createSignInService({ db, clock, audit, policy: config.signIn });
  const referenceImport = createReferenceImportService({ db, clock, audit });
  const referenceData = createReferenceDataService({ db });
  const referenceSnapshot = createReferenceSnapshot({
    db,
    clock,
    referenceImport,
    definitionsDir: config.serviceDefinitionsDir,
  });
  const eligibility = createCheckEligibility({ registry, referenceData, clock });
  const outbox = createOutbox({ db, clock, audit });
  // Notify when it has a key; otherwise the local provider records each message for admins to read (embedded mode).
  const provider = config.notify === null ? createLocalProvider({ db, clock }) : createNotifyProvider(config.notify);
  if (provider.name === 'local' && config.env === 'production') {
    logger.warn('NOTIFY_API_KEY is not set: messages are recorded for administrators to read, not sent');
  }
  const outboxDispatcher = createOutboxDispatcher({
    db,
    clock,
    provider,
    logger,
    policy: {
      maxAttempts: config.outbox.maxAttempts,
      pollMs: config.outbox.pollSeconds * 1000,
      // Long enough for a look-up and a send, each cut off at the time-out, with room to spare.
      leaseMs: Math.max(60_000, 3 * (config.notify?.timeoutMs ?? 0)),
    },
  });

  const referralDrafts = createReferralDrafts({
    db,
    clock,
    secret: config.sessionSecret,
    audit,
    outbox,
    policy: { keepDays: config.referralDraftDays },
  });
  const submitReferral = createSubmitReferral({ db, clock, audit, eligibility, outbox });
  const files = createFileStore(config.attachmentsDir);
  const referralAttachments = createReferralAttachments({ db, clock, files });
  const purgeExpiredDrafts = createDraftPurge({ db, clock, files });
  const referrals = createReferralQueries({ db });
  const worklist = createWorklist({ db, clock });
  const letters = createDecisionLetters({ db, clock, files, outbox, registry, audit });
  const triage = createTriage({ db, clock, audit, letters });
  const replyReminders = createReplyReminders({ db, clock, audit, letters, registry, logger });
  const referralSearch = createReferralSearch({ db, audit });
  const feedback = createFeedback({ db, audit, outbox });

  return {
    config,
    logger,
    clock,
    database,
    registry,
    audit,
    sessions,
    accounts,
    signIn,
    referenceImport,
    referenceData,
    referenceSnapshot,
    eligibility,
    outbox,
    outboxDispatcher,
    referralDrafts,
    submitReferral,
    referralAttachments,
    purgeExpiredDrafts,
    referrals,
    worklist,
    triage,
    letters,
    replyReminders,
    referralSearch,
    feedback,
  };
}

export type Dependencies = Awaited<ReturnType<typeof buildDependencies>>;
