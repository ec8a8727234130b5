/**
 * "Check if we can help": GOV.UK question pages, one thing per page, then a result that says whether the service can
 * help, why, and what to do next. The answers live only in a sealed cookie in the person's browser (see
 * answers-cookie.ts); the pages are fields of the one form-component model (ADR 0026) and the decision comes from
 * the same use case as the eligibility API. No session: the frame is the public one and nothing is stored.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { checkerFlow } from '../../../domain/checker/flow.js';
import { checkerPages, QUESTION_PAGES, type CheckerPage, type QuestionPage } from '../../../domain/checker/pages.js';
import type { EligibilityDecision } from '../../../domain/eligibility/index.js';
import { PICKED_PRACTICE, PICKED_SCHOOL } from '../../../domain/eligibility/questions.js';
import type { Answers, FieldProblem } from '../../../domain/forms/fields.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { londonDate } from '../../../domain/shared/dates.js';
import { fieldModels, pageErrors } from '../../forms/field-models.js';
import { formValues } from '../../forms/form.js';
import { publicPaths } from '../../paths.js';
import { servicePageModel } from '../public/public.view-models.js';
import { placeChoices, SEARCH_MAX, searchQuery } from '../shared/place-choices.js';
import type { Handler } from '../table.js';
import { answersCookie, type CheckerState } from './answers-cookie.js';
import { isPlacePage, parsePageForm, SEARCH_FIELD } from './checker.forms.js';
import { checkerPaths, resultModel, searchStatus, type Places } from './checker.view-models.js';

/** How many results a practice or school search shows at most (the shared search's own limit). */
const SEARCH_RESULTS_SHOWN = 20;

export type CheckerServices = Pick<Dependencies, 'clock' | 'config' | 'eligibility' | 'referenceData' | 'registry'>;

export function checkerController(deps: CheckerServices, service: ServiceDefinition) {
  const links = publicPaths(deps.registry.prefixOf(service.id));
  const paths = checkerPaths(links);
  // The names of the checker's answers do not change with the day or the reference data.
  const answerNames = checkerPages({
    definition: service,
    today: '2000-01-01',
    practicesLoaded: false,
    schoolsLoaded: false,
  }).map((p) => p.field.name);
  const cookie = answersCookie(deps.config.sessionSecret, deps.config.secureCookies, answerNames);
  const frame = servicePageModel(service, links);
  /** The pages and flow as they stand today: the example dates, and whether places can be searched for. */
  const checkerFor = async () => {
    const today = londonDate(deps.clock());
    const loaded = await deps.referenceData.loaded();
    const pages = checkerPages({
      definition: service,
      today,
      practicesLoaded: loaded.practices,
      schoolsLoaded: loaded.schools,
    });
    return { today, flow: checkerFlow(pages) };
  };
  type Checker = Awaited<ReturnType<typeof checkerFor>>;

  const stateOf = (request: FastifyRequest) =>
    cookie.open(request.cookies[cookie.name], service.id, deps.clock().getTime());
  const save = (reply: FastifyReply, state: CheckerState) => {
    reply.setCookie(cookie.name, cookie.seal({ ...state, savedAt: deps.clock().getTime() }), cookie.options);
  };
  const noStore = (reply: FastifyReply) => reply.header('Cache-Control', 'no-store');

  async function decide(answers: Answers, checker: Checker): Promise<EligibilityDecision | undefined> {
    const facts = checker.flow.facts(answers);
    if (facts === undefined) return undefined;
    const checked = await deps.eligibility.check(service.id, facts);
    return checked.ok ? checked.decision : undefined;
  }

  const where = (step: QuestionPage | 'result') => (step === 'result' ? paths.result : paths.page(step));

  /** What a place page offers: search results (when there is reference data), and the answers in words. */
  async function placeModel(page: CheckerPage, query: string, chosen: unknown) {
    const kind = page.field.kind === 'practice' ? 'practice' : 'school';
    const choices = await placeChoices(deps.referenceData, kind, query, chosen);
    return {
      ...choices,
      status: choices.searched ? searchStatus(query, choices.results.length, SEARCH_RESULTS_SHOWN) : undefined,
    };
  }

  async function renderPage(
    reply: FastifyReply,
    page: CheckerPage,
    state: CheckerState,
    checker: Checker,
    options: { status?: number; problems?: FieldProblem[]; values?: Record<string, unknown>; query?: string } = {},
  ) {
    const before = checker.flow.previousPage(page.id, state.answers);
    const problems = options.problems ?? [];
    const places = isPlacePage(page)
      ? {
          [page.field.name]: await placeModel(
            page,
            options.query ?? '',
            (options.values ?? state.answers)[page.field.name],
          ),
        }
      : {};
    const [field] = fieldModels([page.field], state.answers, options.values, problems, places);
    noStore(reply);
    return reply.code(options.status ?? 200).render(isPlacePage(page) ? 'checker/place.njk' : 'checker/question.njk', {
      ...frame,
      page: page.id,
      field,
      question: page.field.label,
      note: page.note,
      place: field?.place,
      status: places[page.field.name]?.status,
      errors: problems.length > 0 ? pageErrors(problems) : undefined,
      token: state.token,
      action: paths.page(page.id),
      backHref: before === undefined ? paths.start : paths.page(before),
      searchMax: SEARCH_MAX,
    });
  }

  /** Answers that expired, or a browser that keeps no cookies: say so and offer a fresh start. */
  const startAgain = (reply: FastifyReply, status: number) => {
    noStore(reply);
    return reply.code(status).render('checker/start-again.njk', { ...frame, startHref: paths.start });
  };

  /** The token each form sends back: the one sealed in the answers cookie (a double submit, ADR 0013). */
  const ownToken = (request: FastifyRequest) => stateOf(request)?.token ?? null;

  /** A practice or school picked by code must exist in the reference data: a hand-made form cannot invent one. */
  async function placeExists(page: CheckerPage, answers: Answers): Promise<boolean> {
    const chosen = answers[page.field.name];
    if (typeof chosen !== 'string') return true;
    if (page.field.kind === 'practice' && PICKED_PRACTICE.test(chosen)) {
      return (await deps.referenceData.findPractice(chosen)) !== undefined;
    }
    if (page.field.kind === 'school' && PICKED_SCHOOL.test(chosen)) {
      return (await deps.referenceData.findSchool(chosen)) !== undefined;
    }
    return true;
  }

  const start: Handler = async (_request, reply) => {
    noStore(reply);
    return reply.render('checker/start.njk', {
      ...frame,
      startHref: paths.page('date-of-birth'),
      areaName: service.eligibility.areaName,
    });
  };

  const show =
    (id: QuestionPage): Handler =>
    async (request, reply) => {
      let state = stateOf(request);
      if (state === null) {
        if (id !== QUESTION_PAGES[0]) return reply.redirect(paths.page(QUESTION_PAGES[0]), 303);
        state = cookie.fresh(service.id, deps.clock().getTime());
        save(reply, state);
      }
      const checker = await checkerFor();
      const { flow } = checker;
      if (!flow.reachable(id, state.answers) || !flow.applies(id, state.answers)) {
        return reply.redirect(where(flow.nextStep(state.answers, await decide(state.answers, checker))), 303);
      }
      return renderPage(reply, flow.pageOf(id), state, checker, { query: searchQuery(request.query) });
    };

  const answer =
    (id: QuestionPage): Handler =>
    async (request, reply) => {
      // The token was checked against the cookie's by the CSRF plugin; without a cookie there is nothing to change.
      const state = stateOf(request);
      if (state === null) return startAgain(reply, 400);
      const body = formValues(request.body);
      const checker = await checkerFor();
      const { flow } = checker;
      if (!flow.reachable(id, state.answers) || !flow.applies(id, state.answers)) {
        return reply.redirect(where(flow.nextStep(state.answers, await decide(state.answers, checker))), 303);
      }
      const page = flow.pageOf(id);
      const form = parsePageForm(page, body, state.answers, checker.today);
      // A place page sends back the search its results came from, so that an error shows them again.
      const query = searchQuery({ q: body[SEARCH_FIELD] });
      if (!form.ok) {
        return renderPage(reply, page, state, checker, {
          status: 400,
          problems: form.problems,
          values: form.values,
          query,
        });
      }
      if (!(await placeExists(page, form.answers))) {
        const problems = [{ field: page.field.name, message: 'Select one of the results, or search again' }];
        return renderPage(reply, page, state, checker, { status: 400, problems, values: body, query });
      }
      const answers = form.answers;
      save(reply, { ...state, answers });
      return reply.redirect(where(flow.nextStep(answers, await decide(answers, checker))), 303);
    };

  const result: Handler = async (request, reply) => {
    const state = stateOf(request);
    if (state === null) return reply.redirect(paths.page(QUESTION_PAGES[0]), 303);
    const checker = await checkerFor();
    const { flow } = checker;
    const decision = await decide(state.answers, checker);
    const step = flow.nextStep(state.answers, decision);
    if (decision === undefined || step !== 'result') {
      const first = flow.pendingPages(state.answers)[0] ?? QUESTION_PAGES[0];
      return reply.redirect(paths.page(first), 303);
    }
    const gp = state.answers.childGp;
    const school = state.answers.childSchool;
    const places: Places = {
      practice:
        typeof gp === 'string' && PICKED_PRACTICE.test(gp) ? await deps.referenceData.findPractice(gp) : undefined,
      school:
        typeof school === 'string' && PICKED_SCHOOL.test(school)
          ? await deps.referenceData.findSchool(school)
          : undefined,
    };
    noStore(reply);
    return reply.render('checker/result.njk', {
      ...frame,
      ...resultModel(decision, state.answers, { definition: service, today: checker.today, flow }, places, paths),
      token: state.token,
      startAgainAction: paths.startAgain,
    });
  };

  /** Forgets the answers (a forged post is refused by the CSRF plugin before it gets here). */
  const clear: Handler = async (_request, reply) => {
    reply.clearCookie(cookie.name, cookie.options);
    return reply.redirect(paths.start, 303);
  };

  return { paths, ownToken, start, show, answer, result, clear };
}
