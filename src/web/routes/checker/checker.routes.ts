/**
 * The checker's routes (ADR 0020): its start page, one page per question, the result, and starting again. Public and
 * session-less; each post carries the token sealed in the answers cookie, which the CSRF plugin checks (ADR 0023).
 */
import type { FastifyInstance } from 'fastify';
import { QUESTION_PAGES } from '../../../domain/checker/pages.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { PUBLIC_NO_SESSION } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { checkerController, type CheckerServices } from './checker.controller.js';

export function checkerRoutes(deps: CheckerServices, service: ServiceDefinition) {
  const checker = checkerController(deps, service);
  const { paths } = checker;
  const withToken = { csrf: { from: 'form', expected: checker.ownToken } } as const;

  return async (app: FastifyInstance) => {
    routes(
      app,
      [
        get(paths.start, PUBLIC_NO_SESSION, checker.start),
        ...QUESTION_PAGES.flatMap((id) => [
          get(paths.page(id), PUBLIC_NO_SESSION, checker.show(id)),
          post(paths.page(id), PUBLIC_NO_SESSION, checker.answer(id), withToken),
        ]),
        get(paths.result, PUBLIC_NO_SESSION, checker.result),
        post(paths.startAgain, PUBLIC_NO_SESSION, checker.clear, withToken),
      ],
      { serviceId: service.id },
    );
  };
}
