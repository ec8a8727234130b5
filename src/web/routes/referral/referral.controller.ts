/**
 * The handlers of the online referral form: the start, each question page, the "cannot refer again" stop, the
 * attachments, check your answers and the confirmation. Each finds the referrer's draft, asks one use case, and renders
 * what the view models make of it or moves on. Saving to come back later is in `save.controller.ts`.
 */
import type { FastifyReply } from 'fastify';
import { ATTACHMENT_MAX_FILES } from '../../../domain/referrals/attachments.js';
import type { Answers, FieldProblem } from '../../../domain/forms/fields.js';
import {
  answerPage,
  dischargeWindowEnded,
  firstUnanswered,
  pageFieldNames,
  pagesFor,
  reachable,
  referralPages,
  type Page,
  type QuestionContext,
} from '../../../domain/referrals/questions.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import type { SubmitOptions } from '../../../services/referrals/submit-referral.js';
import { formValues, UnexpectedFieldsError } from '../../forms/form.js';
import { statusOf } from '../../outcome.js';
import { paths as appPaths } from '../../paths.js';
import { uploadOf } from '../../plugins/csrf.js';
import { describePlace, placeChoices, placesLoaded, SEARCH_MAX, searchQuery } from '../shared/place-choices.js';
import type { Handler } from '../table.js';
import {
  attachmentsPageModel,
  backHref,
  confirmationModel,
  decisionSummary,
  questionPageModel,
  startPageModel,
} from './referral-pages.view-models.js';
import { referralCookieName, referralCookieOptions } from './referral.paths.js';
import { referralDrafts, type HeldDraft, type ReferralServices } from './referral.drafts.js';
import { summarySections, windowEndedModel } from './referral.view-models.js';

export const ATTACHMENTS_PAGE = 'attachments';

interface PageOptions {
  status?: number;
  problems?: FieldProblem[];
  sent?: Record<string, unknown>;
  query?: string;
  uploaded?: string;
  uploadError?: string;
}

export function referralController(services: ReferralServices, service: ServiceDefinition) {
  const { config, referenceData, referralDrafts: drafts, referralAttachments, submitReferral, referrals } = services;
  const held = referralDrafts(services, service);
  const { paths, frame, noStore } = held;
  const cookieOptions = referralCookieOptions(config);

  /** The names of the practices and schools the answers give by code, for check your answers. */
  async function placeNames(answers: Answers, pages: readonly Page[]): Promise<Record<string, string>> {
    const names: Record<string, string> = {};
    for (const field of pages.flatMap((p) => p.fields)) {
      const value = answers[field.name];
      if ((field.kind === 'practice' || field.kind === 'school') && typeof value === 'string') {
        const text = await describePlace(referenceData, field.kind, value);
        if (text !== undefined) names[value] = text;
      }
    }
    return names;
  }

  /** A practice or school picked by code must be in the reference data: a hand-made form cannot invent one. */
  async function unknownPlaces(page: Page, answers: Answers): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    for (const field of page.fields) {
      const value = answers[field.name];
      if ((field.kind !== 'practice' && field.kind !== 'school') || typeof value !== 'string') continue;
      if (field.declared.some((o) => o.value === value)) continue;
      if (
        !(await placesLoaded(referenceData, field.kind)) ||
        (await describePlace(referenceData, field.kind, value)) === undefined
      ) {
        problems.push({ field: field.name, message: 'Select one of the results, or search again' });
      }
    }
    return problems;
  }

  async function renderPage(
    reply: FastifyReply,
    page: Page,
    { draft, token }: HeldDraft,
    ctx: QuestionContext,
    options: PageOptions = {},
  ) {
    const everythingAnswered = firstUnanswered(ctx, draft.answers, new Set(draft.visited)) === undefined;
    const back = backHref(pagesFor(ctx, draft.answers), page.id, everythingAnswered, held.firstBack(draft), paths);
    const links = { token: held.formToken(token), backHref: back, paths };
    noStore(reply);
    if (page.id === ATTACHMENTS_PAGE) {
      const files = await referralAttachments.list(service.id, draft.id);
      return reply.code(options.status ?? 200).render('referral/attachments.njk', {
        ...frame,
        ...attachmentsPageModel(page, files, { ...options, maxFiles: ATTACHMENT_MAX_FILES }, links),
      });
    }
    const places: Parameters<typeof questionPageModel>[3] = {};
    for (const field of page.fields) {
      if (field.kind === 'practice' || field.kind === 'school') {
        const chosen = options.sent === undefined ? draft.answers[field.name] : options.sent[field.name];
        places[field.name] = await placeChoices(referenceData, field.kind, options.query ?? '', chosen);
      }
    }
    return reply
      .code(options.status ?? 200)
      .render('referral/page.njk', { ...frame, ...questionPageModel(page, draft.answers, options, places, links) });
  }

  async function renderCheck(reply: FastifyReply, { draft, token }: HeldDraft, ctx: QuestionContext, status = 200) {
    const pages = pagesFor(ctx, draft.answers);
    const decision = await submitReferral.decisionFor(draft.answers, ctx);
    noStore(reply);
    return reply.code(status).render('referral/check-answers.njk', {
      ...frame,
      sections: summarySections(pages, draft.answers, await placeNames(draft.answers, pages), (p) => paths.page(p.id)),
      decision: decisionSummary(decision),
      files: (await referralAttachments.list(service.id, draft.id)).map((f) => f.fileName),
      filesHref: paths.page(ATTACHMENTS_PAGE),
      token: held.formToken(token),
      action: paths.check,
      staff: draft.source === 'staff',
      saveHref: paths.save,
      backHref: paths.page(pages.at(-1)?.id ?? ''),
    });
  }

  const start: Handler = async (request, reply) => {
    const draft = await held.draftOf(request);
    noStore(reply);
    return reply.render('referral/start.njk', {
      ...frame,
      ...startPageModel(service, held.links, paths, draft?.draft.submittedReferralId === null),
    });
  };

  const begin: Handler = async (_request, reply) => {
    const token = await drafts.start(service.id, 'online', null);
    reply.setCookie(referralCookieName(config.secureCookies), token, cookieOptions);
    const first = referralPages(await held.questionContext()).find((p) => p.applies?.({}) ?? true);
    return reply.redirect(first === undefined ? paths.check : paths.page(first.id), 303);
  };

  /**
   * The page with this id when it may be shown and answered now: it applies to the answers given, and the pages before
   * it are answered or it has its own answer (no skipping ahead by URL). Undefined sends the person to the first page
   * that needs an answer.
   */
  function reachablePage(ctx: QuestionContext, { answers, visited }: HeldDraft['draft'], id: string) {
    const seen = new Set(visited);
    return reachable(ctx, answers, seen, id) ? pagesFor(ctx, answers).find((p) => p.id === id) : undefined;
  }

  /** A question page, once the pages before it are answered. */
  const page =
    (id: string): Handler =>
    async (request, reply) => {
      const current = await held.draftOf(request);
      if (current === undefined) return reply.redirect(paths.start, 303);
      const { draft } = current;
      if (draft.submittedReferralId !== null) return reply.redirect(paths.confirmation, 303);
      const ctx = await held.questionContext(draft);
      const shown = reachablePage(ctx, draft, id);
      if (shown === undefined) return reply.redirect(held.nextHref(ctx, draft.answers, new Set(draft.visited)), 303);
      const uploaded = (request.query as Record<string, unknown>).uploaded;
      return renderPage(reply, shown, current, ctx, {
        query: searchQuery(request.query),
        ...(typeof uploaded === 'string' && { uploaded }),
      });
    };

  /** A question page's answers: saved when they are good, shown again with their problems when not. */
  const answer =
    (id: string): Handler =>
    async (request, reply) => {
      const current = await held.draftOf(request);
      if (current === undefined) return held.expired(reply);
      const body = formValues(request.body);
      if (current.draft.submittedReferralId !== null) return reply.redirect(paths.confirmation, 303);
      const ctx = await held.questionContext(current.draft);
      const shown = reachablePage(ctx, current.draft, id);
      if (shown === undefined)
        return reply.redirect(held.nextHref(ctx, current.draft.answers, new Set(current.draft.visited)), 303);
      // The search box travels with the answer, so that an error shows the same results again.
      const query = typeof body.q === 'string' ? body.q.slice(0, SEARCH_MAX) : '';
      Reflect.deleteProperty(body, 'q');
      const allowed = pageFieldNames(shown);
      const unexpected = Object.keys(body).filter((k) => !allowed.includes(k));
      if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);

      let draft = current.draft;
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const answered = answerPage(shown, body, draft.answers, ctx.today);
        const problems = answered.ok ? await unknownPlaces(shown, answered.answers) : answered.problems;
        if (!answered.ok || problems.length > 0) {
          const again = { draft, token: current.token };
          return renderPage(reply, shown, again, ctx, { status: 400, problems, sent: body, query });
        }
        const visited = [...new Set([...draft.visited, shown.id])];
        if (await drafts.save(draft, answered.answers, visited)) {
          // Staff register a paper referral whatever it says; a parent is told now, not at check your answers.
          const ended = draft.source !== 'staff' && dischargeWindowEnded(ctx, answered.answers) !== undefined;
          return reply.redirect(
            shown.id === 'discharge' && ended
              ? paths.windowEnded
              : held.nextHref(ctx, answered.answers, new Set(visited)),
            303,
          );
        }
        // Another tab saved in between: apply this page to what it saved, and try again.
        const fresh = await drafts.open(service.id, current.token);
        if (fresh === undefined) return held.expired(reply);
        draft = fresh;
      }
      return reply.code(409).render('errors/409.njk');
    };

  const windowEnded: Handler = async (request, reply) => {
    const current = await held.draftOf(request);
    if (current === undefined) return reply.redirect(paths.start, 303);
    const { draft } = current;
    if (draft.submittedReferralId !== null) return reply.redirect(paths.confirmation, 303);
    const ctx = await held.questionContext(draft);
    const ended = dischargeWindowEnded(ctx, draft.answers);
    if (ended === undefined) return reply.redirect(held.nextHref(ctx, draft.answers, new Set(draft.visited)), 303);
    noStore(reply);
    return reply.render('referral/cannot-refer-again.njk', {
      ...frame,
      ...windowEndedModel(service, draft.answers, ended),
      changeHref: paths.page('discharge'),
    });
  };

  const upload: Handler = async (request, reply) => {
    // The file part, read by the CSRF check, which refused a forged upload before its bytes were read.
    const part = uploadOf(request);
    const skip = () => part?.file.resume();
    const current = await held.draftOf(request);
    if (current === undefined) {
      skip();
      return held.expired(reply);
    }
    const ctx = await held.questionContext(current.draft);
    // No file before the attachments page is reached, as no answer to any page before its turn.
    const attachments = reachablePage(ctx, current.draft, ATTACHMENTS_PAGE);
    if (attachments === undefined) {
      skip();
      const { answers, visited } = current.draft;
      return reply.redirect(held.nextHref(ctx, answers, new Set(visited)), 303);
    }
    const fail = (message: string) =>
      renderPage(reply, attachments, current, ctx, { status: 400, uploadError: message });
    if (!request.isMultipart()) return fail('Select a file');
    if (part === undefined || part.filename === '') {
      skip();
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
    const added = await referralAttachments.add(service.id, current.draft.id, part.filename, bytes);
    if (!added.ok) return fail(added.problem.message);
    return reply.redirect(`${paths.page(ATTACHMENTS_PAGE)}?uploaded=${added.attachment.id}`, 303);
  };

  const removeFile: Handler = async (request, reply) => {
    const current = await held.draftOf(request);
    if (current === undefined) return held.expired(reply);
    const body = formValues(request.body);
    const unexpected = Object.keys(body).filter((k) => k !== 'file');
    if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
    if (typeof body.file === 'string') await referralAttachments.remove(service.id, current.draft.id, body.file);
    return reply.redirect(paths.page(ATTACHMENTS_PAGE), 303);
  };

  const check: Handler = async (request, reply) => {
    const current = await held.draftOf(request);
    if (current === undefined) return reply.redirect(paths.start, 303);
    if (current.draft.submittedReferralId !== null) return reply.redirect(paths.confirmation, 303);
    const ctx = await held.questionContext(current.draft);
    const gap = firstUnanswered(ctx, current.draft.answers, new Set(current.draft.visited));
    if (gap !== undefined) return reply.redirect(paths.page(gap.id), 303);
    return renderCheck(reply, current, ctx);
  };

  const submit: Handler = async (request, reply) => {
    const current = await held.draftOf(request);
    if (current === undefined) return held.expired(reply);
    const body = formValues(request.body);
    const unexpected = Object.keys(body);
    if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
    const { draft } = current;
    const ctx = await held.questionContext(draft);
    let options: SubmitOptions = { referencePrefix: service.referencePrefix };
    let who = request.ctx;
    if (draft.source === 'staff') {
      const staff = await held.registeringStaff(request);
      if (staff === undefined)
        return reply.redirect(`${appPaths.signIn.build()}?returnTo=${encodeURIComponent(paths.check)}`, 303);
      who = staff;
      const { receivedBy, receivedOn } = draft.answers;
      const source = receivedBy === 'email' || receivedBy === 'telephone' ? receivedBy : 'post';
      options = { ...options, received: { source, on: typeof receivedOn === 'string' ? receivedOn : ctx.today } };
    }
    const submitted = await submitReferral.submit(who, draft, ctx, options);
    if (submitted.ok) return reply.redirect(paths.confirmation, 303);
    // Something still to answer: that page. Turned away by the rules: check your answers again, which says why.
    if (submitted.problem.code === 'incomplete') return reply.redirect(paths.page(submitted.problem.page.id), 303);
    return renderCheck(reply, current, ctx, statusOf(submitted.problem));
  };

  const confirmation: Handler = async (request, reply) => {
    const current = await held.draftOf(request);
    const referralId = current?.draft.submittedReferralId ?? null;
    if (current === undefined || referralId === null) return reply.redirect(paths.start, 303);
    const referral = await referrals.summary(service.id, referralId);
    if (referral === undefined) return reply.redirect(paths.start, 303);
    noStore(reply);
    const hrefs = { staffHome: appPaths.staff.home.build(), register: appPaths.staff.registerReferral.build() };
    return reply.render('referral/confirmation.njk', {
      ...frame,
      ...confirmationModel(referral, current.draft.source === 'staff', hrefs, paths),
    });
  };

  return { start, begin, page, answer, windowEnded, upload, removeFile, check, submit, confirmation };
}
