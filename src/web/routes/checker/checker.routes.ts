/**
 * "Check if we can help": GOV.UK question pages, one thing per page, then a result that says whether the service can
 * help, why, and what to do next. The answers live only in a sealed cookie in the person's browser (see
 * answers-cookie.ts); the decision comes from the same use case as the eligibility API. The routes use no session,
 * so the frame is the public one and nothing is written to the database.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import type { EligibilityDecision } from '../../../domain/eligibility/index.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { londonDate } from '../../../domain/shared/dates.js';
import { safeEqual } from '../../../services/accounts/secrets.js';
import { errorsFromMessages, formValues, type FormErrors } from '../../forms/form.js';
import { publicPaths } from '../../paths.js';
import { placeChoices, SEARCH_MAX, searchQuery } from '../shared/place-choices.js';
import { CSRF_FIELD } from '../../plugins/csrf.js';
import { PUBLIC_NO_SESSION } from '../../route-access.js';
import { servicePageModel } from '../public/public.view-models.js';
import { answersCookie, type CheckerState } from './answers-cookie.js';
import { fieldOf, firstInputId, parsePageForm, SEARCH_FIELD } from './checker.forms.js';
import {
  checkerPaths,
  formValuesFor,
  hintOf,
  itemsWith,
  noteOf,
  optionsOf,
  placeOptions,
  questionOf,
  resultModel,
  searchStatus,
  withDividerBeforeNone,
  type Places,
} from './checker.view-models.js';
import {
  applies,
  factsFrom,
  nextStep,
  pendingPages,
  previousPage,
  QUESTION_PAGES,
  reachable,
  settledCriteria,
  type CheckerAnswers,
  type FlowContext,
  type QuestionPage,
} from './flow.js';

/** How many results a practice or school search shows at most (the shared search's own limit). */
const SEARCH_RESULTS_SHOWN = 20;

export function checkerRoutes(deps: Dependencies, service: ServiceDefinition) {
  const links = publicPaths(deps.registry.prefixOf(service.id));
  const paths = checkerPaths(links);
  const cookie = answersCookie(deps.config.sessionSecret, deps.config.secureCookies);
  const config = { routeAccess: PUBLIC_NO_SESSION, serviceId: service.id };
  const frame = servicePageModel(service, links);
  const ctxFor = (): FlowContext => ({ definition: service, today: londonDate(deps.clock()) });

  const stateOf = (request: FastifyRequest) =>
    cookie.open(request.cookies[cookie.name], service.id, deps.clock().getTime());
  const save = (reply: FastifyReply, state: CheckerState) => {
    reply.setCookie(cookie.name, cookie.seal({ ...state, savedAt: deps.clock().getTime() }), cookie.options);
  };
  const noStore = (reply: FastifyReply) => reply.header('Cache-Control', 'no-store');

  async function decide(answers: CheckerAnswers, ctx: FlowContext): Promise<EligibilityDecision | undefined> {
    const facts = factsFrom(answers, ctx);
    if (facts === undefined) return undefined;
    const checked = await deps.eligibility.check(service.id, facts);
    return checked.ok ? checked.decision : undefined;
  }

  const where = (step: QuestionPage | 'result') => (step === 'result' ? paths.result : paths.page(step));

  /** What a place page offers: search results (when there is reference data) and the answers in words. */
  async function placeModel(page: 'gp-practice' | 'school', query: string, chosen: unknown) {
    const kind = page === 'gp-practice' ? 'practice' : 'school';
    const choices = await placeChoices(deps.referenceData, kind, query, chosen);
    return {
      ...choices,
      status: choices.searched ? searchStatus(query, choices.results.length, SEARCH_RESULTS_SHOWN) : undefined,
      results: itemsWith(choices.results, chosen),
      declarations: itemsWith(placeOptions(page, service, !choices.searchable), chosen),
    };
  }

  async function renderPage(
    reply: FastifyReply,
    page: QuestionPage,
    state: CheckerState,
    options: { status?: number; errors?: FormErrors; values?: Record<string, unknown>; query?: string } = {},
  ) {
    const ctx = ctxFor();
    const values = options.values ?? formValuesFor(page, state.answers);
    const before = previousPage(page, state.answers, ctx);
    const field = fieldOf(page);
    const place =
      page === 'gp-practice' || page === 'school' ? await placeModel(page, options.query ?? '', values[field]) : null;
    noStore(reply);
    return reply.code(options.status ?? 200).render(`checker/${templateOf(page)}.njk`, {
      ...frame,
      page,
      fieldName: field,
      question: questionOf(page),
      hint: hintOf(page, service, ctx.today),
      note: noteOf(page),
      items: withDividerBeforeNone(itemsWith(optionsOf(page, service), values[field])),
      values,
      place,
      errors: options.errors,
      token: state.token,
      action: paths.page(page),
      backHref: before === undefined ? paths.start : paths.page(before),
      searchMax: SEARCH_MAX,
    });
  }

  /** Answers that expired, or a browser that keeps no cookies: say so and offer a fresh start. */
  const startAgain = (reply: FastifyReply, status: number) => {
    noStore(reply);
    return reply.code(status).render('checker/start-again.njk', { ...frame, startHref: paths.start });
  };

  return async (app: FastifyInstance) => {
    app.get(paths.start, { config }, async (_request, reply) => {
      noStore(reply);
      return reply.render('checker/start.njk', {
        ...frame,
        startHref: paths.page('date-of-birth'),
        areaName: service.eligibility.areaName,
      });
    });

    for (const page of QUESTION_PAGES) {
      app.get(paths.page(page), { config }, async (request, reply) => {
        let state = stateOf(request);
        if (state === null) {
          if (page !== QUESTION_PAGES[0]) return reply.redirect(paths.page(QUESTION_PAGES[0]), 303);
          state = cookie.fresh(service.id, deps.clock().getTime());
          save(reply, state);
        }
        const ctx = ctxFor();
        if (!reachable(page, state.answers, ctx) || !applies(page, state.answers, ctx)) {
          return reply.redirect(where(nextStep(state.answers, ctx, await decide(state.answers, ctx))), 303);
        }
        return renderPage(reply, page, state, { query: searchQuery(request.query) });
      });

      app.post(paths.page(page), { config }, async (request, reply) => {
        const state = stateOf(request);
        if (state === null) return startAgain(reply, 400);
        const body = formValues(request.body);
        const sent = body[CSRF_FIELD];
        if (typeof sent !== 'string' || !safeEqual(sent, state.token)) {
          noStore(reply);
          return reply.code(403).render('errors/csrf.njk');
        }
        Reflect.deleteProperty(body, CSRF_FIELD);
        const ctx = ctxFor();
        if (!reachable(page, state.answers, ctx) || !applies(page, state.answers, ctx)) {
          return reply.redirect(where(nextStep(state.answers, ctx, await decide(state.answers, ctx))), 303);
        }
        const form = parsePageForm(page, body, { definition: service, today: ctx.today, answers: state.answers });
        // A place page sends back the search its results came from, so that an error shows them again.
        const query = searchQuery({ q: body[SEARCH_FIELD] });
        if (!form.ok) {
          return renderPage(reply, page, state, { status: 400, errors: form.errors, values: form.values, query });
        }
        const unknownPlace = await unknownPlaceIn(form.update);
        if (unknownPlace !== null) {
          const errors = errorsFromMessages([
            [unknownPlace, 'Select one of the results, or search again', firstInputId(page)],
          ]);
          return renderPage(reply, page, state, { status: 400, errors, values: body, query });
        }
        const answers = { ...state.answers, ...form.update };
        save(reply, { ...state, answers });
        return reply.redirect(where(nextStep(answers, ctx, await decide(answers, ctx))), 303);
      });
    }

    /** A practice or school picked by code must exist in the reference data: a hand-made form cannot invent one. */
    async function unknownPlaceIn(update: CheckerAnswers): Promise<'gp' | 'school' | null> {
      if (update.gp?.kind === 'practice' && (await deps.referenceData.findPractice(update.gp.code)) === undefined) {
        return 'gp';
      }
      if (update.school?.kind === 'school' && (await deps.referenceData.findSchool(update.school.urn)) === undefined) {
        return 'school';
      }
      return null;
    }

    app.get(paths.result, { config }, async (request, reply) => {
      const state = stateOf(request);
      if (state === null) return reply.redirect(paths.page(QUESTION_PAGES[0]), 303);
      const ctx = ctxFor();
      const decision = await decide(state.answers, ctx);
      const step = nextStep(state.answers, ctx, decision);
      if (decision === undefined || step !== 'result') {
        const first = pendingPages(state.answers, ctx)[0] ?? QUESTION_PAGES[0];
        return reply.redirect(paths.page(first), 303);
      }
      const places: Places = {
        practice:
          state.answers.gp?.kind === 'practice'
            ? await deps.referenceData.findPractice(state.answers.gp.code)
            : undefined,
        school:
          state.answers.school?.kind === 'school'
            ? await deps.referenceData.findSchool(state.answers.school.urn)
            : undefined,
      };
      const settled = settledCriteria(state.answers, ctx);
      noStore(reply);
      return reply.render('checker/result.njk', {
        ...frame,
        ...resultModel(decision, state.answers, ctx, settled, places, paths),
        token: state.token,
        startAgainAction: paths.startAgain,
      });
    });

    app.post(paths.startAgain, { config }, async (request, reply) => {
      const state = stateOf(request);
      const sent = formValues(request.body)[CSRF_FIELD];
      if (state !== null && (typeof sent !== 'string' || !safeEqual(sent, state.token))) {
        noStore(reply);
        return reply.code(403).render('errors/csrf.njk');
      }
      reply.clearCookie(cookie.name, cookie.options);
      return reply.redirect(paths.start, 303);
    });
  };
}

function templateOf(page: QuestionPage): string {
  switch (page) {
    case 'date-of-birth':
    case 'discharge-date':
      return 'date';
    case 'gp-practice':
    case 'school':
      return 'place';
    case 'difficulties':
    case 'conditions':
    case 'other-needs':
      return 'checkboxes';
    default:
      return 'radios';
  }
}
