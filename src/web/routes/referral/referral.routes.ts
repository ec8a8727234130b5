/**
 * The online referral form: GOV.UK question pages, one thing per page, then "check your answers" with the eligibility
 * decision, then a confirmation with the reference. Every answer is saved on the server as the referrer goes (a draft
 * keyed by a random token in a cookie), so a time-out, a lost connection or a closed tab loses nothing; a one-time
 * link by e-mail brings the referrer back to it. No staff session is used: each form carries a token derived from the
 * draft's own, so another site cannot post into someone's draft.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import type { Draft } from '../../../domain/referrals/draft.js';
import type { Answers, FieldProblem } from '../../../domain/referrals/fields.js';
import { parseField } from '../../../domain/referrals/fields.js';
import {
  answerPage,
  dischargeWindowEnded,
  firstUnanswered,
  pageFieldNames,
  pagesFor,
  referralPages,
  type Page,
  type QuestionContext,
} from '../../../domain/referrals/questions.js';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_FILES } from '../../../domain/referrals/attachments.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { londonDate } from '../../../domain/shared/dates.js';
import { can } from '../../../domain/access/roles.js';
import { safeEqual } from '../../../services/accounts/secrets.js';
import type { SubmitOptions } from '../../../services/referrals/submit-referral.js';
import type { RequestContext } from '../../../services/shared/context.js';
import { errorsFromMessages, formValues, UnexpectedFieldsError, type FormErrors } from '../../forms/form.js';
import { paths as appPaths, publicPaths } from '../../paths.js';
import { sessionCookieName } from '../../plugins/session.js';
import { CSRF_FIELD } from '../../plugins/csrf.js';
import { PUBLIC_NO_SESSION, type RouteAccess } from '../../route-access.js';
import { inWords, midSentence, months, servicePageModel } from '../public/public.view-models.js';
import { describePlace, placeChoices, placesLoaded, SEARCH_MAX, searchQuery } from '../shared/place-choices.js';
import { fieldModels, summarySections, windowEndedModel } from './referral.view-models.js';

const SUBMIT: RouteAccess = {
  access: { kind: 'public', session: false },
  audit: { action: 'referral.submitted', byUseCase: true },
};
const SAVE_LINK: RouteAccess = {
  access: { kind: 'public', session: false },
  audit: { action: 'referral.draft-link-sent', byUseCase: true },
};

const ATTACHMENTS_PAGE = 'attachments';

/** "2.4 MB", "310 KB": a file's size as people read it. */
function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${String(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

export function referralCookieName(secure: boolean): string {
  return secure ? '__Host-otway-referral' : 'otway-referral';
}

export function referralPaths(prefix: string) {
  const base = publicPaths(prefix).refer;
  return {
    start: base,
    begin: `${base}/start`,
    page: (id: string) => `${base}/${id}`,
    check: `${base}/check-your-answers`,
    /** Straight after a discharge date past the re-referral window: the parent cannot refer, and who can. */
    windowEnded: `${base}/cannot-refer-again`,
    confirmation: `${base}/confirmation`,
    save: `${base}/save-and-come-back-later`,
    upload: `${base}/attachments/upload`,
    removeFile: `${base}/attachments/remove`,
    resume: `${base}/resume/:token`,
    resumeLink: (token: string) => `${base}/resume/${encodeURIComponent(token)}`,
  };
}

/** The error summary and field messages for a page's problems; each links to the input that needs fixing. */
function pageErrors(problems: readonly FieldProblem[]): FormErrors {
  return errorsFromMessages(
    problems.map((p): [string, string, string] => [
      p.field,
      p.message,
      p.part === undefined ? p.field : `${p.field}-${p.part}`,
    ]),
  );
}

export function referralRoutes(deps: Dependencies, service: ServiceDefinition) {
  const prefix = deps.registry.prefixOf(service.id);
  const links = publicPaths(prefix);
  const paths = referralPaths(prefix);
  const frame = servicePageModel(service, links);
  const config = { routeAccess: PUBLIC_NO_SESSION, serviceId: service.id };
  const cookieName = referralCookieName(deps.config.secureCookies);
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.secureCookies,
    maxAge: deps.config.referralDraftDays * 24 * 3600,
  } as const;
  const allPages = (ctx: QuestionContext) => referralPages(ctx);

  /** The questions as they stand for this draft: staff registering a paper referral get a few of their own. */
  async function questionContext(draft?: Draft): Promise<QuestionContext> {
    const loaded = await deps.referenceData.loaded();
    return {
      definition: service,
      today: londonDate(deps.clock()),
      practicesLoaded: loaded.practices,
      schoolsLoaded: loaded.schools,
      staff: draft?.source === 'staff',
    };
  }

  /**
   * Who is registering a staff draft: the member of staff signed in, in this service, with the permission to. A staff
   * draft is only ever sent by them, so the audit trail names them and the clock starts on the date they give.
   */
  async function registeringStaff(request: FastifyRequest): Promise<RequestContext | undefined> {
    const value = request.cookies[sessionCookieName(deps.config.secureCookies)];
    if (value === undefined) return undefined;
    const { session } = await deps.sessions.resolve(value);
    if (session?.user == null || session.serviceId !== service.id || !can(session.roles, 'referrals:register')) {
      return undefined;
    }
    return { ...request.ctx, serviceId: service.id, actorUserId: session.user.id, actorRoles: session.roles };
  }

  const tokenOf = (request: FastifyRequest) => request.cookies[cookieName];
  /** Where Back goes from a draft's first page: staff came from their registration page, referrers from the start. */
  const firstBack = (draft: Draft) =>
    draft.source === 'staff' ? appPaths.staff.registerReferral.build() : paths.start;
  const noStore = (reply: FastifyReply) => reply.header('Cache-Control', 'no-store');

  async function draftOf(request: FastifyRequest): Promise<{ draft: Draft; token: string } | undefined> {
    const token = tokenOf(request);
    const draft = await deps.referralDrafts.open(service.id, token);
    return draft === undefined || token === undefined ? undefined : { draft, token };
  }

  /** The form token must be this draft's: a post from another site, or from an old page, changes nothing. */
  function tokenMatches(body: Record<string, unknown>, token: string): boolean {
    const sent = body[CSRF_FIELD];
    Reflect.deleteProperty(body, CSRF_FIELD);
    return typeof sent === 'string' && safeEqual(sent, deps.referralDrafts.formToken(token));
  }

  const forbidden = (reply: FastifyReply) => {
    noStore(reply);
    return reply.code(403).render('errors/csrf.njk');
  };
  const expired = (reply: FastifyReply) => {
    noStore(reply);
    return reply.code(400).render('referral/expired.njk', { ...frame, startHref: paths.start });
  };

  function nextHref(ctx: QuestionContext, answers: Answers, visited: ReadonlySet<string>): string {
    const page = firstUnanswered(ctx, answers, visited);
    return page === undefined ? paths.check : paths.page(page.id);
  }

  async function placeNames(answers: Answers, pages: readonly Page[]): Promise<Record<string, string>> {
    const names: Record<string, string> = {};
    for (const field of pages.flatMap((p) => p.fields)) {
      const value = answers[field.name];
      if ((field.kind === 'practice' || field.kind === 'school') && typeof value === 'string') {
        const text = await describePlace(deps.referenceData, field.kind, value);
        if (text !== undefined) names[value] = text;
      }
    }
    return names;
  }

  async function renderPage(
    reply: FastifyReply,
    page: Page,
    held: { draft: Draft; token: string },
    ctx: QuestionContext,
    options: {
      status?: number;
      problems?: FieldProblem[];
      sent?: Record<string, unknown>;
      query?: string;
      uploaded?: string;
      uploadError?: string;
    } = {},
  ) {
    const places: Parameters<typeof fieldModels>[4] = {};
    for (const field of page.fields) {
      if (field.kind === 'practice' || field.kind === 'school') {
        const chosen = options.sent === undefined ? held.draft.answers[field.name] : options.sent[field.name];
        places[field.name] = await placeChoices(deps.referenceData, field.kind, options.query ?? '', chosen);
      }
    }
    const applying = pagesFor(ctx, held.draft.answers);
    const index = applying.findIndex((p) => p.id === page.id);
    const before = index > 0 ? applying[index - 1] : undefined;
    const visited = new Set(held.draft.visited);
    const everythingAnswered = firstUnanswered(ctx, held.draft.answers, visited) === undefined;
    noStore(reply);
    if (page.id === ATTACHMENTS_PAGE) {
      const files = await deps.referralAttachments.list(service.id, held.draft.id);
      const uploaded = files.find((f) => f.id === options.uploaded);
      return reply.code(options.status ?? 200).render('referral/attachments.njk', {
        ...frame,
        page: { id: page.id, title: page.title },
        files: files.map((f) => ({ ...f, size: sizeText(f.sizeBytes) })),
        uploaded: uploaded?.fileName,
        full: files.length >= ATTACHMENT_MAX_FILES,
        maxFiles: ATTACHMENT_MAX_FILES,
        errors: options.uploadError === undefined ? undefined : errorsFromMessages([['file', options.uploadError]]),
        token: deps.referralDrafts.formToken(held.token),
        action: paths.page(page.id),
        uploadAction: paths.upload,
        removeAction: paths.removeFile,
        backHref: everythingAnswered
          ? paths.check
          : before === undefined
            ? firstBack(held.draft)
            : paths.page(before.id),
        saveHref: paths.save,
      });
    }
    return reply.code(options.status ?? 200).render('referral/page.njk', {
      ...frame,
      page: { id: page.id, title: page.title, hint: page.hint },
      fields: fieldModels(page, held.draft.answers, options.sent, options.problems ?? [], places),
      errors:
        options.problems === undefined || options.problems.length === 0 ? undefined : pageErrors(options.problems),
      token: deps.referralDrafts.formToken(held.token),
      action: paths.page(page.id),
      backHref: everythingAnswered ? paths.check : before === undefined ? firstBack(held.draft) : paths.page(before.id),
      saveHref: paths.save,
      searchMax: SEARCH_MAX,
    });
  }

  /** A practice or school picked by code must be in the reference data: a hand-made form cannot invent one. */
  async function unknownPlaces(page: Page, answers: Answers): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    for (const field of page.fields) {
      const value = answers[field.name];
      if ((field.kind !== 'practice' && field.kind !== 'school') || typeof value !== 'string') continue;
      if (field.declared.some((o) => o.value === value)) continue;
      if (
        !(await placesLoaded(deps.referenceData, field.kind)) ||
        (await describePlace(deps.referenceData, field.kind, value)) === undefined
      ) {
        problems.push({ field: field.name, message: 'Select one of the results, or search again' });
      }
    }
    return problems;
  }

  return async (app: FastifyInstance) => {
    app.get(paths.start, { config }, async (request, reply) => {
      const held = await draftOf(request);
      noStore(reply);
      return reply.render('referral/start.njk', {
        ...frame,
        beginAction: paths.begin,
        carryOnHref: held?.draft.submittedReferralId === null ? paths.check : undefined,
        referrers: inWords(
          service.referrers.filter((r) => r.mayRefer === 'always').map((r) => midSentence(r.label)),
          'or',
        ),
        checkerHref: links.checker,
        reReferralWindow: months(service.eligibility.parentReReferralWindowMonths),
      });
    });

    app.post(paths.begin, { config }, async (_request, reply) => {
      const token = await deps.referralDrafts.start(service.id, 'online', null);
      reply.setCookie(cookieName, token, cookieOptions);
      const first = referralPages(await questionContext()).find((p) => p.applies?.({}) ?? true);
      return reply.redirect(first === undefined ? paths.check : paths.page(first.id), 303);
    });

    const ids = allPages({ definition: service, today: '2000-01-01', practicesLoaded: true, schoolsLoaded: true }).map(
      (p) => p.id,
    );
    for (const id of ids) {
      app.get(paths.page(id), { config }, async (request, reply) => {
        const held = await draftOf(request);
        if (held === undefined) return reply.redirect(paths.start, 303);
        if (held.draft.submittedReferralId !== null) return reply.redirect(paths.confirmation, 303);
        const ctx = await questionContext(held.draft);
        const page = pagesFor(ctx, held.draft.answers).find((p) => p.id === id);
        const visited = new Set(held.draft.visited);
        const gap = firstUnanswered(ctx, held.draft.answers, visited);
        const applying = pagesFor(ctx, held.draft.answers);
        // No skipping ahead, and no page that does not apply to the answers given.
        if (page === undefined || (gap !== undefined && applying.indexOf(page) > applying.indexOf(gap))) {
          return reply.redirect(nextHref(ctx, held.draft.answers, visited), 303);
        }
        const uploaded = (request.query as Record<string, unknown>).uploaded;
        return renderPage(reply, page, held, ctx, {
          query: searchQuery(request.query),
          ...(typeof uploaded === 'string' && { uploaded }),
        });
      });

      app.post(paths.page(id), { config }, async (request, reply) => {
        const held = await draftOf(request);
        if (held === undefined) return expired(reply);
        const body = formValues(request.body);
        if (!tokenMatches(body, held.token)) return forbidden(reply);
        if (held.draft.submittedReferralId !== null) return reply.redirect(paths.confirmation, 303);
        const ctx = await questionContext(held.draft);
        const page = pagesFor(ctx, held.draft.answers).find((p) => p.id === id);
        if (page === undefined)
          return reply.redirect(nextHref(ctx, held.draft.answers, new Set(held.draft.visited)), 303);
        // The search box travels with the answer, so that an error shows the same results again.
        const query = typeof body.q === 'string' ? body.q.slice(0, SEARCH_MAX) : '';
        Reflect.deleteProperty(body, 'q');
        const allowed = pageFieldNames(page);
        const unexpected = Object.keys(body).filter((k) => !allowed.includes(k));
        if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);

        let draft = held.draft;
        for (let attempt = 0; attempt < 3; attempt += 1) {
          const answered = answerPage(page, body, draft.answers, ctx.today);
          const problems = answered.ok ? await unknownPlaces(page, answered.answers) : answered.problems;
          if (!answered.ok || problems.length > 0) {
            return renderPage(reply, page, { draft, token: held.token }, ctx, {
              status: 400,
              problems,
              sent: body,
              query,
            });
          }
          const visited = [...new Set([...draft.visited, page.id])];
          if (await deps.referralDrafts.save(draft, answered.answers, visited)) {
            // Staff register a paper referral whatever it says; a parent is told now, not at check your answers.
            const ended = draft.source !== 'staff' && dischargeWindowEnded(ctx, answered.answers) !== undefined;
            return reply.redirect(
              page.id === 'discharge' && ended ? paths.windowEnded : nextHref(ctx, answered.answers, new Set(visited)),
              303,
            );
          }
          // Another tab saved in between: apply this page to what it saved, and try again.
          const fresh = await deps.referralDrafts.open(service.id, held.token);
          if (fresh === undefined) return expired(reply);
          draft = fresh;
        }
        return reply.code(409).render('errors/409.njk');
      });
    }

    app.get(paths.windowEnded, { config }, async (request, reply) => {
      const held = await draftOf(request);
      if (held === undefined) return reply.redirect(paths.start, 303);
      if (held.draft.submittedReferralId !== null) return reply.redirect(paths.confirmation, 303);
      const ctx = await questionContext(held.draft);
      const ended = dischargeWindowEnded(ctx, held.draft.answers);
      if (ended === undefined) {
        return reply.redirect(nextHref(ctx, held.draft.answers, new Set(held.draft.visited)), 303);
      }
      noStore(reply);
      return reply.render('referral/cannot-refer-again.njk', {
        ...frame,
        ...windowEndedModel(service, held.draft.answers, ended),
        changeHref: paths.page('discharge'),
      });
    });

    // Uploads only here: the multipart parser is registered in this plugin's scope, for this route alone to use.
    await app.register(multipart, {
      limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 1, fieldSize: 200, parts: 2 },
    });

    app.post(paths.upload, { config, bodyLimit: ATTACHMENT_MAX_BYTES + 65_536 }, async (request, reply) => {
      const held = await draftOf(request);
      if (held === undefined) return expired(reply);
      const ctx = await questionContext(held.draft);
      const page = pagesFor(ctx, held.draft.answers).find((p) => p.id === ATTACHMENTS_PAGE);
      if (page === undefined) return reply.redirect(paths.start, 303);
      const fail = (message: string) => renderPage(reply, page, held, ctx, { status: 400, uploadError: message });
      if (!request.isMultipart()) return fail('Select a file');
      const part = await request.file();
      // The token comes before the file in the form, so a forged upload is refused before its bytes are read.
      const token = part?.fields[CSRF_FIELD];
      const sent = token !== undefined && !Array.isArray(token) && token.type === 'field' ? token.value : undefined;
      if (typeof sent !== 'string' || !safeEqual(sent, deps.referralDrafts.formToken(held.token))) {
        part?.file.resume();
        return forbidden(reply);
      }
      if (part === undefined || part.filename === '') {
        part?.file.resume();
        return fail('Select a file');
      }
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch (err) {
        if (err instanceof Error && 'code' in err && err.code === 'FST_REQ_FILE_TOO_LARGE') {
          return fail('The selected file must be smaller than 10MB');
        }
        throw err;
      }
      const added = await deps.referralAttachments.add(service.id, held.draft.id, part.filename, bytes);
      if (!added.ok) return fail(added.message);
      return reply.redirect(`${paths.page(ATTACHMENTS_PAGE)}?uploaded=${added.attachment.id}`, 303);
    });

    app.post(paths.removeFile, { config }, async (request, reply) => {
      const held = await draftOf(request);
      if (held === undefined) return expired(reply);
      const body = formValues(request.body);
      if (!tokenMatches(body, held.token)) return forbidden(reply);
      const unexpected = Object.keys(body).filter((k) => k !== 'file');
      if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
      if (typeof body.file === 'string') await deps.referralAttachments.remove(service.id, held.draft.id, body.file);
      return reply.redirect(paths.page(ATTACHMENTS_PAGE), 303);
    });

    app.get(paths.check, { config }, async (request, reply) => {
      const held = await draftOf(request);
      if (held === undefined) return reply.redirect(paths.start, 303);
      if (held.draft.submittedReferralId !== null) return reply.redirect(paths.confirmation, 303);
      const ctx = await questionContext(held.draft);
      const visited = new Set(held.draft.visited);
      const gap = firstUnanswered(ctx, held.draft.answers, visited);
      if (gap !== undefined) return reply.redirect(paths.page(gap.id), 303);
      return renderCheck(reply, held, ctx);
    });

    async function renderCheck(
      reply: FastifyReply,
      held: { draft: Draft; token: string },
      ctx: QuestionContext,
      status = 200,
    ) {
      const pages = pagesFor(ctx, held.draft.answers);
      const decision = await deps.submitReferral.decisionFor(held.draft.answers, ctx);
      noStore(reply);
      return reply.code(status).render('referral/check-answers.njk', {
        ...frame,
        sections: summarySections(pages, held.draft.answers, await placeNames(held.draft.answers, pages), (p) =>
          paths.page(p.id),
        ),
        decision: decision && {
          outcome: decision.outcome,
          notMet: decision.criteria.filter((c) => c.result === 'not-met').map((c) => c.reason),
          unknown: decision.criteria.filter((c) => c.result === 'unknown').map((c) => c.reason),
          policyVersion: decision.policyVersion,
        },
        files: (await deps.referralAttachments.list(service.id, held.draft.id)).map((f) => f.fileName),
        filesHref: paths.page(ATTACHMENTS_PAGE),
        token: deps.referralDrafts.formToken(held.token),
        action: paths.check,
        staff: held.draft.source === 'staff',
        saveHref: paths.save,
        backHref: paths.page(pages.at(-1)?.id ?? ''),
      });
    }

    app.post(paths.check, { config: { ...config, routeAccess: SUBMIT } }, async (request, reply) => {
      const held = await draftOf(request);
      if (held === undefined) return expired(reply);
      const body = formValues(request.body);
      if (!tokenMatches(body, held.token)) return forbidden(reply);
      const unexpected = Object.keys(body);
      if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
      const ctx = await questionContext(held.draft);
      let options: SubmitOptions = { referencePrefix: service.referencePrefix };
      let who = request.ctx;
      if (held.draft.source === 'staff') {
        const staff = await registeringStaff(request);
        if (staff === undefined)
          return reply.redirect(`${appPaths.signIn.build()}?returnTo=${encodeURIComponent(paths.check)}`, 303);
        who = staff;
        const { receivedBy, receivedOn } = held.draft.answers;
        const source = receivedBy === 'email' || receivedBy === 'telephone' ? receivedBy : 'post';
        options = { ...options, received: { source, on: typeof receivedOn === 'string' ? receivedOn : ctx.today } };
      }
      const submitted = await deps.submitReferral.submit(who, held.draft, ctx, options);
      if (submitted.ok) return reply.redirect(paths.confirmation, 303);
      if (submitted.reason === 'incomplete') return reply.redirect(paths.page(submitted.page.id), 303);
      return renderCheck(reply, held, ctx, 400);
    });

    app.get(paths.confirmation, { config }, async (request, reply) => {
      const held = await draftOf(request);
      const referralId = held?.draft.submittedReferralId ?? null;
      if (held === undefined || referralId === null) return reply.redirect(paths.start, 303);
      const referral = await deps.referrals.summary(service.id, referralId);
      if (referral === undefined) return reply.redirect(paths.start, 303);
      noStore(reply);
      return reply.render('referral/confirmation.njk', {
        ...frame,
        staff: held.draft.source === 'staff',
        staffHomeHref: appPaths.staff.home.build(),
        registerHref: appPaths.staff.registerReferral.build(),
        reference: referral.reference,
        referrerEmail: referral.referrerEmail,
        outcome: referral.eligibilityOutcome,
        beginAction: paths.begin,
      });
    });

    app.get(paths.save, { config }, async (request, reply) => {
      const held = await draftOf(request);
      if (held === undefined) return reply.redirect(paths.start, 303);
      const email = held.draft.answers.referrerEmail;
      noStore(reply);
      return reply.render('referral/save.njk', {
        ...frame,
        values: { email: typeof email === 'string' ? email : '' },
        token: deps.referralDrafts.formToken(held.token),
        action: paths.save,
        backHref: nextHref(await questionContext(held.draft), held.draft.answers, new Set(held.draft.visited)),
        keepDays: deps.config.referralDraftDays,
      });
    });

    app.post(paths.save, { config: { ...config, routeAccess: SAVE_LINK } }, async (request, reply) => {
      const held = await draftOf(request);
      if (held === undefined) return expired(reply);
      const body = formValues(request.body);
      if (!tokenMatches(body, held.token)) return forbidden(reply);
      const unexpected = Object.keys(body).filter((k) => k !== 'email');
      if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
      const parsed = parseField(
        { kind: 'email', name: 'email', label: 'Email address', missing: 'Enter your email address' },
        body,
        londonDate(deps.clock()),
      );
      if ('message' in parsed || typeof parsed.value !== 'string') {
        noStore(reply);
        return reply.code(400).render('referral/save.njk', {
          ...frame,
          values: { email: typeof body.email === 'string' ? body.email : '' },
          errors: errorsFromMessages([['email', 'message' in parsed ? parsed.message : 'Enter your email address']]),
          token: deps.referralDrafts.formToken(held.token),
          action: paths.save,
          backHref: nextHref(await questionContext(held.draft), held.draft.answers, new Set(held.draft.visited)),
          keepDays: deps.config.referralDraftDays,
        });
      }
      await deps.referralDrafts.sendResumeLink(
        request.ctx,
        held.draft,
        parsed.value,
        (resumeToken) => `${deps.config.baseUrl}${paths.resumeLink(resumeToken)}`,
        service.serviceName,
      );
      noStore(reply);
      return reply.render('referral/saved.njk', {
        ...frame,
        email: parsed.value,
        keepDays: deps.config.referralDraftDays,
        carryOnHref: nextHref(await questionContext(held.draft), held.draft.answers, new Set(held.draft.visited)),
      });
    });

    app.get<{ Params: { token: string } }>(paths.resume, { config }, async (request, reply) => {
      const token = await deps.referralDrafts.resume(service.id, request.params.token);
      noStore(reply);
      if (token === undefined) {
        return reply.code(410).render('referral/link-expired.njk', { ...frame, startHref: paths.start });
      }
      reply.setCookie(cookieName, token, cookieOptions);
      const draft = await deps.referralDrafts.open(service.id, token);
      const ctx = await questionContext(draft);
      return reply.redirect(
        draft === undefined ? paths.start : nextHref(ctx, draft.answers, new Set(draft.visited)),
        303,
      );
    });
  };
}
