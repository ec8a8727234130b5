/**
 * The composition root: builds the database, the repositories' callers and the use cases once, in order.
 * Everything else receives what it needs from here. The backup commands' part, which must not open the application,
 * is in composition-backups.ts.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import { openDatabase } from './data/create-db.js';
import { migrateToLatest } from './data/migrate.js';
import { migrateAsOwner } from './data/database-roles.js';
import { createPrivateKey } from 'node:crypto';
import { anchorFile } from './data/audit/anchor-file.js';
import { createAuditAnchors } from './services/audit/audit-anchors.js';
import { createAuditWatch } from './services/audit/audit-watch.js';
import { loadServiceDefinitions } from './data/services/definition-files.js';
import { upsertService } from './data/services/services.repository.js';
import { createAccountService } from './services/accounts/account.service.js';
import { createSignInService } from './services/accounts/sign-in.service.js';
import { createPasswordReset } from './services/accounts/password-reset.service.js';
import { createSecretBox } from './services/accounts/two-factor-secret-box.js';
import { createTwoFactorService } from './services/accounts/two-factor.service.js';
import { createOidcClient } from './services/accounts/oidc-client.js';
import { createOidcSignIn } from './services/accounts/oidc.service.js';
import { createAuditService } from './services/audit/audit.service.js';
import { createCheckEligibility } from './services/eligibility/check-eligibility.js';
import { createOutboxDispatcher } from './services/outbox/dispatcher.js';
import { createFeedback } from './services/feedback/feedback.service.js';
import { createSubjectAccess } from './services/subject-access/subject-access.service.js';
import { createLocalProvider } from './services/outbox/local-provider.js';
import { createNotifyProvider } from './services/outbox/notify-provider.js';
import { createOutbox } from './services/outbox/outbox.service.js';
import { createOutboxRetention } from './services/outbox/retention.js';
import { createLocalMailbox } from './data/outbox/local-mailbox.js';
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
import { createWaitingList } from './services/care/waiting-list.service.js';
import { createReferralSearch } from './services/referrals/referral-search.service.js';
import { createReferenceDataService } from './services/reference/reference-data.service.js';
import { createReferenceImportService } from './services/reference/reference-import.service.js';
import { createReferenceSnapshot } from './services/reference/reference-snapshot.service.js';
import { createServiceRegistry } from './services/service-registry.js';
import { createSessionService } from './services/sessions/session.service.js';
import { createJobRunner } from './services/jobs/job-runner.js';
import { createFamilyLinks } from './services/care/family-links.service.js';
import { createTaskRaiser } from './services/care/tasks.service.js';
import { createCalendarFeed } from './services/care/calendar-feed.service.js';
import { createWaitingWell } from './services/care/waiting-well.service.js';
import { createWaitingWellAnswers } from './services/care/waiting-well-answers.service.js';
import { createTasksWork } from './services/care/tasks-work.service.js';
import { createWaitingListRemoval } from './services/care/waiting-list-removal.service.js';
import { createOutcomes } from './services/care/outcomes.service.js';
import { createCaseloads } from './services/care/caseloads.service.js';
import { createAppointmentNotices } from './services/care/appointment-notices.service.js';
import { createAppointmentReplies } from './services/care/appointment-replies.service.js';
import { createPlaces } from './services/care/places.service.js';
import { createEquipment } from './services/record/equipment.service.js';
import { createNotes } from './services/record/notes.service.js';
import { createConsents } from './services/record/consent.service.js';
import { createDischarges } from './services/record/discharge.service.js';
import { createGoals } from './services/record/goals.service.js';
import { createRecordAccess } from './services/record/record-access.service.js';
import { createChildRecord } from './services/record/child-record.service.js';
import { createAdvice } from './services/record/advice.service.js';
import { createEhcpAdvice } from './services/ehcp/advice.service.js';
import { createEhcpDelivery } from './services/ehcp/delivery.service.js';
import { createEhcpRequests } from './services/ehcp/requests.service.js';
import { createAssessments } from './services/record/assessments.service.js';
import { createDiary } from './services/care/diary.service.js';
import { createBooking } from './services/care/booking.service.js';
import { createRateLimiter } from './services/rate-limits/rate-limiter.js';
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
  // With an owner role named, the server's own role may not alter the tables or rewrite the audit trail (ADR 0027).
  if (config.migrationDatabaseUrl === null) await migrateToLatest(db);
  else await migrateAsOwner(config.migrationDatabaseUrl, db);

  const registry = createServiceRegistry(
    loadServiceDefinitions([config.serviceDefinitionsDir, ...(options.extraDefinitionDirs ?? [])]),
  );
  const now = clock().toISOString();
  for (const d of registry.all) {
    await upsertService(db, { id: d.id, name: d.serviceName, organisationName: d.organisation.name }, now);
  }

  const auditAnchors = createAuditAnchors({
    db,
    clock,
    file: anchorFile(config.auditAnchor.file),
    privateKey: createPrivateKey(config.auditAnchor.keyPem),
  });
  const audit = createAuditService({ db, clock, anchors: auditAnchors });
  const sessions = createSessionService({ db, clock, secret: config.sessionSecret, policy: config.session });
  const accounts = createAccountService({
    db,
    clock,
    audit,
    serviceIds: registry.ids,
    activationUrl: (token) => `${config.baseUrl}${paths.activate.build({ token })}`,
  });
  const signIn = createSignInService({ db, clock, audit, policy: config.signIn });
  // A second factor for password sign-ins (docs/adr/0032); its secrets sealed under a key from the server's secret.
  const twoFactor = createTwoFactorService({
    db,
    clock,
    audit,
    signIn,
    box: createSecretBox(config.sessionSecret),
    required: config.staffTwoFactor === 'required',
    issuer: 'Otway',
  });
  // Single sign-on (docs/adr/0033): only when an OpenID provider is configured; the provider sends people back here.
  const oidcSettings =
    config.oidc === null ? null : { ...config.oidc, redirectUri: `${config.baseUrl}${paths.oidc.callback.build()}` };
  const oidc =
    oidcSettings === null
      ? null
      : createOidcSignIn({
          db,
          clock,
          audit,
          secret: config.sessionSecret,
          settings: oidcSettings,
          client: createOidcClient(oidcSettings, clock),
        });
  const referenceData = createReferenceDataService({ db });
  const referenceImport = createReferenceImportService({ db, clock, audit, afterImport: referenceData.forget });
  const referenceSnapshot = createReferenceSnapshot({
    db,
    clock,
    referenceImport,
    definitionsDir: config.serviceDefinitionsDir,
  });
  const eligibility = createCheckEligibility({ registry, referenceData, clock });
  const outbox = createOutbox({ db, clock, audit });
  // After acceptance (issue 13): families' one-time links, and tasks raised for the team.
  const familyLinks = createFamilyLinks({ db, clock });
  const taskRaiser = createTaskRaiser({ clock, audit });
  // A clinician's calendar feed behind a secret address (docs/adr/0039).
  const calendarFeed = createCalendarFeed({
    db,
    clock,
    audit,
    registry,
    feedUrl: (token) => `${config.baseUrl}${paths.calendarFeed.feed.build({ token })}`,
    host: new URL(config.baseUrl).hostname,
  });
  // Appointment outcomes, Was Not Brought and the safeguarding flag; caseloads (issue 13 items 6 and 8).
  const outcomes = createOutcomes({ db, clock, audit, registry, taskRaiser });
  const caseloads = createCaseloads({ db, clock });
  const appointmentNotices = createAppointmentNotices({
    db,
    clock,
    registry,
    outbox,
    familyLinks,
    audit,
    familyLinkBase: `${config.baseUrl}${paths.family.appointment.build({ token: '' })}`,
  });
  const appointmentReplies = createAppointmentReplies({ db, clock, registry, audit, familyLinks, taskRaiser });
  // Teams, clinic locations, rooms and clinicians' working patterns; the diaries of clinicians and rooms.
  const places = createPlaces({ db, clock, audit, registry });
  const equipment = createEquipment({ db, clock, audit, registry });
  // Contact notes: drafts with autosave, signed once and never changed (docs/adr/0045).
  const notes = createNotes({ db, clock, audit });
  const goals = createGoals({ db, clock, audit });
  // Who may see a child's record, its alerts and break-glass (docs/adr/0046, 0047).
  const recordAccess = createRecordAccess({ db, clock, audit, registry });
  const childRecord = createChildRecord({ db, clock });
  // Standardised and functional assessments: scores with the values derived at save time (issue 14 item 4).
  const assessments = createAssessments({ db, clock, audit });
  const diary = createDiary({ db, clock, audit, registry, places });
  // Free slots and booking; the database refuses double booking (docs/adr/0037).
  const booking = createBooking({ db, clock, audit, registry, notices: appointmentNotices });
  const passwordReset = createPasswordReset({
    db,
    clock,
    audit,
    outbox,
    resetUrl: (token) => `${config.baseUrl}${paths.resetPassword.build({ token })}`,
  });
  // Notify when it has a key; otherwise the local provider records each message for admins to read (embedded mode).
  // The embedded mode's messages as they would have gone, one-time links included: for the terminal, not the database.
  const mailbox = createLocalMailbox(resolve(config.dataDir, 'local-mailbox'));
  const provider =
    config.notify === null ? createLocalProvider({ db, clock, mailbox }) : createNotifyProvider(config.notify);
  if (provider.name === 'local' && config.env === 'production') {
    logger.warn('NOTIFY_API_KEY is not set: messages are recorded for administrators to read, not sent');
  }
  const files = createFileStore(config.attachmentsDir);
  const outboxDispatcher = createOutboxDispatcher({
    db,
    clock,
    provider,
    logger,
    files,
    // One-time links are minted at sending (docs/adr/0029); referralDrafts is built below, before any send.
    linkMinters: {
      'referral-draft-resume': (about) => referralDrafts.mintResumeToken(about),
      'password-reset': (about) => passwordReset.mint(about),
      'family-link': (about) => familyLinks.mint(about),
    },
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
  const referralAttachments = createReferralAttachments({ db, clock, files });
  const purgeExpiredDrafts = createDraftPurge({ db, clock, files });
  const referrals = createReferralQueries({ db });
  const worklist = createWorklist({ db, clock });
  const waitingList = createWaitingList({ db, clock });
  const letters = createDecisionLetters({ db, clock, files, outbox, registry, audit });
  // Advice and strategies given to a child's family or school as a PDF (issue 14 item 6).
  const advice = createAdvice({ db, clock, audit, registry, files });
  // Consent and discharge with its summary letters (issue 14 items 2 and 8).
  const consents = createConsents({ db, clock, audit });
  const discharges = createDischarges({ db, clock, audit, registry, files, outbox });
  // Statutory EHCP health advice (issue 15, docs/adr/0048): requests and their clock, the advice, its sending.
  const ehcpDeps = { db, clock, audit, registry, files, outbox, taskRaiser };
  const [ehcpRequests, ehcpAdvice] = [createEhcpRequests(ehcpDeps), createEhcpAdvice(ehcpDeps)];
  const ehcpDelivery = createEhcpDelivery(ehcpDeps);
  const triage = createTriage({ db, clock, audit, letters, registry });
  const replyReminders = createReplyReminders({ db, clock, audit, letters, registry, logger });
  const referralSearch = createReferralSearch({ db, audit });
  const feedback = createFeedback({ db, audit, outbox });
  const subjectAccess = createSubjectAccess({ db, clock, audit, files });
  const rateLimiter = createRateLimiter({ db, clock });
  // Scheduled jobs: each runs once per interval across every server on the database (docs/adr/0031); one line each.
  const holder = `${hostname().slice(0, 120)}:${String(process.pid)}:${randomUUID().slice(0, 8)}`;
  const jobs = createJobRunner({ db, clock, logger, holder });
  const every = config.jobsIntervalSeconds * 1000;
  jobs.register({ name: 'purge-expired-sessions', everyMs: every, run: () => sessions.purgeExpired() });
  jobs.register({ name: 'purge-expired-drafts', everyMs: every, run: () => purgeExpiredDrafts() });
  jobs.register({ name: 'remind-overdue-replies', everyMs: every, run: () => replyReminders.remindOverdue() });
  jobs.register({ name: 'purge-rate-limit-counters', everyMs: every, run: () => rateLimiter.purgeExpired() });
  jobs.register({ name: 'escalate-ehcp-requests', everyMs: every, run: () => ehcpRequests.escalateDue() });
  jobs.register({ name: 'remind-appointments', everyMs: every, run: () => appointmentNotices.remindDue() });
  // Waiting well (docs/adr/0038): contacts on schedule, the family's answers, the team's tasks, confirmed removals.
  const waitingWell = createWaitingWell({
    db,
    clock,
    audit,
    outbox,
    registry,
    familyLinks,
    taskRaiser,
    logger,
    linkAddress: `${config.baseUrl}${paths.family.waitingWell.build({ token: '' })}`,
  });
  jobs.register({ name: 'waiting-well-contacts', everyMs: every, run: () => waitingWell.sendDueContacts() });
  const waitingWellAnswers = createWaitingWellAnswers({ db, clock, audit, registry, familyLinks, taskRaiser });
  const tasksWork = createTasksWork({ db, clock, audit });
  const waitingListRemoval = createWaitingListRemoval({ db, clock, audit });
  const outboxRetention = createOutboxRetention({
    db,
    audit,
    logger,
    retentionDays: config.outbox.retentionDays,
    mailbox,
  });
  jobs.register({ name: 'purge-sent-messages', everyMs: every, run: () => outboxRetention.purgeSentMessages(clock()) });
  // The audit trail: its chain heads anchored outside the database, and checked against them (docs/adr/0027).
  const auditWatch = createAuditWatch({ db, clock, audit, anchors: auditAnchors, outbox, registry });
  jobs.register({
    name: 'anchor-audit-chains',
    everyMs: config.auditAnchor.anchorMinutes * 60_000,
    run: () => auditWatch.anchor(),
  });
  jobs.register({
    name: 'verify-audit-chains',
    everyMs: config.auditAnchor.verifyMinutes * 60_000,
    run: async () => {
      const { checks, broken, alerted } = await auditWatch.verifyAndAlert();
      if (broken.length > 0) logger.error({ broken, alerted }, 'the audit trail failed its check');
      return { chains: checks.length, broken: broken.length, alerted };
    },
  });

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
    twoFactor,
    passwordReset,
    oidc,
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
    purgeSentMessages: outboxRetention.purgeSentMessages,
    localMailbox: mailbox,
    referrals,
    worklist,
    waitingList,
    triage,
    letters,
    replyReminders,
    referralSearch,
    feedback,
    subjectAccess,
    rateLimiter,
    jobs,
    auditWatch,
    familyLinks,
    taskRaiser,
    calendarFeed,
    waitingWell,
    waitingWellAnswers,
    tasksWork,
    waitingListRemoval,
    outcomes,
    caseloads,
    appointmentNotices,
    booking,
    appointmentReplies,
    places,
    diary,
    equipment,
    notes,
    consents,
    discharges,
    goals,
    recordAccess,
    childRecord,
    advice,
    assessments,
    ehcpRequests,
    ehcpAdvice,
    ehcpDelivery,
  };
}

export type Dependencies = Awaited<ReturnType<typeof buildDependencies>>;
