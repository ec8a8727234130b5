/**
 * Builds the fastify application from its dependencies, registering plugins in the order they act on a request.
 * It never listens: server.ts does that, and tests drive the app with `app.inject()`.
 */
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Dependencies } from './composition.js';
import { accessPlugin, routeDeclarationsPlugin } from './web/plugins/access.js';
import { assetsPlugin } from './web/plugins/assets.js';
import { csrfPlugin } from './web/plugins/csrf.js';
import { errorsPlugin } from './web/plugins/errors.js';
import { inputGuardPlugin, parseFormBody } from './web/plugins/input-guard.js';
import { sharedRateLimitStore } from './web/plugins/rate-limit-store.js';
import { requestLogPlugin } from './web/plugins/request-log.js';
import { securityPlugin } from './web/plugins/security.js';
import { sessionPlugin } from './web/plugins/session.js';
import { viewsPlugin } from './web/plugins/views.js';
import { outboxRoutes } from './web/routes/admin/outbox.routes.js';
import { userRoutes } from './web/routes/admin/users.routes.js';
import { eligibilityApiRoutes } from './web/routes/api/eligibility.routes.js';
import { referenceSearchRoutes } from './web/routes/api/reference.routes.js';
import { auditRoutes } from './web/routes/audit/audit.routes.js';
import { authRoutes } from './web/routes/auth/auth.routes.js';
import { oidcRoutes } from './web/routes/auth/oidc.routes.js';
import { healthRoutes } from './web/routes/health/health.routes.js';
import { checkerRoutes } from './web/routes/checker/checker.routes.js';
import { referralRoutes } from './web/routes/referral/referral.routes.js';
import { registerReferralRoutes } from './web/routes/referral/register.routes.js';
import { triageReferralRoutes } from './web/routes/triage/referral.routes.js';
import { triageLetterRoutes } from './web/routes/triage/letters.routes.js';
import { printQueueRoutes } from './web/routes/letters/print-queue.routes.js';
import { referralSearchRoutes } from './web/routes/staff/referral-search.routes.js';
import { subjectAccessRoutes } from './web/routes/subject-access/subject-access.routes.js';
import { feedbackRoutes } from './web/routes/public/feedback.routes.js';
import { publicRoutes, servicesIndexRoute } from './web/routes/public/public.routes.js';
import { staffRoutes } from './web/routes/staff/staff.routes.js';
import { worklistRoutes } from './web/routes/triage/worklist.routes.js';
import { appointmentRoutes } from './web/routes/appointments/appointments.routes.js';
import { placesRoutes } from './web/routes/places/places.routes.js';
import { equipmentRoutes } from './web/routes/equipment/equipment.routes.js';
import { ehcpRequestRoutes } from './web/routes/ehcp/requests.routes.js';
import { ehcpAdviceRoutes } from './web/routes/ehcp-advice/advice.routes.js';
import { ehcpDeliveryRoutes } from './web/routes/ehcp-delivery/delivery.routes.js';
import { recordRoutes } from './web/routes/record/record.routes.js';
import { consentRoutes } from './web/routes/consent/consent.routes.js';
import { dischargeRoutes } from './web/routes/discharge/discharge.routes.js';
import { notesRoutes } from './web/routes/notes/notes.routes.js';
import { goalsRoutes } from './web/routes/goals/goals.routes.js';
import { assessmentRoutes } from './web/routes/assessments/assessments.routes.js';
import { diaryRoutes } from './web/routes/diary/diary.routes.js';
import { calendarFeedRoutes } from './web/routes/calendar-feed/calendar-feed.routes.js';
import { familyWaitingWellRoutes } from './web/routes/family-waiting-well/waiting-well.routes.js';
import { tasksRoutes } from './web/routes/tasks/tasks.routes.js';
import { appointmentLetterRoutes } from './web/routes/appointments-letters/appointment-letters.routes.js';
import { familyAppointmentRoutes } from './web/routes/family-appointment/family-appointment.routes.js';
import { appointmentPrintRoutes } from './web/routes/appointments-letters/appointment-print.routes.js';
import { appointmentOutcomeRoutes } from './web/routes/appointment-outcomes/outcome.routes.js';
import { safeguardingRoutes } from './web/routes/safeguarding/flags.routes.js';
import { caseloadRoutes } from './web/routes/caseloads/caseloads.routes.js';
import { waitingListRoutes } from './web/routes/waiting-list/waiting-list.routes.js';

const CORRELATION_ID = /^[A-Za-z0-9._-]{8,64}$/u;

export async function buildApp(deps: Dependencies): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    // Our own request log names the route pattern, never the URL (request-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1_048_576,
    // Fastify's prototype-poisoning protection, stated so nobody relaxes it by accident.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    genReqId: (req) => {
      const given = req.headers['x-correlation-id'];
      return typeof given === 'string' && CORRELATION_ID.test(given) ? given : crypto.randomUUID();
    },
    routerOptions: { maxParamLength: 200 },
  });

  // 1. Errors first, so that everything after them fails as a page, never a stack trace.
  await app.register(errorsPlugin);
  // 2. Security headers and the correlation id on every response; the request log without personal data.
  await app.register(securityPlugin);
  await app.register(requestLogPlugin);
  // 3. Rate limiting, before any work is done for a request.
  // Counted in the database, in a sliding window, so every server counts a client once (docs/adr/0031).
  await app.register(rateLimit, {
    global: true,
    max: deps.config.rateLimitPerMinute,
    timeWindow: 60_000,
    store: sharedRateLimitStore(deps.rateLimiter),
  });
  // 4. Every route must declare its access and audit from here on (deny by default).
  await app.register(routeDeclarationsPlugin);
  // 5. Body parsing and static assets.
  await app.register(formbody, { bodyLimit: 1_048_576, parser: parseFormBody });
  await app.register(assetsPlugin);
  // 6. Views; the session and request context; the permission check and audit; refusal of unsafe input; CSRF.
  await app.register(viewsPlugin, { deps });
  await app.register(sessionPlugin, { deps });
  await app.register(accessPlugin, { deps });
  await app.register(inputGuardPlugin);
  await app.register(csrfPlugin, { deps });
  // 7. Routes.
  await app.register(healthRoutes(deps));
  if (deps.registry.single === null) await app.register(servicesIndexRoute(deps));
  for (const service of deps.registry.all) {
    await app.register(publicRoutes(deps, service));
    await app.register(checkerRoutes(deps, service));
    await app.register(referralRoutes(deps, service));
    await app.register(feedbackRoutes(deps, service));
  }
  await app.register(authRoutes(deps));
  await app.register(oidcRoutes(deps));
  await app.register(staffRoutes(deps));
  await app.register(registerReferralRoutes(deps));
  await app.register(worklistRoutes(deps));
  await app.register(tasksRoutes(deps));
  await app.register(familyWaitingWellRoutes(deps));
  await app.register(waitingListRoutes(deps));
  await app.register(triageReferralRoutes(deps));
  await app.register(triageLetterRoutes(deps));
  await app.register(printQueueRoutes(deps));
  await app.register(referralSearchRoutes(deps));
  await app.register(userRoutes(deps));
  await app.register(outboxRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(eligibilityApiRoutes(deps));
  await app.register(referenceSearchRoutes(deps));
  await app.register(subjectAccessRoutes(deps));
  await app.register(appointmentRoutes(deps));
  await app.register(placesRoutes(deps));
  await app.register(diaryRoutes(deps));
  await app.register(calendarFeedRoutes(deps));
  await app.register(appointmentLetterRoutes(deps));
  await app.register(familyAppointmentRoutes(deps));
  await app.register(appointmentPrintRoutes(deps));
  await app.register(appointmentOutcomeRoutes(deps));
  await app.register(safeguardingRoutes(deps));
  await app.register(caseloadRoutes(deps));
  await app.register(equipmentRoutes(deps));
  await app.register(recordRoutes(deps));
  await app.register(consentRoutes(deps));
  await app.register(dischargeRoutes(deps));
  await app.register(notesRoutes(deps));
  await app.register(goalsRoutes(deps));
  await app.register(assessmentRoutes(deps));
  await app.register(ehcpRequestRoutes(deps));
  await app.register(ehcpAdviceRoutes(deps));
  await app.register(ehcpDeliveryRoutes(deps));

  return app;
}
